import { NOT_FOUND, orNullWhenMissing, type GitHub, type RepoRef } from "./client.js";

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
  const found = await orNullWhenMissing(NOT_FOUND, () => github.rest.repos.get({ owner: ref.owner, repo: ref.repo }));
  if (!found) return null;
  const { data } = found;
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
}

/** `public`, `private` or `internal`; `unseen` when GitHub shows the app nothing there (missing, or out of its reach). */
export type RepositoryVisibility = "public" | "private" | "internal" | "unseen";

/** 404 (missing or invisible) and 451 (unavailable for legal reasons): nothing the app can look at. */
const NOT_FOUND_OR_UNAVAILABLE: readonly number[] = [404, 451];

/**
 * A repository's visibility, from `GET /repos/{owner}/{repo}`. Only an explicit
 * `visibility: "public"` is public: a missing field counts as private. 404
 * (missing or invisible) and 451 (unavailable for legal reasons) are `unseen`;
 * other failures (403 is also how rate limits answer) throw, so a caller
 * retries instead of guessing.
 */
export async function repositoryVisibility(github: GitHub, ref: RepoRef): Promise<RepositoryVisibility> {
  const found = await orNullWhenMissing(NOT_FOUND_OR_UNAVAILABLE, () => github.rest.repos.get({ owner: ref.owner, repo: ref.repo }));
  if (!found) return "unseen";
  const { visibility } = found.data;
  return visibility === "public" ? "public" : visibility === "internal" ? "internal" : "private";
}
