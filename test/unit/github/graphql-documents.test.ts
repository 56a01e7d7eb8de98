import { validate } from "@octokit/graphql-schema";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as documents from "../../../src/github/graphql-documents.js";
import { GRAPHQL_DOCUMENTS } from "../../../src/github/graphql-documents.js";

const operationName = (document: string) => /^\s*(?:query|mutation)\s+(\w+)/.exec(document)?.[1];

describe("the app's GraphQL documents", () => {
  it.each(Object.entries(GRAPHQL_DOCUMENTS))("%s is valid against GitHub's schema", (name, document) => {
    expect(operationName(document)).toBe(name);
    expect(validate(document).map((error) => error.message)).toStrictEqual([]);
  });

  it("lists every document the module exports", () => {
    const exported = Object.values(documents as Record<string, unknown>).filter(
      (value): value is string => typeof value === "string" && operationName(value) !== undefined,
    );
    expect(exported.length).toBeGreaterThan(0);
    expect(new Set(Object.values(GRAPHQL_DOCUMENTS))).toStrictEqual(new Set(exported));
  });

  it("the check fails on a field or argument the schema lacks", () => {
    const misspelt = GRAPHQL_DOCUMENTS.Discussions!.replace("closed author", "closedd author");
    const errors = validate(misspelt).map((error) => error.message);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^Cannot query field "closedd" on type "Discussion"/);
    const badArgument = GRAPHQL_DOCUMENTS.DiscussionNodeId!.replace("discussion(number: $number)", "discussion(id: $number)");
    expect(validate(badArgument).length).toBeGreaterThan(0);
  });

  it("no other source file writes a GraphQL document of its own", () => {
    const found: string[] = [];
    const visit = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) visit(path);
        else if (path.endsWith(".ts") && !path.endsWith("graphql-documents.ts") && /`\s*(?:query|mutation)\s+\w+\s*[({]/.test(readFileSync(path, "utf8")))
          found.push(path);
      }
    };
    visit("src");
    expect(found).toStrictEqual([]);
  });
});
