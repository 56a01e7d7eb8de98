import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import nock from "nock";
import { configJsonSchema } from "../src/config/json-schema.js";
import { parseConfig } from "../src/config/load.js";
import { createTestApp, type TestApp } from "./helpers/app.js";
import { mockGitHub } from "./helpers/github.js";
import { examplePayload, withOverrides } from "./helpers/payloads.js";

describe("config", () => {
  it("fills every default from the schema", () => {
    const result = parseConfig(null);
    expect(result).toMatchObject({
      ok: true,
      config: { caseRepository: "moderation", triggerLabel: "call-in", caseFormat: "issue", removeTriggerLabel: true },
    });
  });

  it("explains what is wrong, field by field", () => {
    const result = parseConfig({ caseRepository: "octo/moderation", caseFormat: "forum", surprise: 1 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem).toContain('Unrecognized key: "surprise"');
    expect(result.problem).toContain("→ at caseRepository");
    expect(result.problem).toContain("→ at caseFormat");
    // The case repository is itself invalid, so a note goes to the default one.
    expect(result.caseRepository).toBe("moderation");
  });

  it("ships a JSON Schema generated from the zod schema (run `npm run schema` after changing it)", () => {
    const committed = JSON.parse(readFileSync(new URL("../config.schema.json", import.meta.url), "utf8"));
    expect(committed).toStrictEqual(JSON.parse(JSON.stringify(configJsonSchema())));
  });
});

describe("an invalid call-in.yml", () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await createTestApp();
  });
  afterEach(() => {
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  const payload = () =>
    withOverrides(examplePayload("issues", { action: "labeled" }), { label: { name: "call-in" }, sender: { login: "maintainer-mo", id: 77, type: "User" } });

  it("opens no case, and leaves one note in the private case repository", async () => {
    const github = mockGitHub()
      .config("Codertocat", "Hello-World", "caseFormat: forum\n")
      .repository("Codertocat", "moderation")
      .openCases("Codertocat", "moderation")
      .createsIssue("Codertocat", "moderation");

    await app.receive("issues", payload());

    const [note] = github.sent.createdIssues;
    expect(note?.title).toBe("Call-In cannot use its configuration");
    expect(note?.body).toContain("→ at caseFormat");
    expect(note?.body).toContain("Codertocat/Hello-World");
    expect(app.logs.lines.find((l) => l.level === 50)).toMatchObject({ owner: "Codertocat", problem: expect.stringContaining("caseFormat") });

    // The same problem again (cached config) writes nothing more.
    await app.receive("issues", payload());
    expect(github.sent.createdIssues).toHaveLength(1);
  });

  it("reports invalid YAML the same way", async () => {
    const github = mockGitHub()
      .config("Codertocat", "Hello-World", "caseRepository: [unclosed\n")
      .repository("Codertocat", "moderation")
      .openCases("Codertocat", "moderation")
      .createsIssue("Codertocat", "moderation");

    await app.receive("issues", payload());

    expect(github.sent.createdIssues[0]?.body).toContain("invalid YAML");
  });

  it("writes no note into a public case repository", async () => {
    const github = mockGitHub().config("Codertocat", "Hello-World", "caseFormat: forum\n").repository("Codertocat", "moderation", { private: false });
    await app.receive("issues", payload());
    expect(github.sent.createdIssues).toHaveLength(0);
  });
});
