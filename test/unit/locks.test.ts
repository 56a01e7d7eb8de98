import { setTimeout as sleep } from "node:timers/promises";
import RedisMock from "ioredis-mock";
import { describe, expect, it } from "vitest";
import { InProcessLocks, RedisLocks, type LockProvider } from "../../src/concurrency/locks.js";

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
});
