import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import { Pseudonymiser } from "../src/resolution-log/pseudonym.js";
import { createTestApp } from "./helpers/app.js";
import { FakeRepoContents } from "./helpers/contents.js";
import { mockGitHub } from "./helpers/github.js";
import { examplePayload, withOverrides } from "./helpers/payloads.js";

const OWNER = "Codertocat";
const REPO = "Hello-World";
const KEY = "history-test-key";
const NOW = new Date("2026-11-22T10:00:00Z");

function labeledIssue(number: number) {
  return withOverrides(examplePayload("issues", { action: "labeled" }), {
    label: { name: "call-in" },
    sender: { login: "maintainer-mo", id: 77, type: "User" },
    issue: { number },
  });
}

function logLine(
  code: string,
  number: number,
  resolvedAt: string,
  outcome: string,
  pseudonym: string | null,
  event: "resolved" | "reopened" = "resolved",
): string {
  return JSON.stringify({
    v: 1,
    entryId: `${code}:${event}:${resolvedAt}`,
    event,
    at: resolvedAt,
    case: { code, number, url: `https://github.com/${OWNER}/moderation/issues/${number}` },
    trigger: "label",
    category: "Harassment",
    outcome,
    openedAt: "2026-01-01T00:00:00.000Z",
    acknowledgedAt: null,
    resolvedAt,
    repository: `${OWNER}/${REPO}`,
    pseudonym,
    moderator: null,
    corrects: null,
  });
}

describe("earlier cases about the same person in a new case", () => {
  let repo: FakeRepoContents | null = null;
  afterEach(() => {
    repo?.dispose();
    repo = null;
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("lists the person's earlier standing resolutions, with links, and caches the log per owner", async () => {
    const payload = labeledIssue(1);
    const author = (payload as { issue: { user: { id: number; login: string } } }).issue.user;
    const pseudonym = Pseudonymiser.withKey(KEY).of(author.id)!;
    repo = new FakeRepoContents(OWNER, "moderation", {
      // Older than twelve months (December 2025 is the first month looked at): not read at all.
      "log/2025/11.jsonl": `${logLine("CI-OLD001", 2, "2025-11-10T00:00:00.000Z", "warning", pseudonym)}\n`,
      "log/2026/03.jsonl": `${logLine("CI-EARLY1", 3, "2026-03-10T00:00:00.000Z", "correction", pseudonym)}\n${logLine("CI-OTHER1", 4, "2026-03-11T00:00:00.000Z", "warning", "someone-else")}\n`,
      "log/2026/07.jsonl": `${logLine("CI-EARLY2", 5, "2026-07-02T00:00:00.000Z", "warning", pseudonym)}\n`,
      // Resolved, then reopened: withdrawn, so not an earlier case.
      "log/2026/08.jsonl": `${logLine("CI-EARLY3", 6, "2026-08-02T00:00:00.000Z", "no-action", pseudonym)}\n${logLine("CI-EARLY3", 6, "2026-08-03T00:00:00.000Z", "no-action", pseudonym, "reopened")}\n`,
    });
    const app = await createTestApp({ services: { env: { PSEUDONYM_KEY: KEY }, now: () => NOW } });
    const github = mockGitHub()
      .config(OWNER, REPO, null)
      .repository(OWNER, "moderation")
      .templates(OWNER)
      .openCases(OWNER, "moderation")
      .createsIssue(OWNER, "moderation")
      .removesLabel(OWNER, REPO, 1, "call-in")
      .repository(OWNER, "moderation")
      .openCases(OWNER, "moderation")
      .createsIssue(OWNER, "moderation")
      .removesLabel(OWNER, REPO, 2, "call-in");

    await app.receive("issues", payload);
    await app.receive("issues", labeledIssue(2));

    const body = github.sent.createdIssues[0]!.body;
    expect(body).toContain("### Earlier cases about the same person");
    expect(body).toContain("2 earlier cases in the last year: correction 2026-03, warning 2026-07.");
    expect(body).toContain(`- [CI-EARLY1](https://github.com/${OWNER}/moderation/issues/3): correction (Harassment), resolved 2026-03`);
    expect(body).toContain(`- [CI-EARLY2](https://github.com/${OWNER}/moderation/issues/5): warning (Harassment), resolved 2026-07`);
    expect(body).not.toContain("CI-OTHER1");
    expect(body).not.toContain("CI-EARLY3");
    expect(body).not.toContain(pseudonym);
    expect(github.sent.createdIssues[1]!.body).toContain("2 earlier cases in the last year");
    // The second case used the cached log: one listing of log/ and of log/2026, three shards, once.
    expect(body).not.toContain("CI-OLD001");
    expect(repo.reads).toStrictEqual(["log", "log/2025", "log/2026", "log/2026/03.jsonl", "log/2026/07.jsonl", "log/2026/08.jsonl"]);
  });

  it("opens the case as usual when the log is empty", async () => {
    const app = await createTestApp({ services: { env: { PSEUDONYM_KEY: KEY }, now: () => NOW } });
    const github = mockGitHub()
      .config(OWNER, REPO, null)
      .repository(OWNER, "moderation")
      .templates(OWNER)
      .emptyLog(OWNER, "moderation")
      .openCases(OWNER, "moderation")
      .createsIssue(OWNER, "moderation")
      .removesLabel(OWNER, REPO, 1, "call-in");
    await app.receive("issues", labeledIssue(1));
    expect(github.sent.createdIssues).toHaveLength(1);
    expect(github.sent.createdIssues[0]!.body).not.toContain("Earlier cases");
  });

  it("opens the case without history when the log cannot be read, and says why in the app log", async () => {
    const app = await createTestApp({ services: { env: { PSEUDONYM_KEY: KEY }, now: () => NOW } });
    const github = mockGitHub()
      .config(OWNER, REPO, null)
      .repository(OWNER, "moderation")
      .templates(OWNER)
      .openCases(OWNER, "moderation")
      .createsIssue(OWNER, "moderation")
      .removesLabel(OWNER, REPO, 1, "call-in");
    github.scope.get(`/repos/${OWNER}/moderation/contents/log`).reply(500, { message: "Server Error" });
    await app.receive("issues", labeledIssue(1));
    expect(github.sent.createdIssues).toHaveLength(1);
    expect(app.logs.lines.some((l) => l.msg === "could not read the resolution log for earlier cases; the case opens without them")).toBe(true);
  });
});
