import { afterEach, describe, expect, it } from "vitest";
import nock from "nock";
import { Octokit } from "@octokit/rest";
import { mockGitHub } from "./helpers/github.js";
import { caseBody, caseMeta, OWNER, testSeal } from "./helpers/cases.js";
import { CaseGoneError, CaseThread, updateCaseMeta } from "../src/cases/case-thread.js";
import { InProcessLocks } from "../src/concurrency/locks.js";
import { parseCaseCommand, loginOf } from "../src/commands/case/parse.js";
import { describeApiFailure } from "../src/github/api-failure.js";

describe("updateCaseMeta", () => {
  afterEach(() => {
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("two changes at once both land: each re-reads the case under the lock", async () => {
    const meta = caseMeta();
    const github = mockGitHub().caseIssue(OWNER, "moderation", 5, caseBody(meta));
    const thread = new CaseThread(new Octokit({ auth: "t" }), { owner: OWNER, repo: "moderation" }, "issue", 5, testSeal);
    const locks = new InProcessLocks();
    await Promise.all([
      updateCaseMeta(locks, thread, meta.source.key, (m) => ({ ...m, assignees: [...m.assignees, "alex"] })),
      updateCaseMeta(locks, thread, meta.source.key, (m) => ({ ...m, state: "acknowledged", acknowledgedAt: "2026-11-02T00:00:00.000Z" })),
      updateCaseMeta(locks, thread, meta.source.key, (m) => ({ ...m, assignees: [...m.assignees, "sam"] })),
    ]);
    const after = github.caseMetaOf(OWNER, "moderation", 5)!;
    expect(after.assignees).toStrictEqual(["alex", "sam"]);
    expect(after.state).toBe("acknowledged");
    expect(github.sent.updatedBodies).toHaveLength(3);
    expect(github.caseIssues.get(`${OWNER}/moderation#5`)?.body.match(/call-in:meta/g)).toHaveLength(1);
  });

  it("writes nothing when the change is null, and refuses a case without metadata", async () => {
    const meta = caseMeta();
    mockGitHub().caseIssue(OWNER, "moderation", 5, caseBody(meta), { writes: false }).caseIssue(OWNER, "moderation", 6, "no metadata here", { writes: false });
    const locks = new InProcessLocks();
    const github = new Octokit({ auth: "t" });
    const result = await updateCaseMeta(locks, new CaseThread(github, { owner: OWNER, repo: "moderation" }, "issue", 5, testSeal), meta.source.key, () => null);
    expect(result.changed).toBe(false);
    await expect(
      updateCaseMeta(locks, new CaseThread(github, { owner: OWNER, repo: "moderation" }, "issue", 6, testSeal), "k", (m) => m),
    ).rejects.toBeInstanceOf(CaseGoneError);
  });
});

describe("parsing case commands", () => {
  it("reads the first line's command, its words, and the free text after it", () => {
    expect(parseCaseCommand("/resolve correction They edited it.\nThanks all.")).toStrictEqual({
      name: "resolve",
      args: ["correction", "They", "edited", "it."],
      rest: "correction They edited it.\nThanks all.",
    });
    expect(parseCaseCommand("  /ACK")).toStrictEqual({ name: "ack", args: [], rest: "" });
    expect(parseCaseCommand("I'll /ack later")).toBeNull();
    expect(parseCaseCommand("/ not a command")).toBeNull();
    expect(parseCaseCommand(null)).toBeNull();
  });

  it("accepts GitHub logins only", () => {
    expect(loginOf("@octo-cat")).toBe("octo-cat");
    expect(loginOf("octocat")).toBe("octocat");
    expect(loginOf("@-bad")).toBeNull();
    expect(loginOf("a--b")).toBeNull();
    expect(loginOf("org/team")).toBeNull();
  });

  it("describes API failures in the reply's terms", () => {
    const forbidden = Object.assign(new Error("x"), { status: 403, response: { data: { message: "Resource not accessible by integration" } } });
    expect(describeApiFailure(forbidden, "administration: write")).toStrictEqual({
      status: 403,
      kind: "permission",
      permission: "administration: write",
      message: "Resource not accessible by integration",
    });
    expect(describeApiFailure(Object.assign(new Error("Conflict"), { status: 409 })).kind).toBe("conflict");
    expect(describeApiFailure(Object.assign(new Error("API rate limit exceeded"), { status: 403 })).kind).toBe("rate-limited");
    expect(describeApiFailure(new Error("socket hang up"))).toMatchObject({ status: null, kind: "other", message: "socket hang up" });
  });
});
