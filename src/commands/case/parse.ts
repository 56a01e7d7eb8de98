/** A case command: the first line of a comment in a case, starting with `/`. */
export interface CaseCommandLine {
  /** Lower-cased command name without the slash, e.g. `resolve`. */
  name: string;
  /** Words of the first line after the name. */
  args: string[];
  /** Everything after the name, later lines included (free text such as a summary), trimmed. */
  rest: string;
}

const COMMAND = /^\s*\/([A-Za-z][A-Za-z-]*)(?=\s|$)/;

export function parseCaseCommand(body: string | null | undefined): CaseCommandLine | null {
  const text = (body ?? "").replace(/\r\n?/g, "\n");
  const firstLine = text.split("\n", 1)[0] ?? "";
  const match = COMMAND.exec(firstLine);
  if (!match) return null;
  const name = (match[1] ?? "").toLowerCase();
  const afterName = text.slice(match[0].length);
  const firstRest = afterName.split("\n", 1)[0] ?? "";
  return { name, args: firstRest.split(/\s+/).filter(Boolean), rest: afterName.trim() };
}

const LOGIN = /^@?([A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38})$/;

/** `@octocat` or `octocat` -> `octocat`; null for anything that is not a GitHub login. */
export function loginOf(word: string | undefined): string | null {
  const match = LOGIN.exec(word ?? "");
  return match?.[1] ?? null;
}
