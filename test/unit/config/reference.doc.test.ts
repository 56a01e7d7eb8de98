import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { configReference, configReferenceMarkdown, REFERENCE_END, REFERENCE_START, withConfigReference } from "../../../src/config/reference.js";

describe("the configuration reference in docs/configuration.md", () => {
  const page = readFileSync(new URL("../../../docs/configuration.md", import.meta.url), "utf8");

  it("is the one generated from the schema (run `npm run docs:config` after changing src/config/schema.ts)", () => {
    expect(withConfigReference(page)).toBe(page);
    const between = page.slice(page.indexOf(REFERENCE_START) + REFERENCE_START.length, page.indexOf(REFERENCE_END));
    expect(between).toBe(`\n${configReferenceMarkdown()}\n`);
  });

  it("has one row for every key, with its default", () => {
    for (const key of configReference()) {
      const rows = page.split("\n").filter((line) => line.startsWith(`| \`${key.path}\` |`));
      expect(rows, key.path).toHaveLength(1);
      expect(rows[0], key.path).toContain(key.default === undefined ? "| unset |" : `| \`${key.default}\` |`);
    }
  });

  it("refuses a page without the markers", () => {
    expect(() => withConfigReference("# no reference here\n")).toThrow(/docs\/configuration.md needs the markers/);
  });
});
