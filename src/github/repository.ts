import { isNotFound, statusOf, type GitHub, type RepoRef } from "./client.js";

export interface RepositoryInfo {
  owner: string;
  name: string;
  id: number;
  nodeId: string;
  /** True only for `visibility: "private"`: an internal repository (GitHub Enterprise) is not private. */
  private: boolean;
  /** `public`, `private` or `internal` as GitHub says; `unknown` when the answer names none. */
  visibility: string;
  htmlUrl: string;
  /** `Organization` or `User`: apps can create repositories (rooms) and blocks only for organisations. */
  ownerType: string;
}

/**
 * The one reading of "is this repository private?". On GitHub Enterprise an
 * internal repository answers `private: true, visibility: "internal"`, and every
 * member of the enterprise can read it: only `visibility: "private"` counts,
 * and an answer without a visibility fails closed.
 */
export function isPrivateVisibility(data: { private?: boolean | null; visibility?: string | null }): boolean {
  return data.private === true && data.visibility === "private";
}

/** `GET /repos/{owner}/{repo}`; null when it does not exist or the app is not installed on it. */
export async function getRepository(github: GitHub, ref: RepoRef): Promise<RepositoryInfo | null> {
  try {
    const { data } = await github.rest.repos.get({ owner: ref.owner, repo: ref.repo });
    return {
      owner: data.owner.login,
      name: data.name,
      id: data.id,
      nodeId: data.node_id,
      private: isPrivateVisibility(data),
      visibility: data.visibility ?? "unknown",
      htmlUrl: data.html_url,
      ownerType: data.owner.type,
    };
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
