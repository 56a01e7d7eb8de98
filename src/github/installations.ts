import type { GitHub } from "./client.js";

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
