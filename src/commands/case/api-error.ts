import { statusOf } from "../../github/client.js";

/** A GitHub API failure in the terms the case comment uses (templates/command-result.md words it). */
export interface ApiFailure {
  status: number | null;
  /** `permission`: the app lacks a permission; `not-found`; `conflict`; `invalid`: GitHub refused the input; `other`. */
  kind: "permission" | "not-found" | "conflict" | "invalid" | "rate-limited" | "other";
  /** The exact permission to grant, when the command knows it and the failure is a missing permission. */
  permission: string | null;
  /** GitHub's own message (never contains case text: it describes the request). */
  message: string;
}

/**
 * Describes an Octokit error. `permission` is what the command needs beyond the
 * app's defaults (e.g. `administration: write`), named in the reply when GitHub
 * answers 403 "Resource not accessible by integration".
 */
export function describeApiFailure(error: unknown, permission: string | null = null): ApiFailure {
  const status = statusOf(error) ?? null;
  const message = messageOf(error);
  const missingPermission = status === 403 && /not accessible by integration|permission/i.test(message);
  const rateLimited = status === 429 || (status === 403 && /rate limit/i.test(message));
  let kind: ApiFailure["kind"] = "other";
  if (rateLimited) kind = "rate-limited";
  else if (missingPermission) kind = "permission";
  else if (status === 404) kind = "not-found";
  else if (status === 409) kind = "conflict";
  else if (status === 422) kind = "invalid";
  return { status, kind, permission: kind === "permission" ? permission : null, message };
}

function messageOf(error: unknown): string {
  const response = (error as { response?: { data?: { message?: unknown } } } | null)?.response;
  const fromBody = typeof response?.data?.message === "string" ? response.data.message : null;
  const raw = fromBody ?? (error instanceof Error ? error.message : String(error));
  return raw.split("\n")[0]?.slice(0, 300) ?? "";
}
