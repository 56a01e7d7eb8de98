import { afterEach, describe, expect, it } from "vitest";
import nock from "nock";
import { createTestApp, type TestApp } from "./helpers/app.js";
import { mockGitHub, type GitHubMock } from "./helpers/github.js";
import { examplePayload, withOverrides } from "./helpers/payloads.js";
import { Octokit } from "@octokit/rest";
import { APP_BOT_USER, caseBody, caseMeta, OWNER, TEST_SEAL_ENV, testAppIdentity } from "./helpers/cases.js";
import { captureLogs } from "./helpers/logs.js";
import { sweep } from "../src/clocks/sweep.js";
import { createServices } from "../src/services.js";
import type { CaseMeta } from "../src/cases/metadata.js";
import type { ResolutionEvent, ResolutionRecorder } from "../src/resolution-log/recorder.js";
import { readSettings } from "../src/settings.js";

const NOW = new Date("2026-11-02T09:30:00.000Z");
const CASE_NUMBER = 5;
const OUTSIDE = { owner: "coc-committee", repo: "reports" };
const REPORTED = { login: "owner-olga", id: 501 };

class Recorder implements ResolutionRecorder {
  readonly events: ResolutionEvent[] = [];
  async record(event: ResolutionEvent): Promise<void> {
    this.events.push(event);
  }
}

function comment(owner: string, repo: string, body: string, sender: string, issueBody: string) {
  return withOverrides(examplePayload("issue_comment", { action: "created" }), {
    repository: { name: repo, full_name: `${owner}/${repo}`, private: true, owner: { login: owner } },
    issue: { number: CASE_NUMBER, body: issueBody, html_url: `https://github.com/${owner}/${repo}/issues/${CASE_NUMBER}` },
    comment: { body, user: { login: sender, id: 601, type: "User" } },
    sender: { login: sender, id: 601, type: "User" },
  });
}

/** A case written in `owner/repo`, whose commands are answered there: config, privacy gate, templates, the case, the rights check. */
function caseThere(owner: string, repo: string, meta: CaseMeta, yaml: string, permission: "write" | "read" = "write", writes = true): GitHubMock {
  return mockGitHub()
    .config(owner, repo, yaml)
    .repository(owner, repo)
    .templates(owner)
    .caseIssue(owner, repo, CASE_NUMBER, caseBody(meta, undefined, { repo: `${owner}/${repo}` }), { writes })
    .permission(owner, repo, "mod-mia", permission)
    .commentsOn(owner, repo, CASE_NUMBER);
}

let app: TestApp;
let recorder: Recorder;
async function start(): Promise<TestApp> {
  recorder = new Recorder();
  app = await createTestApp({ services: { now: () => NOW, resolutionLog: recorder } });
  return app;
}

afterEach(() => {
  expect(nock.pendingMocks()).toStrictEqual([]);
});

describe("case work on a case about a key-holder", () => {
  it("/room is refused for a sealed case: no room is made in the organisation", async () => {
    await start();
    const meta = caseMeta({ keyHolder: { route: "sealed", reported: REPORTED } });
    const github = caseThere(OWNER, "moderation", meta, "conversationRooms: true\n");

    await app.receive("issue_comment", comment(OWNER, "moderation", "/room @owner-olga", "mod-mia", caseBody(meta)));

    expect(github.sent.comments.at(-1)?.body).toContain("Call-In makes no room for it here");
    expect(github.caseMetaOf(OWNER, "moderation", CASE_NUMBER)).toMatchObject({ room: null, actions: [{ command: "room", outcome: "refused" }] });
  });

  it("an outside case: /resolve runs there with its rights, and the resolution goes to that repository's log", async () => {
    await start();
    const meta = caseMeta({ keyHolder: { route: "outside", reported: REPORTED } });
    const github = caseThere(OUTSIDE.owner, OUTSIDE.repo, meta, `caseRepository: ${OUTSIDE.repo}\n`);

    await app.receive(
      "issue_comment",
      comment(OUTSIDE.owner, OUTSIDE.repo, "/resolve warning", "mod-mia", caseBody(meta, undefined, { repo: `${OUTSIDE.owner}/${OUTSIDE.repo}` })),
    );

    expect(github.caseMetaOf(OUTSIDE.owner, OUTSIDE.repo, CASE_NUMBER)).toMatchObject({ state: "resolved", outcome: "warning", resolvedBy: "mod-mia" });
    expect(recorder.events).toHaveLength(1);
    expect(recorder.events[0]).toMatchObject({ kind: "resolved", outcome: "warning", caseRepository: { owner: OUTSIDE.owner, repo: OUTSIDE.repo } });
  });

  it("an outside case: rights are checked there (read access only is refused)", async () => {
    await start();
    const meta = caseMeta({ keyHolder: { route: "outside", reported: REPORTED } });
    const github = caseThere(OUTSIDE.owner, OUTSIDE.repo, meta, `caseRepository: ${OUTSIDE.repo}\n`, "read");

    await app.receive(
      "issue_comment",
      comment(OUTSIDE.owner, OUTSIDE.repo, "/ack", "mod-mia", caseBody(meta, undefined, { repo: `${OUTSIDE.owner}/${OUTSIDE.repo}` })),
    );

    expect(github.sent.comments.at(-1)?.body).toContain("Case commands can only be used by people with write access to this repository");
    expect(github.caseMetaOf(OUTSIDE.owner, OUTSIDE.repo, CASE_NUMBER)).toMatchObject({ state: "open", acknowledgedAt: null });
  });

  it.each(["/hide", "/lock", "/limit existing_users 1d", "/block @owner-olga"])(
    "an outside case: %s, which would act on the source owner's thread, is refused with the reason",
    async (command) => {
      await start();
      const meta = caseMeta({ keyHolder: { route: "outside", reported: REPORTED } });
      const github = caseThere(OUTSIDE.owner, OUTSIDE.repo, meta, `caseRepository: ${OUTSIDE.repo}\nallowBlock: true\n`);

      await app.receive(
        "issue_comment",
        comment(OUTSIDE.owner, OUTSIDE.repo, command, "mod-mia", caseBody(meta, undefined, { repo: `${OUTSIDE.owner}/${OUTSIDE.repo}` })),
      );

      expect(github.sent.comments.at(-1)?.body).toContain(`Call-In's installation here cannot act on ${OWNER}'s threads`);
      expect(github.caseMetaOf(OUTSIDE.owner, OUTSIDE.repo, CASE_NUMBER)?.actions.at(-1)).toMatchObject({ outcome: "refused" });
    },
  );
});

describe("reminders for a case about a key-holder", () => {
  function sweepOne(meta: CaseMeta): Promise<GitHubMock> {
    const github = mockGitHub()
      .repository(OWNER, "moderation")
      .templates(OWNER)
      .caseIssue(OWNER, "moderation", CASE_NUMBER, caseBody(meta))
      .commentsOn(OWNER, "moderation", CASE_NUMBER);
    github.scope
      .get(`/repos/${OWNER}/moderation/issues`)
      .query(true)
      .reply(200, () => [
        {
          number: CASE_NUMBER,
          node_id: `I_${CASE_NUMBER}`,
          html_url: `https://github.com/${OWNER}/moderation/issues/${CASE_NUMBER}`,
          title: "t",
          body: github.caseIssues.get(`${OWNER}/moderation#${CASE_NUMBER}`)!.body,
          state: "open",
          user: APP_BOT_USER,
        },
      ]);
    const logs = captureLogs();
    const services = createServices({
      log: logs.log,
      settings: readSettings({ ...TEST_SEAL_ENV }),
      appIdentity: testAppIdentity,
      now: () => new Date("2026-11-02T12:00:00.000Z"),
    });
    const client = { owner: OWNER, github: new Octokit({ auth: "test-token" }), readConfig: async () => ({ moderatorTeam: "moderators" }) };
    return sweep(services, [client], logs.log).then(() => github);
  }

  it("mention the assignees who are not the reported person, never the team", async () => {
    const meta = caseMeta({ openedAt: "2026-11-01T10:00:00.000Z", assignees: ["owner-olga", "mod-mia"], keyHolder: { route: "sealed", reported: REPORTED } });
    const github = await sweepOne(meta);
    const reminder = github.sent.comments[0]!.body;
    expect(reminder).toMatch(/^@mod-mia \(assigned\): this case has waited 24h/);
    expect(reminder).not.toContain("moderators");
    expect(reminder).not.toContain("@owner-olga");
    expect(reminder).toContain("the moderator team is not mentioned");
  });

  it("mention nobody, and say why, when nobody else is assigned", async () => {
    const meta = caseMeta({ openedAt: "2026-11-01T10:00:00.000Z", assignees: ["Owner-Olga"], keyHolder: { route: "sealed", reported: REPORTED } });
    const github = await sweepOne(meta);
    const reminder = github.sent.comments[0]!.body;
    expect(reminder).toMatch(/^A reminder: this case has waited 24h/);
    expect(reminder).not.toMatch(/@/);
    expect(reminder).toContain("`/assign` someone who is not that person");
  });
});
