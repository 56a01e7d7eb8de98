import { NOT_FOUND, orNullWhenMissing, type GitHub, type RepoRef } from "./client.js";

/**
 * `GET /repos/{owner}/{repo}/installation` with the app's own (JWT) client:
 * the installation id, or null when the app is not installed on that repository
 * (GitHub answers 404 for missing and for invisible repositories alike).
 */
export async function findRepoInstallation(appGitHub: Pick<GitHub, "rest">, ref: RepoRef, signal?: AbortSignal): Promise<number | null> {
  const found = await orNullWhenMissing(NOT_FOUND, () =>
    appGitHub.rest.apps.getRepoInstallation({ owner: ref.owner, repo: ref.repo, ...(signal ? { request: { signal } } : {}) }),
  );
  return found && found.data.id;
}

/** Every installation of the app (needs the app's own JWT client, not an installation's). */
export async function listInstallations(appGitHub: GitHub): Promise<Array<{ id: number; owner: string }>> {
  const items = await appGitHub.paginate(appGitHub.rest.apps.listInstallations, { per_page: 100 });
  return items.flatMap((i) => {
    const account = i.account as { login?: string; slug?: string } | null;
    const owner = account?.login ?? account?.slug;
    return owner ? [{ id: i.id, owner }] : [];
  });
}

/** Logins of the active members of a team (members: read). */
export async function listTeamMembers(github: GitHub, org: string, teamSlug: string): Promise<string[]> {
  const items = await github.paginate(github.rest.teams.listMembersInOrg, { org, team_slug: teamSlug, per_page: 100 });
  return items.map((m) => m.login);
}
