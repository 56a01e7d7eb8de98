import type { Octokit } from "@octokit/rest";

/**
 * The part of an Octokit that domain code uses. Both Probot's `context.octokit`
 * and an `@octokit/rest` client (the CLI) fit, so domain functions serve both.
 */
export type GitHub = Pick<Octokit, "rest" | "graphql" | "paginate" | "request">;

/** `owner/name` of a repository. */
export interface RepoRef {
  owner: string;
  repo: string;
}

/** The HTTP status of an Octokit error, if it has one. */
export function statusOf(error: unknown): number | undefined {
  if (typeof error === "object" && error !== null && "status" in error) {
    const status = (error as { status: unknown }).status;
    return typeof status === "number" ? status : undefined;
  }
  return undefined;
}

/** True for "not found" answers, which GitHub also gives for repositories the app cannot see. */
export function isNotFound(error: unknown): boolean {
  return statusOf(error) === 404;
}
