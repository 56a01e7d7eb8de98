import { afterEach, describe, expect, it } from "vitest";
import nock from "nock";
import { createTestApp, type TestApp } from "./helpers/app.js";
import { mockGitHub, type GitHubMock } from "./helpers/github.js";
import { examplePayload, withOverrides } from "./helpers/payloads.js";
import { APP_BOT_USER, caseBody, caseMeta, OWNER } from "./helpers/cases.js";
import type { CaseMeta, CaseMetaInput } from "../src/cases/metadata.js";
import type { ResolutionEvent, ResolutionRecorder } from "../src/resolution-log/recorder.js";

const CASE_REPO = "moderation";
const CASE_NUMBER = 5;
const ROOM = "call-in-ci-7kq3m2";
const NOW = new Date("2026-11-02T09:30:00.000Z");
const ROOMS_ON = "conversationRooms: true\n";

function comment(repo: string, number: number, body: string, sender: string, issueBody = "") {
  return withOverrides(examplePayload("issue_comment", { action: "created" }), {
    repository: { name: repo, full_name: `${OWNER}/${repo}`, private: true },
    issue: { number, body: issueBody },
    comment: { body, user: { login: sender, id: 501, type: "User" } },
    sender: { login: sender, id: 501, type: "User" },
  });
}

class Recorder implements ResolutionRecorder {
  readonly events: ResolutionEvent[] = [];
  async record(event: ResolutionEvent): Promise<void> {
    this.events.push(event);
  }
}

function caseSetup(meta: CaseMeta, yaml: string | null, options: { ownerType?: "Organization" | "User"; writes?: boolean } = {}): GitHubMock {
  return mockGitHub()
    .config(OWNER, CASE_REPO, yaml)
    .repository(OWNER, CASE_REPO, { ownerType: options.ownerType ?? "Organization" })
    .templates(OWNER)
    .caseIssue(OWNER, CASE_REPO, CASE_NUMBER, caseBody(meta), { writes: options.writes ?? true })
    .permission(OWNER, CASE_REPO, "mod-mia", "write")
    .commentsOn(OWNER, CASE_REPO, CASE_NUMBER);
}

describe("/room", () => {
  let app: TestApp;
  afterEach(() => {
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("creates a private room, invites the person (read) and the assigned moderators (write), and opens the first issue", async () => {
    app = await createTestApp({ services: { now: () => NOW } });
    const meta = caseMeta({ assignees: ["alex"] });
    const github = caseSetup(meta, ROOMS_ON)
      .responds("POST", `/orgs/${OWNER}/repos`, 201, {
        id: 4343,
        node_id: "R_room",
        name: ROOM,
        owner: { login: OWNER, id: 1, type: "Organization" },
        html_url: `https://github.com/${OWNER}/${ROOM}`,
        private: true,
        visibility: "private",
      })
      .responds("PUT", `/repos/${OWNER}/${ROOM}/collaborators/rude-ray`, 201, {})
      .responds("PUT", `/repos/${OWNER}/${ROOM}/collaborators/alex`, 201, {})
      .createsIssue(OWNER, ROOM);
    await app.receive("issue_comment", comment(CASE_REPO, CASE_NUMBER, "/room @rude-ray", "mod-mia", caseBody(meta)));

    const created = github.sent.requests.find((r) => r.path === `/orgs/${OWNER}/repos`)?.body;
    expect(created).toMatchObject({ name: ROOM, private: true, has_issues: true });
    expect(created.description).not.toContain("rude-ray");
    expect(github.sent.requests.filter((r) => r.path.includes("/collaborators/")).map((r) => [r.path.split("/").at(-1), r.body])).toStrictEqual([
      ["rude-ray", { permission: "pull" }],
      ["alex", { permission: "push" }],
    ]);
    const issue = github.sent.createdIssues[0];
    expect(issue?.repo).toBe(ROOM);
    expect(issue?.body).toContain("I'm reaching out privately");
    expect(issue?.body).not.toContain("Adapt it to your own words");
    expect(issue?.body).toContain("Someone called you in. What now?");
    expect(issue?.body).toContain("`/appeal`");
    expect(github.caseMetaOf(OWNER, CASE_REPO, CASE_NUMBER)?.room).toMatchObject({
      owner: OWNER,
      repo: ROOM,
      person: "rude-ray",
      createdAt: NOW.toISOString(),
      archivedAt: null,
    });
    expect(github.sent.comments.at(-1)?.body).toContain(`The conversation room is ready: https://github.com/${OWNER}/${ROOM}`);
  });

  it("is off unless conversationRooms is true", async () => {
    app = await createTestApp({ services: { now: () => NOW } });
    const meta = caseMeta();
    const github = caseSetup(meta, null);
    await app.receive("issue_comment", comment(CASE_REPO, CASE_NUMBER, "/room @rude-ray", "mod-mia", caseBody(meta)));
    expect(github.sent.comments.at(-1)?.body).toContain("set `conversationRooms: true`");
  });

  it("names administration: write when GitHub refuses to create the repository", async () => {
    app = await createTestApp({ services: { now: () => NOW } });
    const meta = caseMeta();
    const github = caseSetup(meta, ROOMS_ON).responds("POST", `/orgs/${OWNER}/repos`, 403, { message: "Resource not accessible by integration" });
    await app.receive("issue_comment", comment(CASE_REPO, CASE_NUMBER, "/room @rude-ray", "mod-mia", caseBody(meta)));
    expect(github.caseMetaOf(OWNER, CASE_REPO, CASE_NUMBER)?.room).toBeNull();
    expect(github.sent.comments.at(-1)?.body).toContain("grant the app **administration: write**");
  });

  it("explains that apps cannot create repositories for personal accounts", async () => {
    app = await createTestApp({ services: { now: () => NOW } });
    const meta = caseMeta();
    const github = caseSetup(meta, ROOMS_ON, { ownerType: "User" });
    await app.receive("issue_comment", comment(CASE_REPO, CASE_NUMBER, "/room @rude-ray", "mod-mia", caseBody(meta)));
    expect(github.sent.comments.at(-1)?.body).toContain("GitHub Apps cannot create repositories for a personal account");
  });

  it("dry-run says what it would do", async () => {
    app = await createTestApp({ services: { now: () => NOW } });
    const meta = caseMeta();
    const github = caseSetup(meta, `${ROOMS_ON}dryRun: true\n`);
    await app.receive("issue_comment", comment(CASE_REPO, CASE_NUMBER, "/room @rude-ray", "mod-mia", caseBody(meta)));
    expect(github.sent.comments.at(-1)?.body).toContain(`Would create the private repository ${OWNER}/${ROOM}`);
  });

  it("is archived when the case is resolved", async () => {
    app = await createTestApp({ services: { now: () => NOW, resolutionLog: new Recorder() } });
    const meta = caseMeta({
      room: { owner: OWNER, repo: ROOM, url: `https://github.com/${OWNER}/${ROOM}`, person: "rude-ray", createdAt: "2026-11-01T12:00:00.000Z" },
    });
    const github = caseSetup(meta, ROOMS_ON).responds("PATCH", `/repos/${OWNER}/${ROOM}`, 200, { name: ROOM, archived: true });
    await app.receive("issue_comment", comment(CASE_REPO, CASE_NUMBER, "/resolve correction", "mod-mia", caseBody(meta)));
    expect(github.sent.requests.find((r) => r.path === `/repos/${OWNER}/${ROOM}`)?.body).toStrictEqual({ archived: true });
    expect(github.caseMetaOf(OWNER, CASE_REPO, CASE_NUMBER)?.room?.archivedAt).toBe(NOW.toISOString());
    expect(github.sent.comments.at(-1)?.body).toContain("The conversation room is archived");
  });
});

describe("/appeal in a room", () => {
  let app: TestApp;
  afterEach(() => {
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  const resolved = (overrides: Partial<CaseMetaInput> = {}) =>
    caseMeta({
      state: "resolved",
      outcome: "warning",
      resolvedAt: "2026-10-25T09:30:00.000Z",
      resolvedBy: "mod-mia",
      assignees: ["mod-mia", "alex"],
      room: {
        owner: OWNER,
        repo: ROOM,
        url: `https://github.com/${OWNER}/${ROOM}`,
        person: "rude-ray",
        createdAt: "2026-10-20T12:00:00.000Z",
        archivedAt: "2026-10-25T09:30:00.000Z",
      },
      ...overrides,
    });

  function roomSetup(meta: CaseMeta, writes: boolean): GitHubMock {
    const github = mockGitHub().config(OWNER, ROOM, ROOMS_ON).repository(OWNER, CASE_REPO).templates(OWNER).commentsOn(OWNER, ROOM, 1);
    github.scope
      .get(`/repos/${OWNER}/${CASE_REPO}/issues`)
      .query({ state: "all", sort: "updated", per_page: "100" })
      .reply(200, [
        {
          number: CASE_NUMBER,
          node_id: "I_5",
          html_url: `https://github.com/${OWNER}/${CASE_REPO}/issues/${CASE_NUMBER}`,
          title: "t",
          body: caseBody(meta),
          state: "closed",
          user: APP_BOT_USER,
        },
      ]);
    if (writes) github.caseIssue(OWNER, CASE_REPO, CASE_NUMBER, caseBody(meta), { state: "closed" });
    return github;
  }

  it("reopens the case in the appeal state and gives it to someone who did not decide", async () => {
    const recorder = new Recorder();
    app = await createTestApp({ services: { now: () => NOW, resolutionLog: recorder } });
    const meta = resolved();
    const github = roomSetup(meta, true)
      .responds("POST", `/repos/${OWNER}/${CASE_REPO}/issues/${CASE_NUMBER}/assignees`, 201, { number: CASE_NUMBER })
      .commentsOn(OWNER, CASE_REPO, CASE_NUMBER);
    await app.receive("issue_comment", comment(ROOM, 1, "/appeal I was quoting someone else, @mod-mia misread it.", "rude-ray"));

    const after = github.caseMetaOf(OWNER, CASE_REPO, CASE_NUMBER)!;
    expect(after.state).toBe("appeal");
    expect(after.appeal).toStrictEqual({ by: "rude-ray", at: NOW.toISOString(), assignee: "alex", from: "warning", outcome: null, decidedAt: null });
    expect(github.caseIssues.get(`${OWNER}/${CASE_REPO}#${CASE_NUMBER}`)?.state).toBe("open");
    expect(github.sent.requests.find((r) => r.path.endsWith("/assignees"))?.body).toStrictEqual({ assignees: ["alex"] });
    expect(recorder.events[0]).toMatchObject({ kind: "reopened", actor: "rude-ray" });
    const note = github.sent.comments.find((c) => c.repo === CASE_REPO)?.body ?? "";
    expect(note).toContain("> I was quoting someone else, @\u200Bmod-mia misread it.");
    expect(note).toContain("Assigned to @alex");
    expect(github.sent.comments.find((c) => c.repo === ROOM)?.body).toContain("Your appeal is recorded");
  });

  it("records the appeal's outcome when the case is resolved again", async () => {
    app = await createTestApp({ services: { now: () => NOW, resolutionLog: new Recorder() } });
    const meta = resolved({ state: "appeal", appeal: { by: "rude-ray", at: "2026-11-01T09:00:00.000Z", assignee: "alex", from: "warning" }, room: null });
    const github = caseSetup(meta, null);
    await app.receive("issue_comment", comment(CASE_REPO, CASE_NUMBER, "/resolve no-action Quoting, not endorsing.", "mod-mia", caseBody(meta)));
    const after = github.caseMetaOf(OWNER, CASE_REPO, CASE_NUMBER)!;
    expect(after.appeal).toMatchObject({ from: "warning", outcome: "no-action", decidedAt: NOW.toISOString() });
    expect(github.sent.comments.at(-1)?.body).toContain("Resolved as **no-action** after the appeal");
  });

  it("answers kindly when someone else writes /appeal", async () => {
    app = await createTestApp({ services: { now: () => NOW } });
    const github = roomSetup(resolved(), false);
    await app.receive("issue_comment", comment(ROOM, 1, "/appeal", "alex"));
    expect(github.sent.comments[0]?.body).toContain("Only the person this conversation is with can appeal");
  });

  it("says when the appeal window has passed", async () => {
    app = await createTestApp({ services: { now: () => NOW } });
    const github = roomSetup(resolved({ resolvedAt: "2026-10-01T09:30:00.000Z" }), false);
    await app.receive("issue_comment", comment(ROOM, 1, "/appeal please", "rude-ray"));
    expect(github.sent.comments[0]?.body).toContain("Appeals are possible within 20d of the decision");
  });
});
