import { generateKeyPairSync } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import nock from "nock";
import { Octokit } from "@octokit/rest";
import { ProbotOctokit } from "probot";
import { mockGitHub, type GitHubMock } from "./helpers/github.js";
import { captureLogs } from "./helpers/logs.js";
import { APP_SLUG, caseBody, caseMeta, OWNER, TEST_SEAL_ENV, testAppIdentity, APP_BOT_USER, caseDiscussion } from "./helpers/cases.js";
import type { CaseMeta, CaseMetaInput } from "../src/cases/metadata.js";
import { blocksToLift, dueReminders, roomToDelete } from "../src/clocks/due.js";
import { scheduleSweep } from "../src/clocks/schedule.js";
import { startClockSweep } from "../src/clocks/start.js";
import { sweep } from "../src/clocks/sweep.js";
import { remindCommand } from "../src/cli/commands/remind.js";
import { cliCommands } from "../src/cli/commands/index.js";
import { configSchema } from "../src/config/schema.js";
import { createServices } from "../src/services.js";
import { InProcessLocks } from "../src/concurrency/locks.js";
import { readSettings } from "../src/settings.js";

const CASE_REPO = "moderation";
const CLOCKS = configSchema.parse({}).clocks;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

afterEach(() => {
  vi.useRealTimers();
});

const NOW = new Date("2026-11-02T12:00:00.000Z");
const unacknowledged = caseMeta({ openedAt: "2026-11-01T10:00:00.000Z" });
const followUp = caseMeta({
  code: "CI-AAAAAA",
  source: { key: "codertocat/hello-world#2", owner: OWNER, repo: "Hello-World", number: 2, threadKind: "issue", url: "u2" },
  state: "resolved",
  outcome: "correction",
  openedAt: "2026-09-01T10:00:00.000Z",
  acknowledgedAt: "2026-09-01T11:00:00.000Z",
  resolvedAt: "2026-09-20T10:00:00.000Z",
  blocks: [{ login: "rude-ray", at: "2026-09-20T10:00:00.000Z", until: "2026-10-20T10:00:00.000Z", org: OWNER }],
});
const oldRoom = caseMeta({
  code: "CI-BBBBBB",
  source: { key: "codertocat/hello-world#3", owner: OWNER, repo: "Hello-World", number: 3, threadKind: "issue", url: "u3" },
  state: "resolved",
  outcome: "no-action",
  acknowledgedAt: "2026-06-01T11:00:00.000Z",
  resolvedAt: "2026-07-01T10:00:00.000Z",
  room: {
    owner: OWNER,
    repo: "call-in-ci-bbbbbb",
    repoId: 4242,
    url: "u",
    person: "p",
    createdAt: "2026-06-10T00:00:00.000Z",
    archivedAt: "2026-07-01T10:00:00.000Z",
  },
});

function listing(github: GitHubMock, numbers: number[], times = 1): void {
  github.scope
    .get(`/repos/${OWNER}/${CASE_REPO}/issues`)
    .query({ state: "all", sort: "updated", per_page: "100" })
    .times(times)
    .reply(200, () =>
      numbers.map((n) => {
        const current = github.caseIssues.get(`${OWNER}/${CASE_REPO}#${n}`)!;
        return {
          number: n,
          node_id: `I_${n}`,
          html_url: `https://github.com/${OWNER}/${CASE_REPO}/issues/${n}`,
          title: current.title,
          body: current.body,
          state: current.state,
          user: APP_BOT_USER,
        };
      }),
    );
}

describe("which reminders are due (fake clock)", () => {
  it("acknowledge after 24h, resolve after 14d, each once", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const meta = caseMeta({ openedAt: "2026-11-01T10:00:00.000Z" });
    vi.setSystemTime(Date.parse(meta.openedAt) + 23 * HOUR);
    expect(dueReminders(meta, CLOCKS, new Date())).toStrictEqual([]);
    vi.setSystemTime(Date.parse(meta.openedAt) + 24 * HOUR);
    expect(dueReminders(meta, CLOCKS, new Date()).map((d) => d.key)).toStrictEqual(["acknowledge"]);
    vi.setSystemTime(Date.parse(meta.openedAt) + 14 * DAY);
    expect(dueReminders(meta, CLOCKS, new Date()).map((d) => d.key)).toStrictEqual(["acknowledge", "resolve"]);
    const reminded = { ...meta, remindersSent: ["acknowledge", "resolve"] };
    expect(dueReminders(reminded, CLOCKS, new Date())).toStrictEqual([]);
    const acknowledged = { ...meta, state: "acknowledged" as const, acknowledgedAt: meta.openedAt };
    expect(dueReminders(acknowledged, CLOCKS, new Date()).map((d) => d.key)).toStrictEqual(["resolve"]);
  });

  it("follow-up 30d after a correction or warning, not after other outcomes", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const resolvedAt = "2026-10-01T00:00:00.000Z";
    const meta = caseMeta({ state: "resolved", outcome: "warning", resolvedAt });
    vi.setSystemTime(Date.parse(resolvedAt) + 29 * DAY);
    expect(dueReminders(meta, CLOCKS, new Date())).toStrictEqual([]);
    vi.setSystemTime(Date.parse(resolvedAt) + 30 * DAY);
    expect(dueReminders(meta, CLOCKS, new Date())).toStrictEqual([{ threshold: "follow-up", key: `follow-up:${resolvedAt}`, clock: "30d" }]);
    expect(dueReminders({ ...meta, outcome: "permanent-ban" }, CLOCKS, new Date())).toStrictEqual([]);
  });

  it("temporary blocks and room retention", () => {
    const now = new Date("2026-11-02T00:00:00.000Z");
    const meta = caseMeta({
      state: "resolved",
      resolvedAt: "2026-08-01T00:00:00.000Z",
      blocks: [
        { login: "a", at: "x", until: "2026-11-01T00:00:00.000Z" },
        { login: "b", at: "x", until: "2026-12-01T00:00:00.000Z" },
        { login: "c", at: "x", until: null },
      ],
      room: { owner: OWNER, repo: "r", url: "u", person: "a", createdAt: "x", archivedAt: "2026-08-01T00:00:00.000Z" },
    });
    expect(blocksToLift(meta, now).map((b) => b.login)).toStrictEqual(["a"]);
    expect(roomToDelete(meta, "90d", now)).toBe(true);
    expect(roomToDelete(meta, "120d", now)).toBe(false);
  });
});

describe("the sweep", () => {
  afterEach(() => {
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  function client(github: GitHubMock, config: Record<string, unknown>) {
    void github;
    return { owner: OWNER, github: new Octokit({ auth: "test-token" }), readConfig: async () => config };
  }

  it("posts each due reminder once, mentioning the team; lifts ended blocks; deletes expired rooms", async () => {
    const github = mockGitHub()
      .repository(OWNER, CASE_REPO)
      .templates(OWNER)
      .caseIssue(OWNER, CASE_REPO, 5, caseBody(unacknowledged))
      .caseIssue(OWNER, CASE_REPO, 6, caseBody(followUp), { state: "closed" })
      .caseIssue(OWNER, CASE_REPO, 7, caseBody(oldRoom), { state: "closed" })
      .commentsOn(OWNER, CASE_REPO, 5)
      .commentsOn(OWNER, CASE_REPO, 6, 2)
      .commentsOn(OWNER, CASE_REPO, 7)
      .responds("DELETE", `/orgs/${OWNER}/blocks/rude-ray`, 204)
      .repository(OWNER, "call-in-ci-bbbbbb")
      .responds("DELETE", `/repos/${OWNER}/call-in-ci-bbbbbb`, 204);
    listing(github, [5, 6, 7]);
    const logs = captureLogs();
    const services = createServices({ log: logs.log, settings: readSettings({ ...TEST_SEAL_ENV }), appIdentity: testAppIdentity, now: () => NOW });
    const report = await sweep(services, [client(github, { moderatorTeam: "moderators" })], logs.log);

    expect(report).toStrictEqual({ owners: 1, cases: 3, reminders: 2, blocksLifted: 1, roomsDeleted: 1, failures: 0 });
    const on = (n: number) => github.sent.comments.filter((c) => c.number === n).map((c) => c.body);
    expect(on(5)[0]).toContain(`@${OWNER}/moderators: this case has waited 24h without being acknowledged`);
    expect(on(6)[0]).toContain("it is 30d since this case was resolved as **correction**");
    expect(on(6)[1]).toContain("The temporary block on `rude-ray`");
    expect(on(7)[0]).toContain("was deleted");
    expect(github.caseMetaOf(OWNER, CASE_REPO, 5)?.remindersSent).toStrictEqual(["acknowledge"]);
    expect(github.caseMetaOf(OWNER, CASE_REPO, 6)?.remindersSent).toStrictEqual(["follow-up:2026-09-20T10:00:00.000Z"]);
    expect(github.caseMetaOf(OWNER, CASE_REPO, 6)?.blocks[0]?.liftedAt).toBe(NOW.toISOString());
    expect(github.caseMetaOf(OWNER, CASE_REPO, 7)?.room?.deletedAt).toBe(NOW.toISOString());

    // A second sweep (another replica, or cron next to the timer) posts nothing again.
    nock.cleanAll();
    const again = mockGitHub().repository(OWNER, CASE_REPO);
    for (const n of [5, 6, 7]) again.caseIssues.set(`${OWNER}/${CASE_REPO}#${n}`, github.caseIssues.get(`${OWNER}/${CASE_REPO}#${n}`)!);
    listing(again, [5, 6, 7]);
    const second = await sweep(services, [client(again, { moderatorTeam: "moderators" })], logs.log);
    expect(second).toMatchObject({ cases: 3, reminders: 0, blocksLifted: 0, roomsDeleted: 0 });
  });

  it("a block or room already gone (404) is recorded as lifted or deleted; another refusal (403) is a failure and records nothing", async () => {
    for (const status of [404, 403]) {
      nock.cleanAll();
      const gone = status === 404;
      const github = mockGitHub()
        .repository(OWNER, CASE_REPO)
        .templates(OWNER)
        .caseIssue(OWNER, CASE_REPO, 6, caseBody(followUp), { state: "closed" })
        .commentsOn(OWNER, CASE_REPO, 6, gone ? 2 : 1)
        .responds("DELETE", `/orgs/${OWNER}/blocks/rude-ray`, status, { message: gone ? "Not Found" : "Resource not accessible by integration" })
        .repository(OWNER, "call-in-ci-bbbbbb")
        .responds("DELETE", `/repos/${OWNER}/call-in-ci-bbbbbb`, status, { message: gone ? "Not Found" : "Must have admin rights to Repository." });
      // Case 7 is read and written only when its room is recorded as deleted; otherwise it is only listed.
      if (gone) github.caseIssue(OWNER, CASE_REPO, 7, caseBody(oldRoom), { state: "closed" }).commentsOn(OWNER, CASE_REPO, 7);
      else github.caseIssues.set(`${OWNER}/${CASE_REPO}#7`, { body: caseBody(oldRoom), state: "closed", title: "case 7" });
      listing(github, [6, 7]);
      const logs = captureLogs();
      const services = createServices({ log: logs.log, settings: readSettings({ ...TEST_SEAL_ENV }), appIdentity: testAppIdentity, now: () => NOW });
      const report = await sweep(services, [client(github, {})], logs.log);

      expect(report).toStrictEqual({ owners: 1, cases: 2, reminders: 1, blocksLifted: gone ? 1 : 0, roomsDeleted: gone ? 1 : 0, failures: gone ? 0 : 2 });
      expect(github.caseMetaOf(OWNER, CASE_REPO, 6)?.blocks[0]?.liftedAt ?? null).toBe(gone ? NOW.toISOString() : null);
      expect(github.caseMetaOf(OWNER, CASE_REPO, 7)?.room?.deletedAt ?? null).toBe(gone ? NOW.toISOString() : null);
      const warnings = logs.lines.filter((line) => line.level === 40).map((line) => line.msg);
      expect(warnings).toStrictEqual(
        gone
          ? []
          : [
              "could not lift a temporary block; the next sweep tries again",
              "could not delete an expired conversation room (needs administration: write, and the organisation must allow it)",
            ],
      );
      expect(nock.pendingMocks()).toStrictEqual([]);
    }
  });

  it("two sweeps at once still post one reminder (recorded under the case lock)", async () => {
    // Identical requests are one interceptor with `.times(n)` (see test/helpers/github.ts).
    const github = mockGitHub().templates(OWNER).caseIssue(OWNER, CASE_REPO, 5, caseBody(unacknowledged)).commentsOn(OWNER, CASE_REPO, 5);
    github.scope
      .get(`/repos/${OWNER}/${CASE_REPO}`)
      .times(2)
      .reply(200, {
        id: 1,
        node_id: "R_1",
        name: CASE_REPO,
        private: true,
        visibility: "private",
        owner: { login: OWNER, id: 1, type: "Organization" },
        html_url: `https://github.com/${OWNER}/${CASE_REPO}`,
      });
    listing(github, [5], 2);
    const logs = captureLogs();
    const locks = new InProcessLocks();
    const a = createServices({ log: logs.log, settings: readSettings({ ...TEST_SEAL_ENV }), appIdentity: testAppIdentity, now: () => NOW, locks });
    const b = createServices({ log: logs.log, settings: readSettings({ ...TEST_SEAL_ENV }), appIdentity: testAppIdentity, now: () => NOW, locks });
    b.templates = a.templates;
    const [one, two] = await Promise.all([sweep(a, [client(github, {})], logs.log), sweep(b, [client(github, {})], logs.log)]);
    expect(one.reminders + two.reminders).toBe(1);
    expect(github.sent.comments).toHaveLength(1);
    expect(github.sent.comments[0]?.body).toMatch(/^A reminder: this case has waited 24h/);
  });

  it("mentions no one in the escalation repository (the usual team must stay out)", async () => {
    const github = mockGitHub()
      .repository(OWNER, CASE_REPO)
      .repository(OWNER, "moderation-escalated")
      .templates(OWNER)
      .caseIssue(OWNER, "moderation-escalated", 2, caseBody(unacknowledged, undefined, { repo: `${OWNER}/moderation-escalated` }))
      .commentsOn(OWNER, "moderation-escalated", 2);
    github.scope.get(`/repos/${OWNER}/${CASE_REPO}/issues`).query(true).reply(200, []);
    github.scope
      .get(`/repos/${OWNER}/moderation-escalated/issues`)
      .query(true)
      .reply(200, () => [
        {
          number: 2,
          node_id: "I_2",
          html_url: `https://github.com/${OWNER}/moderation-escalated/issues/2`,
          title: "t",
          body: github.caseIssues.get(`${OWNER}/moderation-escalated#2`)!.body,
          state: "open",
          user: APP_BOT_USER,
        },
      ]);
    const logs = captureLogs();
    const services = createServices({ log: logs.log, settings: readSettings({ ...TEST_SEAL_ENV }), appIdentity: testAppIdentity, now: () => NOW });
    await sweep(services, [client(github, { moderatorTeam: "moderators", escalationRepository: "moderation-escalated" })], logs.log);
    expect(github.sent.comments[0]?.body).toMatch(/^A reminder: this case has waited 24h/);
    expect(github.sent.comments[0]?.body).not.toContain("moderators");
  });

  it("sweeps discussion cases too", async () => {
    let body = caseBody(unacknowledged);
    const node = () => caseDiscussion(OWNER, CASE_REPO, 4, body);
    const github = mockGitHub()
      .repository(OWNER, CASE_REPO)
      .templates(OWNER)
      .graphqlOp("DiscussionCategories", () => ({ repository: { discussionCategories: { nodes: [{ id: "DIC_1", name: "Cases", slug: "cases" }] } } }))
      .graphqlOp("Discussions", () => ({ repository: { discussions: { nodes: [node()], pageInfo: { hasNextPage: false, endCursor: null } } } }))
      .graphqlOp("GetDiscussion", () => ({ repository: { discussion: node() } }))
      .graphqlOp("UpdateDiscussion", (v) => {
        body = v.body;
        return { updateDiscussion: { discussion: { id: "D_4" } } };
      })
      .graphqlOp("AddDiscussionComment", () => ({
        addDiscussionComment: { comment: { id: "DC_1", url: `https://github.com/${OWNER}/${CASE_REPO}/discussions/4#discussioncomment-1` } },
      }));
    const logs = captureLogs();
    const services = createServices({ log: logs.log, settings: readSettings({ ...TEST_SEAL_ENV }), appIdentity: testAppIdentity, now: () => NOW });
    const report = await sweep(services, [client(github, { caseFormat: "discussion" })], logs.log);
    expect(report.reminders).toBe(1);
    expect(body).toContain('"remindersSent":["acknowledge"]');
    expect(String(github.sent.graphql.at(-1)?.variables.body)).toContain("waited 24h");
  });

  it("skips an owner whose case repository is not private, and goes on", async () => {
    mockGitHub().repository(OWNER, CASE_REPO, { private: false }).templates(OWNER);
    const logs = captureLogs();
    const services = createServices({ log: logs.log, settings: readSettings({ ...TEST_SEAL_ENV }), appIdentity: testAppIdentity, now: () => NOW });
    const report = await sweep(services, [{ owner: OWNER, github: new Octokit({ auth: "t" }), readConfig: async () => ({}) }], logs.log);
    expect(report).toMatchObject({ owners: 1, cases: 0, reminders: 0, failures: 0 });
  });
});

describe("the timer", () => {
  it("reads REMINDER_INTERVAL", () => {
    expect(readSettings({}).reminderIntervalMs).toBe(15 * 60_000);
    expect(readSettings({ REMINDER_INTERVAL: "1h" }).reminderIntervalMs).toBe(HOUR);
    expect(readSettings({ REMINDER_INTERVAL: "off" }).reminderIntervalMs).toBeNull();
    expect(() => readSettings({ REMINDER_INTERVAL: "soon" }).reminderIntervalMs).toThrow(/not a duration/);
  });

  it("runs every interval and never overlaps itself", async () => {
    vi.useFakeTimers();
    const logs = captureLogs();
    let release: () => void = () => undefined;
    const run = vi.fn(() => new Promise<void>((resolve) => (release = resolve)));
    const scheduled = scheduleSweep(15 * 60_000, run, logs.log);
    await vi.advanceTimersByTimeAsync(14 * 60_000);
    expect(run).toHaveBeenCalledTimes(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(15 * 60_000);
    expect(run).toHaveBeenCalledTimes(1);
    release();
    await scheduled.current();
    await vi.advanceTimersByTimeAsync(15 * 60_000);
    expect(run).toHaveBeenCalledTimes(2);
    release();
    scheduled.stop();
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it("the app's timer lists installations and sweeps each owner", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const github = mockGitHub()
      .config(OWNER, ".github", "moderatorTeam: moderators\n")
      .repository(OWNER, CASE_REPO)
      .templates(OWNER)
      .caseIssue(OWNER, CASE_REPO, 5, caseBody(unacknowledged))
      .commentsOn(OWNER, CASE_REPO, 5);
    github.scope
      .get("/app/installations")
      .query(true)
      .reply(200, [{ id: 1, account: { login: OWNER, id: 1 } }]);
    listing(github, [5]);
    const octokit = new ProbotOctokit({ auth: { token: "test-token" }, retry: { enabled: false }, throttle: { enabled: false } });
    const logs = captureLogs();
    const services = createServices({ log: logs.log, settings: readSettings({ ...TEST_SEAL_ENV }), appIdentity: testAppIdentity, now: () => NOW });
    const scheduled = startClockSweep({ auth: async () => octokit, log: logs.log } as never, services, readSettings({ REMINDER_INTERVAL: "15m" }))!;
    await vi.advanceTimersByTimeAsync(15 * 60_000);
    await scheduled.current();
    scheduled.stop();
    expect(github.sent.comments[0]?.body).toContain(`@${OWNER}/moderators`);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("is off with REMINDER_INTERVAL=off", () => {
    const logs = captureLogs();
    expect(
      startClockSweep(
        { auth: async () => undefined, log: logs.log } as never,
        createServices({ log: logs.log, settings: readSettings({ ...TEST_SEAL_ENV }), appIdentity: testAppIdentity }),
        readSettings({ REMINDER_INTERVAL: "off" }),
      ),
    ).toBeNull();
  });
});

describe("call-in remind", () => {
  it("is registered and sweeps one owner with a token", async () => {
    expect(cliCommands.remind).toBe(remindCommand);
    const github = mockGitHub()
      .config(OWNER, ".github", "caseRepository: moderation\n")
      .repository(OWNER, CASE_REPO)
      .templates(OWNER)
      .caseIssue(OWNER, CASE_REPO, 5, caseBody(longOverdue()))
      .commentsOn(OWNER, CASE_REPO, 5, 2);
    github.scope
      .get(`/repos/${OWNER}/${CASE_REPO}/issues`)
      .query(true)
      .reply(200, () => [
        {
          number: 5,
          node_id: "I_5",
          html_url: `https://github.com/${OWNER}/${CASE_REPO}/issues/5`,
          title: "t",
          body: github.caseIssues.get(`${OWNER}/${CASE_REPO}#5`)!.body,
          state: "open",
          user: APP_BOT_USER,
        },
      ]);
    const out = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      // The app's identity comes from `GET /app` with its JWT; the seal key is the pinned one (the private key's also verifies).
      github.scope.get("/app").reply(200, {
        id: 1,
        slug: APP_SLUG,
        node_id: "A_1",
        owner: { login: OWNER, id: 1 },
        name: "Call-In",
        description: "",
        external_url: "https://call-in.example.com",
        html_url: `https://github.com/apps/${APP_SLUG}`,
        created_at: "2026-01-01T00:00:00Z",
        updated_at: "2026-01-01T00:00:00Z",
        permissions: {},
        events: [],
      });
      const { privateKey } = generateKeyPairSync("rsa", {
        modulusLength: 2048,
        privateKeyEncoding: { type: "pkcs1", format: "pem" },
        publicKeyEncoding: { type: "spki", format: "pem" },
      });
      const env: NodeJS.ProcessEnv = { GITHUB_TOKEN: "t", LOG_LEVEL: "silent", APP_ID: "1", PRIVATE_KEY: privateKey, ...TEST_SEAL_ENV };
      const code = await remindCommand.run({ owner: OWNER }, readSettings(env));
      expect(code).toBe(0);
      expect(String(out.mock.calls.at(-1)?.[0])).toContain("2 reminder(s)");
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
    expect(github.sent.comments[0]?.body).toContain("waited 24h");
    expect(nock.pendingMocks()).toStrictEqual([]);
  });
});

function longOverdue(overrides: Partial<CaseMetaInput> = {}): CaseMeta {
  return caseMeta({ openedAt: "2020-01-01T00:00:00.000Z", ...overrides });
}
