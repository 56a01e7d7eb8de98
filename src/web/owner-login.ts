/**
 * An account login as it may appear in the web pages' addresses
 * (`/call-in/report/<owner>`, `/call-in/log/<owner>`, `/call-in/sealed/<owner>/…`):
 * letters, digits and hyphens, not starting with a hyphen, at most 39 characters.
 * Anything else never reaches GitHub, a cookie or a link. Consecutive and trailing
 * hyphens pass: GitHub refuses them in new names, but the pages only need the
 * segment to be a plain, bounded name, and refusing them changes nothing for safety.
 */
export const OWNER_LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;

export function isOwnerLogin(value: unknown): value is string {
  return typeof value === "string" && OWNER_LOGIN.test(value);
}
