import { afterEach, describe, expect, it } from "vitest";
import nock from "nock";
import { createTestApp, type TestApp } from "./helpers/app.js";
import { mockGitHub, type GitHubMock } from "./helpers/github.js";
import { examplePayload, withOverrides } from "./helpers/payloads.js";
import { ZERO_WIDTH_SPACE } from "../src/text/neutralise.js";

// What an organisation gets with no call-in.yml at all: only the app and a private `moderation` repository.
const OWNER = "Codertocat";
const REPO = "Hello-World";
const NOW = new Date("2026-11-22T10:00:00Z");
const REPORT = "Please stop. This violates the CoC, and I am not the only one who feels this way.";

function app(): Promise<TestApp> {
  return createTestApp({ services: { now: () => NOW, env: {} } });
}

/** The reads every triage case needs: privacy gate, templates, open cases. */
function casePrelude(github: GitHubMock): GitHubMock {
  return github.repository(OWNER, "moderation").templates(OWNER).openCases(OWNER, "moderation");
}

/** A review comment on pull request 2 ("Update the README with new information."). */
function reviewComment(body: string, id = 284312630) {
  return withOverrides(examplePayload("pull_request_review_comment", { action: "created" }), {
    comment: { id, body, html_url: `https://github.com/${OWNER}/${REPO}/pull/2#discussion_r${id}` },
  });
}

function issueComment(body: string, title?: string) {
  return withOverrides(examplePayload("issue_comment", { action: "created" }), { comment: { body }, ...(title ? { issue: { title } } : {}) });
}

afterEach(() => {
  expect(nock.pendingMocks()).toStrictEqual([]);
});

describe("the watch with no call-in.yml (the defaults)", () => {
  it("opens a private triage case for an explicit public report; screening and the public reply stay off", async () => {
    const testApp = await app();
    const github = casePrelude(mockGitHub().config(OWNER, REPO, null)).createsIssue(OWNER, "moderation");

    await testApp.receive("issue_comment", issueComment(REPORT));

    expect(github.sent.createdIssues).toHaveLength(1);
    expect(github.sent.createdIssues[0]!.title).toMatch(/^CI-[0-9A-Z]{6} · Triage · Codertocat\/Hello-World issue 1$/);
    expect(github.lastCaseMeta()).toMatchObject({ trigger: "watch", state: "triage", source: { key: "codertocat/hello-world#1" } });
    expect(github.sent.createdIssues[0]!.body).toContain('the watch rule **phrase "violates the CoC"**');
    // No public reply: nothing was posted anywhere but the case.
    expect(github.sent.comments).toStrictEqual([]);
  });

  it("a comment without a report phrase or a mention opens nothing, however rude (screening is off)", async () => {
    const testApp = await app();
    const github = mockGitHub().config(OWNER, REPO, null);

    await testApp.receive("issue_comment", issueComment("What a stupid, useless idea. Nobody wants this garbage."));

    expect(github.sent.createdIssues).toStrictEqual([]);
  });
});

describe("threads about the Code of Conduct itself", () => {
  it("a pull request that changes .github/CODE_OF_CONDUCT.md: a report phrase alone opens nothing", async () => {
    const testApp = await app();
    const github = mockGitHub().config(OWNER, REPO, null).pullRequestFiles(OWNER, REPO, 2, ["docs/index.md", ".github/CODE_OF_CONDUCT.md"]);

    await testApp.receive(
      "pull_request_review_comment",
      reviewComment("Should the code of conduct say who enforces it? As written, 'violates the CoC' is vague."),
    );

    expect(github.sent.createdIssues).toStrictEqual([]);
    expect(testApp.logs.text()).toContain("a report phrase in a thread about the Code of Conduct; no triage case");
  });

  it("a pull request renaming docs/code-of-conduct.md counts too, by its old path", async () => {
    const testApp = await app();
    const github = mockGitHub().config(OWNER, REPO, null);
    github.responds("GET", `/repos/${OWNER}/${REPO}/pulls/2/files?per_page=100`, 200, [
      {
        sha: "0".repeat(40),
        filename: "docs/conduct.md",
        previous_filename: "docs/code-of-conduct.md",
        status: "renamed",
        additions: 0,
        deletions: 0,
        changes: 0,
        blob_url: `https://github.com/${OWNER}/${REPO}/blob/${"a".repeat(40)}/docs/conduct.md`,
        raw_url: `https://github.com/${OWNER}/${REPO}/raw/${"a".repeat(40)}/docs/conduct.md`,
        contents_url: `https://api.github.com/repos/${OWNER}/${REPO}/contents/docs/conduct.md?ref=${"a".repeat(40)}`,
      },
    ]);

    await testApp.receive("pull_request_review_comment", reviewComment("Moving the code of conduct breaks links to it."));

    expect(github.sent.createdIssues).toStrictEqual([]);
  });

  it("there, a mention of the moderator team still opens a triage case (and the files are not even read)", async () => {
    const testApp = await app();
    const github = casePrelude(mockGitHub().config(OWNER, REPO, "moderatorTeam: moderators\n")).createsIssue(OWNER, "moderation");

    await testApp.receive("pull_request_review_comment", reviewComment("@Codertocat/moderators this violates the CoC, please look."));

    expect(github.sent.createdIssues).toHaveLength(1);
    expect(github.sent.createdIssues[0]!.body).toContain(`the watch rule **mention of the moderator team @${ZERO_WIDTH_SPACE}Codertocat/moderators**`);
  });

  it("a pull request that changes no Code of Conduct: the phrase is a report", async () => {
    const testApp = await app();
    const github = casePrelude(mockGitHub().config(OWNER, REPO, null).pullRequestFiles(OWNER, REPO, 2, ["README.md", "docs/conduct-of-tests.md"])).createsIssue(
      OWNER,
      "moderation",
    );

    await testApp.receive("pull_request_review_comment", reviewComment(REPORT));

    expect(github.lastCaseMeta()).toMatchObject({ trigger: "watch", source: { threadKind: "pull_request" } });
  });

  it("when the files cannot be read, the thread counts as not about the Code of Conduct: the report opens a case", async () => {
    const testApp = await app();
    const github = casePrelude(mockGitHub().config(OWNER, REPO, null).pullRequestFiles(OWNER, REPO, 2, 403)).createsIssue(OWNER, "moderation");

    await testApp.receive("pull_request_review_comment", reviewComment(REPORT));

    expect(github.sent.createdIssues).toHaveLength(1);
    const warning = testApp.logs.lines.find((line) => String(line.msg).includes("could not read the pull request's files"));
    expect(warning).toMatchObject({ level: 40, status: 403, source: "codertocat/hello-world#2" });
  });

  it("reads a pull request's files once for many comments", async () => {
    const testApp = await app();
    const github = mockGitHub().config(OWNER, REPO, null).pullRequestFiles(OWNER, REPO, 2, ["CODE_OF_CONDUCT.md"]);

    await testApp.receive("pull_request_review_comment", reviewComment("The code of conduct should name a contact.", 1));
    await testApp.receive("pull_request_review_comment", reviewComment("Agreed, a CoC violation needs somewhere to go.", 2));

    expect(github.sent.createdIssues).toStrictEqual([]);
  });

  it("an issue titled about the Code of Conduct: phrases in its comments open nothing, and no files are read", async () => {
    const testApp = await app();
    const github = mockGitHub().config(OWNER, REPO, null);

    await testApp.receive(
      "issue_comment",
      issueComment("I like this code of conduct; 'this is harassment' is a good example line.", "Adopt the Contributor Covenant as our Code of Conduct"),
    );

    expect(github.sent.createdIssues).toStrictEqual([]);
  });

  it("an issue opened about the CODE_OF_CONDUCT itself opens nothing", async () => {
    const testApp = await app();
    const github = mockGitHub().config(OWNER, REPO, null);
    const payload = withOverrides(examplePayload("issues", { action: "opened" }), {
      issue: { title: "Update CODE_OF_CONDUCT.md to version 2.1", body: "The new code of conduct adds a section on enforcement." },
    });

    await testApp.receive("issues", payload);

    expect(github.sent.createdIssues).toStrictEqual([]);
  });

  it("an issue titled with a concern under the Code of Conduct is a report, not a thread about it", async () => {
    const testApp = await app();
    const github = casePrelude(mockGitHub().config(OWNER, REPO, null)).createsIssue(OWNER, "moderation");
    const payload = withOverrides(examplePayload("issues", { action: "opened" }), {
      issue: { title: "Code of Conduct violation in the release thread", body: "Someone keeps insulting new contributors there." },
    });

    await testApp.receive("issues", payload);

    expect(github.lastCaseMeta()).toMatchObject({ trigger: "watch", state: "triage", subject: { kind: "issue" } });
  });
});
