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

/** 404: GitHub's answer for what does not exist, and also for what the app cannot see. */
export const NOT_FOUND: readonly number[] = [404];

/**
 * `request`'s result, or `fallback` when GitHub answers one of the `missing`
 * statuses; every other failure is thrown. Each call names its own statuses, so
 * a reader sees there which answers mean "not there" (most calls: NOT_FOUND).
 */
export async function orWhenMissing<T, F>(missing: readonly number[], fallback: F, request: () => Promise<T>): Promise<T | F> {
  try {
    return await request();
  } catch (error) {
    const status = statusOf(error);
    if (status !== undefined && missing.includes(status)) return fallback;
    throw error;
  }
}

/** `request`'s result, or null when GitHub answers one of the `missing` statuses (see orWhenMissing). */
export function orNullWhenMissing<T>(missing: readonly number[], request: () => Promise<T>): Promise<T | null> {
  return orWhenMissing(missing, null, request);
}
