/**
 * Makes text that someone outside the team typed inert before it enters
 * Markdown that the app writes into a case, and shows public addresses as code.
 *
 * A zero-width space is inserted where GitHub would otherwise act on the text,
 * so the words still read the same to a person but GitHub sees nothing to act on:
 * - `@name` and `@org/team` would notify people (the reported person included);
 * - `#123`, `GH-123` and `owner/repo#123` would link the case to other threads,
 *   and GitHub then shows a "mentioned this" event on them;
 * - links and images (`[x](url)`, `![](url)`, `[x][ref]` with `[ref]: url`,
 *   `<https://…>`, bare `https://…`, `www.…`, e-mail addresses) would link, and
 *   an image is fetched when a moderator opens the case: a tracking image would
 *   tell its owner when the team reads the report;
 * - `<` before a tag or `<!--` would let raw HTML through (`<a>`, `<img>`,
 *   hidden text, forged metadata comments, see cases/metadata.ts);
 * - `&` before a character reference would turn `&#x40;`, `&commat;`, `&#x23;`
 *   or `&num;` back into `@` and `#` after GitHub has parsed the Markdown, so
 *   references are shown as typed;
 * - the metadata marker itself is broken so it can never be matched in user text.
 * The full-width and small `@` and `#` are broken too: they cost nothing to
 * break, and GitHub's handling of them is not documented.
 * Bidirectional control characters are removed: they can make quoted evidence
 * read differently from what was written.
 */
export const ZERO_WIDTH_SPACE = "\u200B";
const Z = ZERO_WIDTH_SPACE;

const LINE_ENDINGS = /\r\n?/g;
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
// A character that may end an e-mail address's local part (in any autolinker's
// reading) is broken off before `@` too, so `name@host` is never an address.
const MENTION = /([\w.+\-;:&=$,"]?)([@\uFF20\uFE6B])(?=[\p{L}\p{N}])/gu;
const ISSUE_REF = /([#\uFF03\uFE5F])(?=\p{Nd})/gu;
const GH_REF = /(GH-)(?=\d)/gi;
const HTML_OPEN = /<(?=[A-Za-z/!?])/g;
const CHARACTER_REFERENCE = /&(?=#|[A-Za-z][A-Za-z0-9]*;)/g;
// `](` inline link or image, `][` full reference, `]:` reference definition (also footnotes).
const LINK_CLOSE = /\](?=[([:])/g;
const SCHEME = /:(?=\/\/)/g;
// Everywhere, not only after a word boundary: GitHub also links `_www.…` and `(www.…`.
const WWW = /(www)(?=\.)/gi;
const META_WORD = /call-in:meta/gi;

export function inertText(text: string): string {
  return text
    .replace(LINE_ENDINGS, "\n")
    .replace(BIDI_CONTROLS, "")
    .replace(MENTION, (_, before: string, at: string) => (before ? `${before}${Z}${at}${Z}` : `${at}${Z}`))
    .replace(ISSUE_REF, `$1${Z}`)
    .replace(GH_REF, `$1${Z}`)
    .replace(HTML_OPEN, `<${Z}`)
    .replace(CHARACTER_REFERENCE, `&${Z}`)
    .replace(LINK_CLOSE, `]${Z}`)
    .replace(SCHEME, `:${Z}`)
    .replace(WWW, `$1${Z}`)
    .replace(META_WORD, `call-in:${Z}meta`);
}

/** The name the template engine's escaping and older callers use. */
export const neutralise = inertText;

// RFC 3986 unreserved and reserved characters and `%`: the rest (spaces, line
// breaks, backticks, `|`, `\`, `<`, `>`, quotes, non-ASCII) is percent-encoded,
// so the address can never close its code span or split a table cell.
const URL_SAFE = /[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]/;

/**
 * A public address as a Markdown code span: readable and copyable, but never a
 * link, so GitHub records no "mentioned this" on the public thread, and no
 * Markdown hidden in it (a reported link's `#fragment`) is ever rendered.
 * Empty for an empty address.
 */
export function inertUrl(url: string): string {
  let encoded = "";
  for (const char of url.trim()) {
    if (URL_SAFE.test(char)) encoded += char;
    else for (const byte of new TextEncoder().encode(char)) encoded += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return encoded === "" ? "" : `\`${encoded}\``;
}

/** Quotes text as a Markdown blockquote, one `> ` per line, so it cannot break out of the quote. */
export function blockquote(text: string): string {
  return text
    .replace(LINE_ENDINGS, "\n")
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
