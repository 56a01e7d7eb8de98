// The privacy gate (GET the case repository) and the open-case lookup (its open issues)
// are asked together, under the per-thread lock; nothing is written before the gate passed.
// Concurrency is proven without time: the gate's answer is held until the lookup's request
// has arrived, which can only happen if the lookup did not wait for the gate.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import nock from "nock";
import { createTestApp, type TestApp } from "./helpers/app.js";
import { APP_BOT_USER, caseBody, caseMeta } from "./helpers/cases.js";
import { mockGitHub } from "./helpers/github.js";
import { examplePayload, withOverrides } from "./helpers/payloads.js";

const OWNER = "Codertocat";
const REPO = "Hello-World";
const CASES = "moderation";

function labeledIssue() {
  return withOverrides(examplePayload("issues", { action: "labeled" }), {
    label: { name: "call-in" },
    sender: { login: "maintainer-mo", id: 77, type: "User" },
    issue: { number: 1 },
  });
}

/**
 * `GET /repos/{owner}/{CASES}`, answered only once the open-case lookup's request
 * has arrived; `events` records the order in which things happened.
 */
function heldGate(visibility: "private" | "public", lookupArrived: Promise<void>, events: string[]): void {
  nock("https://api.github.com")
    .get(`/repos/${OWNER}/${CASES}`)
    .reply((_uri, _body, callback) => {
      events.push("gate asked");
      void lookupArrived.then(() => {
        events.push("gate answered");
        callback(null, [
          200,
          {
            id: 4242,
            node_id: "R_kgDOcase",
            name: CASES,
            full_name: `${OWNER}/${CASES}`,
            private: visibility === "private",
            visibility,
            owner: { login: OWNER, id: 1, type: "Organization" },
            html_url: `https://github.com/${OWNER}/${CASES}`,
          },
        ]);
      });
    });
}

/** The case repository's open issues; the gate may answer once this request has arrived. */
function heldLookup(open: Array<{ number: number; body: string }>, events: string[]): Promise<void> {
  return new Promise((arrived) => {
    nock("https://api.github.com")
      .get(`/repos/${OWNER}/${CASES}/issues`)
      .query({ state: "open", per_page: "100" })
      .reply(() => {
        events.push("lookup asked");
        arrived();
        return [
          200,
          open.map((c) => ({
            number: c.number,
            node_id: `I_${c.number}`,
            html_url: `https://github.com/${OWNER}/${CASES}/issues/${c.number}`,
            title: `case ${c.number}`,
            body: c.body,
            state: "open",
            user: APP_BOT_USER,
          })),
        ];
      });
  });
}

describe("the privacy gate and the open-case lookup", () => {
  let app: TestApp;
  let events: string[];
  beforeEach(async () => {
    app = await createTestApp();
    events = [];
  });
  afterEach(() => {
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("are asked together, and the case is written after the gate passed", async () => {
    heldGate("private", heldLookup([], events), events);
    const github = mockGitHub().config(OWNER, REPO, null).templates(OWNER).createsIssue(OWNER, CASES).removesLabel(OWNER, REPO, 1, "call-in");

    await app.receive("issues", labeledIssue());

    // The lookup was asked while the gate's answer was still held.
    expect(events).toStrictEqual(["gate asked", "lookup asked", "gate answered"]);
    expect(github.sent.createdIssues).toHaveLength(1);
    expect(github.sent.createdIssues[0]).toMatchObject({ owner: OWNER, repo: CASES });
    expect(app.logs.lines.find((l) => l.msg === "case opened")).toMatchObject({ trigger: "label", source: "codertocat/hello-world#1" });
  });

  it("a public case repository gets no write, even when the lookup found the thread's open case", async () => {
    // The lookup finds a case for this very thread: without the gate, the app would comment on it and update it.
    heldGate("public", heldLookup([{ number: 7, body: caseBody(caseMeta({ trigger: "label" })) }], events), events);
    const github = mockGitHub().config(OWNER, REPO, null).templates(OWNER);

    await app.receive("issues", labeledIssue());

    expect(events).toStrictEqual(["gate asked", "lookup asked", "gate answered"]);
    expect(github.sent.createdIssues).toStrictEqual([]);
    expect(github.sent.comments).toStrictEqual([]);
    expect(github.sent.updatedBodies).toStrictEqual([]);
    // No write was made at all (an unmocked one would also fail the contract check), and the label stays.
    expect(app.logs.lines.find((l) => l.level === 50)).toMatchObject({ reason: "public", caseRepository: CASES, owner: OWNER });
    expect(app.logs.lines.some((l) => l.msg === "case updated by a new trigger" || l.msg === "case opened")).toBe(false);
  });
});
