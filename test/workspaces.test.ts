import { afterEach, describe, expect, it } from "vitest";
import nock from "nock";
import { createTestApp, type TestApp } from "./helpers/app.js";
import { mockGitHub } from "./helpers/github.js";
import { examplePayload, withOverrides } from "./helpers/payloads.js";
import { caseBody, caseMeta } from "./helpers/cases.js";
import { isPrivateWorkspace } from "../src/cases/workspaces.js";
import { configSchema } from "../src/config/schema.js";

/**
 * Escalated cases and rooms hold what the usual team must not read. Nothing in
 * them may be watched, used as a trigger or snapshotted into a case: every
 * request below is mocked, so any write (or read of the case repository) fails the test.
 */
const OWNER = "Codertocat";
const ESCALATION = "escalated";
const ROOM = "call-in-ci-7kq3m2";
/** The owner's file: watch on, an escalation repository; rooms are off now (old rooms are still workspaces). */
const OWNER_FILE = `escalationRepository: ${ESCALATION}\nwatch:\n  enabled: true\n`;
const REPORT_TEXT = "Edit: the reported person's contact is in here, and this violates the CoC.";

function inRepository(repo: string) {
  return { repository: { name: repo, full_name: `${OWNER}/${repo}`, private: true, owner: { login: OWNER } } };
}

describe("private workspaces are never watched, triggers or snapshot sources", () => {
  let testApp: TestApp;
  afterEach(async () => {
    await testApp.close();
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  for (const repo of [ESCALATION, ROOM]) {
    it(`an edited comment matching a watch phrase in ${repo} writes nothing and opens no triage case`, async () => {
      testApp = await createTestApp();
      // The only request: the config. No privacy gate, no case listing, no case.
      const github = mockGitHub().config(OWNER, repo, null, OWNER_FILE);
      const payload = withOverrides(examplePayload("issue_comment", { action: "edited" }), { ...inRepository(repo), comment: { body: REPORT_TEXT } });

      await testApp.receive("issue_comment", payload);

      expect(github.sent.createdIssues).toStrictEqual([]);
      expect(github.sent.requests).toStrictEqual([]);
      expect(testApp.logs.text()).not.toContain("contact is in here");
    });

    it(`a new issue matching a watch phrase in ${repo} opens nothing`, async () => {
      testApp = await createTestApp();
      const github = mockGitHub().config(OWNER, repo, null, OWNER_FILE);
      const payload = withOverrides(examplePayload("issues", { action: "opened" }), {
        ...inRepository(repo),
        issue: { title: "Escalated", body: REPORT_TEXT },
      });

      await testApp.receive("issues", payload);

      expect(github.sent.createdIssues).toStrictEqual([]);
    });
  }

  it("the call-in label in the escalation repository opens nothing and removes nothing", async () => {
    testApp = await createTestApp();
    const github = mockGitHub().config(OWNER, ESCALATION, null, OWNER_FILE);
    const payload = withOverrides(examplePayload("issues", { action: "labeled" }), {
      ...inRepository(ESCALATION),
      label: { name: "call-in" },
      sender: { login: "maintainer-mo", id: 77, type: "User" },
    });

    await testApp.receive("issues", payload);

    expect(github.sent.createdIssues).toStrictEqual([]);
  });

  it("/call-in in a room is not a new case (no rights check, no case, nothing deleted)", async () => {
    testApp = await createTestApp();
    const github = mockGitHub().config(OWNER, ROOM, null, OWNER_FILE);
    const payload = withOverrides(examplePayload("issue_comment", { action: "created" }), {
      ...inRepository(ROOM),
      comment: { body: "/call-in this is what they wrote to me" },
      sender: { login: "maintainer-mo", id: 77, type: "User" },
    });

    await testApp.receive("issue_comment", payload);

    expect(github.sent.createdIssues).toStrictEqual([]);
    expect(github.sent.comments).toStrictEqual([]);
  });
});

describe("/call-in inside an escalated case", () => {
  afterEach(() => {
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("is case work: an unknown case command answered in the case, never a new case", async () => {
    const testApp = await createTestApp();
    const meta = caseMeta();
    // Sealed for the escalation repository, where the case lives: a block sealed elsewhere is not trusted here.
    const body = caseBody(meta, undefined, { repo: `${OWNER}/${ESCALATION}` });
    const github = mockGitHub()
      .config(OWNER, ESCALATION, null, OWNER_FILE)
      .repository(OWNER, ESCALATION)
      .templates(OWNER)
      .caseIssue(OWNER, ESCALATION, 12, body, { writes: true })
      .permission(OWNER, ESCALATION, "mod-mia", "write")
      .commentsOn(OWNER, ESCALATION, 12);
    const payload = withOverrides(examplePayload("issue_comment", { action: "created" }), {
      ...inRepository(ESCALATION),
      issue: { number: 12, body, html_url: `https://github.com/${OWNER}/${ESCALATION}/issues/12` },
      comment: { body: "/call-in", user: { login: "mod-mia", id: 501, type: "User" } },
      sender: { login: "mod-mia", id: 501, type: "User" },
    });

    await testApp.receive("issue_comment", payload);

    expect(github.sent.createdIssues).toStrictEqual([]);
    expect(github.sent.comments).toHaveLength(1);
    expect(github.sent.comments[0]).toMatchObject({ repo: ESCALATION, number: 12, body: expect.stringContaining("does not know `/call-in`") });
  });
});

describe("isPrivateWorkspace", () => {
  const config = configSchema.parse({
    caseRepository: "Moderation",
    escalationRepository: "escalated",
    allowedCaseRepositories: ["web-cases"],
    roomPrefix: "talk",
  });

  it("names the case stores, the escalation repository and rooms, whatever the case", () => {
    for (const repo of ["moderation", "ESCALATED", "web-cases", "talk-ci-7kq3m2", "talk-anything"]) expect(isPrivateWorkspace(config, repo)).toBe(true);
  });

  it("does not name public repositories that merely look alike", () => {
    for (const repo of ["moderation-docs", "escalated2", "talk", "call-in-ci-7kq3m2", "hello-world"]) expect(isPrivateWorkspace(config, repo)).toBe(false);
  });
});
