import MarkdownIt from "markdown-it";
import type { RuleMatch, ScreenOptions, WatchRules } from "./rules.js";

/**
 * What a person wrote in their own voice, as plain text: Markdown is parsed
 * (markdown-it, CommonMark) so that fenced and indented code, inline code,
 * `>` quotes of others and HTML comments are left out. "Here is how our
 * `code of conduct` check works" or a quoted line is not a report.
 */
export interface ReadableText {
  /** The author's own words; every run of white space is one space. */
  own: string;
  /** The text of each top-level `>` quote (what they quoted from someone else). */
  quotes: string[];
}

/**
 * CommonMark, without the parts that only change how text looks (tables,
 * linkify, typographer): the parser runs in time linear in the input
 * (markdown-it's design goal; `maxNesting` bounds nested blocks).
 */
const markdown = new MarkdownIt("commonmark", { html: true, linkify: false, typographer: false });

type Token = ReturnType<MarkdownIt["parse"]>[number];

function inlineText(token: Token): string {
  let text = "";
  for (const child of token.children ?? []) {
    switch (child.type) {
      case "text":
        text += child.content;
        break;
      case "softbreak":
      case "hardbreak":
      case "code_inline":
        text += " ";
        break;
      case "html_inline":
        if (!child.content.startsWith("<!--")) text += ` ${child.content} `;
        break;
      case "image":
        // Alt text is read by screen readers: it is part of what was written.
        text += ` ${inlineText(child)} `;
        break;
      default:
        break;
    }
  }
  return text;
}

/** Collapses white space; linear (a single-character class, no nesting). */
function squash(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

export function readableText(body: string): ReadableText {
  const tokens = markdown.parse(body, {});
  const own: string[] = [];
  const quotes: string[] = [];
  let quoteDepth = 0;
  let quote: string[] = [];
  for (const token of tokens) {
    if (token.type === "blockquote_open") {
      quoteDepth++;
      continue;
    }
    if (token.type === "blockquote_close") {
      quoteDepth--;
      if (quoteDepth === 0) {
        quotes.push(squash(quote.join(" ")));
        quote = [];
      }
      continue;
    }
    let text = "";
    if (token.type === "inline") text = inlineText(token);
    else if (token.type === "html_block" && !token.content.trimStart().startsWith("<!--")) text = token.content;
    // fence, code_block and HTML comments are skipped: code and hidden text are not a report.
    if (text === "") continue;
    if (quoteDepth > 0) quote.push(text);
    else own.push(text);
  }
  return { own: squash(own.join(" ")), quotes: quotes.filter((q) => q.length > 0) };
}

/** The first rule the author's own words match, or null. Linear in the length of `body`. */
export function screen(rules: WatchRules, body: string, options: ScreenOptions = {}): RuleMatch | null {
  if (rules.isEmpty) return null;
  return rules.firstMatch(readableText(body).own, options);
}
