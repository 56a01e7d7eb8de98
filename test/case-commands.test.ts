import { afterEach, describe, expect, it } from "vitest";
import nock from "nock";
import { createTestApp, type TestApp } from "./helpers/app.js";
import { mockGitHub, type GitHubMock } from "./helpers/github.js";
import { examplePayload, withOverrides } from "./helpers/payloads.js";
import { caseBody, caseMeta, OWNER, SOURCE_REPO, APP_BOT_USER, caseDiscussion } from "./helpers/cases.js";
import type { CaseMeta } from "../src/cases/metadata.js";
import type { ResolutionEvent, ResolutionRecorder } from "../src/resolution-log/recorder.js";
import { ZERO_WIDTH_SPACE } from "../src/text/neutralise.js";

const CASE_REPO = "moderation";
const CASE_NUMBER = 5;
const MODERATOR = "mod-mia";
const NOW = new Date("2026-11-02T09:30:00.000Z");

/** A comment written in the case issue, as GitHub delivers it. */
function caseComment(body: string, meta: CaseMeta, sender = MODERATOR) {
  return withOverrides(examplePayload("issue_comment", { action: "created" }), {
    repository: { name: CASE_REPO, full_name: `${OWNER}/${CASE_REPO}`, private: true },
    issue: { number: CASE_NUMBER, body: caseBody(meta), html_url: `https://github.com/${OWNER}/${CASE_REPO}/issues/${CASE_NUMBER}` },
    comment: { body, user: { login: sender, id: 501, type: "User" } },
    sender: { login: sender, id: 501, type: "User" },
  });
}

class RecordingRecorder implements ResolutionRecorder {
  readonly events: ResolutionEvent[] = [];
  failWith: Error | null = null;
  async record(event: ResolutionEvent): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.events.push(event);
  }
}

interface Setup {
  yaml?: string | null;
  sender?: string;
  permission?: "admin" | "write" | "read" | "none";
  comments?: number;
  /** false when the command must not write the case (refusals, unknown commands). */
  writes?: boolean;
}

/** What every command reads first: config, the case repository's privacy gate, the owner's templates. */
function caseWorkspace(yaml: string | null = null): GitHubMock {
  return mockGitHub().config(OWNER, CASE_REPO, yaml).repository(OWNER, CASE_REPO).templates(OWNER);
}

/** The requests every permitted command makes: config, privacy gate, templates, the case, the rights check, the answer. */
function caseSetup(meta: CaseMeta, setup: Setup = {}): GitHubMock {
  const github = caseWorkspace(setup.yaml ?? null)
    .caseIssue(OWNER, CASE_REPO, CASE_NUMBER, caseBody(meta), { writes: setup.writes ?? true })
    .permission(OWNER, CASE_REPO, setup.sender ?? MODERATOR, setup.permission ?? "write");
  return github.commentsOn(OWNER, CASE_REPO, CASE_NUMBER, setup.comments ?? 1);
}

describe("case commands", () => {
  let app: TestApp;
  let recorder: RecordingRecorder;

  async function start(): Promise<void> {
    recorder = new RecordingRecorder();
    app = await createTestApp({ services: { now: () => NOW, resolutionLog: recorder } });
  }

  async function run(github: GitHubMock, body: string, meta: CaseMeta, sender = MODERATOR, id?: string): Promise<{ meta: CaseMeta; reply: string }> {
    await app.receive("issue_comment", caseComment(body, meta, sender), id);
    return { meta: github.caseMetaOf(OWNER, CASE_REPO, CASE_NUMBER)!, reply: github.sent.comments.at(-1)?.body ?? "" };
  }

  afterEach(() => {
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  describe("who may use them", () => {
    it("answers someone without write access in the case and changes nothing", async () => {
      await start();
      const meta = caseMeta();
      const github = caseSetup(meta, { sender: "curious-cat", permission: "read" });
      const { meta: after, reply } = await run(github, "/ack", meta, "curious-cat", "d-refused");
      expect(reply).toContain("not done");
      expect(reply).toContain("write access");
      expect(after.state).toBe("open");
      expect(after.acknowledgedAt).toBeNull();
      // Only the attempt is noted (and the delivery remembered, so a redelivery does not answer twice).
      expect(after.actions).toStrictEqual([{ at: NOW.toISOString(), actor: "curious-cat", command: "ack", outcome: "refused" }]);
      expect(after.deliveries).toContain("d-refused");
    });

    it("lets a member of the moderator team act without write access", async () => {
      await start();
      const meta = caseMeta();
      const github = caseSetup(meta, { yaml: "moderatorTeam: moderators\n", permission: "read" }).teamMembership(OWNER, "moderators", MODERATOR, "active");
      const { meta: after, reply } = await run(github, "/ack", meta);
      expect(after.state).toBe("acknowledged");
      expect(reply).toContain("The case is acknowledged");
    });

    it("fails closed when the rights check itself fails", async () => {
      await start();
      const meta = caseMeta();
      const github = caseWorkspace()
        .caseIssue(OWNER, CASE_REPO, CASE_NUMBER, caseBody(meta))
        .responds("GET", `/repos/${OWNER}/${CASE_REPO}/collaborators/${MODERATOR}/permission`, 500, { message: "Server Error" })
        .commentsOn(OWNER, CASE_REPO, CASE_NUMBER);
      const { meta: after, reply } = await run(github, "/ack", meta);
      expect(reply).toContain("not done");
      expect(after.state).toBe("open");
    });

    it("writes nothing when the case repository has become public", async () => {
      await start();
      const meta = caseMeta();
      // The case and the rights are read beside the gate (reads only); nothing is written once it refuses.
      const github = mockGitHub()
        .config(OWNER, CASE_REPO, null)
        .repository(OWNER, CASE_REPO, { private: false })
        .caseIssue(OWNER, CASE_REPO, CASE_NUMBER, caseBody(meta), { writes: false })
        .permission(OWNER, CASE_REPO, MODERATOR, "write");
      await app.receive("issue_comment", caseComment("/ack", meta));
      expect(github.sent.comments).toStrictEqual([]);
      expect(app.logs.text()).toContain("is public");
    });

    it("ignores slash lines in issues that are not cases, and ordinary comments", async () => {
      await start();
      // The rights are asked beside the case read, before it is known that this is no case.
      const github = mockGitHub()
        .config(OWNER, CASE_REPO, null)
        .repository(OWNER, CASE_REPO)
        .caseIssue(OWNER, CASE_REPO, CASE_NUMBER, "Call-In cannot use its configuration", { writes: false })
        .permission(OWNER, CASE_REPO, MODERATOR, "write");
      await app.receive("issue_comment", caseComment("/ack", caseMeta()));
      await app.receive("issue_comment", caseComment("Thanks, I'll take this one.", caseMeta()));
      expect(github.sent.comments).toStrictEqual([]);
      expect(github.sent.updatedBodies).toStrictEqual([]);
    });

    it("explains an unknown command and lists the known ones", async () => {
      await start();
      const meta = caseMeta();
      const github = caseSetup(meta);
      const { meta: after, reply } = await run(github, "/frobnicate now", meta);
      expect(reply).toContain("does not know `/frobnicate`");
      expect(reply).toContain("`/resolve correction|warning|temporary-ban|permanent-ban|no-action|referred [summary]`");
      expect(after.actions.at(-1)).toMatchObject({ command: "frobnicate", outcome: "invalid" });
    });

    it("does nothing for a redelivered command", async () => {
      await start();
      const meta = caseMeta({ deliveries: ["opened-delivery", "delivery-again"] });
      const github = mockGitHub()
        .config(OWNER, CASE_REPO, null)
        .repository(OWNER, CASE_REPO)
        .caseIssue(OWNER, CASE_REPO, CASE_NUMBER, caseBody(meta), { writes: false })
        .permission(OWNER, CASE_REPO, MODERATOR, "write");
      await app.receive("issue_comment", caseComment("/ack", meta), "delivery-again");
      expect(github.sent.comments).toStrictEqual([]);
      expect(github.sent.updatedBodies).toStrictEqual([]);
    });
  });

  describe("every command", () => {
    const ALL = [
      "/ack",
      "/promote",
      "/assign @alex",
      "/unassign @alex",
      "/recuse",
      "/hide",
      "/unhide",
      "/lock",
      "/unlock",
      "/limit existing_users 3d",
      "/block @rude-ray",
      "/reply-reporter hi",
      "/room @rude-ray",
      "/resolve correction",
      "/reopen",
      "/help",
    ];
    it.each(ALL)("%s is refused, with a reply and no change, for someone without rights", async (line) => {
      await start();
      const meta = caseMeta();
      const github = caseSetup(meta, { yaml: "allowBlock: true\nconversationRooms: true\n", sender: "curious-cat", permission: "read" });
      const { meta: after, reply } = await run(github, line, meta, "curious-cat");
      expect(reply).toContain(`**\`/${line.slice(1).split(" ")[0]}\`** by curious-cat`);
      expect(reply).toContain("Nothing was changed");
      expect(after.actions.at(-1)?.outcome).toBe("refused");
      // Nothing but the note in the case's own metadata.
      expect(github.sent.requests.map((r) => `${r.method} ${r.path}`)).toStrictEqual([`PATCH /repos/${OWNER}/${CASE_REPO}/issues/${CASE_NUMBER}`]);
      expect(github.sent.graphql).toStrictEqual([]);
    });

    const PUBLIC = ["/hide spam", "/unhide", "/lock resolved", "/unlock", "/limit contributors_only 1mo", "/block @rude-ray 3d", "/room @rude-ray"];
    it.each(PUBLIC)("%s only says what it would do with dryRun: true", async (line) => {
      await start();
      const meta = caseMeta();
      const github = caseSetup(meta, { yaml: "dryRun: true\nallowBlock: true\nconversationRooms: true\n" });
      const { meta: after, reply } = await run(github, line, meta);
      expect(after.actions.at(-1)).toMatchObject({ outcome: "dry-run", command: line.slice(1).split(" ")[0] });
      expect(reply).toContain("Would ");
      expect(reply).toContain("`dryRun` is on, so nothing was changed");
      // Only the case itself was written: its metadata.
      expect(github.sent.requests.map((r) => `${r.method} ${r.path}`)).toStrictEqual([`PATCH /repos/${OWNER}/${CASE_REPO}/issues/${CASE_NUMBER}`]);
      expect(github.sent.graphql).toStrictEqual([]);
    });
  });

  describe("/ack and /promote", () => {
    it("acknowledges the case, logs the action and remembers the delivery", async () => {
      await start();
      const meta = caseMeta({ statusTokenHash: "abc" });
      const github = caseSetup(meta);
      const { meta: after, reply } = await run(github, "/ack", meta, MODERATOR, "d-ack");
      expect(after).toMatchObject({ state: "acknowledged", acknowledgedAt: NOW.toISOString() });
      expect(after.actions).toStrictEqual([{ at: NOW.toISOString(), actor: MODERATOR, command: "ack", outcome: "done" }]);
      expect(after.deliveries).toContain("d-ack");
      expect(reply).toContain(`**\`/ack\`** by ${MODERATOR} · 2026-11-02 09:30 UTC · done`);
      expect(reply).toContain("status page");
      // The visible case text is kept; only the metadata block changed.
      expect(github.caseIssues.get(`${OWNER}/${CASE_REPO}#${CASE_NUMBER}`)?.body).toContain("You are all idiots");
    });

    it("says so when the case was already acknowledged", async () => {
      await start();
      const meta = caseMeta({ state: "acknowledged", acknowledgedAt: "2026-11-01T12:00:00.000Z" });
      const github = caseSetup(meta);
      const { meta: after, reply } = await run(github, "/ack", meta);
      expect(after.acknowledgedAt).toBe("2026-11-01T12:00:00.000Z");
      expect(reply).toContain("already acknowledged (2026-11-01 12:00 UTC)");
    });

    it("promotes a triage case, and refuses to promote an open one", async () => {
      await start();
      const triage = caseMeta({ state: "triage" });
      let github = caseSetup(triage);
      expect((await run(github, "/promote", triage)).meta.state).toBe("open");
      nock.cleanAll();
      await start();
      const open = caseMeta();
      github = caseSetup(open);
      const { meta: after, reply } = await run(github, "/promote", open);
      expect(after.actions.at(-1)?.outcome).toBe("invalid");
      expect(reply).toContain("Only a triage case can be promoted");
    });
  });

  describe("/assign and /unassign", () => {
    it("assigns on GitHub and in the metadata", async () => {
      await start();
      const meta = caseMeta();
      const github = caseSetup(meta).responds("POST", `/repos/${OWNER}/${CASE_REPO}/issues/${CASE_NUMBER}/assignees`, 201, { number: CASE_NUMBER });
      const { meta: after, reply } = await run(github, "/assign @alex @sam", meta);
      expect(github.sent.requests.find((r) => r.path.endsWith("/assignees"))?.body).toStrictEqual({ assignees: ["alex", "sam"] });
      expect(after.assignees).toStrictEqual(["alex", "sam"]);
      expect(reply).toContain("Assigned: `alex`, `sam`.");
    });

    it("refuses someone who recused", async () => {
      await start();
      const meta = caseMeta({ recusals: [{ login: "alex", at: "2026-11-01T11:00:00.000Z" }] });
      const github = caseSetup(meta);
      const { meta: after, reply } = await run(github, "/assign @alex", meta);
      expect(after.assignees).toStrictEqual([]);
      expect(reply).toContain("stepped aside");
    });

    it("reports GitHub's refusal in plain words", async () => {
      await start();
      const meta = caseMeta();
      const github = caseSetup(meta).responds("POST", `/repos/${OWNER}/${CASE_REPO}/issues/${CASE_NUMBER}/assignees`, 403, {
        message: "Resource not accessible by integration",
      });
      const { meta: after, reply } = await run(github, "/assign @alex", meta);
      expect(after.assignees).toStrictEqual([]);
      expect(after.actions.at(-1)?.outcome).toBe("failed");
      expect(reply).toContain("missing a permission");
      expect(reply).toContain('"Resource not accessible by integration"');
    });

    it("unassigns", async () => {
      await start();
      const meta = caseMeta({ assignees: ["alex", "sam"] });
      const github = caseSetup(meta).responds("DELETE", `/repos/${OWNER}/${CASE_REPO}/issues/${CASE_NUMBER}/assignees`, 200, { number: CASE_NUMBER });
      const { meta: after } = await run(github, "/unassign alex", meta);
      // Only the one person leaves the case on GitHub too; sam stays assigned.
      expect(github.sent.requests.filter((r) => r.method === "DELETE" && r.path.endsWith("/assignees")).map((r) => r.body)).toStrictEqual([
        { assignees: ["alex"] },
      ]);
      expect(after.assignees).toStrictEqual(["sam"]);
    });

    it("explains the syntax", async () => {
      await start();
      const meta = caseMeta();
      const github = caseSetup(meta);
      const { reply } = await run(github, "/assign not a login!", meta);
      expect(reply).toContain("for example `/assign @alex`");
    });
  });

  describe("/hide and /unhide", () => {
    it("minimizes the reported comment with the gentlest public reason by default", async () => {
      await start();
      const meta = caseMeta();
      const github = caseSetup(meta).graphqlOp("MinimizeComment", () => ({ minimizeComment: { minimizedComment: { isMinimized: true } } }));
      const { reply } = await run(github, "/hide", meta);
      expect(github.sent.graphql[0]?.variables).toStrictEqual({ subjectId: meta.subject.nodeId, classifier: "OFF_TOPIC" });
      expect(reply).toContain("hidden as **off-topic**");
      expect(reply).toContain("the reason is public");
    });

    it("uses the reason given", async () => {
      await start();
      const meta = caseMeta();
      const github = caseSetup(meta).graphqlOp("MinimizeComment", () => ({ minimizeComment: { minimizedComment: { isMinimized: true } } }));
      await run(github, "/hide spam", meta);
      expect(github.sent.graphql[0]?.variables.classifier).toBe("SPAM");
    });

    it("only says what it would do in dry-run mode", async () => {
      await start();
      const meta = caseMeta();
      const github = caseSetup(meta, { yaml: "dryRun: true\n" });
      const { meta: after, reply } = await run(github, "/hide abuse", meta);
      expect(github.sent.graphql).toStrictEqual([]);
      expect(after.actions.at(-1)?.outcome).toBe("dry-run");
      expect(reply).toContain("Would hide the reported comment");
    });

    it("names the missing permission when GitHub refuses", async () => {
      await start();
      const meta = caseMeta();
      const github = caseSetup(meta).graphqlError("MinimizeComment", "Resource not accessible by integration");
      const { meta: after, reply } = await run(github, "/hide", meta);
      expect(after.actions.at(-1)?.outcome).toBe("failed");
      expect(reply).toContain("Could not hide the comment");
      expect(reply).toContain("grant the app **issues: write**");
    });

    it("explains that issue and pull request bodies cannot be minimized", async () => {
      await start();
      const meta = caseMeta({ subject: { kind: "issue", url: `https://github.com/${OWNER}/${SOURCE_REPO}/issues/1`, id: null, nodeId: "I_1", author: null } });
      const github = caseSetup(meta);
      const { reply } = await run(github, "/hide", meta);
      expect(reply).toContain("cannot hide (minimize) an issue, pull request or discussion body");
    });

    it("rejects an unknown reason", async () => {
      await start();
      const meta = caseMeta();
      const github = caseSetup(meta);
      const { reply } = await run(github, "/hide rude", meta);
      expect(reply).toContain("Choose one reason: `spam`, `abuse`, `off-topic`");
    });

    it("unminimizes", async () => {
      await start();
      const meta = caseMeta();
      const github = caseSetup(meta).graphqlOp("UnminimizeComment", () => ({ unminimizeComment: { unminimizedComment: { isMinimized: false } } }));
      const { reply } = await run(github, "/unhide", meta);
      expect(github.sent.graphql[0]?.variables).toStrictEqual({ subjectId: meta.subject.nodeId });
      expect(reply).toContain("visible again");
    });
  });

  describe("/lock and /unlock", () => {
    it("locks an issue with REST, 'too heated' with a space", async () => {
      await start();
      const meta = caseMeta();
      const github = caseSetup(meta).responds("PUT", `/repos/${OWNER}/${SOURCE_REPO}/issues/1/lock`, 204);
      const { reply } = await run(github, "/lock too heated", meta);
      expect(github.sent.requests.find((r) => r.path.endsWith("/lock"))?.body).toStrictEqual({ lock_reason: "too heated" });
      expect(reply).toContain("is locked as **too heated**");
    });

    it("locks a discussion with GraphQL", async () => {
      await start();
      const meta = caseMeta({
        source: {
          key: "codertocat/hello-world#9",
          owner: OWNER,
          repo: SOURCE_REPO,
          number: 9,
          threadKind: "discussion",
          url: `https://github.com/${OWNER}/${SOURCE_REPO}/discussions/9`,
        },
        subject: { kind: "discussion", url: `https://github.com/${OWNER}/${SOURCE_REPO}/discussions/9`, id: null, nodeId: "D_9", author: null },
      });
      const github = caseSetup(meta).graphqlOp("LockLockable", () => ({ lockLockable: { lockedRecord: { locked: true } } }));
      await run(github, "/lock off-topic", meta);
      expect(github.sent.graphql[0]?.variables).toStrictEqual({ lockableId: "D_9", lockReason: "OFF_TOPIC" });
    });

    it("looks up the discussion's id when the subject is a comment in it", async () => {
      await start();
      const meta = caseMeta({
        source: {
          key: "codertocat/hello-world#9",
          owner: OWNER,
          repo: SOURCE_REPO,
          number: 9,
          threadKind: "discussion",
          url: `https://github.com/${OWNER}/${SOURCE_REPO}/discussions/9`,
        },
        subject: {
          kind: "discussion_comment",
          url: `https://github.com/${OWNER}/${SOURCE_REPO}/discussions/9#discussioncomment-1`,
          id: 1,
          nodeId: "DC_1",
          author: null,
        },
      });
      const github = caseSetup(meta)
        .graphqlOp("DiscussionNodeId", () => ({ repository: { discussion: { id: "D_9" } } }))
        .graphqlOp("UnlockLockable", () => ({ unlockLockable: { unlockedRecord: { locked: false } } }));
      const { reply } = await run(github, "/unlock", meta);
      expect(github.sent.graphql[1]?.variables).toStrictEqual({ lockableId: "D_9" });
      expect(reply).toContain("is unlocked");
    });

    it("dry-run and failure", async () => {
      await start();
      const meta = caseMeta();
      let github = caseSetup(meta, { yaml: "dryRun: true\n" });
      expect((await run(github, "/lock", meta)).reply).toContain("Would lock the issue");
      nock.cleanAll();
      await start();
      github = caseSetup(meta).responds("PUT", `/repos/${OWNER}/${SOURCE_REPO}/issues/1/lock`, 404, { message: "Not Found" });
      const { reply } = await run(github, "/lock spam", meta);
      expect(reply).toContain("could not find what this acts on");
    });

    it("unlocks an issue", async () => {
      await start();
      const meta = caseMeta();
      const github = caseSetup(meta).responds("DELETE", `/repos/${OWNER}/${SOURCE_REPO}/issues/1/lock`, 204);
      expect((await run(github, "/unlock", meta)).reply).toContain("The issue is unlocked");
    });
  });

  describe("/limit", () => {
    it("sets a repository interaction limit", async () => {
      await start();
      const meta = caseMeta();
      const github = caseSetup(meta).responds("PUT", `/repos/${OWNER}/${SOURCE_REPO}/interaction-limits`, 200, {
        limit: "existing_users",
        origin: "repository",
        expires_at: "2026-11-05T09:30:00Z",
      });
      const { reply } = await run(github, "/limit existing_users 3d", meta);
      expect(github.sent.requests.at(-2)?.body).toStrictEqual({ limit: "existing_users", expiry: "three_days" });
      expect(reply).toContain("limited to `existing_users` for 3d (until 2026-11-05 09:30 UTC)");
    });

    it("explains an organisation-wide limit (409)", async () => {
      await start();
      const meta = caseMeta();
      const github = caseSetup(meta).responds("PUT", `/repos/${OWNER}/${SOURCE_REPO}/interaction-limits`, 409, { message: "Conflict" });
      expect((await run(github, "/limit contributors_only 24h", meta)).reply).toContain("organisation-wide interaction limit is already in place");
    });

    it("names administration: write when the permission is missing", async () => {
      await start();
      const meta = caseMeta();
      const github = caseSetup(meta).responds("PUT", `/repos/${OWNER}/${SOURCE_REPO}/interaction-limits`, 403, {
        message: "Resource not accessible by integration",
      });
      expect((await run(github, "/limit collaborators_only 6mo", meta)).reply).toContain("grant the app **administration: write**");
    });

    it("dry-run and bad input", async () => {
      await start();
      const meta = caseMeta();
      let github = caseSetup(meta, { yaml: "dryRun: true\n" });
      expect((await run(github, "/limit existing_users 1w", meta)).reply).toContain("Would limit interactions");
      nock.cleanAll();
      await start();
      github = caseSetup(meta);
      expect((await run(github, "/limit everyone 2d", meta)).reply).toContain("for example `/limit existing_users 3d`");
    });
  });

  describe("/block", () => {
    it("is off unless allowBlock is true", async () => {
      await start();
      const meta = caseMeta();
      const github = caseSetup(meta);
      const { meta: after, reply } = await run(github, "/block @rude-ray", meta);
      expect(after.actions.at(-1)?.outcome).toBe("refused");
      expect(reply).toContain("allowBlock: true");
    });

    it("blocks for a while and remembers when to lift it", async () => {
      await start();
      const meta = caseMeta();
      const github = caseSetup(meta, { yaml: "allowBlock: true\n" }).responds("PUT", `/orgs/${OWNER}/blocks/rude-ray`, 204);
      const { meta: after, reply } = await run(github, "/block @rude-ray 7d", meta);
      expect(after.blocks).toStrictEqual([{ login: "rude-ray", at: NOW.toISOString(), until: "2026-11-09T09:30:00.000Z", liftedAt: null, org: OWNER }]);
      expect(reply).toContain("until 2026-11-09 09:30 UTC; Call-In lifts the block then");
    });

    it("names organization_user_blocking: write when the permission is missing", async () => {
      await start();
      const meta = caseMeta();
      const github = caseSetup(meta, { yaml: "allowBlock: true\n" }).responds("PUT", `/orgs/${OWNER}/blocks/rude-ray`, 403, {
        message: "Resource not accessible by integration",
      });
      const { meta: after, reply } = await run(github, "/block rude-ray", meta);
      expect(after.blocks).toStrictEqual([]);
      expect(reply).toContain("**organization_user_blocking: write**");
    });

    it("explains that personal accounts cannot block through an app", async () => {
      await start();
      const meta = caseMeta();
      const github = mockGitHub()
        .config(OWNER, CASE_REPO, "allowBlock: true\n")
        .repository(OWNER, CASE_REPO, { ownerType: "User" })
        .templates(OWNER)
        .caseIssue(OWNER, CASE_REPO, CASE_NUMBER, caseBody(meta))
        .permission(OWNER, CASE_REPO, MODERATOR, "write")
        .commentsOn(OWNER, CASE_REPO, CASE_NUMBER);
      const { reply } = await run(github, "/block rude-ray", meta);
      expect(reply).toContain("GitHub Apps can only block people from organisations");
    });

    it("dry-run", async () => {
      await start();
      const meta = caseMeta();
      const github = caseSetup(meta, { yaml: "allowBlock: true\ndryRun: true\n" });
      const { meta: after, reply } = await run(github, "/block rude-ray 1mo", meta);
      expect(after.blocks).toStrictEqual([]);
      expect(reply).toContain("Would block `rude-ray`");
    });
  });

  describe("/reply-reporter", () => {
    it("stores the message for the status page and quotes it inertly in the case", async () => {
      await start();
      const meta = caseMeta({ statusTokenHash: "hash" });
      const github = caseSetup(meta);
      const { meta: after, reply } = await run(github, "/reply-reporter Thank you. We talked with @rude-ray\nabout #12.", meta);
      expect(after.reporterMessage).toBe("Thank you. We talked with @rude-ray\nabout #12.");
      expect(reply).toContain(`> Thank you. We talked with @${ZERO_WIDTH_SPACE}rude-ray`);
      expect(reply).not.toMatch(/@rude-ray/);
    });

    it("needs a message", async () => {
      await start();
      const meta = caseMeta();
      const github = caseSetup(meta);
      expect((await run(github, "/reply-reporter", meta)).reply).toContain("Write the message after the command");
    });
  });

  describe("/resolve and /reopen", () => {
    it("resolves: metadata, then the resolution log, then closes the case", async () => {
      await start();
      const meta = caseMeta({ state: "acknowledged", acknowledgedAt: "2026-11-01T12:00:00.000Z" });
      const github = caseSetup(meta);
      const { meta: after, reply } = await run(github, "/resolve correction Talked it through; they edited the comment.", meta);
      expect(after).toMatchObject({ state: "resolved", outcome: "correction", resolvedAt: NOW.toISOString(), resolvedBy: MODERATOR });
      expect(recorder.events).toHaveLength(1);
      expect(recorder.events[0]).toMatchObject({
        kind: "resolved",
        outcome: "correction",
        summary: "Talked it through; they edited the comment.",
        actor: MODERATOR,
        caseRepository: { owner: OWNER, repo: CASE_REPO },
      });
      expect(recorder.events[0]?.case.meta.state).toBe("resolved");
      const patches = github.sent.requests.filter((r) => r.method === "PATCH").map((r) => r.body);
      expect(patches.at(-1)).toStrictEqual({ state: "closed", state_reason: "completed" });
      expect(reply).toContain(`**\`/resolve\`** by ${MODERATOR} · 2026-11-02 09:30 UTC · done`);
      expect(reply).toContain("Resolved as **correction**");
      expect(reply).toContain("remind the team to follow up in 30d");
    });

    it("says so when the resolution log fails, and still closes", async () => {
      await start();
      recorder.failWith = Object.assign(new Error("conflict"), { status: 409 });
      const meta = caseMeta();
      const github = caseSetup(meta);
      const { meta: after, reply } = await run(github, "/resolve no-action", meta);
      expect(after.state).toBe("resolved");
      expect(reply).toContain("The resolution log could not be written");
    });

    it("rejects an unknown outcome", async () => {
      await start();
      const meta = caseMeta();
      const github = caseSetup(meta);
      const { meta: after, reply } = await run(github, "/resolve fixed", meta);
      expect(after.state).toBe("open");
      expect(recorder.events).toStrictEqual([]);
      expect(reply).toContain("Choose an outcome: `correction`, `warning`");
    });

    it("reopens, records it, and reopens the issue", async () => {
      await start();
      const meta = caseMeta({ state: "resolved", outcome: "warning", resolvedAt: "2026-11-01T12:00:00.000Z", resolvedBy: "alex" });
      const github = caseSetup(meta);
      const { meta: after, reply } = await run(github, "/reopen", meta);
      expect(after).toMatchObject({ state: "open", outcome: null, resolvedAt: null });
      expect(recorder.events[0]).toMatchObject({ kind: "reopened" });
      expect(github.sent.requests.filter((r) => r.method === "PATCH").at(-1)?.body).toStrictEqual({ state: "open" });
      expect(reply).toContain("open again (it was resolved as warning)");
    });

    it("reports when closing the case fails", async () => {
      await start();
      const meta = caseMeta();
      const github = caseWorkspace().permission(OWNER, CASE_REPO, MODERATOR, "write").commentsOn(OWNER, CASE_REPO, CASE_NUMBER);
      let body = caseBody(meta);
      github.scope
        .get(`/repos/${OWNER}/${CASE_REPO}/issues/${CASE_NUMBER}`)
        .times(2)
        .reply(200, () => ({
          number: CASE_NUMBER,
          node_id: "I_5",
          html_url: `https://github.com/${OWNER}/${CASE_REPO}/issues/${CASE_NUMBER}`,
          title: "t",
          body,
          state: "open",
          user: APP_BOT_USER,
        }));
      github.scope
        .patch(`/repos/${OWNER}/${CASE_REPO}/issues/${CASE_NUMBER}`, (b) => typeof b.body === "string")
        .reply(200, (_u, b) => {
          body = (b as { body: string }).body;
          return {
            number: CASE_NUMBER,
            node_id: "I_5",
            html_url: `https://github.com/${OWNER}/${CASE_REPO}/issues/${CASE_NUMBER}`,
            title: "t",
            body,
            state: "open",
            user: APP_BOT_USER,
          };
        });
      github.scope.patch(`/repos/${OWNER}/${CASE_REPO}/issues/${CASE_NUMBER}`, (b) => b.state === "closed").reply(502, { message: "Bad Gateway" });
      await app.receive("issue_comment", caseComment("/resolve referred", meta));
      expect(github.sent.comments.at(-1)?.body).toContain("The case could not be closed");
    });
  });

  describe("/help", () => {
    it("lists every command with what it does", async () => {
      await start();
      const meta = caseMeta();
      const github = caseSetup(meta, { yaml: "dryRun: true\nmoderatorTeam: moderators\n" });
      const { reply } = await run(github, "/help", meta);
      for (const name of ["ack", "assign", "recuse", "hide", "lock", "limit", "block", "reply-reporter", "room", "resolve", "reopen"])
        expect(reply).toContain(`\`/${name}`);
      expect(reply).toContain("the reason is shown publicly".replace("the reason", "The reason"));
      expect(reply).toContain("`dryRun` is on");
      expect(reply).toContain("members of the `moderators` team");
    });
  });

  describe("discussion cases", () => {
    it("reads and writes the case through GraphQL", async () => {
      await start();
      const meta = caseMeta();
      let body = caseBody(meta);
      const payload = withOverrides(examplePayload("discussion_comment", { action: "created" }), {
        repository: { name: CASE_REPO, full_name: `${OWNER}/${CASE_REPO}`, owner: { login: OWNER }, private: true },
        discussion: { number: 12, body },
        comment: { body: "/ack", user: { login: MODERATOR, id: 501, type: "User" } },
        sender: { login: MODERATOR, id: 501, type: "User" },
      });
      const github = mockGitHub()
        .config(OWNER, CASE_REPO, "caseFormat: discussion\n")
        .repository(OWNER, CASE_REPO)
        .templates(OWNER)
        .permission(OWNER, CASE_REPO, MODERATOR, "write")
        .graphqlOp("GetDiscussion", () => ({ repository: { discussion: caseDiscussion(OWNER, CASE_REPO, 12, body) } }))
        .graphqlOp("GetDiscussion", () => ({ repository: { discussion: caseDiscussion(OWNER, CASE_REPO, 12, body) } }))
        .graphqlOp("UpdateDiscussion", (v) => {
          body = v.body;
          return { updateDiscussion: { discussion: { id: "D_12" } } };
        })
        .graphqlOp("AddDiscussionComment", () => ({
          addDiscussionComment: { comment: { id: "DC_1", url: `https://github.com/${OWNER}/${CASE_REPO}/discussions/12#discussioncomment-1` } },
        }));
      await app.receive("discussion_comment", payload);
      const comment = github.sent.graphql.find((g) => /AddDiscussionComment/.test(g.query));
      expect(comment?.variables.discussionId).toBe("D_12");
      expect(String(comment?.variables.body)).toContain("The case is acknowledged");
      expect(body).toContain('"state":"acknowledged"');
    });
  });

  it("never logs the case's text", async () => {
    await start();
    const meta = caseMeta();
    const github = caseSetup(meta);
    await run(github, "/reply-reporter A private note about the harm", meta);
    // Every level: Probot's Octokit echoes each request body at debug, and the note is in the body of the reply.
    const logged = app.logs.text();
    expect(app.logs.lines.some((l) => Number(l.level) === 20 && /^GitHub request: (POST|PATCH) /.test(String(l.msg)))).toBe(true);
    expect(logged).toContain("case command handled");
    expect(logged).not.toContain("You are all idiots");
    expect(logged).not.toContain("A private note about the harm");
  });
});
