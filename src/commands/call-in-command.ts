/** `/call-in [link-to-comment] [reason...]` on the first line of a comment. */
export interface CallInCommand {
  /** A link to the comment being reported, if one was given. */
  link: string | null;
  reason: string | null;
}

const COMMAND = /^\s*\/call-in(?:\s+(.*))?$/i;

export function parseCallInCommand(body: string | null | undefined): CallInCommand | null {
  const firstLine = (body ?? "").split(/\r?\n/, 1)[0] ?? "";
  const match = COMMAND.exec(firstLine);
  if (!match) return null;
  const rest = (match[1] ?? "").trim();
  const [first = "", ...others] = rest.split(/\s+/);
  const link = /^https?:\/\//i.test(first) ? first : null;
  const reason = (link ? others.join(" ") : rest).trim();
  return { link, reason: reason.length > 0 ? reason : null };
}
