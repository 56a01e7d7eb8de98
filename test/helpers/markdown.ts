import MarkdownIt from "markdown-it";

/**
 * Renders Markdown roughly as GitHub does and lists everything in it that
 * GitHub would act on: links, images, raw HTML, @mentions and issue
 * references. Text in code spans and code blocks is not looked at (GitHub
 * does not act on it either).
 *
 * markdown-it with raw HTML, GFM tables and strikethrough, and linkify set to
 * GitHub's autolink extension: `http://`, `https://`, `ftp://`, `www.` and
 * e-mail addresses; not bare domains and not `//host`. Mentions and
 * references are GitHub's own post-processing of text, so they are found here
 * by pattern, more eagerly than GitHub does (any `@` before a letter or digit,
 * any `#` before a digit), so that a miss here is a miss there too.
 */
const markdown = new MarkdownIt({ html: true, linkify: true });
markdown.linkify
  .set({ fuzzyLink: false, fuzzyEmail: true })
  .add("//", null)
  .add("www.", {
    validate: (text: string, pos: number) => /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+[^\s<]*/.exec(text.slice(pos))?.[0].length ?? 0,
    normalize: (match: { url: string }) => {
      match.url = `http://${match.url}`;
    },
  });

type Token = ReturnType<MarkdownIt["parse"]>[number];

// GitHub's extended e-mail autolink (GFM spec, "Autolinks (extension)"): letters, digits
// and `.+-_` before the `@`; letters, digits, `-` and `_` in dot-separated parts after it.
// linkify's fuzzy e-mail is wider (it takes any symbol, `|` included, as a letter of a
// host name), so a `mailto:` it finds is counted only when GitHub would link it too.
const GFM_EMAIL = /^[A-Za-z0-9.+_-]+@[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+$/;

function isAddressGitHubWouldNotLink(token: Token): boolean {
  const href = token.attrGet("href") ?? "";
  if (!href.startsWith("mailto:") || token.markup !== "linkify") return false;
  let address: string;
  try {
    address = decodeURIComponent(href.slice("mailto:".length));
  } catch {
    return false;
  }
  return !GFM_EMAIL.test(address);
}

// Full-width and small lookalikes too: GitHub's mention pattern wants the ASCII
// sign, but nothing is lost by catching the others.
const MENTION = /[@\uFF20\uFE6B][\p{L}\p{N}]/u;
const REFERENCE = /[#\uFF03\uFE5F]\p{Nd}|GH-\d/iu;
// A backstop for addresses linkify might not see: GitHub's autolinker would.
const ADDRESS = /[A-Za-z][A-Za-z0-9+.-]*:\/\/|www\./i;

/** What GitHub would act on in this Markdown: `link …`, `image …`, `html …`, `mention …`, `reference …`, `address …`. */
export function activeParts(source: string): string[] {
  const found: string[] = [];
  for (const token of markdown.parse(source, {})) {
    if (token.type === "html_block") found.push(`html ${token.content.trim()}`);
    if (token.type === "inline") inline(token.children ?? [], found);
  }
  return found;
}

function inline(tokens: Token[], found: string[]): void {
  for (const token of tokens) {
    switch (token.type) {
      case "link_open":
        if (!isAddressGitHubWouldNotLink(token)) found.push(`link ${token.attrGet("href") ?? ""}`);
        break;
      case "image":
        found.push(`image ${token.attrGet("src") ?? ""}`);
        break;
      case "html_inline":
        found.push(`html ${token.content}`);
        break;
      case "text":
        for (const [kind, pattern] of [
          ["mention", MENTION],
          ["reference", REFERENCE],
          ["address", ADDRESS],
        ] as const) {
          const match = pattern.exec(token.content);
          if (match) found.push(`${kind} ${JSON.stringify(token.content.slice(Math.max(0, match.index - 10), match.index + 20))}`);
        }
        break;
      default:
        if (token.children) inline(token.children, found);
    }
  }
}
