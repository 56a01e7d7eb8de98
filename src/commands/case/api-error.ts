import type { ApiFailure } from "../../github/api-failure.js";

function isApiFailure(value: unknown): value is ApiFailure {
  return typeof value === "object" && value !== null && "kind" in value && "status" in value && "message" in value && "permission" in value;
}

/**
 * Every GitHub failure a command's result carries (its error, a `...Failure`
 * in its data, a list of `{ error }`), as status and kind only, for the
 * operator's log: the case comment says the rest.
 */
export function apiFailuresIn(...values: unknown[]): Array<Pick<ApiFailure, "status" | "kind">> {
  const found: Array<Pick<ApiFailure, "status" | "kind">> = [];
  const visit = (value: unknown, depth: number): void => {
    if (isApiFailure(value)) {
      found.push({ status: value.status, kind: value.kind });
      return;
    }
    if (depth === 0 || typeof value !== "object" || value === null) return;
    for (const child of Array.isArray(value) ? value : Object.values(value)) visit(child, depth - 1);
  };
  for (const value of values) visit(value, 3);
  return found;
}
