import { isNotFound, statusOf, type GitHub, type RepoRef } from "./client.js";

export interface RepositoryInfo {
  owner: string;
  name: string;
  id: number;
  nodeId: string;
  private: boolean;
  htmlUrl: string;
  /** `Organization` or `User`: apps can create repositories (rooms) and blocks only for organisations. */
  ownerType: string;
}

/** `GET /repos/{owner}/{repo}`; null when it does not exist or the app is not installed on it. */
export async function getRepository(github: GitHub, ref: RepoRef): Promise<RepositoryInfo | null> {
  try {
    const { data } = await github.rest.repos.get({ owner: ref.owner, repo: ref.repo });
    return { owner: data.owner.login, name: data.name, id: data.id, nodeId: data.node_id, private: data.private, htmlUrl: data.html_url, ownerType: data.owner.type };
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

/** `public`, `private` or `internal`; `unseen` when GitHub shows the app nothing there (missing, or out of its reach). */
export type RepositoryVisibility = "public" | "private" | "internal" | "unseen";

/**
 * A repository's visibility, from `GET /repos/{owner}/{repo}`. Only an explicit
 * `visibility: "public"` is public: a missing field counts as private. 404
 * (missing or invisible) and 451 (unavailable for legal reasons) are `unseen`;
 * other failures (403 is also how rate limits answer) throw, so a caller
 * retries instead of guessing.
 */
export async function repositoryVisibility(github: GitHub, ref: RepoRef): Promise<RepositoryVisibility> {
  try {
    const { data } = await github.rest.repos.get({ owner: ref.owner, repo: ref.repo });
    return data.visibility === "public" ? "public" : data.visibility === "internal" ? "internal" : "private";
  } catch (error) {
    const status = statusOf(error);
    if (status === 404 || status === 451) return "unseen";
    throw error;
  }
}
