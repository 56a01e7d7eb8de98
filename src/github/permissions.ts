import { NOT_FOUND, orNullWhenMissing, type GitHub, type RepoRef } from "./client.js";

/**
 * `admin`, `write`, `read` or `none` (maintain shows as write, triage as read),
 * from the collaborator permission endpoint: `author_association` is not proof
 * of rights (MEMBER only means "member of the organisation").
 */
export async function getPermission(github: GitHub, ref: RepoRef, username: string): Promise<string> {
  const found = await orNullWhenMissing(NOT_FOUND, () => github.rest.repos.getCollaboratorPermissionLevel({ owner: ref.owner, repo: ref.repo, username }));
  return found ? found.data.permission : "none";
}

/** True when `username` is an active member of `org/teamSlug` (needs the members: read permission). */
export async function isTeamMember(github: GitHub, org: string, teamSlug: string, username: string): Promise<boolean> {
  const found = await orNullWhenMissing(NOT_FOUND, () => github.rest.teams.getMembershipForUserInOrg({ org, team_slug: teamSlug, username }));
  return found?.data.state === "active";
}

/**
 * `admin` (an owner of the organisation), `member`, or null when the person is
 * not a member (404); GitHub answers `pending` members with their future role
 * and `state: "pending"`, which grants nothing yet. Needs members: read.
 */
export async function organizationRole(github: GitHub, org: string, username: string): Promise<"admin" | "member" | null> {
  const found = await orNullWhenMissing(NOT_FOUND, () => github.rest.orgs.getMembershipForUser({ org, username }));
  if (!found || found.data.state !== "active") return null;
  return found.data.role === "admin" ? "admin" : "member";
}
