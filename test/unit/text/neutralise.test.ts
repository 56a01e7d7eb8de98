import { describe, expect, it } from "vitest";
import { blockquote, inertText, inertUrl, truncate, ZERO_WIDTH_SPACE as Z } from "../../../src/text/neutralise.js";
import { activeParts } from "../../helpers/markdown.js";

/** What the security review found GitHub acting on in quoted text, and its neighbours. */
const ACTIVE_IN_QUOTES = [
  "[x](https://github.com/o/r/issues/1)",
  "[x](/o/r/issues/1)",
  "![](https://tracker.example/pixel.gif)",
  "![a][p]\n\n[p]: https://tracker.example/pixel.gif",
  "[x][1]\n\n[1]: https://github.com/o/r/issues/1",
  "[x][]\n\n[x]: https://github.com/o/r/issues/1",
  "[x]\n\n[x]:\n  https://github.com/o/r/issues/1",
  "<https://github.com/o/r/issues/1>",
  "<someone@example.org>",
  "see https://github.com/o/r/issues/1 now",
  "(https://github.com/o/r/issues/1)",
  "www.example.com/track",
  "_www.example.com_",
  "ftp://example.com/file",
  "mail me: someone@example.org",
  '<a href="https://github.com/o/r/issues/1">x</a>',
  "<img src=https://tracker.example/p.gif>",
  "<picture><source srcset=https://tracker.example/p.gif></picture>",
  "&#x40;user",
  "&#64;user",
  "&commat;user",
  "&#x23;12",
  "&#35;12",
  "o/r&#x23;3",
  "&num;12",
  "https&#58;//github.com/o/r/issues/1",
  "[x](https&colon;//github.com/o/r/issues/1)",
  "\uFF20user and \uFF0312",
  "| a | b |\n|---|---|\n| [x](https://github.com/o/r/issues/1) | @user |",
];

describe("the test renderer", () => {
  it.each(ACTIVE_IN_QUOTES)("sees what GitHub would act on in %j", (text) => {
    expect(activeParts(text)).not.toStrictEqual([]);
  });

  it("ignores code spans and code blocks, as GitHub does", () => {
    expect(activeParts("`@user #1 https://github.com/o/r/issues/1`\n\n```\n[x](https://a.example) <img src=x>\n```")).toStrictEqual([]);
  });
});

describe("inertText", () => {
  it.each(ACTIVE_IN_QUOTES)("shows %j as text", (text) => {
    expect(activeParts(inertText(text))).toStrictEqual([]);
  });

  it.each(ACTIVE_IN_QUOTES)("shows %j as text inside a quote", (text) => {
    expect(activeParts(inertText(blockquote(text)))).toStrictEqual([]);
  });

  it.each([
    ["@octocat look", `@${Z}octocat look`],
    ["cc @github/security-team", `cc @${Z}github/security-team`],
    ["see #12 and GH-34", `see #${Z}12 and GH-${Z}34`],
    ["octo/repo#5", `octo/repo#${Z}5`],
    ["<!-- call-in:meta {} -->", `<${Z}!-- call-in:${Z}meta {} -->`],
    ["<img src=x onerror=alert(1)>", `<${Z}img src=x onerror=alert(1)>`],
    ["</details>", `<${Z}/details>`],
    ["[x](https://github.com/o/r/issues/1)", `[x]${Z}(https:${Z}//github.com/o/r/issues/1)`],
    ["![](https://t.example/p.gif)", `![]${Z}(https:${Z}//t.example/p.gif)`],
    ["&#x40;user &commat;user", `&${Z}#x40;user &${Z}commat;user`],
    ["o/r&#x23;3", `o/r&${Z}#x23;3`],
    ["www.example.com", `www${Z}.example.com`],
  ])("makes %j inert, reading the same", (input, expected) => {
    expect(inertText(input)).toBe(expected);
    expect(inertText(input).replaceAll(Z, "")).toBe(input);
  });

  it("leaves ordinary text, headings, comparisons and ampersands readable", () => {
    expect(inertText("# Title\n2 < 3 and a@b")).toBe(`# Title\n2 < 3 and a${Z}@${Z}b`);
    expect(inertText("plain words, [brackets] and R&D")).toBe("plain words, [brackets] and R&D");
  });

  it("removes bidirectional control characters that could disguise quoted evidence", () => {
    expect(inertText("abc\u202Edef\u2066")).toBe("abcdef");
  });
});

describe("inertUrl", () => {
  it("shows a public address as code, never as a link", () => {
    expect(inertUrl("https://github.com/o/r/issues/1#issuecomment-12")).toBe("`https://github.com/o/r/issues/1#issuecomment-12`");
    expect(activeParts(`**About:** ${inertUrl("https://github.com/o/r/issues/1")}`)).toStrictEqual([]);
  });

  it("percent-encodes what could end the code span or the table cell, so a fragment's Markdown is never rendered", () => {
    const url = "https://github.com/o/r/issues/1#x` [a](https://t.example) | <img src=https://t.example/p.gif>\n@user";
    const shown = inertUrl(url);
    expect(shown).toBe("`https://github.com/o/r/issues/1#x%60%20[a](https://t.example)%20%7C%20%3Cimg%20src=https://t.example/p.gif%3E%0A@user`");
    expect(activeParts(shown)).toStrictEqual([]);
    expect(activeParts(`| Where | ${shown} |\n|---|---|\n| a | b |`)).toStrictEqual([]);
  });

  it("shows nothing for no address", () => {
    expect(inertUrl("  ")).toBe("");
  });
});

describe("blockquote", () => {
  it("keeps every line of a quote inside the quote", () => {
    expect(blockquote("one\n\n> two\n### three")).toBe("> one\n>\n> > two\n> ### three");
  });

  it("treats a carriage return as a line break, so it cannot end the quote", () => {
    expect(blockquote("one\rtwo\r\nthree")).toBe("> one\n> two\n> three");
  });
});

describe("truncate", () => {
  it("truncates long text at a line end and says how much was cut", () => {
    const text = `${"a".repeat(90)}\n${"b".repeat(50)}`;
    expect(truncate(text, 100)).toStrictEqual({ text: "a".repeat(90), omitted: 51 });
    expect(truncate("short", 100)).toStrictEqual({ text: "short", omitted: 0 });
  });
});
