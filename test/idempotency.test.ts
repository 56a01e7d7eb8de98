import { beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./helpers/app.js";
import { mockGitHub } from "./helpers/github.js";
import { examplePayload, withOverrides } from "./helpers/payloads.js";
import { parseMeta } from "../src/cases/metadata.js";

const OWNER = "Codertocat";
const REPO = "Hello-World";

function labeled(login = "maintainer-mo") {
  return withOverrides(examplePayload("issues", { action: "labeled" }), { label: { name: "call-in" }, sender: { login, id: 77, type: "User" } });
}

function commandOn(commentId: number, body: string) {
  return withOverrides(examplePayload("issue_comment", { action: "created" }), {
    comment: { id: commentId, body, user: { login: "maintainer-mo", id: 77, type: "User" } },
    sender: { login: "maintainer-mo", id: 77, type: "User" },
  });
}

describe("one thread, one open case", () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await createTestApp();
  });

  /** Everything the flow reads, answered as often as asked (config is cached after the first read). */
  function caseRepository() {
    const github = mockGitHub().config(OWNER, REPO, null).templates(OWNER).liveCaseRepository(OWNER, "moderation");
    github.scope
      .persist()
      .get(`/repos/${OWNER}/moderation`)
      .reply(200, {
        id: 1,
        node_id: "R_1",
        name: "moderation",
        private: true,
        visibility: "private",
        owner: { login: OWNER, id: 1, type: "Organization" },
        html_url: `https://github.com/${OWNER}/moderation`,
      });
    github.scope
      .persist()
      .delete(new RegExp(`^/repos/${OWNER}/${REPO}/issues/\\d+/labels/`))
      .reply(200, []);
    github.scope
      .persist()
      .delete(new RegExp(`^/repos/${OWNER}/${REPO}/issues/comments/\\d+$`))
      .reply(204);
    github.scope
      .persist()
      .get(new RegExp(`^/repos/${OWNER}/${REPO}/collaborators/`))
      .reply(200, { permission: "write", role_name: "write", user: null });
    return github;
  }

  it("a redelivered webhook (same delivery id) changes nothing", async () => {
    const github = caseRepository();
    await app.receive("issues", labeled(), "delivery-A");
    await app.receive("issues", labeled(), "delivery-A");
    expect(github.sent.createdIssues).toHaveLength(1);
    expect(github.sent.comments).toHaveLength(0);
    expect(github.sent.updatedBodies).toHaveLength(0);
    expect(app.logs.lines.some((l) => /already applied/.test(String(l.msg)))).toBe(true);
  });

  it("a repeat trigger on the same thread adds a short comment to the open case", async () => {
    const github = caseRepository();
    await app.receive("issues", labeled(), "delivery-A");
    await app.receive("issue_comment", commandOn(501, "/call-in it happened again"), "delivery-B");

    expect(github.sent.createdIssues).toHaveLength(1);
    expect(github.sent.comments).toHaveLength(1);
    expect(github.sent.comments[0]?.body).toMatch(/^\*\*Triggered again\*\* by @maintainer-mo \(`\/call-in`, /);
    expect(github.sent.comments[0]?.body).toContain("**Why:** it happened again");
    const meta = parseMeta(github.sent.updatedBodies[0]?.body);
    expect(meta?.deliveries).toStrictEqual(["delivery-A", "delivery-B"]);
  });

  it("concurrent deliveries for one thread open one case", async () => {
    const github = caseRepository();
    await Promise.all([
      app.receive("issues", labeled(), "delivery-1"),
      app.receive("issue_comment", commandOn(502, "/call-in"), "delivery-2"),
      app.receive("issue_comment", commandOn(503, "/call-in"), "delivery-3"),
    ]);
    expect(github.sent.createdIssues).toHaveLength(1);
    expect(github.sent.comments).toHaveLength(2);
    const meta = parseMeta(github.sent.updatedBodies.at(-1)?.body);
    expect(new Set(meta?.deliveries)).toStrictEqual(new Set(["delivery-1", "delivery-2", "delivery-3"]));
  });

  it("a different comment in the same thread is added to the case as related evidence", async () => {
    const github = caseRepository();
    github.existingComment(OWNER, REPO, "issue", {
      id: 77,
      url: `https://github.com/${OWNER}/${REPO}/issues/1#issuecomment-77`,
      body: "another hurtful remark",
    });
    await app.receive("issues", labeled(), "delivery-A");
    await app.receive("issue_comment", commandOn(504, `/call-in https://github.com/${OWNER}/${REPO}/issues/1#issuecomment-77`), "delivery-B");

    expect(github.sent.comments[0]?.body).toContain("This time about another part of the thread");
    expect(github.sent.comments[0]?.body).toContain("> another hurtful remark");
    const meta = parseMeta(github.sent.updatedBodies[0]?.body);
    expect(meta?.related).toStrictEqual([
      {
        kind: "issue_comment",
        url: `https://github.com/${OWNER}/${REPO}/issues/1#issuecomment-77`,
        id: 77,
        nodeId: "IC_77",
        author: { login: "heated-harry", id: 4242 },
      },
    ]);
  });
});
