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
    const payload = labeledIssue({
      issue: { number: 1, body: 'You are all idiots, cc @octocat and #12 <!-- call-in:meta {"v":1} -->', title: "Broken build" },
    });
    const github = mockGitHub().readyToOpenCase(OWNER, REPO).emptyLog(OWNER, "moderation").removesLabel(OWNER, REPO, 1, "call-in");

    await app.receive("issues", payload);

    const [created] = github.sent.createdIssues;
    expect(created?.title).toMatch(/^CI-[0-9A-Z]{6} · Call-in · Codertocat\/Hello-World issue 1$/);
    expect(created?.body).toContain("### Evidence snapshot");
    expect(created?.body).toContain("- [ ] Record the outcome");
    // Who labelled it is the delivery's sender.
    expect(created?.body).toContain("@maintainer-mo added the call-in label to an issue.");
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
    // The reported words never reach the logs; the case is logged by code and number only.
    expect(app.logs.text()).not.toContain("idiots");
    expect(app.logs.lines.find((l) => l.msg === "case opened")).toMatchObject({ case: meta?.code, caseNumber: 100, trigger: "label" });
  });
});

describe("the call-in label on pull requests, and its edges", () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await createTestApp();
  });
  afterEach(() => {
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("opens a case about a pull request", async () => {
    const payload = withOverrides(examplePayload("pull_request", { action: "labeled" }), {
      label: { name: "Call-In" },
      sender: { login: "maintainer-mo", id: 77, type: "User" },
    });
    const github = mockGitHub().readyToOpenCase(OWNER, REPO).removesLabel(OWNER, REPO, 2, "Call-In");

    await app.receive("pull_request", payload);

    expect(github.lastCaseMeta()).toMatchObject({ trigger: "label", subject: { kind: "pull_request" }, source: { threadKind: "pull_request", number: 2 } });
    expect(github.sent.createdIssues[0]?.body).toContain("@maintainer-mo added the call-in label to a pull request.");
  });

  it("uses the configured label and leaves other labels alone", async () => {
    mockGitHub().config(OWNER, REPO, "triggerLabel: needs-care\n");
    await app.receive("issues", labeledIssue());
    // Only the config was read: no case repository check, no case.
  });

  it("keeps the label when removeTriggerLabel is false", async () => {
    const github = mockGitHub().readyToOpenCase(OWNER, REPO, { yaml: "removeTriggerLabel: false\n" });
    await app.receive("issues", labeledIssue());
    expect(github.sent.createdIssues).toHaveLength(1);
  });

  it("writes nothing anywhere when the case repository is missing or not installed", async () => {
    mockGitHub().config(OWNER, REPO, null).repository(OWNER, "moderation", null).readsBesideGate(OWNER, "moderation", null);
    await app.receive("issues", labeledIssue());
    const error = app.logs.lines.find((l) => l.level === 50);
    expect(error?.msg).toMatch(/does not exist or Call-In is not installed on it/);
    expect(error).toMatchObject({ owner: OWNER, caseRepository: "moderation", reason: "missing" });
  });

  it("refuses a public case repository", async () => {
    mockGitHub().config(OWNER, REPO, "caseRepository: conduct\n").repository(OWNER, "conduct", { private: false }).readsBesideGate(OWNER, "conduct");
    await app.receive("issues", labeledIssue());
    expect(app.logs.lines.find((l) => l.level === 50)).toMatchObject({ reason: "public", caseRepository: "conduct" });
  });

  it("ignores labels applied in the case repository itself", async () => {
    mockGitHub().config(OWNER, "moderation", null);
    const payload = labeledIssue({ repository: { name: "moderation", full_name: `${OWNER}/moderation` } });
    await app.receive("issues", payload);
  });
});
