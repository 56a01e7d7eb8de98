import { Octokit } from "@octokit/rest";
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./helpers/app.js";
import { mockGitHub } from "./helpers/github.js";
import { testSeal } from "./helpers/cases.js";
import { captureLogs } from "./helpers/logs.js";
import { examplePayload, withOverrides } from "./helpers/payloads.js";
import { escalateCase } from "../src/cases/escalate.js";
import { CaseThread } from "../src/cases/case-thread.js";
import { caseMetaSchema } from "../src/cases/metadata.js";
import { InProcessLocks } from "../src/concurrency/locks.js";
import { ConfigProblemNotifier } from "../src/config/problem-note.js";
import { configSchema } from "../src/config/schema.js";
import { isPrivateVisibility } from "../src/github/repository.js";
import { createPrivateOrgRepository } from "../src/github/rooms.js";
import { personCanSee } from "../src/resolution-log-view/access.js";
import { Pseudonymiser } from "../src/resolution-log/pseudonym.js";
import { GitHubResolutionLog } from "../src/resolution-log/resolution-log.js";
import { commitTransparencyReport } from "../src/resolution-log/transparency.js";
import { TemplateSet } from "../src/templates/engine.js";

/**
 * On GitHub Enterprise an internal repository answers `private: true,
 * visibility: "internal"`, and every member of the enterprise can read it.
 * The privacy gate accepts only `visibility: "private"`, in every place that writes case content.
 */
const OWNER = "acme";
const CASES = "moderation";
const INTERNAL = /is internal: every member of the enterprise can read it/;
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const github = () => new Octokit({ auth: "t", log: quiet });

describe("isPrivateVisibility", () => {
  it("is true only for private: true with visibility private", () => {
    expect(isPrivateVisibility({ private: true, visibility: "private" })).toBe(true);
    expect(isPrivateVisibility({ private: true, visibility: "internal" })).toBe(false);
    expect(isPrivateVisibility({ private: false, visibility: "public" })).toBe(false);
    // An answer that names no visibility fails closed.
    expect(isPrivateVisibility({ private: true })).toBe(false);
  });
});

describe("an internal repository is refused everywhere", () => {
  afterEach(() => {
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  describe("cases", () => {
    let testApp: TestApp;
    beforeEach(async () => {
      testApp = await createTestApp();
    });

    it("a label opens no case in an internal case repository, leaves the label and says why", async () => {
      const payload = withOverrides(examplePayload("issues", { action: "labeled" }), {
        label: { name: "call-in" },
        sender: { login: "maintainer-mo", id: 77, type: "User" },
      });
      const mock = mockGitHub()
        .config("Codertocat", "Hello-World", null)
        .repository("Codertocat", CASES, { visibility: "internal" })
        .readsBesideGate("Codertocat", CASES);

      await testApp.receive("issues", payload);

      expect(mock.sent.createdIssues).toStrictEqual([]);
      expect(testApp.logs.lines.some((l) => l.level === 50 && INTERNAL.test(String(l.msg)))).toBe(true);
    });
  });

  it("escalation: a case does not move to an internal escalation repository", async () => {
    mockGitHub().repository(OWNER, "escalated", { visibility: "internal" });
    const logs = captureLogs();
    const client = github();
    const outcome = await escalateCase({
      github: client,
      config: configSchema.parse({ escalationRepository: "escalated" }),
      log: logs.log,
      templates: TemplateSet.bundled(),
      locks: new InProcessLocks(),
      thread: new CaseThread(client, { owner: OWNER, repo: CASES }, "issue", 7, testSeal),
      reason: "reported-is-moderator",
      at: "2026-11-22T10:00:00.000Z",
      change: (meta) => meta,
    });
    expect(outcome).toMatchObject({ status: "refused", message: expect.stringMatching(INTERNAL) });
  });

  it("rooms: a room is created as private and refused when GitHub makes it internal", async () => {
    let sent: Record<string, unknown> = {};
    nock("https://api.github.com")
      .post(`/orgs/${OWNER}/repos`, (body) => {
        sent = body;
        return true;
      })
      .reply(201, {
        id: 4343,
        node_id: "R_room",
        name: "call-in-ci-7kq3m2",
        owner: { login: OWNER, id: 1, type: "Organization" },
        html_url: `https://github.com/${OWNER}/call-in-ci-7kq3m2`,
        private: true,
        visibility: "internal",
      });
    const room = await createPrivateOrgRepository(github(), OWNER, { name: "call-in-ci-7kq3m2", description: "A conversation room" });
    expect(sent).toMatchObject({ private: true, visibility: "private" });
    expect(room.private).toBe(false);
  });

  it("config notes: nothing is written to an internal case repository", async () => {
    mockGitHub().repository(OWNER, CASES, { visibility: "internal" });
    const logs = captureLogs();
    await new ConfigProblemNotifier(TemplateSet.bundled()).notify(github(), OWNER, CASES, `${OWNER}/web`, "caseFormat: invalid option", logs.log);
    expect(logs.lines.find((l) => /cannot leave a note/.test(String(l.msg)))).toMatchObject({ level: 40, visibility: "internal" });
  });

  it("log: a resolution is not appended to an internal case repository", async () => {
    mockGitHub().repository(OWNER, CASES, { visibility: "internal" });
    const meta = caseMetaSchema.parse({
      v: 1,
      code: "CI-7KQ3M2",
      state: "resolved",
      trigger: "label",
      source: { key: "acme/web#1", owner: OWNER, repo: "web", number: 1, threadKind: "issue", url: `https://github.com/${OWNER}/web/issues/1` },
      subject: { kind: "issue", url: `https://github.com/${OWNER}/web/issues/1`, id: null, nodeId: null, author: null },
      openedAt: "2026-07-01T09:00:00.000Z",
    });
    const recorder = new GitHubResolutionLog(Pseudonymiser.withKey("k".repeat(32)));
    const event = {
      github: github(),
      caseRepository: { owner: OWNER, repo: CASES },
      case: { format: "issue" as const, number: 31, nodeId: "I_31", url: `https://github.com/${OWNER}/${CASES}/issues/31`, title: "CI-7KQ3M2", body: "", meta },
      kind: "resolved" as const,
      outcome: "warning",
      summary: null,
      actor: "moderator-mo",
      at: "2026-07-03T09:30:00.000Z",
      config: configSchema.parse({}),
      log: captureLogs().log,
    };
    await expect(recorder.record(event)).rejects.toThrow(INTERNAL);
  });

  it("reports: no transparency report is committed to an internal case repository", async () => {
    mockGitHub().repository(OWNER, CASES, { visibility: "internal" });
    const result = await commitTransparencyReport(github(), { owner: OWNER, repo: CASES }, configSchema.parse({}), "2026-H2", captureLogs().log);
    expect(result).toMatchObject({ status: "refused", reason: expect.stringMatching(INTERNAL) });
  });

  it("the log view: an internal case repository shows its log to nobody", async () => {
    mockGitHub().repository(OWNER, CASES, { visibility: "internal" });
    expect(await personCanSee(github(), { owner: OWNER, repo: CASES })).toBe(false);
  });
});
