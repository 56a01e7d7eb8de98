import { setTimeout as sleep } from "node:timers/promises";
import RedisMock from "ioredis-mock";
import { describe, expect, it } from "vitest";
import { InProcessLocks, LockLostError, LockUnavailableError, RedisLocks, type LockProvider } from "../../../src/concurrency/locks.js";

async function overlapOf(locks: LockProvider, key: (i: number) => string): Promise<{ maxConcurrent: number; order: number[] }> {
  let running = 0;
  let maxConcurrent = 0;
  const order: number[] = [];
  await Promise.all(
    [0, 1, 2, 3].map((i) =>
      locks.withLock(key(i), async () => {
        running++;
        maxConcurrent = Math.max(maxConcurrent, running);
        await sleep(5);
        order.push(i);
        running--;
      }),
    ),
  );
  return { maxConcurrent, order };
}

describe("per-thread locks", () => {
  it("in process: one holder per key, in arrival order, and a failure does not block the next", async () => {
    const locks = new InProcessLocks();
    expect(await overlapOf(locks, () => "same")).toStrictEqual({ maxConcurrent: 1, order: [0, 1, 2, 3] });
    expect((await overlapOf(locks, (i) => `k${i}`)).maxConcurrent).toBe(4);
    await expect(locks.withLock("x", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(locks.withLock("x", async () => "next")).resolves.toBe("next");
  });

  it("across replicas: two instances sharing Redis never hold one key at once", async () => {
    const redisA = new RedisMock();
    const redisB = redisA.duplicate();
    const replicaA = new RedisLocks(redisA, { pollMs: 2 });
    const replicaB = new RedisLocks(redisB, { pollMs: 2 });
    let running = 0;
    let maxConcurrent = 0;
    await Promise.all(
      [replicaA, replicaB, replicaA, replicaB].map((locks) =>
        locks.withLock("thread", async () => {
          running++;
          maxConcurrent = Math.max(maxConcurrent, running);
          await sleep(5);
          running--;
        }),
      ),
    );
    expect(maxConcurrent).toBe(1);
    expect(await redisA.get("call-in:lock:thread")).toBeNull();
  });

  it("across replicas: gives up after waitMs rather than blocking a webhook forever", async () => {
    const redis = new RedisMock();
    await redis.set("call-in:lock:stuck", "someone-else", "PX", 60_000);
    const locks = new RedisLocks(redis, { waitMs: 30, pollMs: 5 });
    await expect(locks.withLock("stuck", async () => "never")).rejects.toThrow(/timed out waiting for the lock on stuck/);
  });

  it("across replicas: a lock is renewed while its work outlasts the TTL, so no other replica gets in", async () => {
    const redis = new RedisMock();
    const holder = new RedisLocks(redis, { ttlMs: 300, renewMs: 50 });
    const other = new RedisLocks(redis.duplicate(), { waitMs: 0, pollMs: 5 });
    const attempts: string[] = [];
    await holder.withLock("long", async (lease) => {
      // Work that lasts three TTLs; meanwhile another replica tries, again and again.
      const until = Date.now() + 900;
      while (Date.now() < until) {
        attempts.push(await other.withLock("long", async () => "got in").catch((error: Error) => error.message));
        await sleep(20);
      }
      await lease.assertHeld();
    });
    expect(attempts.length).toBeGreaterThan(0);
    expect(new Set(attempts)).toStrictEqual(new Set(["timed out waiting for the lock on long"]));
    await expect(other.withLock("long", async () => "after")).resolves.toBe("after");
  });

  it("across replicas: a lock that vanished (Redis restarted) is lost to its holder, even if nobody holds it now", async () => {
    const redis = new RedisMock();
    const locks = new RedisLocks(redis, { ttlMs: 60_000 });
    await expect(
      locks.withLock("gone", async (lease) => {
        await redis.flushall();
        await lease.assertHeld();
      }),
    ).rejects.toBeInstanceOf(LockLostError);
  });

  it("across replicas: Redis unreachable means no lock and no work (fail closed); a failed release is only logged", async () => {
    const broken = { set: async () => Promise.reject(new Error("connect ECONNREFUSED")), eval: async () => Promise.reject(new Error("connect ECONNREFUSED")) };
    let ran = false;
    await expect(new RedisLocks(broken as never).withLock("k", async () => (ran = true))).rejects.toBeInstanceOf(LockUnavailableError);
    expect(ran).toBe(false);

    const warnings: unknown[] = [];
    const log = { warn: (...args: unknown[]) => warnings.push(args), error: () => undefined };
    const redis = new RedisMock();
    const releaseFails = { set: redis.set.bind(redis), eval: async () => Promise.reject(new Error("connection lost")) };
    await expect(new RedisLocks(releaseFails as never, { log }).withLock("k", async () => "done")).resolves.toBe("done");
    expect(JSON.stringify(warnings)).toContain("could not release a lock in Redis; it expires by itself");
  });
});
