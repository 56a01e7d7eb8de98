import { afterEach, describe, expect, it } from "vitest";
import nock from "nock";
import { createTestApp, type TestApp } from "./helpers/app.js";
import { mockGitHub, type GitHubMock } from "./helpers/github.js";
import { examplePayload, withOverrides } from "./helpers/payloads.js";
import { caseBody, caseMeta, OWNER, APP_BOT_ACTOR } from "./helpers/cases.js";
import { parseMeta, type CaseMeta } from "../src/cases/metadata.js";

const CASE_REPO = "moderation";
const ESCALATION_REPO = "moderation-escalated";
const CASE_NUMBER = 5;
const NOW = new Date("2026-11-02T09:30:00.000Z");
const CONFIG = "moderatorTeam: moderators\nescalationRepository: moderation-escalated\n";
const TITLE = "CI-7KQ3M2 · Call-in · Codertocat/Hello-World issue 1";

/** Words that must not survive in the usual case repository once the case has moved. */
const SENSITIVE = ["idiots", "rude-ray", "Hello-World", "hello-world", "knew them at work", "mod-mia", "reporter-rae", "issuecomment"];

function recuse(body: string, meta: CaseMeta, sender = "mod-mia") {
  return withOverrides(examplePayload("issue_comment", { action: "created" }), {
    repository: { name: CASE_REPO, full_name: `${OWNER}/${CASE_REPO}`, private: true },
    issue: { number: CASE_NUMBER, body: caseBody(meta) },
    comment: { body, user: { login: sender, id: 501, type: "User" } },
    sender: { login: sender, id: 501, type: "User" },
  });
}

function base(meta: CaseMeta, yaml: string | null): GitHubMock {
  return mockGitHub()
    .config(OWNER, CASE_REPO, yaml)
    .repository(OWNER, CASE_REPO)
    .templates(OWNER)
    .caseIssue(OWNER, CASE_REPO, CASE_NUMBER, caseBody(meta), { title: TITLE })
    .permission(OWNER, CASE_REPO, "mod-mia", "write");
}

function teamMembers(github: GitHubMock, logins: string[]): void {
  github.scope
    .get(`/orgs/${OWNER}/teams/moderators/members`)
    .query(true)
    .reply(
      200,
      logins.map((login, i) => ({ login, id: i + 1, type: "User" })),
    );
}

describe("/recuse", () => {
  let app: TestApp;
  afterEach(() => {
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("records the conflict and unassigns, when the team can still handle the case", async () => {
    app = await createTestApp({ services: { now: () => NOW } });
    const meta = caseMeta({ assignees: ["mod-mia", "alex"] });
    const github = base(meta, "moderatorTeam: moderators\n")
      .responds("DELETE", `/repos/${OWNER}/${CASE_REPO}/issues/${CASE_NUMBER}/assignees`, 200, { number: CASE_NUMBER })
      .commentsOn(OWNER, CASE_REPO, CASE_NUMBER);
    teamMembers(github, ["mod-mia", "alex"]);
    await app.receive("issue_comment", recuse("/recuse I knew them at work", meta));
    const after = github.caseMetaOf(OWNER, CASE_REPO, CASE_NUMBER)!;
    expect(after.recusals).toStrictEqual([{ login: "mod-mia", at: NOW.toISOString() }]);
    expect(after.assignees).toStrictEqual(["alex"]);
    expect(github.sent.requests.find((r) => r.method === "DELETE")?.body).toStrictEqual({ assignees: ["mod-mia"] });
    expect(github.sent.comments.at(-1)?.body).toContain("stepped aside from this case and will not be assigned to it again. Their note: I knew them at work");
  });

  it("says what to configure when the case must move but there is no escalation repository", async () => {
    app = await createTestApp({ services: { now: () => NOW } });
    const meta = caseMeta();
    const github = base(meta, "moderatorTeam: moderators\n").commentsOn(OWNER, CASE_REPO, CASE_NUMBER);
    teamMembers(github, ["mod-mia", "rude-ray"]);
    await app.receive("issue_comment", recuse("/recuse", meta));
    expect(github.caseMetaOf(OWNER, CASE_REPO, CASE_NUMBER)?.recusals).toHaveLength(1);
    expect(github.sent.comments.at(-1)?.body).toContain("The person this case is about is on the moderator team");
    expect(github.sent.comments.at(-1)?.body).toContain("No `escalationRepository` is configured");
  });

  it("keeps the case when the escalation repository is public, and says why", async () => {
    app = await createTestApp({ services: { now: () => NOW } });
    const meta = caseMeta();
    const github = base(meta, CONFIG).repository(OWNER, ESCALATION_REPO, { private: false }).commentsOn(OWNER, CASE_REPO, CASE_NUMBER);
    teamMembers(github, ["mod-mia", "rude-ray"]);
    await app.receive("issue_comment", recuse("/recuse", meta));
    expect(github.sent.createdIssues).toStrictEqual([]);
    expect(github.sent.comments.at(-1)?.body).toContain("is public, so Call-In writes nothing there");
  });

  it("moves the case when the reported person is a moderator, leaving nothing sensitive behind", async () => {
    app = await createTestApp({ services: { now: () => NOW } });
    const meta = caseMeta({ assignees: ["mod-mia"], reporterLogin: "reporter-rae" });
    const github = base(meta, CONFIG)
      .responds("DELETE", `/repos/${OWNER}/${CASE_REPO}/issues/${CASE_NUMBER}/assignees`, 200, { number: CASE_NUMBER })
      .repository(OWNER, ESCALATION_REPO)
      .openCases(OWNER, ESCALATION_REPO)
      .createsIssue(OWNER, ESCALATION_REPO)
      .commentsOn(OWNER, ESCALATION_REPO, 100, 2)
      .responds("DELETE", `/repos/${OWNER}/${CASE_REPO}/issues/comments/11`, 204)
      .responds("DELETE", `/repos/${OWNER}/${CASE_REPO}/issues/comments/12`, 204)
      .responds("DELETE", `/repos/${OWNER}/${CASE_REPO}/issues/comments/13`, 204);
    teamMembers(github, ["mod-mia", "rude-ray", "alex"]);
    github.scope
      .get(`/repos/${OWNER}/${CASE_REPO}/issues/${CASE_NUMBER}/comments`)
      .query(true)
      .reply(200, [
        { id: 11, user: { login: "alex", id: 3, type: "User" }, created_at: "2026-11-01T11:00:00Z", body: "rude-ray said 'idiots' again in Hello-World" },
        { id: 12, user: { login: "mod-mia", id: 501, type: "User" }, created_at: "2026-11-01T12:00:00Z", body: "**`/ack`** by mod-mia" },
        { id: 13, user: { login: "mod-mia", id: 501, type: "User" }, created_at: "2026-11-02T09:29:00Z", body: "/recuse I knew them at work" },
      ]);
    const startedAt = github.sent.requests.length;

    await app.receive("issue_comment", recuse("/recuse I knew them at work", meta));

    // 1. The escalation repository has everything: the body, the metadata, the conversation.
    const [moved] = github.sent.createdIssues;
    expect(moved).toMatchObject({ repo: ESCALATION_REPO, title: TITLE });
    expect(moved?.body).toContain("You are all idiots");
    const movedMeta = parseMeta(moved?.body);
    expect(movedMeta).toMatchObject({ code: "CI-7KQ3M2", escalated: { at: NOW.toISOString(), reason: "reported-is-moderator" }, assignees: [] });
    expect(movedMeta?.recusals).toStrictEqual([{ login: "mod-mia", at: NOW.toISOString() }]);
    const [history, cleanup] = github.sent.comments.filter((c) => c.repo === ESCALATION_REPO);
    expect(history?.body).toContain("rude-ray said 'idiots' again");
    expect(history?.body).toContain("the person it is about is on the moderator team");
    expect(cleanup?.body).toContain("3 comments were deleted there");
    expect(cleanup?.body).toContain("edit history");

    // 2. The usual repository keeps a pointer with the code only.
    const original = github.caseIssues.get(`${OWNER}/${CASE_REPO}#${CASE_NUMBER}`)!;
    expect(original).toMatchObject({ title: "CI-7KQ3M2 · moved to the escalation team", state: "closed" });
    expect(original.body).toContain("CI-7KQ3M2");
    expect(original.body).not.toContain("call-in:meta");
    const replaced = github.sent.requests.find((r) => r.method === "PATCH" && r.body.title);
    expect(replaced?.body.assignees).toStrictEqual([]);

    // 3. No write to the usual repository after the unassignment carries anything sensitive.
    const writes = github.sent.requests
      .slice(startedAt)
      .filter((r) => r.method !== "GET" && r.path.startsWith(`/repos/${OWNER}/${CASE_REPO}/`) && !r.path.endsWith("/assignees"));
    expect(writes.map((w) => `${w.method} ${w.path}`)).toStrictEqual([
      `PATCH /repos/${OWNER}/${CASE_REPO}/issues/${CASE_NUMBER}`,
      `DELETE /repos/${OWNER}/${CASE_REPO}/issues/comments/11`,
      `DELETE /repos/${OWNER}/${CASE_REPO}/issues/comments/12`,
      `DELETE /repos/${OWNER}/${CASE_REPO}/issues/comments/13`,
    ]);
    const written = JSON.stringify(writes) + JSON.stringify(original) + JSON.stringify(github.sent.comments.filter((c) => c.repo === CASE_REPO));
    for (const word of SENSITIVE) expect(written).not.toContain(word);
  });

  it("moves the case when the last assignee steps aside and there is no team", async () => {
    app = await createTestApp({ services: { now: () => NOW } });
    const meta = caseMeta({ assignees: ["mod-mia"] });
    const github = base(meta, "escalationRepository: moderation-escalated\n")
      .responds("DELETE", `/repos/${OWNER}/${CASE_REPO}/issues/${CASE_NUMBER}/assignees`, 200, { number: CASE_NUMBER })
      .repository(OWNER, ESCALATION_REPO)
      .openCases(OWNER, ESCALATION_REPO)
      .createsIssue(OWNER, ESCALATION_REPO)
      .commentsOn(OWNER, ESCALATION_REPO, 100, 2);
    github.scope.get(`/repos/${OWNER}/${CASE_REPO}/issues/${CASE_NUMBER}/comments`).query(true).reply(200, []);
    await app.receive("issue_comment", recuse("/recuse", meta));
    expect(parseMeta(github.sent.createdIssues[0]?.body)?.escalated?.reason).toBe("all-recused");
    expect(github.caseIssues.get(`${OWNER}/${CASE_REPO}#${CASE_NUMBER}`)?.state).toBe("closed");
  });

  it("finishes a move that was cut short after the copy was made, without a second copy", async () => {
    app = await createTestApp({ services: { now: () => NOW } });
    const meta = caseMeta({ assignees: [], recusals: [{ login: "mod-mia", at: "2026-11-02T09:00:00.000Z" }] });
    const copy = caseBody({ ...meta, escalated: { at: "2026-11-02T09:00:00.000Z", reason: "reported-is-moderator" } }, undefined, {
      repo: `${OWNER}/${ESCALATION_REPO}`,
    });
    const github = base(meta, CONFIG)
      .repository(OWNER, ESCALATION_REPO)
      .openCases(OWNER, ESCALATION_REPO, [{ number: 100, body: copy }])
      .updatesIssueBody(OWNER, ESCALATION_REPO, 100)
      .commentsOn(OWNER, ESCALATION_REPO, 100, 2);
    teamMembers(github, ["mod-mia", "rude-ray"]);
    github.scope.get(`/repos/${OWNER}/${CASE_REPO}/issues/${CASE_NUMBER}/comments`).query(true).reply(200, []);

    await app.receive("issue_comment", recuse("/recuse", meta));

    expect(github.sent.createdIssues).toStrictEqual([]);
    expect(parseMeta(github.sent.updatedBodies.find((u) => u.repo === ESCALATION_REPO)?.body)).toMatchObject({
      code: "CI-7KQ3M2",
      escalated: { at: NOW.toISOString(), reason: "reported-is-moderator" },
    });
    const original = github.caseIssues.get(`${OWNER}/${CASE_REPO}#${CASE_NUMBER}`)!;
    expect(original).toMatchObject({ title: "CI-7KQ3M2 · moved to the escalation team", state: "closed" });
    expect(original.body).not.toContain("call-in:meta");
  });

  it("works on in the escalation repository, where a recusal moves nothing further", async () => {
    app = await createTestApp({ services: { now: () => NOW } });
    const meta = caseMeta({ escalated: { at: "2026-11-01T00:00:00.000Z", reason: "reported-is-moderator" } });
    const body = caseBody(meta, undefined, { repo: `${OWNER}/${ESCALATION_REPO}` });
    const github = mockGitHub()
      .config(OWNER, ESCALATION_REPO, CONFIG)
      .repository(OWNER, ESCALATION_REPO)
      .templates(OWNER)
      .caseIssue(OWNER, ESCALATION_REPO, 3, body)
      .permission(OWNER, ESCALATION_REPO, "esc-eli", "write")
      .commentsOn(OWNER, ESCALATION_REPO, 3);
    const payload = withOverrides(recuse("/recuse I work with them", meta, "esc-eli"), {
      repository: { name: ESCALATION_REPO, full_name: `${OWNER}/${ESCALATION_REPO}` },
      issue: { number: 3, body },
    });
    await app.receive("issue_comment", payload);
    expect(github.caseMetaOf(OWNER, ESCALATION_REPO, 3)?.recusals).toStrictEqual([{ login: "esc-eli", at: NOW.toISOString() }]);
    expect(github.sent.createdIssues).toStrictEqual([]);
    expect(github.sent.comments[0]?.body).toContain("esc-eli stepped aside from this case");
  });
});

describe("discussion cases", () => {
  let app: TestApp;
  afterEach(() => {
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("moves a discussion case through GraphQL and deletes its comments", async () => {
    app = await createTestApp({ services: { now: () => NOW } });
    const meta = caseMeta();
    let body = caseBody(meta);
    const payload = withOverrides(examplePayload("discussion_comment", { action: "created" }), {
      repository: { name: CASE_REPO, full_name: `${OWNER}/${CASE_REPO}`, owner: { login: OWNER }, private: true },
      discussion: { number: 12, body },
      comment: { body: "/recuse", user: { login: "mod-mia", id: 501, type: "User" } },
      sender: { login: "mod-mia", id: 501, type: "User" },
    });
    const discussion = () => ({
      repository: {
        discussion: {
          id: "D_12",
          number: 12,
          url: `https://github.com/${OWNER}/${CASE_REPO}/discussions/12`,
          title: TITLE,
          body,
          closed: false,
          createdAt: "2026-11-01T10:00:00Z",
          updatedAt: "2026-11-02T09:29:00Z",
          author: APP_BOT_ACTOR,
        },
      },
    });
    const github = mockGitHub()
      .config(OWNER, CASE_REPO, `caseFormat: discussion\n${CONFIG}`)
      .repository(OWNER, CASE_REPO)
      .templates(OWNER)
      .permission(OWNER, CASE_REPO, "mod-mia", "write")
      .repository(OWNER, ESCALATION_REPO)
      .graphqlOp("GetDiscussion", discussion)
      .graphqlOp("GetDiscussion", discussion)
      .graphqlOp("GetDiscussion", discussion)
      .graphqlOp("DiscussionCategories", () => ({ repository: { discussionCategories: { nodes: [{ id: "DIC_1", name: "Cases", slug: "cases" }] } } }))
      .graphqlOp("Discussions", () => ({ repository: { discussions: { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } } } }))
      .graphqlOp("CreateDiscussion", (v) => ({
        createDiscussion: {
          discussion: { id: "D_900", number: 900, url: `https://github.com/${OWNER}/${ESCALATION_REPO}/discussions/900`, title: v.title, body: v.body },
        },
      }))
      .graphqlOp("DiscussionCommentList", () => ({
        node: {
          comments: {
            nodes: [
              {
                id: "DC_1",
                body: "rude-ray was at it again",
                createdAt: "2026-11-01T00:00:00Z",
                author: { login: "alex", __typename: "User" },
                replies: { nodes: [{ id: "DC_2", body: "/recuse", createdAt: "2026-11-02T00:00:00Z", author: { login: "mod-mia", __typename: "User" } }] },
              },
            ],
          },
        },
      }))
      .graphqlOp("AddDiscussionComment", () => ({
        addDiscussionComment: { comment: { id: "DC_900", url: `https://github.com/${OWNER}/${ESCALATION_REPO}/discussions/900#discussioncomment-900` } },
      }))
      .graphqlOp("ReplaceDiscussion", (v) => {
        body = v.body;
        return { updateDiscussion: { discussion: { id: "D_12" } } };
      })
      .graphqlOp("CloseDiscussion", () => ({ closeDiscussion: { discussion: { id: "D_12" } } }))
      .graphqlOp("DeleteDiscussionComment", () => ({ deleteDiscussionComment: { comment: { id: "DC_1" } } }))
      .graphqlOp("DeleteDiscussionComment", () => ({ deleteDiscussionComment: { comment: { id: "DC_2" } } }))
      .graphqlOp("AddDiscussionComment", () => ({
        addDiscussionComment: { comment: { id: "DC_901", url: `https://github.com/${OWNER}/${ESCALATION_REPO}/discussions/900#discussioncomment-901` } },
      }));
    teamMembers(github, ["mod-mia", "rude-ray"]);
    await app.receive("discussion_comment", payload);

    const created = github.sent.graphql.find((g) => /CreateDiscussion/.test(g.query));
    expect(created?.variables).toMatchObject({ categoryId: "DIC_1", title: TITLE });
    expect(String(created?.variables.body)).toContain("You are all idiots");
    const deleted = github.sent.graphql.filter((g) => /DeleteDiscussionComment/.test(g.query)).map((g) => g.variables.id);
    expect(deleted).toStrictEqual(["DC_1", "DC_2"]);
    const toOriginal = github.sent.graphql.filter((g) => /ReplaceDiscussion|CloseDiscussion|DeleteDiscussionComment/.test(g.query));
    for (const word of SENSITIVE) expect(JSON.stringify(toOriginal)).not.toContain(word);
    expect(body).toContain("moved to the escalation team");
  });
});
