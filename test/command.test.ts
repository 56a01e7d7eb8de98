import { afterEach, beforeEach, describe, expect, it } from "vitest";
import nock from "nock";
import { createTestApp, type TestApp } from "./helpers/app.js";
import { mockGitHub } from "./helpers/github.js";
import { examplePayload, withOverrides } from "./helpers/payloads.js";

const MAINTAINER = { login: "maintainer-mo", id: 77, type: "User" };

describe("/call-in in comments", () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await createTestApp();
  });
  afterEach(() => {
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("issue comment: a maintainer's command opens a case about the thread and deletes the command", async () => {
    const payload = withOverrides(examplePayload("issue_comment", { action: "created" }), {
      comment: { id: 555, body: "/call-in repeated personal attacks\nmore context here", user: MAINTAINER },
      sender: MAINTAINER,
    });
    const github = mockGitHub().permission("Codertocat", "Hello-World", "maintainer-mo", "write");
    github.readyToOpenCase("Codertocat", "Hello-World").deletesIssueComment("Codertocat", "Hello-World", 555);

    await app.receive("issue_comment", payload);

    const meta = github.lastCaseMeta();
    expect(meta).toMatchObject({ trigger: "command", state: "open", subject: { kind: "issue" }, source: { number: 1, threadKind: "issue" } });
    expect(github.sent.createdIssues[0]?.body).toContain("**Why:** repeated personal attacks");
    expect(github.sent.createdIssues[0]?.body).toContain("@maintainer-mo asked for a call-in");
  });

  it("issue comment with a link: the linked comment is the subject", async () => {
    const payload = withOverrides(examplePayload("issue_comment", { action: "created" }), {
      comment: { id: 556, body: "/call-in https://github.com/Codertocat/Hello-World/issues/1#issuecomment-42 slur in this one", user: MAINTAINER },
      sender: MAINTAINER,
    });
    const github = mockGitHub().permission("Codertocat", "Hello-World", "maintainer-mo", "admin");
    github.existingComment("Codertocat", "Hello-World", "issue", {
      id: 42,
      url: "https://github.com/Codertocat/Hello-World/issues/1#issuecomment-42",
      body: "the hurtful words",
      updatedAt: "2026-11-20T11:00:00Z",
    });
    github.readyToOpenCase("Codertocat", "Hello-World").deletesIssueComment("Codertocat", "Hello-World", 556);

    await app.receive("issue_comment", payload);

    expect(github.lastCaseMeta().subject).toStrictEqual({
      kind: "issue_comment",
      url: "https://github.com/Codertocat/Hello-World/issues/1#issuecomment-42",
      id: 42,
      nodeId: "IC_42",
      author: { login: "heated-harry", id: 4242 },
    });
    const body = github.sent.createdIssues[0]?.body ?? "";
    expect(body).toContain("> the hurtful words");
    expect(body).toContain("**Why:** slur in this one");
    expect(body).toContain("| Last edited | 2026-11-20 11:00 UTC |");
  });

  it("review comment: the comment replied to is the subject, and the command is deleted", async () => {
    const payload = withOverrides(examplePayload("pull_request_review_comment", { action: "created" }), {
      comment: { id: 600, body: "/call-in", in_reply_to_id: 599, user: MAINTAINER },
      sender: MAINTAINER,
    });
    const github = mockGitHub().permission("Codertocat", "Hello-World", "maintainer-mo", "write");
    github.existingComment("Codertocat", "Hello-World", "review", {
      id: 599,
      url: "https://github.com/Codertocat/Hello-World/pull/2#discussion_r599",
      body: "what a stupid change",
    });
    github.readyToOpenCase("Codertocat", "Hello-World").deletesReviewComment("Codertocat", "Hello-World", 600);

    await app.receive("pull_request_review_comment", payload);

    expect(github.lastCaseMeta()).toMatchObject({ subject: { kind: "review_comment", id: 599 }, source: { threadKind: "pull_request", number: 2 } });
    expect(github.sent.createdIssues[0]?.body).toContain("> what a stupid change");
  });

  it("review: the command line is cut from the review's text, which is kept", async () => {
    const payload = withOverrides(examplePayload("pull_request_review", { action: "submitted" }), {
      review: { body: "/call-in tone in this thread\nThe code itself looks fine.", user: MAINTAINER },
      sender: MAINTAINER,
    });
    const github = mockGitHub().permission("Codertocat", "Hello-World", "maintainer-mo", "write");
    github.readyToOpenCase("Codertocat", "Hello-World");
    let updated: unknown;
    github.scope
      .put("/repos/Codertocat/Hello-World/pulls/2/reviews/237895671", (body) => {
        updated = body;
        return true;
      })
      .reply(200, {});

    await app.receive("pull_request_review", payload);

    expect(updated).toStrictEqual({ body: "The code itself looks fine." });
    expect(github.lastCaseMeta()).toMatchObject({ subject: { kind: "pull_request" }, trigger: "command" });
  });

  it("review holding only the command: the review is minimized, since it cannot be deleted", async () => {
    const payload = withOverrides(examplePayload("pull_request_review", { action: "submitted" }), {
      review: { body: "/call-in", user: MAINTAINER },
      sender: MAINTAINER,
    });
    const github = mockGitHub().permission("Codertocat", "Hello-World", "maintainer-mo", "write");
    github.readyToOpenCase("Codertocat", "Hello-World");
    github.graphqlOp("MinimizeComment", () => ({ minimizeComment: { minimizedComment: { isMinimized: true } } }));

    await app.receive("pull_request_review", payload);

    expect(github.sent.graphql[0]?.variables).toStrictEqual({ subjectId: payload.review.node_id, classifier: "OUTDATED" });
  });

  it("discussion comment: the parent comment is the subject; the command is deleted through GraphQL", async () => {
    const payload = withOverrides(examplePayload("discussion_comment", { action: "created" }), {
      comment: { body: "/call-in", parent_id: 544000, user: MAINTAINER },
      sender: MAINTAINER,
    });
    const github = mockGitHub().permission("octo-org", "octo-repo", "maintainer-mo", "write");
    github.graphqlOp("DiscussionComments", (variables) => {
      expect(variables).toStrictEqual({ owner: "octo-org", repo: "octo-repo", number: 90 });
      return {
        repository: {
          discussion: {
            comments: {
              nodes: [
                {
                  id: "DC_parent",
                  databaseId: 544000,
                  url: "https://github.com/octo-org/octo-repo/discussions/90#discussioncomment-544000",
                  body: "go away, nobody wants you here",
                  createdAt: "2026-11-20T10:00:00Z",
                  updatedAt: "2026-11-20T10:00:00Z",
                  author: { login: "heated-harry", __typename: "User", databaseId: 4242 },
                  replies: { nodes: [] },
                },
              ],
            },
          },
        },
      };
    });
    github.readyToOpenCase("octo-org", "octo-repo");
    github.graphqlOp("DeleteDiscussionComment", () => ({ deleteDiscussionComment: { comment: { id: payload.comment.node_id } } }));

    await app.receive("discussion_comment", payload);

    expect(github.lastCaseMeta()).toMatchObject({
      subject: { kind: "discussion_comment", id: 544000, nodeId: "DC_parent", author: { login: "heated-harry" } },
      source: { threadKind: "discussion", number: 90 },
    });
    expect(github.sent.graphql.at(-1)?.variables).toStrictEqual({ id: payload.comment.node_id });
  });

  it("someone without write access: no case, nothing public, a debug line", async () => {
    const payload = withOverrides(examplePayload("issue_comment", { action: "created" }), {
      comment: { body: "/call-in", user: { login: "drive-by", id: 5, type: "User" }, author_association: "MEMBER" },
      sender: { login: "drive-by", id: 5, type: "User" },
    });
    mockGitHub().config("Codertocat", "Hello-World", null).permission("Codertocat", "Hello-World", "drive-by", "read");

    await app.receive("issue_comment", payload);

    expect(app.logs.lines.some((l) => l.level === 20 && /not a maintainer/.test(String(l.msg)))).toBe(true);
  });

  it("a member of moderatorTeam may use the command without write access", async () => {
    const payload = withOverrides(examplePayload("issue_comment", { action: "created" }), {
      comment: { id: 557, body: "/call-in", user: { login: "mod-mia", id: 6, type: "User" } },
      sender: { login: "mod-mia", id: 6, type: "User" },
    });
    const github = mockGitHub().permission("Codertocat", "Hello-World", "mod-mia", "read").teamMembership("Codertocat", "community", "mod-mia", "active");
    github.readyToOpenCase("Codertocat", "Hello-World", { yaml: "moderatorTeam: community\n" }).deletesIssueComment("Codertocat", "Hello-World", 557);

    await app.receive("issue_comment", payload);

    expect(github.lastCaseMeta().trigger).toBe("command");
  });

  it("ignores commands from bots", async () => {
    const payload = withOverrides(examplePayload("issue_comment", { action: "created" }), {
      comment: { body: "/call-in" },
      sender: { login: "some-bot[bot]", id: 9, type: "Bot" },
    });
    await app.receive("issue_comment", payload);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("keeps the command in place (and says why in the log) when the case cannot be written", async () => {
    const payload = withOverrides(examplePayload("issue_comment", { action: "created" }), {
      comment: { id: 558, body: "/call-in", user: MAINTAINER },
      sender: MAINTAINER,
    });
    mockGitHub()
      .permission("Codertocat", "Hello-World", "maintainer-mo", "write")
      .config("Codertocat", "Hello-World", null)
      .repository("Codertocat", "moderation", { private: false })
      .readsBesideGate("Codertocat", "moderation");

    await app.receive("issue_comment", payload);

    expect(app.logs.lines.some((l) => l.level === 50 && /is public, so Call-In writes nothing there/.test(String(l.msg)))).toBe(true);
  });
});
