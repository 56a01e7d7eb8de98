import { describe, expect, it } from "vitest";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync } from "node:fs";
import * as fsp from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { pino } from "pino";
import type { DurableFs } from "../src/spool/durable-file.js";
import { DEV_KEY_FILE } from "../src/spool/dev-key.js";
import { waitFor } from "./helpers/form.js";
import { randomBytes } from "node:crypto";
import { Sealer, SealError } from "../src/spool/sealed.js";
import { DEFAULT_HEARTBEAT_MS, Spool } from "../src/spool/spool.js";
import type { Holder, ProcessTable } from "../src/spool/holder.js";
import { Drainer, retryAfterOf, type FilingResult } from "../src/spool/drainer.js";
import { parseReportedLink } from "../src/report-form/link.js";
import { formSettingsFrom } from "../src/report-form/settings.js";
import { parseKey } from "../src/settings.js";
import { identityOf, parseToken, sameHash } from "../src/report-form/report.js";
import { readSettings } from "../src/settings.js";

function spoolIn(dir: string, key = Buffer.alloc(32, 7), leaseMs = 1_000, holder: Holder = holderOn("host-a", 100)) {
  return new Spool<{ words: string }>({ dataDir: dir, sealer: new Sealer(key), leaseMs, holder, processes: NO_PROCESSES });
}

/** A claim holder: a process on `host`, in the pid namespace `ns`. */
function holderOn(host: string, pid: number, extra: Partial<Holder> = {}): Holder {
  return { instance: randomBytes(8).toString("hex"), host, pid, pidNamespace: "pid:[1]", startedAt: "500", ...extra };
}

/** A machine where no other process runs. */
const NO_PROCESSES: ProcessTable = { exists: () => false, startedAt: () => null };

describe("the spool", () => {
  it("counts a report as due within the millisecond it was written (file times are finer than Date.now)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "spool-"));
    const spool = spoolIn(dir);
    await spool.accept("ABCDEFGH", { words: "x" });
    const now = 1_800_000_000_000;
    // Written 0.7 ms into the millisecond that the drainer's clock still reads as `now`.
    utimesSync(join(dir, "spool", "pending", "ABCDEFGH.report"), (now + 0.7) / 1000, (now + 0.7) / 1000);
    expect(await spool.due(now)).toStrictEqual(["ABCDEFGH"]);
    expect(await spool.due(now - 1)).toStrictEqual([]);
  });

  it("stores reports sealed, lets one worker claim each, and puts abandoned claims back", async () => {
    const dir = mkdtempSync(join(tmpdir(), "spool-"));
    const a = spoolIn(dir, undefined, 1_000, holderOn("host-a", 100));
    const b = spoolIn(dir, undefined, 1_000, holderOn("host-b", 100));
    await a.accept("ABCDEFGH", { words: "a private secret" });
    const raw = readFileSync(join(dir, "spool", "pending", "ABCDEFGH.report"));
    expect(raw.toString("latin1")).not.toContain("private secret");

    expect(await a.due(Date.now())).toStrictEqual(["ABCDEFGH"]);
    const [first, second] = await Promise.all([a.claim("ABCDEFGH", Date.now()), b.claim("ABCDEFGH", Date.now())]);
    expect([first, second].filter(Boolean)).toHaveLength(1);
    expect((first ?? second)!.item).toStrictEqual({ words: "a private secret" });

    // The worker (on another machine) dies: after the lease, another worker takes the report back.
    await (first ? a : b).close();
    expect((await b.reclaimStale(Date.now())).reclaimed).toStrictEqual([]);
    expect((await b.reclaimStale(Date.now() + 5_000)).reclaimed).toStrictEqual([{ id: "ABCDEFGH", reason: "heartbeat-stopped" }]);
    const again = await b.claim("ABCDEFGH", Date.now());
    await b.release(again!, Date.now() + 60_000);
    expect(await b.due(Date.now())).toStrictEqual([]); // backing off
    expect(await b.due(Date.now() + 61_000)).toStrictEqual(["ABCDEFGH"]);
    const last = await b.claim("ABCDEFGH", Date.now());
    await b.complete(last!);
    expect(readdirSync(join(dir, "spool", "pending"))).toStrictEqual([]);
    expect(readdirSync(join(dir, "spool", "claimed"))).toStrictEqual([]);
  });

  it("refuses to open a report with another key, or under another id, and leaves it in place", async () => {
    const dir = mkdtempSync(join(tmpdir(), "spool-"));
    await spoolIn(dir).accept("ABCDEFGH", { words: "x" });
    await expect(spoolIn(dir, randomBytes(32)).claim("ABCDEFGH", Date.now())).rejects.toBeInstanceOf(SealError);
    expect(readdirSync(join(dir, "spool", "pending"))).toStrictEqual(["ABCDEFGH.report"]);
    const sealer = new Sealer(Buffer.alloc(32, 7));
    expect(() => sealer.open(sealer.seal(Buffer.from("x"), "ABCDEFGH"), "ZZZZZZZZ")).toThrow(SealError);
    await expect(spoolIn(dir).accept("../escape", { words: "x" })).rejects.toThrow("invalid report id");
  });
});

describe("retry timing from GitHub's answer", () => {
  it("honours retry-after, then x-ratelimit-reset when the quota is spent", () => {
    const now = 1_000_000;
    expect(retryAfterOf({ response: { headers: { "retry-after": "30" } } }, now)).toStrictEqual({ afterMs: 30_000 });
    expect(retryAfterOf({ response: { headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "1100" } } }, now)).toStrictEqual({ afterMs: 100_000 });
    expect(retryAfterOf({ response: { headers: {} } }, now)).toStrictEqual({});
  });
});

describe("reported links", () => {
  it.each([
    ["https://github.com/o/r/issues/3", { area: "issues", number: 3, comment: null }],
    ["github.com/o/r/pull/4/files", { area: "pull", number: 4, comment: null }],
    ["https://github.com/o/r/pull/4#discussion_r99", { comment: { kind: "review_comment", id: 99 } }],
    ["https://github.com/o/r/issues/3#issuecomment-12", { comment: { kind: "issue_comment", id: 12 } }],
    ["https://github.com/o/r/discussions/5#discussioncomment-77", { area: "discussions", comment: { kind: "discussion_comment", id: 77 } }],
  ])("parses %s", (url, expected) => {
    const parsed = parseReportedLink(url, "github.com");
    expect(parsed.ok && parsed.link).toMatchObject(expected);
  });

  it.each([
    ["https://evil.example/o/r/issues/1", "url-wrong-host"],
    ["https://github.com.evil.example/o/r/issues/1", "url-wrong-host"],
    ["javascript:alert(1)", "url-not-a-link"],
    ["https://github.com/o/r/blob/main/README.md", "url-not-a-thread"],
    ["", "url-missing"],
  ])("refuses %s", (url, problem) => {
    expect(parseReportedLink(url, "github.com")).toStrictEqual({ ok: false, problem });
  });
});

describe("keys and tokens", () => {
  it("reads hex and base64 keys and refuses anything else", () => {
    expect(parseKey("ab".repeat(32))?.length).toBe(32);
    expect(parseKey(randomBytes(32).toString("base64"))?.length).toBe(32);
    expect(parseKey("too short")).toBeNull();
    expect(formSettingsFrom(readSettings({ REPORT_ENCRYPTION_KEY: "nope" }))).toMatchObject({ ok: false });
  });

  it("without REPORT_ENCRYPTION_KEY outside production, keeps one generated key in DATA_DIR (mode 0600), so a restart reads the spool", async () => {
    const dir = mkdtempSync(join(tmpdir(), "call-in-dev-"));
    const first = formSettingsFrom(readSettings({ NODE_ENV: "development", DATA_DIR: dir }));
    if (!first.ok) throw new Error(first.problem);
    const keyFile = join(dir, DEV_KEY_FILE);
    expect(first.settings.devKeyFile).toBe(keyFile);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(first.warnings.join("\n")).toContain(`generated a development key and saved it in ${keyFile}`);
    expect(first.warnings.join("\n")).toContain("set REPORT_ENCRYPTION_KEY for real use");
    // Its contents work as REPORT_ENCRYPTION_KEY as they are.
    expect(parseKey(readFileSync(keyFile, "utf8"))?.length).toBe(32);

    // Instance 1 accepts a report; instance 2 (a restart: new settings, new spool) files it.
    const before = new Spool<{ words: string }>({
      dataDir: dir,
      sealer: new Sealer(first.settings.spoolKey),
      holder: holderOn("host-a", 100),
      processes: NO_PROCESSES,
    });
    await before.accept("ABCDEFGH", { words: "kept across the restart" });
    const second = formSettingsFrom(readSettings({ NODE_ENV: "development", DATA_DIR: dir }));
    if (!second.ok) throw new Error(second.problem);
    expect(second.warnings.join("\n")).toContain(`using the development key saved in ${keyFile}`);
    const after = new Spool<{ words: string }>({
      dataDir: dir,
      sealer: new Sealer(second.settings.spoolKey),
      holder: holderOn("host-a", 200),
      processes: NO_PROCESSES,
    });
    expect((await after.claim("ABCDEFGH", Date.now()))?.item).toStrictEqual({ words: "kept across the restart" });

    // A key file someone made readable to others is closed again.
    chmodSync(keyFile, 0o644);
    expect(formSettingsFrom(readSettings({ NODE_ENV: "development", DATA_DIR: dir })).ok).toBe(true);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
  });

  it("still refuses to start the form in production without REPORT_ENCRYPTION_KEY, and writes no key there", () => {
    const dir = mkdtempSync(join(tmpdir(), "call-in-prod-"));
    expect(formSettingsFrom(readSettings({ NODE_ENV: "production", DATA_DIR: dir }))).toMatchObject({
      ok: false,
      problem: expect.stringContaining("REPORT_ENCRYPTION_KEY is not set"),
    });
    expect(readdirSync(dir)).toStrictEqual([]);
  });

  it("derives the same identity for the same page and content, another for edited content", () => {
    const key = randomBytes(32);
    const a = identityOf(key, "submission-id-123456", ["url", "words"]);
    expect(identityOf(key, "submission-id-123456", ["url", "words"])).toStrictEqual(a);
    expect(identityOf(key, "submission-id-123456", ["url", "other words"]).id).not.toBe(a.id);
    const parsed = parseToken(a.token)!;
    expect(parsed.id).toBe(a.id);
    expect(sameHash(parsed.hash, a.tokenHash)).toBe(true);
    expect(parseToken(`${a.id}.short`)).toBeNull();
  });
});

/** Node's file functions, with every call that matters for durability written down in order. */
function recordingFs(): { fs: DurableFs; calls: string[] } {
  const calls: string[] = [];
  const name = (path: string) => (basename(path).endsWith(".tmp") ? "temporary file" : basename(path));
  const fs: DurableFs = {
    async open(path, flags, mode) {
      const handle = await fsp.open(path, flags, mode);
      calls.push(`open ${name(path)}`);
      return {
        writeFile: async (data) => {
          await handle.writeFile(data);
          calls.push(`write ${name(path)}`);
        },
        sync: async () => {
          await handle.sync();
          calls.push(`fsync ${name(path)}`);
        },
        close: async () => {
          await handle.close();
          calls.push(`close ${name(path)}`);
        },
      };
    },
    async rename(from, to) {
      await fsp.rename(from, to);
      calls.push(`rename ${name(from)} -> ${name(to)}`);
    },
    async unlink(path) {
      await fsp.unlink(path);
      calls.push(`unlink ${name(path)}`);
    },
  };
  return { fs, calls };
}

describe("durability", () => {
  it("writes a report to disk before it counts as accepted: write, fsync, rename, fsync of the folder", async () => {
    const dir = mkdtempSync(join(tmpdir(), "spool-"));
    const { fs, calls } = recordingFs();
    const spool = new Spool<{ words: string }>({
      dataDir: dir,
      sealer: new Sealer(Buffer.alloc(32, 7)),
      fs,
      holder: holderOn("host-a", 100),
      processes: NO_PROCESSES,
    });
    await spool.accept("ABCDEFGH", { words: "x" });
    expect(calls).toStrictEqual([
      "open temporary file",
      "write temporary file",
      "fsync temporary file",
      "close temporary file",
      "rename temporary file -> ABCDEFGH.report",
      "open pending",
      "fsync pending",
      "close pending",
    ]);
    // Filing it removes it durably too: the folder is fsynced after the unlink.
    calls.length = 0;
    await spool.complete((await spool.claim("ABCDEFGH", Date.now()))!);
    expect(calls).toStrictEqual(["open claimed", "fsync claimed", "close claimed"]);
    expect(readdirSync(join(dir, "spool", "claimed"))).toStrictEqual([]);
  });
});

describe("claims after a restart", () => {
  const NOW = 1_800_000_000_000;

  async function claimedBy(holder: Holder, dir = mkdtempSync(join(tmpdir(), "spool-"))) {
    const spool = spoolIn(dir, undefined, undefined, holder);
    await spool.accept("ABCDEFGH", { words: "x" });
    expect(await spool.claim("ABCDEFGH", NOW)).not.toBeNull();
    return dir;
  }

  /** What a new spool (default lease) on `dir`, run by `holder`, puts back in the queue at `at`. */
  async function reclaimedBy(dir: string, holder: Holder, at: number, processes: ProcessTable = NO_PROCESSES) {
    const spool = new Spool<{ words: string }>({ dataDir: dir, sealer: new Sealer(Buffer.alloc(32, 7)), holder, processes });
    return (await spool.reclaimStale(at)).reclaimed;
  }

  it("resumes at once the claims of a stopped process on this machine (its pid is gone)", async () => {
    const dir = await claimedBy(holderOn("host-a", 100));
    expect(await reclaimedBy(dir, holderOn("host-a", 200), NOW + 1)).toStrictEqual([{ id: "ABCDEFGH", reason: "holder-stopped" }]);
    // Its holder file went with it; the report is waiting again.
    expect(readdirSync(join(dir, "spool", "holders"))).toHaveLength(1);
    expect(readdirSync(join(dir, "spool", "pending"))).toStrictEqual(["ABCDEFGH.report"]);
  });

  it("resumes at once in a container restarted in place (the holder had our pid, pid 1)", async () => {
    const dir = await claimedBy(holderOn("pod-7", 1));
    const running: ProcessTable = { exists: () => true, startedAt: () => "500" };
    expect(await reclaimedBy(dir, holderOn("pod-7", 1), NOW + 1, running)).toStrictEqual([{ id: "ABCDEFGH", reason: "holder-stopped" }]);
  });

  it("resumes at once when the pid now belongs to another process (pid reuse), but not while the holder runs", async () => {
    const reused: ProcessTable = { exists: () => true, startedAt: () => "999" };
    expect(await reclaimedBy(await claimedBy(holderOn("host-a", 100)), holderOn("host-a", 200), NOW + 1, reused)).toStrictEqual([
      { id: "ABCDEFGH", reason: "holder-stopped" },
    ]);

    const running: ProcessTable = { exists: () => true, startedAt: () => "500" };
    const dir = await claimedBy(holderOn("host-a", 100));
    expect(await reclaimedBy(dir, holderOn("host-a", 200), NOW + 40_000, running)).toStrictEqual([]);
    expect(await reclaimedBy(dir, holderOn("host-a", 200), NOW + 60_000, running)).toStrictEqual([{ id: "ABCDEFGH", reason: "heartbeat-stopped" }]);
  });

  it("waits one and a half heartbeats for a holder in another pid namespace of this machine (a restarted container)", async () => {
    const dir = await claimedBy(holderOn("pod-7", 1, { pidNamespace: "pid:[1]" }));
    const restarted = holderOn("pod-7", 1, { pidNamespace: "pid:[2]" });
    expect(await reclaimedBy(dir, restarted, NOW + DEFAULT_HEARTBEAT_MS)).toStrictEqual([]);
    expect(await reclaimedBy(dir, restarted, NOW + DEFAULT_HEARTBEAT_MS * 1.5)).toStrictEqual([{ id: "ABCDEFGH", reason: "heartbeat-stopped" }]);
  });

  it("takes over the claim of a worker on another machine after the default lease of 30-60 s, not before", async () => {
    const dir = await claimedBy(holderOn("host-a", 100));
    expect(await reclaimedBy(dir, holderOn("host-b", 100), NOW + 30_000)).toStrictEqual([]);
    expect(await reclaimedBy(dir, holderOn("host-b", 100), NOW + 60_000)).toStrictEqual([{ id: "ABCDEFGH", reason: "heartbeat-stopped" }]);
  });
});

describe("the heartbeat", () => {
  it("keeps a long filing's claim while it beats, and the claim lapses after the default lease when it stops", async () => {
    const dir = mkdtempSync(join(tmpdir(), "spool-"));
    const sealer = new Sealer(Buffer.alloc(32, 7));
    // Defaults throughout: the lease and heartbeat period a deployment gets.
    const here = new Spool<{ words: string }>({ dataDir: dir, sealer, holder: holderOn("host-a", 100), processes: NO_PROCESSES });
    const elsewhere = new Spool<{ words: string }>({ dataDir: dir, sealer, holder: holderOn("host-b", 100), processes: NO_PROCESSES });
    let now = 1_800_000_000_000;
    const beats: Array<() => Promise<void>> = [];
    let finish: (result: FilingResult) => void = () => undefined;
    const filing = new Promise<FilingResult>((resolve) => (finish = resolve));
    let started = false;
    const drainer = new Drainer<{ words: string }>({
      spool: here,
      log: pino({ level: "silent" }),
      intervalMs: 3_600_000,
      baseBackoffMs: 1_000,
      maxBackoffMs: 1_000,
      now: () => now,
      every: (ms, beat) => {
        expect(ms).toBe(DEFAULT_HEARTBEAT_MS);
        beats.push(beat);
        return () => beats.splice(beats.indexOf(beat), 1);
      },
      file: () => {
        started = true;
        return filing;
      },
    });
    await here.accept("ABCDEFGH", { words: "x" });
    drainer.kick();
    await waitFor(() => started && beats.length === 1, 5_000, "the filing to start");

    // Ten minutes of a slow filing: each heartbeat period the claim is renewed; the other machine leaves it alone.
    for (let period = 0; period < 40; period++) {
      now += DEFAULT_HEARTBEAT_MS;
      for (const beat of beats) await beat();
      expect((await elsewhere.reclaimStale(now)).reclaimed).toStrictEqual([]);
    }
    // The process freezes (no more heartbeats): within a minute the other machine takes the report over.
    const lastBeat = now;
    expect((await elsewhere.reclaimStale(lastBeat + 30_000)).reclaimed).toStrictEqual([]);
    expect((await elsewhere.reclaimStale(lastBeat + 60_000)).reclaimed).toStrictEqual([{ id: "ABCDEFGH", reason: "heartbeat-stopped" }]);

    finish({ status: "filed" });
    await drainer.idle();
    drainer.stop();
    expect(beats).toStrictEqual([]);
  });
});
