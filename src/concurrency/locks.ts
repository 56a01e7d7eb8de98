import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Redis } from "ioredis";

/** Runs work for one key at a time: "one source thread, one case" under concurrency. */
export interface LockProvider {
  withLock<T>(key: string, work: () => Promise<T>): Promise<T>;
}

/**
 * One instance: chains work per key in memory. The map only holds keys that
 * have work queued or running, so it is bounded by concurrent events.
 */
export class InProcessLocks implements LockProvider {
  private readonly tails = new Map<string, Promise<unknown>>();

  async withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(work);
    const tail = run.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await run;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

/** Lua: delete the lock only if we still own it, so a slow holder never frees someone else's lock. */
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

export interface RedisLockOptions {
  /** How long a lock lives if its holder dies; longer than any one case write (seconds). */
  ttlMs?: number;
  /** How long to wait for a lock before giving up (the webhook answers GitHub within 10 s). */
  waitMs?: number;
  pollMs?: number;
}

/**
 * Several replicas: a `SET key token NX PX ttl` lock in the Redis that Probot
 * already uses for rate limits. Local work for a key is also serialised first,
 * so one replica does not poll Redis against itself.
 */
export class RedisLocks implements LockProvider {
  private readonly local = new InProcessLocks();
  private readonly ttlMs: number;
  private readonly waitMs: number;
  private readonly pollMs: number;

  constructor(
    private readonly redis: Pick<Redis, "set" | "eval">,
    options: RedisLockOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 30_000;
    this.waitMs = options.waitMs ?? 8_000;
    this.pollMs = options.pollMs ?? 50;
  }

  withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
    return this.local.withLock(key, async () => {
      const redisKey = `call-in:lock:${key}`;
      const token = randomUUID();
      const deadline = Date.now() + this.waitMs;
      while ((await this.redis.set(redisKey, token, "PX", this.ttlMs, "NX")) !== "OK") {
        if (Date.now() > deadline) throw new Error(`timed out waiting for the lock on ${key}`);
        await sleep(this.pollMs);
      }
      try {
        return await work();
      } finally {
        await this.redis.eval(RELEASE, 1, redisKey, token);
      }
    });
  }
}
