// The loopback GitHub stand-in (src/sandbox/github-stand-in.ts) the bench runs the app against:
// the routes rooms and escalations use, each request checked against GitHub's OpenAPI description.
import { Octokit } from "@octokit/rest";
import { afterEach, describe, expect, it } from "vitest";
import { GitHubStandIn } from "../src/sandbox/github-stand-in.js";
import { validateRestRequest } from "./helpers/contract.js";

const ORG = "octo-org";
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

describe("the GitHub stand-in", () => {
  let github: GitHubStandIn;

  afterEach(async () => {
    await github.stop();
  });

  async function started(): Promise<Octokit> {
    github = new GitHubStandIn({ check: validateRestRequest });
    github.account(ORG, "Organization");
    github.account("a-user", "User");
    github.repository(ORG, "moderation", "private");
    await github.start();
    return new Octokit({ auth: "stand-in", baseUrl: github.url, log: quiet });
  }

  it("creates a private repository of an organisation, invites, archives and deletes it", async () => {
    const octokit = await started();
    const { data: room, status } = await octokit.rest.repos.createInOrg({
      org: ORG,
      name: "call-in-ci-abc123",
      description: "A room",
      private: true,
      visibility: "private",
      has_issues: true,
      has_projects: false,
      has_wiki: false,
    });
    expect(status).toBe(201);
    expect(room).toMatchObject({
      name: "call-in-ci-abc123",
      full_name: `${ORG}/call-in-ci-abc123`,
      private: true,
      visibility: "private",
      owner: { login: ORG, type: "Organization" },
    });
    await expect(octokit.rest.repos.createInOrg({ org: ORG, name: "call-in-ci-abc123" })).rejects.toMatchObject({ status: 422 });
    await expect(octokit.rest.repos.createInOrg({ org: "a-user", name: "room" })).rejects.toMatchObject({ status: 404 });

    const invitation = await octokit.rest.repos.addCollaborator({ owner: ORG, repo: room.name, username: "rude-ray", permission: "pull" });
    expect(invitation.status).toBe(201);
    expect(invitation.data).toMatchObject({ invitee: { login: "rude-ray" }, permissions: "read", repository: { full_name: `${ORG}/call-in-ci-abc123` } });
    expect([...github.repositoryOf(ORG, room.name)!.invitations]).toStrictEqual([["rude-ray", "pull"]]);

    expect((await octokit.rest.repos.update({ owner: ORG, repo: room.name, archived: true })).data).toMatchObject({ archived: true });
    expect((await octokit.rest.repos.delete({ owner: ORG, repo: room.name })).status).toBe(204);
    expect(github.repositoryOf(ORG, room.name)).toBeNull();
    expect(github.violations).toStrictEqual([]);
  });

  it("lists a team's active members, pages an issue's comments, deletes them, and clears assignees", async () => {
    const octokit = await started();
    github.teamMember(ORG, "moderators", "mod-mia");
    github.teamMember(ORG, "moderators", "new-nia", "pending");
    expect((await octokit.rest.teams.listMembersInOrg({ org: ORG, team_slug: "moderators", per_page: 100 })).data.map((m) => m.login)).toStrictEqual([
      "mod-mia",
    ]);
    await expect(octokit.rest.teams.listMembersInOrg({ org: ORG, team_slug: "nobody" })).rejects.toMatchObject({ status: 404 });

    const issue = github.issue(ORG, "moderation", { title: "A case", body: "text", author: "call-in[bot]" });
    issue.assignees.push("mod-mia");
    for (let i = 1; i <= 5; i++) github.comment(ORG, "moderation", issue.number, { body: `note ${i}`, author: "mod-mia" });
    const second = await octokit.rest.issues.listComments({ owner: ORG, repo: "moderation", issue_number: issue.number, per_page: 2, page: 2 });
    expect(second.data.map((c) => c.body)).toStrictEqual(["note 3", "note 4"]);

    await octokit.rest.issues.deleteComment({ owner: ORG, repo: "moderation", comment_id: second.data[0]!.id });
    expect(github.issuesOf(ORG, "moderation")[0]!.comments.map((c) => c.body)).toStrictEqual(["note 1", "note 2", "note 4", "note 5"]);
    await octokit.rest.issues.update({
      owner: ORG,
      repo: "moderation",
      issue_number: issue.number,
      title: "CI-1",
      body: "moved",
      state: "closed",
      assignees: [],
    });
    expect(github.issuesOf(ORG, "moderation")[0]).toMatchObject({ title: "CI-1", body: "moved", state: "closed", assignees: [] });
    expect(github.violations).toStrictEqual([]);
  });

  it("reports a request GitHub's description rejects", async () => {
    const octokit = await started();
    await octokit.request("POST /orgs/{org}/repos", { org: ORG, name: "x", visibility: "secret" as never }).catch(() => undefined);
    expect(github.violations.join("\n")).toMatch(/visibility/);
  });
});
