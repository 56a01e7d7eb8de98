import type { GitHub, RepoRef } from "./client.js";
import { isPrivateVisibility } from "./repository.js";

/** A new private repository in an organisation (administration: write on the organisation's repositories). */
export async function createPrivateOrgRepository(
  github: GitHub,
  org: string,
  input: { name: string; description: string },
): Promise<{ id: number; owner: string; name: string; url: string; private: boolean }> {
  const { data } = await github.rest.repos.createInOrg({
    org,
    name: input.name,
    description: input.description,
    private: true,
    // Without it, an enterprise that defaults new repositories to internal could make the room readable by all its members.
    visibility: "private",
    has_issues: true,
    has_projects: false,
    has_wiki: false,
  });
  return { id: data.id, owner: data.owner.login, name: data.name, url: data.html_url, private: isPrivateVisibility(data) };
}

/** Invites (or updates) a collaborator: `pull` reads and opens/comments on issues, `push` also writes. */
export async function addCollaborator(github: GitHub, ref: RepoRef, username: string, permission: "pull" | "triage" | "push"): Promise<void> {
  await github.rest.repos.addCollaborator({ owner: ref.owner, repo: ref.repo, username, permission });
}

/** Archives a repository: read-only for everyone, kept for the record. */
export async function archiveRepository(github: GitHub, ref: RepoRef): Promise<void> {
  await github.rest.repos.update({ owner: ref.owner, repo: ref.repo, archived: true });
}

/** Deletes a repository (administration: write, and the organisation must allow apps to delete). */
export async function deleteRepository(github: GitHub, ref: RepoRef): Promise<void> {
  await github.rest.repos.delete({ owner: ref.owner, repo: ref.repo });
}
