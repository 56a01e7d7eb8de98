import { describe, expect, it } from "vitest";
import { mkdtempSync, readdirSync, readFileSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { Sealer, SealError } from "../src/spool/sealed.js";
import { Spool } from "../src/spool/spool.js";
import { retryAfterOf } from "../src/spool/drainer.js";
import { parseReportedLink } from "../src/report-form/link.js";
import { formSettingsFrom, parseKey } from "../src/report-form/settings.js";
import { identityOf, parseToken, sameHash } from "../src/report-form/report.js";

function spoolIn(dir: string, key = Buffer.alloc(32, 7), leaseMs = 1_000) {
  return new Spool<{ words: string }>({ dataDir: dir, sealer: new Sealer(key), leaseMs });
}

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
    const a = spoolIn(dir);
    const b = spoolIn(dir);
    await a.accept("ABCDEFGH", { words: "a private secret" });
    const raw = readFileSync(join(dir, "spool", "pending", "ABCDEFGH.report"));
    expect(raw.toString("latin1")).not.toContain("private secret");

    expect(await a.due(Date.now())).toStrictEqual(["ABCDEFGH"]);
    const [first, second] = await Promise.all([a.claim("ABCDEFGH", Date.now()), b.claim("ABCDEFGH", Date.now())]);
    expect([first, second].filter(Boolean)).toHaveLength(1);
    expect((first ?? second)!.item).toStrictEqual({ words: "a private secret" });

    // The worker dies: after the lease, another worker takes the report back.
    expect(await b.reclaimStale(Date.now())).toStrictEqual([]);
    expect(await b.reclaimStale(Date.now() + 5_000)).toStrictEqual(["ABCDEFGH"]);
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
    expect(formSettingsFrom({ REPORT_ENCRYPTION_KEY: "nope" })).toMatchObject({ ok: false });
    expect(formSettingsFrom({ NODE_ENV: "development" })).toMatchObject({ ok: true, settings: { ephemeralKey: true } });
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
