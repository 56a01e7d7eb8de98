/**
 * Two drainers on one DATA_DIR: a claim must never look abandoned to the other
 * drainer, not even between the rename that takes it and its first heartbeat.
 */
import { mkdtempSync, readdirSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";

// Lets the test act at the exact moment a rename has happened, before the caller goes on.
const renames = vi.hoisted(() => ({ after: null as null | ((from: string, to: string) => Promise<void>) }));
vi.mock("node:fs/promises", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs/promises")>();
  return {
    ...real,
    rename: async (from: string, to: string) => {
      await real.rename(from, to);
      const hook = renames.after;
      renames.after = null;
      await hook?.(from, to);
    },
  };
});

const { Sealer } = await import("../src/spool/sealed.js");
const { Spool } = await import("../src/spool/spool.js");

const LEASE_MS = 120_000;

/** A drainer on its own machine (its own holder), so only the claim's time can tell whether it is held. */
function spoolIn(dir: string, host: string) {
  const holder = { instance: `${host}-instance`.padEnd(16, "0"), host, pid: 4242, pidNamespace: null, startedAt: null };
  return new Spool<{ words: string }>({ dataDir: dir, sealer: new Sealer(Buffer.alloc(32, 7)), leaseMs: LEASE_MS, holder });
}

describe("claims shared by two drainers", () => {
  it("a report that waited longer than the lease is not taken back from the drainer that has just claimed it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "spool-claims-"));
    const a = spoolIn(dir, "machine-a");
    const b = spoolIn(dir, "machine-b");
    await a.accept("ABCDEFGH", { words: "x" });
    const now = Date.now();
    // Due for a long time (its backoff ended while every drainer was busy): its file time is old.
    const longAgo = (now - 10 * 60_000) / 1000;
    utimesSync(join(dir, "spool", "pending", "ABCDEFGH.report"), longAgo, longAgo);

    let takenBack: Array<{ id: string }> | undefined;
    renames.after = async (_from, to) => {
      if (to.includes(join("spool", "claimed"))) takenBack = (await b.reclaimStale(now)).reclaimed;
    };
    const claim = await a.claim("ABCDEFGH", now);

    expect(takenBack).toStrictEqual([]);
    expect(claim?.item).toStrictEqual({ words: "x" });
    expect(readdirSync(join(dir, "spool", "claimed"))).toStrictEqual([expect.stringMatching(/^ABCDEFGH\.[^.]+\.report$/)]);
    expect(readdirSync(join(dir, "spool", "pending"))).toStrictEqual([]);
  });
});
