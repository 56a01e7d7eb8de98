// The index's own rules, one repository, without the app: a listing of several pages is
// checked for an issue closed while it was read (which shifts the pages), and the index is
// listed in full again after `fullListingEveryMs` (a deleted issue does not show in `since`).
import nock from "nock";
import { ProbotOctokit } from "probot";
import { afterEach, describe, expect, it } from "vitest";
import type { GitHub } from "../../../src/github/client.js";
import type { IssueRecord } from "../../../src/github/issues.js";
import { OpenCaseIndex, SINCE_MARGIN_MS } from "../../../src/cases/open-case-index.js";
import type { CaseRecord } from "../../../src/cases/store.js";
import { APP_BOT_USER, caseMeta } from "../../helpers/cases.js";

const OWNER = "Codertocat";
const REPO = "moderation";
const API = "https://api.github.com";
const SERVED = "Mon, 05 Jan 2026 10:00:00 GMT";

const github = new (ProbotOctokit.defaults({ retry: { enabled: false }, throttle: { enabled: false } }))({ auth: "t" }) as unknown as GitHub;

function rest(number: number, state: "open" | "closed" = "open") {
  return {
    number,
    node_id: `I_${number}`,
    html_url: `https://github.com/${OWNER}/${REPO}/issues/${number}`,
    title: `case ${number}`,
    body: `case ${number}`,
    state,
    user: APP_BOT_USER,
    updated_at: "2026-01-05T09:59:59Z",
  };
}

/** Every issue is a case here: the seal's part is tested elsewhere. */
async function verify(issue: IssueRecord): Promise<CaseRecord> {
  return { format: "issue", number: issue.number, nodeId: issue.nodeId, url: issue.url, title: issue.title, body: issue.body, meta: caseMeta() };
}

/** One page of the open issues; `next` adds GitHub's Link to the next page. */
function openPage(page: number, numbers: number[], next: boolean): void {
  nock(API)
    .get(`/repos/${OWNER}/${REPO}/issues`)
    .query({ state: "open", per_page: "100", ...(page > 1 ? { page: String(page) } : {}) })
    .reply(
      200,
      numbers.map((n) => rest(n)),
      {
        Date: SERVED,
        ...(next ? { Link: `<${API}/repos/${OWNER}/${REPO}/issues?state=open&per_page=100&page=${page + 1}>; rel="next"` } : {}),
      },
    );
}

function changesSince(issues: ReturnType<typeof rest>[]): void {
  nock(API)
    .get(`/repos/${OWNER}/${REPO}/issues`)
    .query({
      state: "all",
      since: new Date(Date.parse(SERVED) - SINCE_MARGIN_MS).toISOString().replace(/\.\d{3}Z$/, "Z"),
      sort: "updated",
      direction: "desc",
      per_page: "100",
    })
    .reply(200, issues, { Date: SERVED });
}

describe("OpenCaseIndex", () => {
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    expect(pending).toStrictEqual([]);
  });

  it("a lookup arriving while a listing is on its way waits for a listing asked after it arrived (it may follow a case opened meanwhile)", async () => {
    const index = new OpenCaseIndex();
    const repo = { owner: OWNER, repo: REPO };
    let arrived!: () => void;
    let release!: () => void;
    const firstArrived = new Promise<void>((resolve) => (arrived = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    nock(API)
      .get(`/repos/${OWNER}/${REPO}/issues`)
      .query({ state: "open", per_page: "100" })
      .reply(async () => {
        arrived();
        await released;
        return [200, [rest(9)], { Date: SERVED }];
      });
    const first = index.listOpen(github, repo, verify);
    await firstArrived;
    // Case 7 is opened (by another replica) after the first listing was served; then a second lookup arrives.
    const second = index.listOpen(github, repo, verify);
    changesSince([rest(7), rest(9)]);
    release();

    expect((await first).map((c) => c.number)).toStrictEqual([9]);
    expect((await second).map((c) => c.number)).toStrictEqual([9, 7]);
  });

  it("lists again when an issue of a listing of several pages was closed while it was read (a case could have fallen between the pages)", async () => {
    const index = new OpenCaseIndex();
    // Page 1 shows 9 and 8; then 8 is closed, so 7 moves up onto page 1 and page 2 starts at 6: 7 is never listed.
    openPage(1, [9, 8], true);
    openPage(2, [6], false);
    changesSince([rest(8, "closed")]);
    openPage(1, [9, 7, 6], false);

    const open = await index.listOpen(github, { owner: OWNER, repo: REPO }, verify);

    expect(open.map((c) => c.number)).toStrictEqual([9, 7, 6]);
  });

  it("trusts a listing of several pages when nothing it listed was closed meanwhile", async () => {
    const index = new OpenCaseIndex();
    openPage(1, [9, 8], true);
    openPage(2, [6], false);
    changesSince([rest(10)]);

    const open = await index.listOpen(github, { owner: OWNER, repo: REPO }, verify);

    expect(open.map((c) => c.number)).toStrictEqual([10, 9, 8, 6]);
  });

  it("lists every open issue again once fullListingEveryMs has passed (what `since` cannot show: a deleted case)", async () => {
    let now = 0;
    const index = new OpenCaseIndex({ fullListingEveryMs: 60_000, monotonicNow: () => now });
    const repo = { owner: OWNER, repo: REPO };
    openPage(1, [9, 8], false);
    expect((await index.listOpen(github, repo, verify)).map((c) => c.number)).toStrictEqual([9, 8]);
    // Case 8 is deleted: it never shows as changed.
    now = 59_999;
    changesSince([]);
    expect((await index.listOpen(github, repo, verify)).map((c) => c.number)).toStrictEqual([9, 8]);
    now = 60_000;
    openPage(1, [9], false);
    expect((await index.listOpen(github, repo, verify)).map((c) => c.number)).toStrictEqual([9]);
  });

  it("forgets a repository: its next lookup lists in full", async () => {
    const index = new OpenCaseIndex();
    const repo = { owner: OWNER, repo: REPO };
    openPage(1, [9, 8], false);
    await index.listOpen(github, repo, verify);
    index.forget(repo);
    openPage(1, [9], false);
    expect((await index.listOpen(github, repo, verify)).map((c) => c.number)).toStrictEqual([9]);
  });
});
