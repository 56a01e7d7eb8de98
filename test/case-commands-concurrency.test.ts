// Which requests of a case command wait for each other, and which go out together: held mocks
// release only once every request of a group has arrived, so a group sent one after another
// never completes (the test fails) and a group sent together always does, whatever the machine.
import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import { parseMeta, type CaseMeta } from "../src/cases/metadata.js";
import { parseShard } from "../src/resolution-log/entry.js";
import { createTestApp, type TestApp } from "./helpers/app.js";
import { APP_BOT_USER, caseBody, caseMeta, OWNER } from "./helpers/cases.js";
import { FakeRepoContents } from "./helpers/contents.js";
import { mockGitHub, repositoryAnswer } from "./helpers/github.js";
import { examplePayload, withOverrides } from "./helpers/payloads.js";

const CASE_REPO = "moderation";
const CASE_NUMBER = 5;
const MODERATOR = "mod-mia";
const NOW = new Date("2026-11-02T09:30:00.000Z");
const CASE_PATH = `/repos/${OWNER}/${CASE_REPO}/issues/${CASE_NUMBER}`;

function caseComment(body: string, meta: CaseMeta) {
  return withOverrides(examplePayload("issue_comment", { action: "created" }), {
    repository: { name: CASE_REPO, full_name: `${OWNER}/${CASE_REPO}`, private: true },
    issue: { number: CASE_NUMBER, body: caseBody(meta), html_url: `https://github.com${CASE_PATH}` },
    comment: { body, user: { login: MODERATOR, id: 501, type: "User" } },
    sender: { login: MODERATOR, id: 501, type: "User" },
  });
}

/** A group of requests whose answers are held until all of them have arrived. */
function group(names: string[]) {
  const arrived = new Set<string>();
  let release!: () => void;
  const all = new Promise<void>((resolve) => (release = resolve));
  return {
    async arrive(name: string): Promise<void> {
      arrived.add(name);
      if (names.every((n) => arrived.has(n))) release();
      await all;
    },
  };
}

/** Every request and answer of the case command, in the order they happened. */
class Timeline {
  readonly events: string[] = [];
  note(event: string): void {
    this.events.push(event);
  }
  at(event: string): number {
    const index = this.events.indexOf(event);
    if (index < 0) throw new Error(`never happened: ${event} (${this.events.join(", ")})`);
    return index;
  }
}

const issueJson = (body: string, state: string) => ({
  number: CASE_NUMBER,
  node_id: `I_${CASE_NUMBER}`,
  html_url: `https://github.com${CASE_PATH}`,
  title: "CI-7KQ3M2",
  body,
  state,
  user: APP_BOT_USER,
});

describe("case commands: what goes out together", () => {
  let app: TestApp;
  let contents: FakeRepoContents | null = null;

  afterEach(() => {
    contents?.dispose();
    contents = null;
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("asks the privacy gate, reads the case and checks the person's rights at once, and writes only after", async () => {
    app = await createTestApp({ services: { now: () => NOW } });
    const meta = caseMeta();
    let body = caseBody(meta);
    const timeline = new Timeline();
    const first = group(["gate", "case", "rights"]);
    const github = mockGitHub().config(OWNER, CASE_REPO, null).templates(OWNER).commentsOn(OWNER, CASE_REPO, CASE_NUMBER);
    github.scope.get(`/repos/${OWNER}/${CASE_REPO}`).reply(200, async () => {
      timeline.note("gate asked");
      await first.arrive("gate");
      timeline.note("gate answered");
      return repositoryAnswer(OWNER, CASE_REPO, { nodeId: "R_1" });
    });
    github.scope.get(CASE_PATH).reply(200, async () => {
      timeline.note("case read");
      await first.arrive("case");
      return issueJson(body, "open");
    });
    github.scope.get(`/repos/${OWNER}/${CASE_REPO}/collaborators/${MODERATOR}/permission`).reply(200, async () => {
      timeline.note("rights asked");
      await first.arrive("rights");
      return { permission: "write", role_name: "write", user: { login: MODERATOR, id: 501 } };
    });
    // Under the case's lock: read again, then write.
    github.scope.get(CASE_PATH).reply(200, () => issueJson(body, "open"));
    github.scope
      .patch(CASE_PATH, (b) => typeof b.body === "string")
      .reply(200, (_uri, b) => {
        timeline.note("metadata written");
        body = (b as { body: string }).body;
        return issueJson(body, "open");
      });

    await app.receive("issue_comment", caseComment("/ack", meta));

    expect(parseMeta(body)).toMatchObject({ state: "acknowledged", acknowledgedAt: NOW.toISOString() });
    expect(github.sent.comments.at(-1)?.body).toContain("The case is acknowledged");
    expect(timeline.at("gate answered")).toBeLessThan(timeline.at("metadata written"));
  });

  it("/resolve: reads the log beside the metadata write, appends after it, closes beside the append, and asks the gate once", async () => {
    app = await createTestApp({ services: { now: () => NOW } });
    const meta = caseMeta({ state: "acknowledged", acknowledgedAt: "2026-11-01T12:00:00.000Z" });
    let body = caseBody(meta);
    let state = "open";
    const timeline = new Timeline();
    const metadataBesideRead = group(["metadata", "log read"]);
    const appendBesideClose = group(["log write", "close"]);
    const closes: unknown[] = [];
    // One gate answer: a second `GET /repos/{o}/moderation` would find no mock and fail the test.
    const github = mockGitHub()
      .config(OWNER, CASE_REPO, null)
      .repository(OWNER, CASE_REPO)
      .templates(OWNER)
      .permission(OWNER, CASE_REPO, MODERATOR, "write")
      .commentsOn(OWNER, CASE_REPO, CASE_NUMBER);
    nock("https://api.github.com")
      .get(CASE_PATH)
      .times(2)
      .reply(200, () => issueJson(body, state));
    nock("https://api.github.com")
      .patch(CASE_PATH, (b) => typeof b.body === "string")
      .reply(200, async (_uri, b) => {
        timeline.note("metadata write");
        await metadataBesideRead.arrive("metadata");
        body = (b as { body: string }).body;
        timeline.note("metadata written");
        return issueJson(body, state);
      });
    nock("https://api.github.com")
      .patch(CASE_PATH, (b) => b.state === "closed")
      .reply(200, async (_uri, b) => {
        timeline.note("close");
        closes.push(b);
        await appendBesideClose.arrive("close");
        state = "closed";
        return issueJson(body, state);
      });
    contents = new FakeRepoContents(OWNER, CASE_REPO, { "log/2026/11.jsonl": "" });
    contents.beforeRead = async () => {
      timeline.note("log read");
      await metadataBesideRead.arrive("log read");
    };
    contents.beforeWriteHeld = async () => {
      timeline.note("log write");
      await appendBesideClose.arrive("log write");
    };

    await app.receive("issue_comment", caseComment("/resolve warning Talked it through.", meta));

    // The log line follows the metadata: never a line for a resolution the case does not record.
    expect(timeline.at("metadata written")).toBeLessThan(timeline.at("log write"));
    expect(timeline.at("metadata written")).toBeLessThan(timeline.at("close"));
    expect(parseMeta(body)).toMatchObject({ state: "resolved", outcome: "warning", resolvedAt: NOW.toISOString(), resolvedBy: MODERATOR });
    expect(closes).toStrictEqual([{ state: "closed", state_reason: "completed" }]);
    // One read (ahead) and one write of the shard; the write carries the sha that was read.
    expect(contents.reads).toStrictEqual(["log/2026/11.jsonl"]);
    expect(contents.writes).toMatchObject([{ path: "log/2026/11.jsonl", status: 200, message: "Log resolved CI-7KQ3M2" }]);
    expect(parseShard(contents.text("log/2026/11.jsonl")!).entries).toMatchObject([
      {
        entryId: `CI-7KQ3M2:resolved:${NOW.toISOString()}`,
        event: "resolved",
        outcome: "warning",
        resolvedAt: NOW.toISOString(),
        acknowledgedAt: "2026-11-01T12:00:00.000Z",
      },
    ]);
    const reply = github.sent.comments.at(-1)?.body ?? "";
    expect(reply).toContain("Resolved as **warning**");
    expect(reply).not.toContain("could not");
  });
});
