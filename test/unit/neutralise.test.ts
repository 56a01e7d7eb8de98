import { describe, expect, it } from "vitest";
import { blockquote, neutralise, truncate, ZERO_WIDTH_SPACE as Z } from "../../src/text/neutralise.js";

describe("neutralise", () => {
  it.each([
    ["@octocat look", `@${Z}octocat look`],
    ["cc @github/security-team", `cc @${Z}github/security-team`],
    ["see #12 and GH-34", `see #${Z}12 and GH-${Z}34`],
    ["octo/repo#5", `octo/repo#${Z}5`],
    ["<!-- call-in:meta {} -->", `<${Z}!-- call-in:${Z}meta {} -->`],
    ["<img src=x onerror=alert(1)>", `<${Z}img src=x onerror=alert(1)>`],
    ["</details>", `<${Z}/details>`],
  ])("makes %j inert", (input, expected) => {
    expect(neutralise(input)).toBe(expected);
  });

  it("leaves ordinary text, e-mail-like text, headings and comparisons readable", () => {
    expect(neutralise("# Title\n2 < 3 and a@b")).toBe(`# Title\n2 < 3 and a@${Z}b`);
    expect(neutralise("plain words")).toBe("plain words");
  });

  it("removes bidirectional control characters that could disguise quoted evidence", () => {
    expect(neutralise("abc\u202Edef\u2066")).toBe("abcdef");
  });

  it("keeps every line of a quote inside the quote", () => {
    expect(blockquote("one\n\n> two\n### three")).toBe("> one\n>\n> > two\n> ### three");
  });

  it("truncates long text at a line end and says how much was cut", () => {
    const text = `${"a".repeat(90)}\n${"b".repeat(50)}`;
    expect(truncate(text, 100)).toStrictEqual({ text: "a".repeat(90), omitted: 51 });
    expect(truncate("short", 100)).toStrictEqual({ text: "short", omitted: 0 });
  });
});
