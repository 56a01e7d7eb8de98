import { isNotFound, type GitHub, type RepoRef } from "./client.js";

/**
 * `admin`, `write`, `read` or `none` (maintain shows as write, triage as read),
 * from the collaborator permission endpoint: `author_association` is not proof
 * of rights (MEMBER only means "member of the organisation").
 */
export async function getPermission(github: GitHub, ref: RepoRef, username: string): Promise<string> {
  try {
    const { data } = await github.rest.repos.getCollaboratorPermissionLevel({ owner: ref.owner, repo: ref.repo, username });
    return data.permission;
  } catch (error) {
    if (isNotFound(error)) return "none";
    throw error;
  }
}

/** True when `username` is an active member of `org/teamSlug` (needs the members: read permission). */
export async function isTeamMember(github: GitHub, org: string, teamSlug: string, username: string): Promise<boolean> {
  try {
    const { data } = await github.rest.teams.getMembershipForUserInOrg({ org, team_slug: teamSlug, username });
    return data.state === "active";
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

/**
 * `admin` (an owner of the organisation), `member`, or null when the person is
 * not a member (404); GitHub answers `pending` members with their future role
 * and `state: "pending"`, which grants nothing yet. Needs members: read.
 */
export async function organizationRole(github: GitHub, org: string, username: string): Promise<"admin" | "member" | null> {
  try {
    const { data } = await github.rest.orgs.getMembershipForUser({ org, username });
    if (data.state !== "active") return null;
    return data.role === "admin" ? "admin" : "member";
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}
