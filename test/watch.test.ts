import { afterEach, describe, expect, it } from "vitest";
import nock from "nock";
import { createTestApp, type TestApp } from "./helpers/app.js";
import { mockGitHub, type GitHubMock } from "./helpers/github.js";
import { examplePayload, withOverrides } from "./helpers/payloads.js";
import { ZERO_WIDTH_SPACE } from "../src/text/neutralise.js";

const OWNER = "Codertocat";
const REPO = "Hello-World";
const NOW = new Date("2026-11-22T10:00:00Z");
const WATCH_ON = "watch:\n  enabled: true\n";
const REPORT = "Please stop. This violates the CoC, and I am not the only one who feels this way.";

async function app(env: Record<string, string> = {}): Promise<TestApp> {
  return createTestApp({ services: { now: () => NOW, env } });
}

/** The reads every triage case needs: privacy gate, templates, open cases. */
function casePrelude(github: GitHubMock, owner = OWNER, cases: Array<{ number: number; body: string }> = []): GitHubMock {
  return github.repository(owner, "moderation").templates(owner).openCases(owner, "moderation", cases);
}

function issueComment(action: "created" | "edited" | "deleted", overrides: Record<string, unknown> = {}) {
  return withOverrides(examplePayload("issue_comment", { action }), overrides);
}

/**
 * What Call-In itself logged. At LOG_LEVEL=debug, Probot logs each webhook
 * payload (`event`) and Octokit each request body (`name: "octokit"`); those
 * lines are the framework's, not Call-In's, and are left out here.
 */
function appLogText(testApp: TestApp): string {
  return testApp.logs.lines
    .filter((line) => !("event" in line) && line.name !== "octokit")
    .map((line) => JSON.stringify(line))
    .join("\n");
}

afterEach(() => {
  expect(nock.pendingMocks()).toStrictEqual([]);
});

describe("watching public comments", () => {
  it("turns a public report in an issue comment into a private triage case", async () => {
    const testApp = await app();
    const github = casePrelude(mockGitHub().config(OWNER, REPO, WATCH_ON)).createsIssue(OWNER, "moderation");

    await testApp.receive("issue_comment", issueComment("created", { comment: { body: `${REPORT} cc @octocat` } }));

    expect(github.sent.createdIssues).toHaveLength(1);
    const created = github.sent.createdIssues[0]!;
    expect(created.title).toMatch(/^CI-[0-9A-Z]{6} · Triage · Codertocat\/Hello-World issue 1$/);
    expect(created.body).toContain("looks like a public report of a Code of Conduct concern");
    expect(created.body).toContain('the watch rule **phrase "violates the CoC"**');
    expect(created.body).toContain("This is a **triage case**");
    expect(created.body).toContain("#### The report");
    expect(created.body).toContain("https://github.com/Codertocat/Hello-World/issues/1#issuecomment-492700400");
    expect(created.body).toContain(`> ${REPORT} cc @${ZERO_WIDTH_SPACE}octocat`);
    expect(created.body).toContain("It points at no single comment, so the snapshot below is the thread itself.");
    expect(created.body).toContain("### Evidence snapshot");
    const meta = github.lastCaseMeta();
    expect(meta).toMatchObject({
      state: "triage",
      trigger: "watch",
      source: { key: "codertocat/hello-world#1", threadKind: "issue" },
      subject: { kind: "issue", id: null },
      reporting: [{ kind: "issue_comment", id: 492700400, author: { login: "Codertocat" } }],
      watchedAt: NOW.toISOString(),
    });
    // The log says what happened without the words of the report.
    expect(testApp.logs.text()).toContain("a public report reached a triage case");
    expect(appLogText(testApp)).not.toContain("I am not the only one");
  });

  it("opens nothing when the phrase is only inside a code block, inline code or a quote", async () => {
    const testApp = await app();
    mockGitHub().config(OWNER, REPO, WATCH_ON);
    const body = "Added the check:\n\n```\nif (text.includes('code of conduct')) flag();\n```\n\nIt also catches `CoC violation`.\n\n> this is harassment";

    await testApp.receive("issue_comment", issueComment("created", { comment: { body } }));

    expect(testApp.logs.text()).not.toContain("triage case");
  });

  it("ignores a report phrase from a bot without reading anything", async () => {
    const testApp = await app();
    const github = mockGitHub();

    await testApp.receive("issue_comment", issueComment("created", { comment: { body: REPORT }, sender: { login: "helper[bot]", type: "Bot" } }));

    expect(github.sent.createdIssues).toStrictEqual([]);
  });

  it("does nothing when the watch is turned off", async () => {
    const testApp = await app();
    const github = mockGitHub().config(OWNER, REPO, "watch:\n  enabled: false\n");

    await testApp.receive("issue_comment", issueComment("created", { comment: { body: REPORT } }));

    expect(github.sent.createdIssues).toStrictEqual([]);
  });

  it("in dry run logs what it would do and makes no other request", async () => {
    const testApp = await app();
    mockGitHub().config(OWNER, REPO, "watch:\n  enabled: true\n  dryRun: true\n  publicReply: true\n");

    await testApp.receive("issue_comment", issueComment("created", { comment: { body: REPORT } }));

    const line = testApp.logs.lines.find((l) => String(l.msg).includes("dry run"));
    expect(line).toMatchObject({ rule: "phrase", ruleIndex: 3, source: "codertocat/hello-world#1" });
    expect(appLogText(testApp)).not.toContain("I am not the only one");
  });

  it("skips people and repositories on the allow-lists", async () => {
    const testApp = await app();
    const github = mockGitHub().config(OWNER, REPO, "watch:\n  enabled: true\n  allowUsers: [codertocat]\n");

    await testApp.receive("issue_comment", issueComment("created", { comment: { body: REPORT } }));

    expect(github.sent.createdIssues).toStrictEqual([]);
  });

  it("shows the owner a screening pattern it cannot use, and opens nothing", async () => {
    const testApp = await app();
    const github = mockGitHub()
      .config(OWNER, REPO, "watch:\n  enabled: true\n  screening:\n    enabled: true\n    patterns: ['(\\w+) \\1']\n")
      .repository(OWNER, "moderation")
      .openCases(OWNER, "moderation")
      .createsIssue(OWNER, "moderation");

    await testApp.receive("issue_comment", issueComment("created", { comment: { body: REPORT } }));

    expect(github.sent.createdIssues).toHaveLength(1);
    expect(github.sent.createdIssues[0]!.title).toBe("Call-In cannot use its configuration");
    expect(github.sent.createdIssues[0]!.body).toContain("not a valid RE2 regular expression");
    expect(github.sent.createdIssues[0]!.body).toContain("no backreferences");
  });
});

describe("what the report points at", () => {
  it("a reply in a review thread: the review comment it answers", async () => {
    const testApp = await app();
    const github = casePrelude(mockGitHub().config(OWNER, REPO, WATCH_ON))
      // A report phrase in a pull request: its files say whether it is about the Code of Conduct (it is not).
      .pullRequestFiles(OWNER, REPO, 2, ["README.md"])
      .reviewComment(OWNER, REPO, 2, { id: 111, body: "Whoever wrote this should quit programming.", login: "grumpy" })
      .createsIssue(OWNER, "moderation");
    const payload = withOverrides(examplePayload("pull_request_review_comment", { action: "created" }), {
      comment: { body: "That is uncalled for; this is harassment.", in_reply_to_id: 111 },
    });

    await testApp.receive("pull_request_review_comment", payload);

    const created = github.sent.createdIssues[0]!;
    expect(created.title).toMatch(/· Triage · Codertocat\/Hello-World pull request 2$/);
    expect(created.body).toContain("It replies to the comment snapshotted below.");
    expect(created.body).toContain("> Whoever wrote this should quit programming.");
    expect(created.body).toContain("> That is uncalled for; this is harassment.");
    expect(github.lastCaseMeta()).toMatchObject({
      subject: { kind: "review_comment", id: 111, author: { login: "grumpy" } },
      reporting: [{ kind: "review_comment", id: 284312630 }],
    });
  });

  it("a submitted review: the pull request", async () => {
    const testApp = await app();
    const github = casePrelude(mockGitHub().config(OWNER, REPO, WATCH_ON).pullRequestFiles(OWNER, REPO, 2, ["README.md"])).createsIssue(OWNER, "moderation");
    const payload = withOverrides(examplePayload("pull_request_review", { action: "submitted" }), {
      review: { body: "Before the code: the thread above breaks our code of conduct." },
    });

    await testApp.receive("pull_request_review", payload);

    expect(github.lastCaseMeta()).toMatchObject({ subject: { kind: "pull_request" }, reporting: [{ kind: "review", id: 237895671 }] });
  });

  it("a discussion reply: the comment it answers", async () => {
    const testApp = await app();
    const github = casePrelude(mockGitHub().config("octo-org", "octo-repo", `moderatorTeam: moderators\n${WATCH_ON}`), "octo-org")
      .graphqlOp("DiscussionComments", (variables) => {
        expect(variables).toStrictEqual({ owner: "octo-org", repo: "octo-repo", number: 90 });
        const at = "2026-11-21T08:00:00Z";
        const comment = (databaseId: number, body: string) => ({
          id: `DC_${databaseId}`,
          databaseId,
          url: `https://github.com/octo-org/octo-repo/discussions/90#discussioncomment-${databaseId}`,
          body,
          createdAt: at,
          updatedAt: at,
          author: { login: "grumpy", __typename: "User", databaseId: 9 },
        });
        return { repository: { discussion: { comments: { nodes: [{ ...comment(5000, "Nobody asked you."), replies: { nodes: [] } }] } } } };
      })
      .createsIssue("octo-org", "moderation");
    const payload = withOverrides(examplePayload("discussion_comment", { action: "created" }), {
      comment: { body: "@octo-org/moderators can someone look at this?", parent_id: 5000 },
    });

    await testApp.receive("discussion_comment", payload);

    const created = github.sent.createdIssues[0]!;
    expect(created.title).toMatch(/· Triage · octo-org\/octo-repo discussion 90$/);
    expect(created.body).toContain("the watch rule **mention of the moderator team @");
    expect(created.body).toContain("> Nobody asked you.");
    expect(github.lastCaseMeta()).toMatchObject({
      subject: { kind: "discussion_comment", id: 5000, nodeId: "DC_5000", author: { login: "grumpy" } },
      reporting: [{ kind: "discussion_comment", id: 544078 }],
    });
  });

  it("a link to a comment in the same thread", async () => {
    const testApp = await app();
    const github = casePrelude(mockGitHub().config(OWNER, REPO, WATCH_ON))
      .issueComment(OWNER, REPO, 1, { id: 555, body: "Go back to school.", login: "grumpy" })
      .createsIssue(OWNER, "moderation");
    const body = "This one (https://github.com/Codertocat/Hello-World/issues/1#issuecomment-555) violates the CoC.";

    await testApp.receive("issue_comment", issueComment("created", { comment: { body } }));

    expect(github.lastCaseMeta().subject).toMatchObject({ kind: "issue_comment", id: 555, author: { login: "grumpy" } });
    expect(github.sent.createdIssues[0]!.body).toContain("It links to the comment snapshotted below.");
  });

  it("a quote of an earlier comment", async () => {
    const testApp = await app();
    const github = casePrelude(mockGitHub().config(OWNER, REPO, WATCH_ON))
      .threadComments(OWNER, REPO, 1, [
        { id: 10, body: "Thanks for the report!" },
        { id: 11, body: "You are all clowns and\nshould quit.", login: "grumpy" },
        { id: 492700400, body: "(this one)" },
      ])
      .createsIssue(OWNER, "moderation");
    const body = "> You are all clowns and should quit.\n\nThis is harassment.";

    await testApp.receive("issue_comment", issueComment("created", { comment: { body } }));

    expect(github.lastCaseMeta().subject).toMatchObject({ kind: "issue_comment", id: 11, author: { login: "grumpy" } });
    expect(github.sent.createdIssues[0]!.body).toContain("It quotes the comment snapshotted below.");
  });
});

describe("watched opening posts and edits", () => {
  it("issues.opened: the issue itself is the report and the snapshot", async () => {
    const testApp = await app();
    const github = casePrelude(mockGitHub().config(OWNER, REPO, WATCH_ON)).createsIssue(OWNER, "moderation");
    const payload = withOverrides(examplePayload("issues", { action: "opened" }), {
      issue: { title: "Code of Conduct violation in #12", body: "Someone keeps insulting new contributors." },
    });

    await testApp.receive("issues", payload);

    const created = github.sent.createdIssues[0]!;
    expect(created.body).toContain("The report is the post itself, snapshotted below.");
    expect(created.body).toContain(`**Title:** Code of Conduct violation in #${ZERO_WIDTH_SPACE}12`);
    expect(github.lastCaseMeta()).toMatchObject({ subject: { kind: "issue", id: null }, reporting: [], trigger: "watch" });
  });

  it("issues.edited: only a report that the edit added counts", async () => {
    const testApp = await app();
    const github = casePrelude(mockGitHub().config(OWNER, REPO, WATCH_ON)).createsIssue(OWNER, "moderation");
    const edited = (from: string) =>
      withOverrides(examplePayload("issues", { action: "edited" }), { issue: { body: "Update: this is harassment now." }, changes: { body: { from } } });

    // Matched before the edit too: that version was already handled.
    await testApp.receive("issues", edited("Earlier: this is harassment."));
    expect(github.sent.createdIssues).toHaveLength(0);
    await testApp.receive("issues", edited("A question about the build."));
    expect(github.sent.createdIssues).toHaveLength(1);
  });

  it("discussion.created: the discussion is the report", async () => {
    const testApp = await app();
    const github = casePrelude(mockGitHub().config("octo-org", "octo-repo", WATCH_ON), "octo-org").createsIssue("octo-org", "moderation");
    const payload = withOverrides(examplePayload("discussion", { action: "created" }), { discussion: { body: "How do I report this behaviour privately?" } });

    await testApp.receive("discussion", payload);

    expect(github.lastCaseMeta()).toMatchObject({ source: { threadKind: "discussion", number: 90 }, subject: { kind: "discussion" } });
  });

  const editedComments = [
    { event: "issue_comment", owner: OWNER, repo: REPO, kind: "issue_comment" },
    { event: "pull_request_review_comment", owner: OWNER, repo: REPO, kind: "review_comment" },
    { event: "discussion_comment", owner: OWNER, repo: REPO, kind: "discussion_comment" },
  ] as const;
  for (const { event, owner, repo, kind } of editedComments) {
    it(`${event}.edited: a report added by an edit opens a triage case`, async () => {
      const testApp = await app();
      const github = mockGitHub().config(owner, repo, WATCH_ON);
      // A report phrase in a pull request: its files say whether it is about the Code of Conduct (it is not).
      if (kind === "review_comment") github.pullRequestFiles(owner, repo, 2, ["README.md"]);
      // The edit is first checked against open cases' snapshots (none), then watched.
      github.repository(owner, "moderation").openCases(owner, "moderation");
      casePrelude(github, owner).createsIssue(owner, "moderation");
      const payload = withOverrides(examplePayload(event, { action: "edited" }), { comment: { body: "Edit: this violates the CoC." } });

      await testApp.receive(event, payload);

      expect(github.lastCaseMeta()).toMatchObject({ trigger: "watch", state: "triage", reporting: [{ kind }] });
    });
  }
});
