import { NOT_FOUND, orNullWhenMissing, type GitHub, type RepoRef } from "./client.js";

/** `GET /repos/{owner}/{repo}/git/ref/heads/{branch}`: the commit a branch points at, or null when there is no such branch. */
export async function branchHead(github: GitHub, ref: RepoRef, branch: string): Promise<string | null> {
  const found = await orNullWhenMissing(NOT_FOUND, () => github.rest.git.getRef({ owner: ref.owner, repo: ref.repo, ref: `heads/${branch}` }));
  return found ? found.data.object.sha : null;
}

/** `POST /repos/{owner}/{repo}/git/refs`: a new branch at a commit (contents: write). */
export async function createBranch(github: GitHub, ref: RepoRef, branch: string, sha: string): Promise<void> {
  await github.rest.git.createRef({ owner: ref.owner, repo: ref.repo, ref: `refs/heads/${branch}`, sha });
}

/** `GET /repos/{owner}/{repo}`'s default branch, or null when the repository does not exist (or cannot be seen). */
export async function defaultBranch(github: GitHub, ref: RepoRef): Promise<string | null> {
  const found = await orNullWhenMissing(NOT_FOUND, () => github.rest.repos.get({ owner: ref.owner, repo: ref.repo }));
  return found ? found.data.default_branch : null;
}
