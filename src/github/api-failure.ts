import { statusOf } from "./client.js";

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
  // GraphQL answers 200 with errors (no status): "Resource not accessible by integration" is the same refusal.
  const missingPermission =
    (status === 403 && /permission/i.test(message)) || ((status === 403 || status === null) && /not accessible by integration/i.test(message));
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
  const withDetails = error as { response?: { data?: { message?: unknown } }; errors?: Array<{ message?: unknown }> } | null;
  const graphqlMessage = withDetails?.errors?.[0]?.message;
  const restMessage = withDetails?.response?.data?.message;
  const fromBody = typeof graphqlMessage === "string" ? graphqlMessage : typeof restMessage === "string" ? restMessage : null;
  const raw = fromBody ?? (error instanceof Error ? error.message : String(error));
  return raw.split("\n")[0]?.slice(0, 300) ?? "";
}
