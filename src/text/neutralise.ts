/**
 * Makes text typed by users inert before it enters Markdown that the app writes.
 *
 * A zero-width space is inserted where GitHub would otherwise act on the text,
 * so the words still read the same to a person but GitHub sees nothing to act on:
 * - `@name` and `@org/team` would notify people (the reported person included);
 * - `#123`, `GH-123` and `owner/repo#123` would link the case to other threads;
 * - `<` before a tag or `<!--` would let raw HTML through, including forged
 *   metadata comments (see cases/metadata.ts) and hidden text;
 * - the metadata marker itself is broken so it can never be matched in user text.
 * Bidirectional control characters are removed: they can make quoted evidence
 * read differently from what was written.
 */
export const ZERO_WIDTH_SPACE = "\u200B";

const MENTION = /@(?=[A-Za-z0-9])/g;
const ISSUE_REF = /#(?=\d)/g;
const GH_REF = /\b(GH-)(?=\d)/gi;
const HTML_OPEN = /<(?=[A-Za-z/!?])/g;
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
const META_WORD = /call-in:meta/gi;

export function neutralise(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(BIDI_CONTROLS, "")
    .replace(MENTION, `@${ZERO_WIDTH_SPACE}`)
    .replace(ISSUE_REF, `#${ZERO_WIDTH_SPACE}`)
    .replace(GH_REF, `$1${ZERO_WIDTH_SPACE}`)
    .replace(HTML_OPEN, `<${ZERO_WIDTH_SPACE}`)
    .replace(META_WORD, `call-in:${ZERO_WIDTH_SPACE}meta`);
}

/** Quotes text as a Markdown blockquote, one `> ` per line, so it cannot break out of the quote. */
export function blockquote(text: string): string {
  return text
    .split("\n")
    .map((line) => (line.length > 0 ? `> ${line}` : ">"))
    .join("\n");
}

/** Cuts text to `max` characters at a line end when one is near, and says how much was cut. */
export function truncate(text: string, max: number): { text: string; omitted: number } {
  if (text.length <= max) return { text, omitted: 0 };
  const cut = text.lastIndexOf("\n", max);
  const end = cut > max * 0.8 ? cut : max;
  return { text: text.slice(0, end), omitted: text.length - end };
}
