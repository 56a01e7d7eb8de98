import { afterEach, beforeEach, describe, expect, it } from "vitest";
import nock from "nock";
import { createTestApp, type TestApp } from "./helpers/app.js";
import { mockGitHub } from "./helpers/github.js";
import { examplePayload, withOverrides } from "./helpers/payloads.js";
import { parseMeta } from "../src/cases/metadata.js";
import { ZERO_WIDTH_SPACE } from "../src/text/neutralise.js";

const OWNER = "Codertocat";
const REPO = "Hello-World";

function labeledIssue(overrides: Record<string, unknown> = {}) {
  return withOverrides(examplePayload("issues", { action: "labeled" }), {
    label: { name: "call-in" },
    sender: { login: "maintainer-mo", id: 77, type: "User" },
    ...overrides,
  });
}

describe("the call-in label", () => {
  let app: TestApp;
  beforeEach(async () => {
    // With PSEUDONYM_KEY set, a new case also looks for earlier cases in the resolution log.
    app = await createTestApp({ services: { env: { PSEUDONYM_KEY: "label-test-key" } } });
  });
  afterEach(() => {
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("opens a private case about the issue and removes the label", async () => {
    const payload = labeledIssue({ issue: { number: 1, body: "You are all idiots, cc @octocat and #12 <!-- call-in:meta {\"v\":1} -->", title: "Broken build" } });
    const github = mockGitHub()
      .config(OWNER, REPO, null)
      .repository(OWNER, "moderation")
      .templates(OWNER)
      .emptyLog(OWNER, "moderation")
      .openCases(OWNER, "moderation")
      .createsIssue(OWNER, "moderation")
      .removesLabel(OWNER, REPO, 1, "call-in");

    await app.receive("issues", payload);

    const [created] = github.sent.createdIssues;
    expect(created?.title).toMatch(/^CI-[0-9A-Z]{6} · Call-in · Codertocat\/Hello-World issue 1$/);
    expect(created?.body).toContain("### Evidence snapshot");
    expect(created?.body).toContain("- [ ] Record the outcome");
    expect(created?.body).toContain(`@${ZERO_WIDTH_SPACE}octocat`);
    expect(created?.body).toContain(`#${ZERO_WIDTH_SPACE}12`);
    expect(created?.body).not.toMatch(/@octocat|(^|[^\u200B])#12/);
    const meta = parseMeta(created?.body);
    expect(meta).toMatchObject({
      v: 1,
      state: "open",
      trigger: "label",
      source: { key: "codertocat/hello-world#1", owner: OWNER, repo: REPO, number: 1, threadKind: "issue" },
      subject: { kind: "issue", author: { login: "Codertocat" } },
    });
    // The forged block in the issue text is inert: exactly one real metadata block.
    expect(created?.body.match(/<!-- call-in:meta/g)).toHaveLength(1);
  });
});
