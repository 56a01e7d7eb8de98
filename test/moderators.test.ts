import { Octokit } from "@octokit/rest";
import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import { isMaintainer } from "../src/auth/maintainers.js";
import { createTestApp } from "./helpers/app.js";
import { mockGitHub } from "./helpers/github.js";
import { captureLogs } from "./helpers/logs.js";
import { examplePayload, withOverrides } from "./helpers/payloads.js";

const OWNER = "Codertocat";
const REPO = "Hello-World";
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** An invitation to the moderator team is not membership: until it is accepted, the person is not a moderator. */
describe("moderator team membership", () => {
  afterEach(() => {
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("an active member counts, a pending one does not", async () => {
    const github = new Octokit({ auth: "t", log: quiet });
    const repo = { owner: OWNER, repo: REPO };
    mockGitHub().permission(OWNER, REPO, "invited-ivy", "read").teamMembership(OWNER, "community", "invited-ivy", "pending");
    expect(await isMaintainer(github, repo, "invited-ivy", "community", captureLogs().log)).toBe(false);
    mockGitHub().permission(OWNER, REPO, "mod-mia", "read").teamMembership(OWNER, "community", "mod-mia", "active");
    expect(await isMaintainer(github, repo, "mod-mia", "community", captureLogs().log)).toBe(true);
  });

  it("/call-in by someone whose team invitation is pending opens nothing and deletes nothing", async () => {
    const app = await createTestApp();
    const payload = withOverrides(examplePayload("issue_comment", { action: "created" }), {
      comment: { id: 559, body: "/call-in", user: { login: "invited-ivy", id: 8, type: "User" } },
      sender: { login: "invited-ivy", id: 8, type: "User" },
    });
    const github = mockGitHub()
      .config(OWNER, REPO, "moderatorTeam: community\n")
      .permission(OWNER, REPO, "invited-ivy", "read")
      .teamMembership(OWNER, "community", "invited-ivy", "pending");

    await app.receive("issue_comment", payload);

    expect(github.sent.createdIssues).toStrictEqual([]);
    expect(app.logs.lines.find((l) => /not a maintainer/.test(String(l.msg)))).toMatchObject({ level: 20, login: "invited-ivy" });
  });
});
