import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Redis } from "ioredis";
import type { Logger } from "pino";

/** Runs work for one key at a time: "one source thread, one case" under concurrency. */
export interface LockProvider {
  withLock<T>(key: string, work: (lease: LockLease) => Promise<T>): Promise<T>;
}

/** What the holder of a lock can ask while it works. */
export interface LockLease {
  /** Throws LockLostError when the lock is no longer ours; call it right before an irreversible write. */
  assertHeld(): Promise<void>;
}

/** A lease that cannot be lost (one process: the lock lives in memory). */
const HELD: LockLease = { assertHeld: async () => undefined };

/**
 * One instance: chains work per key in memory. The map only holds keys that
 * have work queued or running, so it is bounded by concurrent events.
 */
export class InProcessLocks implements LockProvider {
  private readonly tails = new Map<string, Promise<unknown>>();

  async withLock<T>(key: string, work: (lease: LockLease) => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => work(HELD));
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

/**
 * Lua: keep our lock alive. 0 when it is not ours any more: taken by someone
 * else, or gone (Redis restarted without its data, and another holder may have
 * come and gone meanwhile), so we cannot tell that nobody else worked under it.
 */
const RENEW = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;

/** Redis cannot be reached: the lock is neither taken nor assumed (fail closed). */
export class LockUnavailableError extends Error {
  override name = "LockUnavailableError";
}

/** The holder lost its lock while working (another holder may be at work): stop before writing. */
export class LockLostError extends Error {
  override name = "LockLostError";
}

export interface RedisLockOptions {
  /** How long a lock lives if its holder dies (the holder renews it while it works). */
  ttlMs?: number;
  /** How long to wait for a lock before giving up (the webhook answers GitHub within 10 s). */
  waitMs?: number;
  pollMs?: number;
  /** How often a held lock is renewed; a third of the TTL unless set. */
  renewMs?: number;
  /** Where a lost lock or a failed release is reported (ids only). */
  log?: Pick<Logger, "warn" | "error">;
}

/**
 * Several replicas: a `SET key token NX PX ttl` lock in the Redis that Probot
 * already uses for rate limits. Local work for a key is also serialised first,
 * so one replica does not poll Redis against itself.
 *
 * - Redis down: `withLock` fails at once with LockUnavailableError; nothing runs
 *   unlocked (a webhook then answers 500 and can be redelivered; the spool retries).
 * - Long work: the lock is renewed every `renewMs` while `work` runs, so a slow
 *   case write (GitHub pacing writes seconds apart) never outlives its lock.
 * - Lost lock (Redis restarted empty, or unreachable, or the holder stalled past
 *   the TTL): `lease.assertHeld()` throws LockLostError, so work that checks right
 *   before an irreversible write (opening a case) stops instead of writing twice.
 */
export class RedisLocks implements LockProvider {
  private readonly local = new InProcessLocks();
  private readonly ttlMs: number;
  private readonly waitMs: number;
  private readonly pollMs: number;
  private readonly renewMs: number;

  constructor(
    private readonly redis: Pick<Redis, "set" | "eval">,
    private readonly options: RedisLockOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 30_000;
    this.waitMs = options.waitMs ?? 8_000;
    this.pollMs = options.pollMs ?? 50;
    this.renewMs = options.renewMs ?? Math.max(10, Math.floor(this.ttlMs / 3));
  }

  withLock<T>(key: string, work: (lease: LockLease) => Promise<T>): Promise<T> {
    return this.local.withLock(key, async () => {
      const redisKey = `call-in:lock:${key}`;
      const token = randomUUID();
      const deadline = Date.now() + this.waitMs;
      while ((await this.command(key, () => this.redis.set(redisKey, token, "PX", this.ttlMs, "NX"))) !== "OK") {
        if (Date.now() > deadline) throw new Error(`timed out waiting for the lock on ${key}`);
        await sleep(this.pollMs);
      }
      let lost = false;
      let renewing: Promise<unknown> = Promise.resolve();
      const renew = async (): Promise<void> => {
        try {
          if (Number(await this.redis.eval(RENEW, 1, redisKey, token, String(this.ttlMs))) === 0) lost = true;
        } catch (error) {
          // Redis is away: the lock cannot be confirmed, so it counts as lost.
          lost = true;
          this.options.log?.warn({ err: error, lock: key }, "could not renew a lock in Redis; the work holding it will not write");
        }
        if (lost) this.options.log?.error({ lock: key }, "a lock was lost while its work was running (Redis restarted or was unreachable)");
      };
      const timer = setInterval(() => {
        if (!lost) renewing = renew();
      }, this.renewMs);
      timer.unref();
      const lease: LockLease = {
        assertHeld: async () => {
          await renewing;
          if (!lost) await renew();
          if (lost) throw new LockLostError(`the lock on ${key} was lost`);
        },
      };
      try {
        return await work(lease);
      } finally {
        clearInterval(timer);
        await renewing;
        // A release that fails (Redis away) is harmless: the lock expires after its TTL.
        await this.redis.eval(RELEASE, 1, redisKey, token).catch((error: unknown) => {
          this.options.log?.warn({ err: error, lock: key }, "could not release a lock in Redis; it expires by itself");
        });
      }
    });
  }

  private async command<R>(key: string, run: () => Promise<R>): Promise<R> {
    try {
      return await run();
    } catch (error) {
      throw new LockUnavailableError(`Redis is unavailable; cannot take the lock on ${key}`, { cause: error });
    }
  }
}
