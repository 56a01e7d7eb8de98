import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { inertText, inertUrl } from "../../../src/text/neutralise.js";
import { TemplateSet } from "../../../src/templates/engine.js";
import { activeParts } from "../../helpers/markdown.js";

/**
 * Pieces of Markdown that GitHub acts on, or that change how the rest is read,
 * and a few ordinary words and names, joined in any order: the generated text
 * holds links, images, references, mentions, HTML and code spans in every
 * combination (and half-finished ones, which the next piece may complete).
 */
const PIECES = [
  "@",
  "\uFF20",
  "#",
  "\uFF03",
  "GH-",
  "[",
  "]",
  "](",
  "][",
  "]:",
  "(",
  ")",
  "!",
  "<",
  ">",
  "/",
  ":",
  "//",
  "&",
  ";",
  "&#x40;",
  "&#64;",
  "&commat;",
  "&#x23;",
  "&#35;",
  "&num;",
  "&#58;",
  "&colon;",
  "&lt;",
  "&amp;",
  "http://",
  "https://",
  "ftp://",
  "mailto:",
  "www.",
  "github.com",
  "/o/r/issues/",
  "example.org",
  ".gif",
  "`",
  "``",
  "```",
  "~~~",
  "\\",
  "*",
  "_",
  "|",
  "\n",
  "\r",
  "\r\n",
  "\n\n",
  " ",
  "    ",
  "\t",
  "> ",
  "- ",
  "1. ",
  "<!--",
  "-->",
  "<a href=",
  "<img src=",
  "</a>",
  "<https://",
  "[^1]",
  "call-in:meta",
  '"',
  "'",
  "=",
  "user",
  "octocat",
  "o/r",
  "1",
  "12",
  "abc",
  "deadbeef1",
];

const markdownText = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((pieces) => pieces.join(""));
const anyText = fc.oneof(markdownText, fc.string({ maxLength: 60 }), fc.string({ unit: "binary", maxLength: 30 }));

// Each property runs many generated inputs; a failure prints the smallest one fast-check finds.
const RUNS = { numRuns: 2000 };

describe("inertText, for generated text", () => {
  it("leaves nothing GitHub would act on: no link, image, mention, reference or HTML", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(activeParts(inertText(text))).toStrictEqual([]);
      }),
      RUNS,
    );
  });

  it("reads the same: only zero-width spaces are added (after line endings and bidirectional controls are tidied)", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const tidied = text.replace(/\r\n?/g, "\n").replace(/[\u202A-\u202E\u2066-\u2069]/g, "");
        expect(inertText(text).replaceAll("\u200B", "")).toBe(tidied.replaceAll("\u200B", ""));
      }),
      RUNS,
    );
  });
});

describe("the case templates' filters, for generated text", () => {
  const templates = new TemplateSet({
    "quoted.md": "Before.\n\n{{ text | quote }}\n\nAfter.",
    "table.md": "| | |\n|---|---|\n| Where | {{ url | inert_url }} |\n| Said | {{ text }} |\n\n**About:** {{ url | inert_url }}",
  });

  it("keeps quoted text inside its quote and inert", async () => {
    await fc.assert(
      fc.asyncProperty(anyText, async (text) => {
        const { text: rendered } = await templates.render("quoted.md", { text });
        expect(activeParts(rendered)).toStrictEqual([]);
        const lines = rendered.trim().split("\n");
        expect(lines.slice(2, -2).every((line) => line.startsWith(">"))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("shows any address, however it was written, as code in a table or a sentence", async () => {
    await fc.assert(
      fc.asyncProperty(anyText, anyText, async (url, text) => {
        const { text: rendered } = await templates.render("table.md", { url: `https://github.com/o/r/issues/1#${url}`, text });
        expect(activeParts(rendered)).toStrictEqual([]);
        expect(rendered).toContain("`https://github.com/o/r/issues/1#");
      }),
      { numRuns: 500 },
    );
  });

  it("inertUrl alone: never a link, whatever the address", () => {
    fc.assert(
      fc.property(anyText, (url) => {
        expect(activeParts(`See ${inertUrl(url)} now.`)).toStrictEqual([]);
      }),
      RUNS,
    );
  });
});
