import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";

const root = new URL("../../", import.meta.url).pathname;
const pages = [
  "README.md",
  ...readdirSync(join(root, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`),
];

const markdown = new MarkdownIt({ html: true });

/** GitHub's anchor for a heading: lower case, punctuation but `-` and `_` dropped, spaces as `-`. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

type Token = ReturnType<MarkdownIt["parse"]>[number];

const headingsRead = new Map<string, Set<string>>();

function headings(path: string): Set<string> {
  const known = headingsRead.get(path);
  if (known) return known;
  const tokens = markdown.parse(readFileSync(join(root, path), "utf8"), {});
  const out = new Set<string>();
  tokens.forEach((token, i) => {
    if (token.type !== "heading_open") return;
    const inline = tokens[i + 1] as Token;
    out.add(slug((inline.children ?? []).map((child) => child.content).join("")));
  });
  headingsRead.set(path, out);
  return out;
}

function links(path: string): string[] {
  const out: string[] = [];
  const walk = (tokens: Token[]) => {
    for (const token of tokens) {
      if (token.type === "link_open") out.push(token.attrGet("href") ?? "");
      if (token.type === "image") out.push(token.attrGet("src") ?? "");
      if (token.children) walk(token.children);
    }
  };
  walk(markdown.parse(readFileSync(join(root, path), "utf8"), {}));
  return out.filter((href) => !/^[a-z]+:/i.test(href));
}

describe("links between the README and the guides", () => {
  it("point at files that exist, and at headings that exist", () => {
    const broken: string[] = [];
    for (const page of pages) {
      for (const href of links(page)) {
        const [file = "", anchor] = href.split("#");
        const target = file ? normalize(join(dirname(page), decodeURI(file))) : page;
        if (!existsSync(join(root, target))) {
          broken.push(`${page}: ${href} (no such file)`);
          continue;
        }
        if (anchor && target.endsWith(".md") && !headings(target).has(anchor)) broken.push(`${page}: ${href} (no such heading)`);
      }
    }
    expect(broken).toStrictEqual([]);
  });
});
