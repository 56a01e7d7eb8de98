import { isNotFound, type GitHub, type RepoRef } from "./client.js";

/**
 * `GET /repos/{owner}/{repo}/installation` with the app's own (JWT) client:
 * the installation id, or null when the app is not installed on that repository
 * (GitHub answers 404 for missing and for invisible repositories alike).
 */
export async function findRepoInstallation(appGitHub: Pick<GitHub, "rest">, ref: RepoRef, signal?: AbortSignal): Promise<number | null> {
  try {
    const { data } = await appGitHub.rest.apps.getRepoInstallation({ owner: ref.owner, repo: ref.repo, ...(signal ? { request: { signal } } : {}) });
    return data.id;
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}
