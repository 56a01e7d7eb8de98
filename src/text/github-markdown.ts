/**
 * Markdown as GitHub shows it in issues and comments, close enough to judge
 * what Call-In wrote: CommonMark with GitHub's line breaks and autolinks, task
 * lists, alerts (`> [!NOTE]`), Mermaid blocks (drawn in the page by Mermaid's
 * own bundle), and GitHub's sanitising of HTML: comments disappear (the case's
 * metadata block), a few harmless tags stay, everything else is shown as text.
 */
import MarkdownIt from "markdown-it";
import type Token from "markdown-it/lib/token.mjs";

/** The tags GitHub keeps that Call-In's templates use (and a few like them); never with attributes, except `open`. */
const KEPT_TAGS = new Set(["details", "summary", "sub", "sup", "br", "b", "i", "em", "strong", "code", "kbd", "p", "hr"]);
const ALERTS: Record<string, string> = { NOTE: "Note", TIP: "Tip", IMPORTANT: "Important", WARNING: "Warning", CAUTION: "Caution" };

const MADE_HERE = Symbol("made by github-markdown.ts");

function made(state: { Token: new (type: string, tag: string, nesting: -1 | 0 | 1) => Token }, html: string): Token {
  const token = new state.Token("html_inline", "", 0);
  token.content = html;
  token.meta = MADE_HERE;
  return token;
}

export function githubMarkdown(): (source: string) => string {
  const md = new MarkdownIt({ html: true, linkify: true, breaks: true });
  const escapeHtml = md.utils.escapeHtml;
  const sanitise = (html: string) =>
    escapeHtml(html.replace(/<!--[\s\S]*?(?:-->|$)/g, "")).replace(/&lt;(\/?)([a-z]+)( open)?\s*(\/?)&gt;/gi, (whole, close: string, tag: string, open = "") =>
      KEPT_TAGS.has(tag.toLowerCase()) ? `<${close}${tag.toLowerCase()}${open}>` : whole,
    );
  md.renderer.rules.html_block = (tokens, i) => sanitise(tokens[i]!.content);
  // Parsed HTML is sanitised; the tokens made below (task boxes, alert titles) are marked as made here.
  md.renderer.rules.html_inline = (tokens, i) => (tokens[i]!.meta === MADE_HERE ? tokens[i]!.content : sanitise(tokens[i]!.content));

  const fence = md.renderer.rules.fence!;
  md.renderer.rules.fence = (tokens, i, options, env, self) => {
    const token = tokens[i]!;
    if (token.info.trim() === "mermaid") return `<pre class="mermaid">${escapeHtml(token.content)}</pre>\n`;
    return fence(tokens, i, options, env, self);
  };

  // Links open as on GitHub, and never pass the page's address on.
  md.renderer.rules.link_open = (tokens, i, options, _env, self) => {
    tokens[i]!.attrSet("rel", "nofollow noreferrer");
    return self.renderToken(tokens, i, options);
  };

  md.core.ruler.push("github_extras", (state) => {
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (token.type !== "inline" || !token.children?.length) continue;
      const first = token.children[0]!;
      // Task lists: `- [ ] text` and `- [x] text`, a disabled checkbox labelled by its text.
      if (tokens[i - 2]?.type === "list_item_open" && first.type === "text") {
        const task = /^\[([ xX])\]\s+/.exec(first.content);
        if (task) {
          first.content = first.content.slice(task[0].length);
          const checked = task[1] !== " " ? " checked" : "";
          const open = made(state, `<label class="task"><input type="checkbox" disabled${checked}> `);
          const close = made(state, "</label>");
          token.children.unshift(open);
          token.children.push(close);
          tokens[i - 2]!.attrJoin("class", "task-list-item");
          continue;
        }
      }
      // Alerts: a blockquote that starts with `[!WARNING]`.
      if (tokens[i - 2]?.type === "blockquote_open" && first.type === "text") {
        const alert = /^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*/.exec(first.content);
        if (alert) {
          first.content = first.content.slice(alert[0].length);
          if (token.children[1]?.type === "softbreak") token.children.splice(1, 1);
          const title = made(state, `<strong class="alert-title">${ALERTS[alert[1]!]}</strong><br>`);
          token.children.unshift(title);
          tokens[i - 2]!.attrJoin("class", `alert alert-${alert[1]!.toLowerCase()}`);
        }
      }
    }
  });

  return (source) => md.render(source);
}
