import type { WatchConfig } from "../config/schema.js";

/** `allowUsers`: logins compared case-insensitively, with or without `@`. */
export function isAllowedUser(watch: WatchConfig, login: string | null | undefined): boolean {
  if (!login) return false;
  const wanted = login.toLowerCase();
  return watch.allowUsers.some((user) => user.replace(/^@/, "").toLowerCase() === wanted);
}

/**
 * `allowPaths`: `name` or `owner/name`, where `*` stands for any characters.
 * Names are at most 140 characters, so a simple split-and-scan is enough.
 */
export function isAllowedPath(watch: WatchConfig, owner: string, repo: string): boolean {
  const full = `${owner}/${repo}`.toLowerCase();
  return watch.allowPaths.some((path) => {
    const pattern = path.toLowerCase();
    return wildcardMatch(pattern, pattern.includes("/") ? full : repo.toLowerCase());
  });
}

/** `*` matches any run of characters; everything else is literal. Greedy parts scan left to right, no backtracking beyond one star. */
function wildcardMatch(pattern: string, text: string): boolean {
  const parts = pattern.split("*");
  if (parts.length === 1) return pattern === text;
  const first = parts[0] ?? "";
  const last = parts[parts.length - 1] ?? "";
  if (!text.startsWith(first) || !text.endsWith(last) || text.length < first.length + last.length) return false;
  let at = first.length;
  const end = text.length - last.length;
  for (const middle of parts.slice(1, -1)) {
    const found = text.indexOf(middle, at);
    if (found === -1 || found + middle.length > end) return false;
    at = found + middle.length;
  }
  return true;
}
