import { Octokit } from "@octokit/rest";
import { createHmac } from "node:crypto";
import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import { appendLogEntry, LogAppendError, readShardAhead } from "../src/resolution-log/append.js";
import { parseShard, type LogEntry } from "../src/resolution-log/entry.js";
import { Pseudonymiser } from "../src/resolution-log/pseudonym.js";
import { GitHubResolutionLog } from "../src/resolution-log/resolution-log.js";
import type { ResolutionEvent } from "../src/resolution-log/recorder.js";
import { caseMetaSchema, type CaseMetaInput } from "../src/cases/metadata.js";
import { configSchema, type CallInConfig } from "../src/config/schema.js";
import { FakeRepoContents } from "./helpers/contents.js";
import { mockGitHub } from "./helpers/github.js";
import { captureLogs } from "./helpers/logs.js";
import { readSettings } from "../src/settings.js";

const OWNER = "acme";
const CASES = "moderation";
const noSleep = async () => {};
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const github = () => new Octokit({ auth: "test-token", log: quiet });

function entry(code: string, at: string, overrides: Partial<LogEntry> = {}): LogEntry {
  return {
    v: 1,
    entryId: `${code}:resolved:${at}`,
    event: "resolved",
    at,
    case: { code, number: 7, url: `https://github.com/${OWNER}/${CASES}/issues/7` },
    trigger: "label",
    category: "Harassment",
    outcome: "correction",
    openedAt: "2026-07-01T00:00:00.000Z",
    acknowledgedAt: null,
    resolvedAt: at,
    repository: "acme/widgets",
    pseudonym: null,
    moderator: null,
    corrects: null,
    ...overrides,
  };
}

afterEach(() => {
  expect(nock.pendingMocks()).toStrictEqual([]);
});

describe("appendLogEntry", () => {
  it("creates the month shard without a sha when it does not exist yet", async () => {
    const repo = new FakeRepoContents(OWNER, CASES);
    const { log } = captureLogs();
    const result = await appendLogEntry(github(), { owner: OWNER, repo: CASES }, entry("CI-000001", "2026-07-15T12:00:00.000Z"), { log, sleep: noSleep });

    expect(result).toStrictEqual({ status: "appended", path: "log/2026/07.jsonl", attempts: 1 });
    expect(repo.writes).toMatchObject([{ path: "log/2026/07.jsonl", sha: null, status: 201, message: "Log resolved CI-000001" }]);
    const lines = repo.text("log/2026/07.jsonl")!.split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe("");
    expect(JSON.parse(lines[0]!)).toMatchObject({ v: 1, entryId: "CI-000001:resolved:2026-07-15T12:00:00.000Z", outcome: "correction" });
  });

  it("appends one line to the existing shard with its sha, reading only that shard whatever the history", async () => {
    const history: Record<string, string> = {};
    for (let year = 2020; year <= 2026; year++)
      for (let month = 1; month <= 12; month++) {
        history[`log/${year}/${String(month).padStart(2, "0")}.jsonl`] =
          `${JSON.stringify(entry(`CI-H${year}${month}`, new Date(Date.UTC(year, month - 1, 2)).toISOString()))}\n`;
      }
    const repo = new FakeRepoContents(OWNER, CASES, history);
    const before = repo.files.get("log/2026/07.jsonl")!;
    const { log } = captureLogs();
    await appendLogEntry(github(), { owner: OWNER, repo: CASES }, entry("CI-000002", "2026-07-20T08:00:00.000Z"), { log, sleep: noSleep });

    // 84 shards of history, and still one read and one write.
    expect(repo.reads).toStrictEqual(["log/2026/07.jsonl"]);
    expect(repo.writes).toMatchObject([{ path: "log/2026/07.jsonl", sha: before.sha, status: 200 }]);
    const { entries } = parseShard(repo.text("log/2026/07.jsonl")!);
    expect(entries.map((e) => e.case.code)).toStrictEqual(["CI-H20267", "CI-000002"]);
  });

  it("re-reads and retries when another writer changed the shard in between (409)", async () => {
    const repo = new FakeRepoContents(OWNER, CASES, { "log/2026/07.jsonl": `${JSON.stringify(entry("CI-000001", "2026-07-01T00:00:00.000Z"))}\n` });
    let raced = false;
    repo.beforeWrite = (path) => {
      if (raced) return;
      raced = true;
      repo.put(path, `${repo.text(path)}${JSON.stringify(entry("CI-OTHER1", "2026-07-02T00:00:00.000Z"))}\n`);
    };
    const delays: number[] = [];
    const { log } = captureLogs();
    const result = await appendLogEntry(github(), { owner: OWNER, repo: CASES }, entry("CI-000003", "2026-07-03T00:00:00.000Z"), {
      log,
      sleep: async (ms) => void delays.push(ms),
    });

    expect(result.attempts).toBe(2);
    expect(repo.writes.map((w) => w.status)).toStrictEqual([409, 200]);
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThanOrEqual(100);
    expect(delays[0]).toBeLessThanOrEqual(200);
    expect(parseShard(repo.text("log/2026/07.jsonl")!).entries.map((e) => e.case.code)).toStrictEqual(["CI-000001", "CI-OTHER1", "CI-000003"]);
  });

  it("lets two concurrent resolves both land exactly once", async () => {
    const repo = new FakeRepoContents(OWNER, CASES, { "log/2026/07.jsonl": `${JSON.stringify(entry("CI-000001", "2026-07-01T00:00:00.000Z"))}\n` });
    const { log } = captureLogs();
    const ref = { owner: OWNER, repo: CASES };
    repo.holdReadsUntil(2);
    const results = await Promise.all([
      appendLogEntry(github(), ref, entry("CI-RACE01", "2026-07-09T10:00:00.000Z"), { log, sleep: noSleep }),
      appendLogEntry(github(), ref, entry("CI-RACE02", "2026-07-09T10:00:01.000Z"), { log, sleep: noSleep }),
    ]);

    // Both read the same sha before either wrote: one won, the other got 409 and retried.
    expect(repo.writes.map((w) => w.status)).toStrictEqual([200, 409, 200]);
    expect(results.map((r) => r.attempts).sort()).toStrictEqual([1, 2]);
    const codes = parseShard(repo.text("log/2026/07.jsonl")!).entries.map((e) => e.case.code);
    expect(codes.sort()).toStrictEqual(["CI-000001", "CI-RACE01", "CI-RACE02"]);
  });

  it("lets two concurrent first entries of a month both land (422 for the one that lost the create)", async () => {
    const repo = new FakeRepoContents(OWNER, CASES);
    const { log } = captureLogs();
    const ref = { owner: OWNER, repo: CASES };
    repo.holdReadsUntil(2);
    await Promise.all([
      appendLogEntry(github(), ref, entry("CI-NEW001", "2026-08-01T00:00:00.000Z"), { log, sleep: noSleep }),
      appendLogEntry(github(), ref, entry("CI-NEW002", "2026-08-01T00:00:01.000Z"), { log, sleep: noSleep }),
    ]);
    expect(repo.writes.map((w) => w.status)).toStrictEqual([201, 422, 200]);
    expect(
      parseShard(repo.text("log/2026/08.jsonl")!)
        .entries.map((e) => e.case.code)
        .sort(),
    ).toStrictEqual(["CI-NEW001", "CI-NEW002"]);
  });

  it("is idempotent: an entry already in the shard is not written again", async () => {
    const repo = new FakeRepoContents(OWNER, CASES);
    const { log, lines } = captureLogs();
    const ref = { owner: OWNER, repo: CASES };
    const once = entry("CI-000004", "2026-07-04T00:00:00.000Z");
    await appendLogEntry(github(), ref, once, { log, sleep: noSleep });
    const again = await appendLogEntry(github(), ref, once, { log, sleep: noSleep });

    expect(again).toStrictEqual({ status: "already-present", path: "log/2026/07.jsonl", attempts: 1 });
    expect(repo.writes).toHaveLength(1);
    expect(parseShard(repo.text("log/2026/07.jsonl")!).entries).toHaveLength(1);
    expect(lines.some((l) => l.msg === "log entry already present; nothing to append")).toBe(true);
  });

  it("gives up with a clear error after the bounded number of attempts", async () => {
    const repo = new FakeRepoContents(OWNER, CASES, { "log/2026/07.jsonl": "" });
    repo.beforeWrite = (path) => void repo.put(path, `${repo.text(path)}x\n`);
    const { log } = captureLogs();
    await expect(
      appendLogEntry(github(), { owner: OWNER, repo: CASES }, entry("CI-000005", "2026-07-05T00:00:00.000Z"), { log, sleep: noSleep, maxAttempts: 3 }),
    ).rejects.toThrow(
      new LogAppendError("could not append CI-000005:resolved:2026-07-05T00:00:00.000Z to log/2026/07.jsonl after 3 attempts: the shard kept changing"),
    );
    expect(repo.writes.map((w) => w.status)).toStrictEqual([409, 409, 409]);
  });

  it("uses the shard read ahead for its first attempt, and reads again when it went stale (409)", async () => {
    const repo = new FakeRepoContents(OWNER, CASES, { "log/2026/07.jsonl": `${JSON.stringify(entry("CI-000001", "2026-07-01T00:00:00.000Z"))}\n` });
    const { log } = captureLogs();
    const ref = { owner: OWNER, repo: CASES };
    const ahead = readShardAhead(github(), ref, "2026-07-07T00:00:00.000Z");
    await ahead.read;
    // Another resolution lands between the read ahead and this append.
    await appendLogEntry(github(), ref, entry("CI-OTHER2", "2026-07-06T00:00:00.000Z"), { log, sleep: noSleep });
    const result = await appendLogEntry(github(), ref, entry("CI-000007", "2026-07-07T00:00:00.000Z"), { log, sleep: noSleep, readAhead: ahead });

    expect(result).toStrictEqual({ status: "appended", path: "log/2026/07.jsonl", attempts: 2 });
    // The read ahead, the other append's read, and one read again after the 409: never a fresh read for the first attempt.
    expect(repo.reads).toStrictEqual(["log/2026/07.jsonl", "log/2026/07.jsonl", "log/2026/07.jsonl"]);
    expect(repo.writes.map((w) => w.status)).toStrictEqual([200, 409, 200]);
    expect(parseShard(repo.text("log/2026/07.jsonl")!).entries.map((e) => e.case.code)).toStrictEqual(["CI-000001", "CI-OTHER2", "CI-000007"]);
  });

  it("does not use a shard read ahead for another month", async () => {
    const repo = new FakeRepoContents(OWNER, CASES, { "log/2026/06.jsonl": "" });
    const { log } = captureLogs();
    const ref = { owner: OWNER, repo: CASES };
    const ahead = readShardAhead(github(), ref, "2026-06-30T23:59:59.000Z");
    await appendLogEntry(github(), ref, entry("CI-000008", "2026-07-01T00:00:00.000Z"), { log, sleep: noSleep, readAhead: ahead });
    expect(repo.reads).toStrictEqual(["log/2026/06.jsonl", "log/2026/07.jsonl"]);
    expect(repo.writes).toMatchObject([{ path: "log/2026/07.jsonl", sha: null, status: 201 }]);
    expect(repo.text("log/2026/06.jsonl")).toBe("");
  });

  it("reads a shard over 1 MB through the raw media type and keeps the JSON answer's sha", async () => {
    const big = `${JSON.stringify(entry("CI-BIG001", "2026-07-01T00:00:00.000Z"))}\n`;
    const sent: Array<{ sha: string; text: string }> = [];
    nock("https://api.github.com")
      .get(`/repos/${OWNER}/${CASES}/contents/log%2F2026%2F07.jsonl`)
      .matchHeader("accept", /application\/vnd\.github\.v3\+json/)
      .reply(200, { type: "file", name: "07.jsonl", path: "log/2026/07.jsonl", sha: "big-sha", size: 1_500_000, encoding: "none", content: "" })
      .get(`/repos/${OWNER}/${CASES}/contents/log%2F2026%2F07.jsonl`)
      .matchHeader("accept", /application\/vnd\.github\.v3\.raw/)
      .reply(200, big, { "content-type": "application/vnd.github.v3.raw; charset=utf-8" })
      .put(`/repos/${OWNER}/${CASES}/contents/log%2F2026%2F07.jsonl`, (body) => {
        sent.push({ sha: body.sha, text: Buffer.from(body.content, "base64").toString("utf8") });
        return true;
      })
      .reply(200, { content: { sha: "new-sha", html_url: `https://github.com/${OWNER}/${CASES}/blob/main/log/2026/07.jsonl` }, commit: {} });
    const { log } = captureLogs();
    await appendLogEntry(github(), { owner: OWNER, repo: CASES }, entry("CI-000006", "2026-07-06T00:00:00.000Z"), { log, sleep: noSleep });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.sha).toBe("big-sha");
    expect(parseShard(sent[0]!.text).entries.map((e) => e.case.code)).toStrictEqual(["CI-BIG001", "CI-000006"]);
  });
});

// ---------------------------------------------------------------------------

const KEY = "test-pseudonym-key-0123456789";
const REPORTED = { login: "reported-rae", id: 583231 };

function caseMeta(overrides: Partial<CaseMetaInput> = {}): CaseMetaInput {
  return {
    v: 1,
    code: "CI-7KQ3M2",
    state: "resolved",
    trigger: "command",
    source: { key: "acme/widgets#12", owner: "acme", repo: "widgets", number: 12, threadKind: "issue", url: "https://github.com/acme/widgets/issues/12" },
    subject: { kind: "issue_comment", url: "https://github.com/acme/widgets/issues/12#issuecomment-1", id: 1, nodeId: "IC_1", author: REPORTED },
    category: "Harassment",
    openedAt: "2026-07-01T10:00:00.000Z",
    acknowledgedAt: "2026-07-01T12:00:00.000Z",
    resolvedAt: null,
    outcome: null,
    ...overrides,
  };
}

function resolutionEvent(
  options: { kind?: "resolved" | "reopened"; meta?: Partial<CaseMetaInput>; config?: Record<string, unknown>; at?: string; log?: ResolutionEvent["log"] } = {},
): ResolutionEvent {
  const meta = caseMetaSchema.parse(caseMeta(options.meta));
  const config: CallInConfig = configSchema.parse(options.config ?? {});
  return {
    github: github(),
    caseRepository: { owner: OWNER, repo: CASES },
    case: { format: "issue", number: 31, nodeId: "I_31", url: `https://github.com/${OWNER}/${CASES}/issues/31`, title: "CI-7KQ3M2", body: "", meta },
    kind: options.kind ?? "resolved",
    outcome: "warning",
    summary: "Talked it through; the person apologised.",
    actor: "moderator-mo",
    at: options.at ?? "2026-07-03T09:30:00.000Z",
    config,
    log: options.log ?? captureLogs().log,
  };
}

describe("GitHubResolutionLog", () => {
  it("records a resolution with a keyed pseudonym and no name, id, moderator or summary", async () => {
    const repo = new FakeRepoContents(OWNER, CASES);
    mockGitHub().repository(OWNER, CASES);
    const recorder = new GitHubResolutionLog(Pseudonymiser.withKey(KEY), { sleep: noSleep });
    await recorder.record(resolutionEvent());

    const text = repo.text("log/2026/07.jsonl")!;
    const [logged] = parseShard(text).entries;
    expect(logged).toStrictEqual({
      v: 1,
      entryId: "CI-7KQ3M2:resolved:2026-07-03T09:30:00.000Z",
      event: "resolved",
      at: "2026-07-03T09:30:00.000Z",
      case: { code: "CI-7KQ3M2", number: 31, url: `https://github.com/${OWNER}/${CASES}/issues/31` },
      trigger: "command",
      category: "Harassment",
      outcome: "warning",
      openedAt: "2026-07-01T10:00:00.000Z",
      acknowledgedAt: "2026-07-01T12:00:00.000Z",
      resolvedAt: "2026-07-03T09:30:00.000Z",
      repository: "acme/widgets",
      pseudonym: createHmac("sha256", KEY).update("github-user:583231").digest("hex"),
      moderator: null,
      corrects: null,
    });
    expect(text).not.toContain("reported-rae");
    expect(text).not.toContain("583231");
    expect(text).not.toContain("moderator-mo");
    expect(text).not.toContain("apologised");
  });

  it("gives the same person the same pseudonym across cases, and a different one under another key", () => {
    const pseudonyms = Pseudonymiser.withKey(KEY);
    expect(pseudonyms.of(583231)).toBe(pseudonyms.of(583231));
    expect(pseudonyms.of(583231)).toMatch(/^[0-9a-f]{64}$/);
    expect(pseudonyms.of(583232)).not.toBe(pseudonyms.of(583231));
    expect(Pseudonymiser.withKey("another-key").of(583231)).not.toBe(pseudonyms.of(583231));
    expect(pseudonyms.of(null)).toBeNull();
    expect(Pseudonymiser.withKey(readSettings({}).pseudonymKey).of(583231)).toBeNull();
  });

  it("writes a correcting entry on /reopen that points at the resolution it withdraws", async () => {
    const repo = new FakeRepoContents(OWNER, CASES);
    mockGitHub().repository(OWNER, CASES);
    const recorder = new GitHubResolutionLog(Pseudonymiser.withKey(KEY), { sleep: noSleep });
    await recorder.record(
      resolutionEvent({
        kind: "reopened",
        at: "2026-08-02T00:00:00.000Z",
        meta: { state: "open", resolvedAt: "2026-07-03T09:30:00.000Z", outcome: "warning" },
      }),
    );

    const [logged] = parseShard(repo.text("log/2026/08.jsonl")!).entries;
    expect(logged).toMatchObject({
      event: "reopened",
      entryId: "CI-7KQ3M2:reopened:2026-08-02T00:00:00.000Z",
      outcome: "warning",
      resolvedAt: "2026-07-03T09:30:00.000Z",
      corrects: "CI-7KQ3M2:resolved:2026-07-03T09:30:00.000Z",
    });
  });

  it("honours log.repository: redacted and log.includeModerators: true", async () => {
    const repo = new FakeRepoContents(OWNER, CASES);
    mockGitHub().repository(OWNER, CASES);
    const recorder = new GitHubResolutionLog(Pseudonymiser.withKey(KEY), { sleep: noSleep });
    await recorder.record(resolutionEvent({ config: { log: { repository: "redacted", includeModerators: true } } }));
    const [logged] = parseShard(repo.text("log/2026/07.jsonl")!).entries;
    expect(logged).toMatchObject({ repository: null, moderator: "moderator-mo" });
  });

  it("logs without pseudonyms when PSEUDONYM_KEY is unset, and warns once", async () => {
    const repo = new FakeRepoContents(OWNER, CASES);
    mockGitHub().repository(OWNER, CASES).repository(OWNER, CASES);
    const logs = captureLogs();
    const recorder = new GitHubResolutionLog(Pseudonymiser.withKey(readSettings({}).pseudonymKey), { sleep: noSleep });
    await recorder.record(resolutionEvent({ log: logs.log }));
    await recorder.record(resolutionEvent({ log: logs.log, meta: { code: "CI-SECOND" } }));

    expect(parseShard(repo.text("log/2026/07.jsonl")!).entries.map((e) => e.pseudonym)).toStrictEqual([null, null]);
    expect(logs.lines.filter((l) => String(l.msg).startsWith("PSEUDONYM_KEY is not set"))).toHaveLength(1);
    expect(logs.text()).not.toContain("583231");
    expect(logs.text()).not.toContain("reported-rae");
  });

  it("takes the gate's answer from earlier in the event for that repository only", async () => {
    const repo = new FakeRepoContents(OWNER, CASES);
    const recorder = new GitHubResolutionLog(Pseudonymiser.withKey(KEY), { sleep: noSleep });
    const passed = {
      owner: OWNER,
      name: CASES,
      id: 1,
      nodeId: "R_1",
      private: true,
      visibility: "private",
      htmlUrl: `https://github.com/${OWNER}/${CASES}`,
      ownerType: "Organization",
    };
    // No `GET /repos/acme/moderation` is mocked: asking the gate again would fail the test.
    await recorder.record({ ...resolutionEvent(), gate: passed });
    expect(parseShard(repo.text("log/2026/07.jsonl")!).entries).toHaveLength(1);

    // A gate answer about another repository, or one that said "not private", is asked again (and refuses here).
    mockGitHub().repository(OWNER, CASES, { private: false, times: 2 });
    const logs = captureLogs();
    await expect(
      recorder.record({ ...resolutionEvent({ log: logs.log, at: "2026-07-04T00:00:00.000Z" }), gate: { ...passed, name: "other-cases" } }),
    ).rejects.toThrow(/was not logged: The case repository acme\/moderation is public/);
    await expect(
      recorder.record({ ...resolutionEvent({ log: logs.log, at: "2026-07-05T00:00:00.000Z" }), gate: { ...passed, private: false } }),
    ).rejects.toThrow(/was not logged/);
    expect(parseShard(repo.text("log/2026/07.jsonl")!).entries).toHaveLength(1);
  });

  it("refuses to write to a public case repository", async () => {
    mockGitHub().repository(OWNER, CASES, { private: false });
    const logs = captureLogs();
    const recorder = new GitHubResolutionLog(Pseudonymiser.withKey(KEY), { sleep: noSleep });
    await expect(recorder.record(resolutionEvent({ log: logs.log }))).rejects.toThrow(/was not logged: The case repository acme\/moderation is public/);
    expect(logs.lines.some((l) => l.level === 50 && l.reason === "public")).toBe(true);
  });
});
