/**
 * Several replicas for real: two Call-In instances in one process, one real
 * Redis (test/helpers/redis.ts), one DATA_DIR, one GitHub (nock, contract-checked,
 * with state: issues and comments of the case repository live in memory).
 */
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import { afterEach, expect, it } from "vitest";
import { createTestApp, TEST_REPORT_KEY, type TestApp } from "./helpers/app.js";
import { FakeRepoContents } from "./helpers/contents.js";
import { neverDeadline, openForm, submitForm, waitFor } from "./helpers/form.js";
import { barrier, type Barrier } from "./helpers/barrier.js";
import { installationAnswer, issueCommentAnswer, noConfigAnywhere, repositoryAnswer } from "./helpers/github.js";
import { examplePayload, withOverrides } from "./helpers/payloads.js";
import { describeWithRedis, redisForSuite } from "./helpers/redis.js";
import { APP_BOT_USER, TEST_SEAL_ENV, testAppIdentity } from "./helpers/cases.js";
import { parseMeta, type CaseMeta } from "../src/cases/metadata.js";
import { sweep } from "../src/clocks/sweep.js";
import { createServices } from "../src/services.js";
import { Probot, ProbotOctokit } from "probot";
import { Redis } from "ioredis";
import { createApp } from "../src/index.js";
import { captureLogs } from "./helpers/logs.js";
import type { ReportFormTuning } from "../src/report-form/index.js";
import { readSettings } from "../src/settings.js";

const OWNER = "Codertocat";
const REPO = "Hello-World";
const CASE_REPO = "moderation";
const API = "https://api.github.com";

interface LiveIssue {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  comments: string[];
}

/**
 * GitHub as both replicas see it: the case repository's issues change as the
 * apps write, so a replica reads what the other wrote. Every request still goes
 * through nock, so the contract checks of test/setup.ts apply.
 */
class SharedGitHub {
  readonly issues = new Map<number, LiveIssue>();
  readonly created: LiveIssue[] = [];
  /** GitHub is down for filing: the source thread answers 502 (the drainer must retry). */
  private next = 100;
  private barrier: Barrier | null = null;
  private listingHold: { arrived: () => void; released: Promise<void> } | null = null;

  constructor() {
    const api = nock(API).persist();
    const caseRepo = `/repos/${OWNER}/${CASE_REPO}`;
    api.get(caseRepo).reply(async () => {
      await this.barrier?.arrive();
      return [200, repositoryAnswer(OWNER, CASE_REPO, { id: 9, nodeId: "R_mod" })];
    });
    // The reported thread's repository is public: the report form checks that while the reporter waits, and again when filing.
    api.get(`/repos/${OWNER}/${REPO}`).reply(200, repositoryAnswer(OWNER, REPO, { id: 1296269, nodeId: "R_hello", visibility: "public" }));
    noConfigAnywhere(api, OWNER, REPO, CASE_REPO);
    api
      .get(new RegExp(`^/repos/${OWNER}/(${REPO}|${CASE_REPO})/collaborators/[^/]+/permission$`))
      .reply(200, (uri) => ({ permission: "write", role_name: "write", user: { login: uri.split("/").at(-2), id: 77 } }));
    api.delete(new RegExp(`^/repos/${OWNER}/${REPO}/issues/\\d+/labels/`)).reply(200, []);
    api.delete(new RegExp(`^/repos/${OWNER}/${REPO}/issues/comments/\\d+$`)).reply(204);
    // The report form finds the owner's installation (not the repository's: that answers for private repositories only).
    api.get(`/users/${OWNER}/installation`).reply(200, installationAnswer(OWNER, 1));
    api.get(new RegExp(`^/repos/${OWNER}/${REPO}/issues/\\d+$`)).reply((uri) => {
      const number = Number(uri.split("/").at(-1));
      return [
        200,
        withOverrides(examplePayload("issues", { action: "opened" }).issue, { number, html_url: `https://github.com/${OWNER}/${REPO}/issues/${number}` }),
      ];
    });
    api
      .get(`${caseRepo}/issues`)
      .query(true)
      .reply(async (uri) => {
        const state = new URL(uri, API).searchParams.get("state") ?? "open";
        const listed = [...this.issues.values()].filter((i) => state === "all" || i.state === state).map((i) => this.rest(i));
        const hold = this.listingHold;
        this.listingHold = null;
        if (hold) {
          hold.arrived();
          await hold.released;
        }
        return [200, listed];
      });
    api.post(`${caseRepo}/issues`).reply((_uri, body) => {
      const { title, body: text } = body as { title: string; body: string };
      const issue: LiveIssue = { number: this.next++, title, body: text, state: "open", comments: [] };
      this.issues.set(issue.number, issue);
      this.created.push(issue);
      return [201, this.rest(issue)];
    });
    api.get(new RegExp(`^${caseRepo}/issues/\\d+$`)).reply((uri) => {
      const issue = this.issues.get(Number(uri.split("/").at(-1)));
      return issue ? [200, this.rest(issue)] : [404, { message: "Not Found" }];
    });
    api.patch(new RegExp(`^${caseRepo}/issues/\\d+$`)).reply((uri, body) => {
      const issue = this.issues.get(Number(uri.split("/").at(-1)));
      if (!issue) return [404, { message: "Not Found" }];
      const change = body as { body?: string; state?: "open" | "closed" };
      if (change.body !== undefined) issue.body = change.body;
      if (change.state !== undefined) issue.state = change.state;
      return [200, this.rest(issue)];
    });
    api.post(new RegExp(`^${caseRepo}/issues/\\d+/comments$`)).reply((uri, body) => {
      const number = Number(uri.split("/").at(-2));
      const issue = this.issues.get(number);
      if (!issue) return [404, { message: "Not Found" }];
      issue.comments.push((body as { body: string }).body);
      const id = 9000 + issue.comments.length;
      return [201, issueCommentAnswer(OWNER, CASE_REPO, number, id, (body as { body: string }).body)];
    });
  }

  /**
   * Holds the next `count` privacy checks of the case repository (the last step
   * before the per-thread lock) until all have arrived: the deliveries then
   * reach the lock together, every time.
   */
  holdPrivacyChecksUntil(count: number): void {
    this.barrier = barrier(count, () => (this.barrier = null));
  }

  /** The next listing of cases is answered as it is now, but only once `release()` is called (a slow response). */
  holdNextListing(): { arrived: Promise<void>; release: () => void } {
    let arrived!: () => void;
    let release!: () => void;
    const seen = new Promise<void>((resolve) => (arrived = resolve));
    this.listingHold = { arrived, released: new Promise<void>((resolve) => (release = resolve)) };
    return { arrived: seen, release };
  }

  private rest(i: LiveIssue) {
    // Written by the app's bot: only then is a case's sealed metadata trusted.
    return {
      number: i.number,
      node_id: `I_${i.number}`,
      html_url: `https://github.com/${OWNER}/${CASE_REPO}/issues/${i.number}`,
      title: i.title,
      body: i.body,
      state: i.state,
      user: APP_BOT_USER,
    };
  }

  meta(number: number): CaseMeta {
    return parseMeta(this.issues.get(number)?.body)!;
  }
}

function labeled() {
  return withOverrides(examplePayload("issues", { action: "labeled" }), {
    label: { name: "call-in" },
    sender: { login: "maintainer-mo", id: 77, type: "User" },
  });
}

function commandOn(commentId: number, body: string) {
  return withOverrides(examplePayload("issue_comment", { action: "created" }), {
    comment: { id: commentId, body, user: { login: "maintainer-mo", id: 77, type: "User" } },
    sender: { login: "maintainer-mo", id: 77, type: "User" },
  });
}

/**
 * Short timings so the drainers work at test speed; a generous report limit for one loopback address.
 * Pages wait for GitHub's (mocked) answer however busy the machine is, instead of accepting unchecked after a timer.
 */
const FAST: Partial<ReportFormTuning> = {
  drainIntervalMs: 200,
  baseBackoffMs: 50,
  maxBackoffMs: 500,
  leaseMs: 3_000,
  reportsPerWindow: 1_000,
  lookupDeadline: neverDeadline,
};

describeWithRedis("several replicas sharing Redis and DATA_DIR", () => {
  const redis = redisForSuite();
  let apps: TestApp[] = [];

  afterEach(async () => {
    for (const app of apps) await app.close();
    apps = [];
    await redis.start().catch(() => undefined); // a test that stopped Redis leaves it running again
  });

  /** Two instances: same REDIS_URL, same DATA_DIR, each its own server port. */
  async function twoReplicas(tuning: Partial<ReportFormTuning> = {}): Promise<[TestApp, TestApp]> {
    const dataDir = mkdtempSync(join(tmpdir(), "call-in-replicas-"));
    const env = { REDIS_URL: redis.url, DATA_DIR: dataDir, REMINDER_INTERVAL: "off" };
    for (let i = 0; i < 2; i++) apps.push(await createTestApp({ services: { env, reportForm: { ...FAST, ...tuning } } }));
    return [apps[0]!, apps[1]!];
  }

  it("a thread labelled on one replica and /call-in-ed on the other at the same moment gets one case that remembers both deliveries", async () => {
    const github = new SharedGitHub();
    const [a, b] = await twoReplicas();
    github.holdPrivacyChecksUntil(2);
    await Promise.all([a.receive("issues", labeled(), "delivery-label"), b.receive("issue_comment", commandOn(502, "/call-in"), "delivery-command")]);

    expect(github.created).toHaveLength(1);
    const [only] = github.created;
    expect(new Set(github.meta(only!.number).deliveries)).toStrictEqual(new Set(["delivery-label", "delivery-command"]));
    expect(only!.comments).toHaveLength(1);
    expect(only!.comments[0]).toMatch(/^\*\*Triggered again\*\* by @maintainer-mo/);
  });

  // Its time limit is a safety net above the spool wait: 100 form requests and 50 filings through the contract-checked mocks take ~30 s on a busy machine.
  it("50 reports, two drainers: every report is filed exactly once, and the spool empties", async () => {
    const github = new SharedGitHub();
    const [a, b] = await twoReplicas();
    const bases = [await a.listen(), await b.listen()];
    const started = Date.now();
    // Ten threads, five reports each: the drainers contend for the same thread locks.
    const receipts = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const base = bases[i % 2]!;
        const page = await openForm(base);
        const receipt = await submitForm(base, page, {
          url: `https://github.com/${OWNER}/${REPO}/issues/${1 + (i % 10)}`,
          description: `Report number ${i}: unkind words in the thread.`,
        });
        expect(receipt.status).toBe(200);
        return /\/status\/([0-9A-Z]{8})\./.exec(receipt.html)![1]!;
      }),
    );
    const accepted = Date.now();
    const spool = join(a.dataDir, "spool");
    const left = () => readdirSync(join(spool, "pending")).length + readdirSync(join(spool, "claimed")).length;
    await waitFor(() => left() === 0, 60_000, "the spool to empty");
    const done = Date.now();
    await Promise.all([a, b].map((app) => app.form!.drainer.idle()));
    // Both drainers took a share, and every report left the spool once.
    const filedBy = [a, b].map((app) => app.logs.lines.filter((l) => l.msg === "report filed; removed from the spool").length);
    console.info(
      `50 reports filed by two drainers (${filedBy.join(" + ")}): ${((done - started) / 1000).toFixed(1)} s from the first submission, ${((done - accepted) / 1000).toFixed(1)} s after the last was accepted`,
    );
    expect(filedBy.every((n) => n > 0)).toBe(true);
    expect(filedBy[0]! + filedBy[1]!).toBe(50);

    expect(github.created).toHaveLength(10);
    const filed = [...github.issues.values()].flatMap((i) => github.meta(i.number).deliveries);
    expect(filed.toSorted()).toStrictEqual(receipts.map((id) => `report:${id}`).toSorted());
    // One case per thread and one comment per further report: nothing filed twice.
    expect([...github.issues.values()].map((i) => i.comments.length)).toStrictEqual(Array(10).fill(4));
  }, 120_000);

  it("two /resolve on different cases at once, on different replicas: each log line lands once (one 409, read again)", async () => {
    const github = new SharedGitHub();
    // This month's shard exists already, so both appends send its sha (a stale one gets 409).
    const month = new Date().toISOString().slice(0, 7).replace("-", "/");
    const log = new FakeRepoContents(OWNER, CASE_REPO, { [`log/${month}.jsonl`]: "" });
    const [a, b] = await twoReplicas();
    await a.receive("issues", withOverrides(labeled(), { issue: { number: 1 } }), "open-1");
    await b.receive("issues", withOverrides(labeled(), { issue: { number: 2 } }), "open-2");
    const [first, second] = github.created;
    // Both appends read the month's shard before either writes: a real compare-and-swap race
    // (the case repository's own call-in.yml is answered before the shard's fake sees it).
    log.holdReadsUntil(2);
    await Promise.all([
      a.receive("issue_comment", caseComment(first!.number, "/resolve correction first"), "resolve-1"),
      b.receive("issue_comment", caseComment(second!.number, "/resolve warning second"), "resolve-2"),
    ]);

    expect(log.reads.filter((p) => !p.startsWith("log/"))).toStrictEqual([]);
    const shards = [...log.files.keys()].filter((p) => p.startsWith("log/"));
    expect(shards).toHaveLength(1);
    const entries = log
      .text(shards[0]!)!
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { case: { number: number }; outcome: string });
    expect(entries.map((e) => [e.case.number, e.outcome]).toSorted()).toStrictEqual(
      [
        [first!.number, "correction"],
        [second!.number, "warning"],
      ].toSorted(),
    );
    expect(log.writes.map((w) => w.status).toSorted()).toStrictEqual([200, 200, 409]);
    expect(github.meta(first!.number)).toMatchObject({ state: "resolved", outcome: "correction" });
    expect(github.meta(second!.number)).toMatchObject({ state: "resolved", outcome: "warning" });
    log.dispose();
  });

  it("the sweep on both replicas at once posts every reminder once", async () => {
    const github = new SharedGitHub();
    const [a] = await twoReplicas();
    for (const n of [1, 2, 3]) await a.receive("issues", withOverrides(labeled(), { issue: { number: n } }), `open-${n}`);
    // Two replicas' services (each its own Redis connection), a day later: every case is due its "acknowledge" reminder.
    const later = () => new Date(Date.now() + 25 * 3_600_000);
    const logs = captureLogs();
    const replicas = [0, 1].map(() =>
      createServices({ log: logs.log, settings: readSettings({ REDIS_URL: redis.url, ...TEST_SEAL_ENV }), appIdentity: testAppIdentity, now: later }),
    );
    const owner = {
      owner: OWNER,
      github: new (ProbotOctokit.defaults({ retry: { enabled: false }, throttle: { enabled: false } }))({ auth: "t" }) as never,
      readConfig: async () => ({}),
    };
    await Promise.all(replicas.map((services) => sweep(services, [owner], logs.log)));

    expect(github.created).toHaveLength(3);
    for (const issue of github.created) {
      expect(issue.comments.filter((c) => /acknowledg/i.test(c))).toHaveLength(1);
      expect(github.meta(issue.number).remindersSent).toStrictEqual(["acknowledge"]);
    }
  });

  it("Redis down: webhooks fail (500, redeliverable) and reports wait in the spool; once it is back, one case and every report filed once", async () => {
    const github = new SharedGitHub();
    const [a, b] = await twoReplicas();
    const base = await b.listen();
    await redis.stop();

    // A webhook cannot take its lock: it fails, so GitHub shows a failed delivery to redeliver.
    await expect(a.receive("issues", labeled(), "delivery-during-outage")).rejects.toThrow(/Redis is unavailable/);
    expect(github.created).toHaveLength(0);
    // A report is accepted (spooled) and the drainer keeps it until Redis is back.
    const page = await openForm(base);
    const receipt = await submitForm(base, page, { url: `https://github.com/${OWNER}/${REPO}/issues/1`, description: "Reported while Redis was away." });
    expect(receipt.status).toBe(200);
    const reportId = /\/status\/([0-9A-Z]{8})\./.exec(receipt.html)![1]!;
    // Both replicas drain the one DATA_DIR: either drainer may be the one that claims it.
    await waitFor(
      () => [...a.logs.lines, ...b.logs.lines].some((l) => l.msg === "report not filed yet; will try again" && l.report === reportId),
      20_000,
      "a failed filing attempt",
    );
    expect(github.created).toHaveLength(0);
    // The outage is logged once per replica, however many commands failed.
    expect(a.logs.lines.filter((l) => typeof l.msg === "string" && l.msg.startsWith("Redis is unreachable"))).toHaveLength(1);

    await redis.start();
    // GitHub's redelivery (same id) and a new command, on different replicas at once.
    github.holdPrivacyChecksUntil(2);
    await Promise.all([a.receive("issues", labeled(), "delivery-during-outage"), b.receive("issue_comment", commandOn(601, "/call-in"), "delivery-after")]);
    const spool = join(b.dataDir, "spool");
    await waitFor(() => readdirSync(join(spool, "pending")).length + readdirSync(join(spool, "claimed")).length === 0, 30_000, "the spool to empty");

    expect(github.created).toHaveLength(1);
    expect(new Set(github.meta(github.created[0]!.number).deliveries)).toStrictEqual(
      new Set(["delivery-during-outage", "delivery-after", `report:${reportId}`]),
    );
    expect([...a.logs.lines, ...b.logs.lines].map((l) => JSON.stringify(l)).join("\n")).not.toContain("Reported while Redis was away");
  });

  it("Redis restarts while a replica holds a thread's lock: the other replica opens the case, the first one notices and writes nothing", async () => {
    const github = new SharedGitHub();
    const [a, b] = await twoReplicas();
    // Replica A lists the open cases under its lock (none yet); the answer is slow.
    const slow = github.holdNextListing();
    const first = a.receive("issues", labeled(), "delivery-before-restart");
    await slow.arrived;
    // Redis restarts and forgets A's lock; replica B takes it and opens the case.
    await redis.stop();
    await redis.start();
    await onceRedisIsBack(() => b.receive("issue_comment", commandOn(701, "/call-in"), "delivery-after-restart"));
    expect(github.created).toHaveLength(1);
    // A's stale answer says "no open case": it must not open a second one.
    slow.release();
    await expect(first).rejects.toThrow(/lock on codertocat\/hello-world#1 was lost/);
    expect(github.created).toHaveLength(1);
    expect(a.logs.lines.some((l) => l.msg === "a lock was lost while its work was running (Redis restarted or was unreachable)")).toBe(true);
    // GitHub's redelivery then lands in the one case.
    await a.receive("issues", labeled(), "delivery-before-restart");
    expect(github.created).toHaveLength(1);
    expect(new Set(github.meta(github.created[0]!.number).deliveries)).toStrictEqual(new Set(["delivery-before-restart", "delivery-after-restart"]));
  });

  // Last in this file: plugin-throttling keeps its limiters in module state, bound to the first Redis connection it is given.
  it("Probot's own REDIS_URL: GitHub requests are paced through the shared Redis (Octokit throttling), not only the app's locks", async () => {
    const github = new SharedGitHub();
    const logs = captureLogs();
    // As `npm start` builds it: Probot's run() reads REDIS_URL into `redisConfig`; throttling stays on (only retries are off).
    const probot = new Probot({
      githubToken: "test-token",
      log: logs.log,
      redisConfig: redis.url,
      Octokit: ProbotOctokit.defaults((o: Record<string, unknown>) => ({ ...o, retry: { enabled: false } })),
    });
    const env = {
      REDIS_URL: redis.url,
      DATA_DIR: mkdtempSync(join(tmpdir(), "call-in-replicas-")),
      REMINDER_INTERVAL: "off",
      REPORT_ENCRYPTION_KEY: TEST_REPORT_KEY,
      ...TEST_SEAL_ENV,
    };
    await probot.load(createApp({ env, appIdentity: testAppIdentity }), { cwd: process.cwd(), addHandler: () => undefined });
    await probot.receive({ id: "delivery-throttled", name: "issues", payload: labeled() } as never);
    expect(github.created).toHaveLength(1);

    const inspect = new Redis(redis.url);
    try {
      const keys = await inspect.keys("b_octokit-*");
      // Bottleneck's clustered limiters for writes and for notifying writes (the case issue), shared by every replica.
      expect(keys).toEqual(expect.arrayContaining(["b_octokit-write-no-id_settings", "b_octokit-notifications-no-id_settings"]));
      expect(Number(await inspect.hget("b_octokit-notifications-no-id_settings", "done"))).toBeGreaterThanOrEqual(1);
    } finally {
      inspect.disconnect();
    }
  });
});

/** Delivers once the replica's Redis connection is back (a delivery before that fails, as GitHub would see it). */
async function onceRedisIsBack(deliver: () => Promise<void>): Promise<void> {
  let lastError: unknown;
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    try {
      return await deliver();
    } catch (error) {
      if (!/Redis is unavailable/.test(String((error as { message?: string }).message ?? error))) throw error;
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw lastError;
}

function caseComment(caseNumber: number, body: string) {
  return withOverrides(examplePayload("issue_comment", { action: "created" }), {
    issue: { number: caseNumber, html_url: `https://github.com/${OWNER}/${CASE_REPO}/issues/${caseNumber}`, pull_request: undefined },
    repository: { name: CASE_REPO, full_name: `${OWNER}/${CASE_REPO}`, private: true },
    comment: { id: 7000 + caseNumber, body, user: { login: "maintainer-mo", id: 77, type: "User" } },
    sender: { login: "maintainer-mo", id: 77, type: "User" },
  });
}
