import { afterEach, describe, expect, it } from "vitest";
import nock from "nock";
import { createTestApp, type TestApp } from "./helpers/app.js";
import { mockGitHub, type GitHubMock } from "./helpers/github.js";
import { examplePayload, withOverrides } from "./helpers/payloads.js";
import { parseMeta, type CaseMetaInput, type SubjectRef } from "../src/cases/metadata.js";
import { withMeta } from "./helpers/cases.js";
import { ZERO_WIDTH_SPACE } from "../src/text/neutralise.js";

const OWNER = "Codertocat";
const REPO = "Hello-World";
const NOW = new Date("2026-11-22T10:00:00Z");
const WATCH_ON = "watch:\n  enabled: true\n";
const REPORT = "This is harassment, please stop.";
const COMMENT_URL = `https://github.com/${OWNER}/${REPO}/issues/1#issuecomment-492700400`;

function app(options: { now?: Date; env?: Record<string, string> } = {}): Promise<TestApp> {
  return createTestApp({ services: { now: () => options.now ?? NOW, env: options.env ?? {} } });
}

function casePrelude(github: GitHubMock, owner = OWNER, cases: Array<{ number: number; body: string }> = []): GitHubMock {
  return github.repository(owner, "moderation").templates(owner).openCases(owner, "moderation", cases);
}

function caseBody(meta: Partial<CaseMetaInput> & Pick<CaseMetaInput, "subject">, source = { owner: OWNER, repo: REPO, number: 1 }): string {
  return withMeta("Case text", {
    v: 1,
    code: "CI-ABC123",
    state: "triage",
    trigger: "watch",
    source: {
      key: `${source.owner}/${source.repo}#${source.number}`.toLowerCase(),
      ...source,
      threadKind: "issue",
      url: `https://github.com/${source.owner}/${source.repo}/issues/${source.number}`,
    },
    openedAt: "2026-11-22T09:00:00.000Z",
    ...meta,
  });
}

const thread: SubjectRef = { kind: "issue", url: `https://github.com/${OWNER}/${REPO}/issues/1`, id: null, nodeId: "I_1", author: null };

function reportComment(id: number, body = REPORT) {
  return withOverrides(examplePayload("issue_comment", { action: "created" }), {
    comment: { id, body, html_url: `https://github.com/${OWNER}/${REPO}/issues/1#issuecomment-${id}` },
  });
}

afterEach(() => {
  expect(nock.pendingMocks()).toStrictEqual([]);
});

describe("per-thread cooldown", () => {
  it("a heated thread opens one triage case; this replica does not even look again", async () => {
    const testApp = await app();
    const github = casePrelude(mockGitHub().config(OWNER, REPO, WATCH_ON)).createsIssue(OWNER, "moderation");

    await testApp.receive("issue_comment", reportComment(1001));
    await testApp.receive("issue_comment", reportComment(1002, "@Codertocat/moderators this violates the CoC too"));
    await testApp.receive("issue_comment", reportComment(1003, "code of conduct!"));

    expect(github.sent.createdIssues).toHaveLength(1);
    expect(testApp.logs.lines.filter((l) => String(l.msg).includes("cooling down"))).toHaveLength(2);
  });

  it("holds across replicas: a case watched within the cooldown is left alone", async () => {
    const testApp = await app();
    const recent = caseBody({ subject: thread, watchedAt: new Date(NOW.getTime() - 10 * 60_000).toISOString() });
    const github = casePrelude(mockGitHub().config(OWNER, REPO, WATCH_ON), OWNER, [{ number: 7, body: recent }]);

    await testApp.receive("issue_comment", reportComment(1001));

    expect(github.sent.createdIssues).toStrictEqual([]);
    expect(github.sent.comments).toStrictEqual([]);
    expect(testApp.logs.text()).toContain("the thread's open case is left alone");
  });

  it("after the cooldown, a new report is added to the open case and restarts it", async () => {
    const testApp = await app();
    const old = caseBody({ subject: thread, watchedAt: new Date(NOW.getTime() - 2 * 3_600_000).toISOString(), deliveries: ["d-0"] });
    const github = casePrelude(mockGitHub().config(OWNER, REPO, WATCH_ON), OWNER, [{ number: 7, body: old }])
      .commentsOn(OWNER, "moderation", 7)
      .updatesIssueBody(OWNER, "moderation", 7);

    await testApp.receive("issue_comment", reportComment(1001), "d-1");

    expect(github.sent.createdIssues).toStrictEqual([]);
    expect(github.sent.comments[0]!.body).toContain("**Triggered again**");
    expect(github.sent.comments[0]!.body).toContain("### Another public report");
    expect(github.sent.comments[0]!.body).toContain(`> ${REPORT}`);
    const meta = parseMeta(github.sent.updatedBodies[0]!.body);
    expect(meta).toMatchObject({ watchedAt: NOW.toISOString(), deliveries: ["d-0", "d-1"], reporting: [{ kind: "issue_comment", id: 1001 }] });
  });

  it("a case opened by a maintainer (no watch yet) hears about the first public report", async () => {
    const testApp = await app();
    const byLabel = caseBody({ subject: thread, trigger: "label", state: "open" });
    const github = casePrelude(mockGitHub().config(OWNER, REPO, WATCH_ON), OWNER, [{ number: 8, body: byLabel }])
      .commentsOn(OWNER, "moderation", 8)
      .updatesIssueBody(OWNER, "moderation", 8);

    await testApp.receive("issue_comment", reportComment(1001));

    expect(github.sent.comments[0]!.body).not.toContain("This case is still in triage");
    expect(parseMeta(github.sent.updatedBodies[0]!.body)).toMatchObject({ state: "open", trigger: "label", watchedAt: NOW.toISOString() });
  });
});

describe("privacy and idempotency", () => {
  it("a redelivered report changes nothing and posts no second reply", async () => {
    const testApp = await app({ env: { PUBLIC_URL: "https://call-in.example.org" } });
    const applied = caseBody({ subject: thread, watchedAt: new Date(NOW.getTime() - 2 * 3_600_000).toISOString(), deliveries: ["d-1"] });
    const github = casePrelude(mockGitHub().config(OWNER, REPO, `${WATCH_ON}  publicReply: true\n`), OWNER, [{ number: 7, body: applied }]);

    await testApp.receive("issue_comment", reportComment(1001), "d-1");

    expect(github.sent.comments).toStrictEqual([]);
    expect(github.sent.updatedBodies).toStrictEqual([]);
    expect(testApp.logs.text()).toContain("delivery already applied to the case");
  });

  it("writes nothing anywhere when the case repository is public", async () => {
    const testApp = await app({ env: { PUBLIC_URL: "https://call-in.example.org" } });
    const github = mockGitHub()
      .config(OWNER, REPO, `${WATCH_ON}  publicReply: true\n`)
      .repository(OWNER, "moderation", { private: false })
      .readsBesideGate(OWNER, "moderation");

    await testApp.receive("issue_comment", reportComment(1001));

    expect(github.sent.createdIssues).toStrictEqual([]);
    expect(github.sent.comments).toStrictEqual([]);
    expect(testApp.logs.text()).toContain("is public, so Call-In writes nothing there");
  });
});

describe("edits and deletions of snapshotted comments", () => {
  const reportedComment: SubjectRef = { kind: "issue_comment", url: COMMENT_URL, id: 492700400, nodeId: "IC_1", author: { login: "Codertocat", id: 1 } };

  it("notes an edit with the new text, quoted and inert, once per delivery", async () => {
    const testApp = await app();
    const body = caseBody({ subject: reportedComment, deliveries: ["d-0"] });
    const payload = withOverrides(examplePayload("issue_comment", { action: "edited" }), { comment: { body: "Never mind @octocat, see #3 <!-- hidden -->" } });
    const github = mockGitHub()
      .config(OWNER, REPO, WATCH_ON)
      .repository(OWNER, "moderation")
      .openCases(OWNER, "moderation", [{ number: 9, body }])
      .templates(OWNER)
      .openCases(OWNER, "moderation", [{ number: 9, body }])
      .commentsOn(OWNER, "moderation", 9)
      .updatesIssueBody(OWNER, "moderation", 9);

    await testApp.receive("issue_comment", payload, "edit-1");

    const note = github.sent.comments[0]!.body;
    expect(note).toContain("**Edited after the report**");
    expect(note).toContain(`the reported issue comment at \`${COMMENT_URL}\` now reads:`);
    expect(note).toContain(`> Never mind @${ZERO_WIDTH_SPACE}octocat, see #${ZERO_WIDTH_SPACE}3 <${ZERO_WIDTH_SPACE}!-- hidden -->`);
    expect(note).toContain("The snapshot taken when the case opened is unchanged.");
    const updated = github.sent.updatedBodies[0]!.body;
    expect(parseMeta(updated)?.deliveries).toStrictEqual(["d-0", "edit-1"]);

    // GitHub redelivers the same event: the case already has it, nothing is written.
    github
      .repository(OWNER, "moderation")
      .openCases(OWNER, "moderation", [{ number: 9, body: updated }])
      .openCases(OWNER, "moderation", [{ number: 9, body: updated }]);
    await testApp.receive("issue_comment", payload, "edit-1");
    expect(github.sent.comments).toHaveLength(1);
    expect(github.sent.updatedBodies).toHaveLength(1);
  });

  const deletions = [
    { event: "issue_comment", kind: "issue_comment", id: 492700400, url: COMMENT_URL },
    { event: "pull_request_review_comment", kind: "review_comment", id: 284312630, url: `https://github.com/${OWNER}/${REPO}/pull/2#discussion_r284312630` },
    { event: "discussion_comment", kind: "discussion_comment", id: 550062, url: `https://github.com/${OWNER}/${REPO}/discussions/4#discussioncomment-550062` },
  ] as const;
  for (const { event, kind, id, url } of deletions) {
    it(`${event}.deleted: notes the deletion and keeps the snapshot`, async () => {
      const testApp = await app();
      // The deleted comment is the reporting one here: reporters' comments are snapshotted too.
      const body = caseBody({ subject: thread, reporting: [{ kind, url, id, nodeId: null, author: null }] });
      const github = mockGitHub()
        .config(OWNER, REPO, null)
        .repository(OWNER, "moderation")
        .openCases(OWNER, "moderation", [{ number: 9, body }])
        .templates(OWNER)
        .openCases(OWNER, "moderation", [{ number: 9, body }])
        .commentsOn(OWNER, "moderation", 9)
        .updatesIssueBody(OWNER, "moderation", 9);

      await testApp.receive(event, examplePayload(event, { action: "deleted" }));

      const note = github.sent.comments[0]!.body;
      expect(note).toContain("**Deleted after the report** (2026-11-22 10:00 UTC, by `Codertocat`)");
      expect(note).toContain(`the comment that reported this at \`${url}\` is gone from the thread. The snapshot in this case is kept.`);
      expect(github.sent.updatedBodies).toHaveLength(1);
    });
  }

  it("an edit of a comment no case holds costs one look at the open cases, then nothing for a minute", async () => {
    const testApp = await app();
    const elsewhere = caseBody(
      { subject: { ...reportedComment, id: 77, url: "https://github.com/Codertocat/Other/issues/5#issuecomment-77" } },
      { owner: OWNER, repo: "Other", number: 5 },
    );
    const github = mockGitHub()
      .config(OWNER, REPO, null)
      .repository(OWNER, "moderation")
      .openCases(OWNER, "moderation", [{ number: 3, body: elsewhere }]);

    await testApp.receive("issue_comment", examplePayload("issue_comment", { action: "edited" }), "e-1");
    await testApp.receive("issue_comment", examplePayload("issue_comment", { action: "deleted" }), "e-2");

    expect(github.sent.comments).toStrictEqual([]);
  });

  it("a deleted comment that reads as a report is not watched: no triage case", async () => {
    const testApp = await app();
    const github = mockGitHub().config(OWNER, REPO, WATCH_ON).repository(OWNER, "moderation").openCases(OWNER, "moderation", []);

    await testApp.receive("issue_comment", withOverrides(examplePayload("issue_comment", { action: "deleted" }), { comment: { body: REPORT } }));

    expect(github.sent.createdIssues).toStrictEqual([]);
    expect(github.sent.comments).toStrictEqual([]);
  });
});

describe("watch.publicReply", () => {
  const config = `${WATCH_ON}  publicReply: true\n`;

  it("thanks the reporter and points to the private report form, with nothing of the case", async () => {
    const testApp = await app({ env: { PUBLIC_URL: "https://call-in.example.org/" } });
    const github = casePrelude(mockGitHub().config(OWNER, REPO, config))
      .createsIssue(OWNER, "moderation")
      .commentsOn(OWNER, REPO, 1);

    await testApp.receive("issue_comment", reportComment(1001));

    expect(github.sent.createdIssues[0]!.body).toContain("Call-In also replies under it with a short thank-you");
    const reply = github.sent.comments.find((c) => c.repo === REPO)!.body;
    expect(reply).toContain("Thank you for raising this.");
    expect(reply).toContain("https://call-in.example.org/call-in/report/Codertocat");
    expect(reply).not.toMatch(/CI-[0-9A-Z]{6}|moderation|harassment|@/);
  });

  it("leaves the link out when PUBLIC_URL is not set, and replies in the review thread", async () => {
    const testApp = await app();
    const github = casePrelude(mockGitHub().config(OWNER, REPO, config).pullRequestFiles(OWNER, REPO, 2, ["README.md"]))
      .createsIssue(OWNER, "moderation")
      .repliesToReviewComment(OWNER, REPO, 2, 284312630);
    const payload = withOverrides(examplePayload("pull_request_review_comment", { action: "created" }), { comment: { body: REPORT } });

    await testApp.receive("pull_request_review_comment", payload);

    const reply = github.sent.comments[0]!.body;
    expect(reply).toContain("Thank you for raising this.");
    expect(reply).not.toContain("http");
  });

  it("answers a discussion comment in its thread", async () => {
    const testApp = await app({ env: { PUBLIC_URL: "https://call-in.example.org" } });
    const github = casePrelude(mockGitHub().config("octo-org", "octo-repo", config), "octo-org")
      .createsIssue("octo-org", "moderation")
      .graphqlOp("AddDiscussionReply", () => ({
        addDiscussionComment: { comment: { id: "DC_1", url: "https://github.com/octo-org/octo-repo/discussions/90#discussioncomment-1" } },
      }));
    const payload = withOverrides(examplePayload("discussion_comment", { action: "created" }), { comment: { body: REPORT } });

    await testApp.receive("discussion_comment", payload);

    const sent = github.sent.graphql[0]!.variables;
    expect(sent).toMatchObject({ discussionId: "MDEwOkRpc2N1c3Npb24zMjk3NDQy", replyToId: "MDE3OkRpc2N1c3Npb25Db21tZW50NTQ0MDc4" });
    expect(String(sent.body)).toContain("https://call-in.example.org/call-in/report/octo-org");
  });

  it("does not reply when the report only reached an existing case", async () => {
    const testApp = await app({ env: { PUBLIC_URL: "https://call-in.example.org" } });
    const recent = caseBody({ subject: thread, watchedAt: new Date(NOW.getTime() - 60_000).toISOString() });
    const github = casePrelude(mockGitHub().config(OWNER, REPO, config), OWNER, [{ number: 7, body: recent }]);

    await testApp.receive("issue_comment", reportComment(1001));

    expect(github.sent.comments).toStrictEqual([]);
  });
});
