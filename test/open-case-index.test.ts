/**
 * The open-case lookup keeps an index of each case repository's open cases and
 * asks GitHub only what changed since its last listing (src/cases/open-case-index.ts),
 * without giving up "one case per thread": redeliveries, cases another replica
 * opened, cases closed elsewhere, and two replicas on one Redis.
 *
 * GitHub here has its own clock, months away from this machine's, and honours
 * `since` on the issue listing as GitHub does (issues updated at or after it).
 */
import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./helpers/app.js";
import { APP_BOT_USER, caseBody, caseMeta } from "./helpers/cases.js";
import { barrier, type Barrier } from "./helpers/barrier.js";
import { issueCommentAnswer, noConfigAnywhere, repositoryAnswer } from "./helpers/github.js";
import { examplePayload, withOverrides } from "./helpers/payloads.js";
import { describeWithRedis, redisForSuite } from "./helpers/redis.js";
import { parseMeta, type CaseMeta } from "../src/cases/metadata.js";
import { SINCE_MARGIN_MS } from "../src/cases/open-case-index.js";

const OWNER = "Codertocat";
const REPO = "Hello-World";
const CASE_REPO = "moderation";
const API = "https://api.github.com";

interface Issue {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  /** GitHub's time of the last change. */
  updatedAt: number;
  comments: string[];
}

/** GitHub's time as its API writes it: whole seconds, UTC. */
function githubTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * The case repository as GitHub keeps it, with GitHub's own clock (`now`,
 * moved by the test only). Every answer carries GitHub's `Date` header. The
 * issue listing honours `state` and `since` and records each query.
 */
class CaseRepositoryWithClock {
  now = Date.parse("2026-01-05T10:00:00Z");
  readonly issues = new Map<number, Issue>();
  readonly listings: URLSearchParams[] = [];
  private next = 100;
  private barrier: Barrier | null = null;

  constructor() {
    const api = nock(API).persist();
    const caseRepo = `/repos/${OWNER}/${CASE_REPO}`;
    const dated = (status: number, body: unknown): [number, unknown, Record<string, string>] => [status, body, { Date: new Date(this.now).toUTCString() }];
    api.get(caseRepo).reply(async () => {
      await this.barrier?.arrive();
      return dated(200, repositoryAnswer(OWNER, CASE_REPO, { id: 9, nodeId: "R_mod" }));
    });
    noConfigAnywhere(api, OWNER, REPO, CASE_REPO);
    api.delete(new RegExp(`^/repos/${OWNER}/${REPO}/issues/\\d+/labels/`)).reply(200, []);
    api
      .get(`${caseRepo}/issues`)
      .query(true)
      .reply((uri) => {
        const query = new URL(uri, API).searchParams;
        this.listings.push(query);
        const state = query.get("state") ?? "open";
        const since = query.get("since");
        const listed = [...this.issues.values()]
          .filter((i) => state === "all" || i.state === state)
          .filter((i) => since === null || i.updatedAt >= Date.parse(since))
          .sort((a, b) => (query.get("sort") === "updated" ? b.updatedAt - a.updatedAt : b.number - a.number));
        return dated(
          200,
          listed.map((i) => this.rest(i)),
        );
      });
    api.post(`${caseRepo}/issues`).reply((_uri, body) => {
      const { title, body: text } = body as { title: string; body: string };
      return dated(201, this.rest(this.add(title, text)));
    });
    api.patch(new RegExp(`^${caseRepo}/issues/\\d+$`)).reply((uri, body) => {
      const issue = this.issues.get(Number(uri.split("/").at(-1)));
      if (!issue) return dated(404, { message: "Not Found" });
      const change = body as { body?: string };
      if (change.body !== undefined) issue.body = change.body;
      issue.updatedAt = this.now;
      return dated(200, this.rest(issue));
    });
    api.post(new RegExp(`^${caseRepo}/issues/\\d+/comments$`)).reply((uri, body) => {
      const number = Number(uri.split("/").at(-2));
      const issue = this.issues.get(number);
      if (!issue) return dated(404, { message: "Not Found" });
      issue.comments.push((body as { body: string }).body);
      issue.updatedAt = this.now;
      const id = 9000 + issue.comments.length;
      return dated(201, issueCommentAnswer(OWNER, CASE_REPO, number, id, (body as { body: string }).body));
    });
  }

  /** An issue written as the app's bot writes it (another replica, or this one earlier). */
  add(title: string, body: string, updatedAt = this.now): Issue {
    const issue: Issue = { number: this.next++, title, body, state: "open", updatedAt, comments: [] };
    this.issues.set(issue.number, issue);
    return issue;
  }

  /** Someone closes an issue on GitHub. */
  close(number: number): void {
    const issue = this.issues.get(number)!;
    issue.state = "closed";
    issue.updatedAt = this.now;
  }

  /** Holds the next `count` privacy checks until all arrived: the deliveries reach the per-thread lock together. */
  holdPrivacyChecksUntil(count: number): void {
    this.barrier = barrier(count, () => (this.barrier = null));
  }

  cases(): Issue[] {
    return [...this.issues.values()];
  }

  meta(number: number): CaseMeta {
    return parseMeta(this.issues.get(number)!.body)!;
  }

  private rest(i: Issue) {
    return {
      number: i.number,
      node_id: `I_${i.number}`,
      html_url: `https://github.com/${OWNER}/${CASE_REPO}/issues/${i.number}`,
      title: i.title,
      body: i.body,
      state: i.state,
      user: APP_BOT_USER,
      updated_at: githubTime(i.updatedAt),
    };
  }
}

function labeled(thread: number) {
  return withOverrides(examplePayload("issues", { action: "labeled" }), {
    label: { name: "call-in" },
    sender: { login: "maintainer-mo", id: 77, type: "User" },
    issue: { number: thread, html_url: `https://github.com/${OWNER}/${REPO}/issues/${thread}` },
  });
}

/** A case about thread `thread`, sealed as the app writes it. */
function caseAbout(thread: number, delivery: string): string {
  const key = `codertocat/hello-world#${thread}`;
  return caseBody(
    caseMeta({
      trigger: "label",
      deliveries: [delivery],
      source: { key, owner: OWNER, repo: REPO, number: thread, threadKind: "issue", url: `https://github.com/${OWNER}/${REPO}/issues/${thread}` },
    }),
  );
}

const sinceOf = (query: URLSearchParams | undefined) => (query ? Object.fromEntries(query) : undefined);

describe("the open-case index", () => {
  let app: TestApp;
  afterEach(async () => {
    await app?.close();
    nock.cleanAll();
  });

  it("asks only what changed since the last listing, from GitHub's clock less the margin, and still finds a case another replica opened meanwhile", async () => {
    const github = new CaseRepositoryWithClock();
    app = await createTestApp();
    const firstServed = github.now;
    await app.receive("issues", labeled(1), "label-1");
    expect(sinceOf(github.listings[0])).toStrictEqual({ state: "open", per_page: "100" });
    expect(github.cases()).toHaveLength(1);

    // Another replica opened a case for thread 2 while that listing was being served (so the listing did not show it),
    // then GitHub's clock moves on. This machine's clock is months away from GitHub's.
    github.add("Case about thread 2", caseAbout(2, "label-2-elsewhere"), firstServed - 2_000);
    github.now = firstServed + 30_000;
    await app.receive("issues", labeled(2), "label-2");

    expect(sinceOf(github.listings[1])).toStrictEqual({
      state: "all",
      since: githubTime(firstServed - SINCE_MARGIN_MS),
      sort: "updated",
      direction: "desc",
      per_page: "100",
    });
    // No second case for thread 2: the other replica's case got this delivery.
    const aboutTwo = github.cases().filter((c) => github.meta(c.number).source.key === "codertocat/hello-world#2");
    expect(aboutTwo).toHaveLength(1);
    expect(github.meta(aboutTwo[0]!.number).deliveries).toStrictEqual(["label-2-elsewhere", "label-2"]);
    expect(aboutTwo[0]!.comments).toHaveLength(1);
    expect(app.logs.lines.filter((l) => l.msg === "case opened")).toHaveLength(1);
  });

  it("the next listing starts from GitHub's Date of the one before, not from the issues it saw", async () => {
    const github = new CaseRepositoryWithClock();
    app = await createTestApp();
    await app.receive("issues", labeled(1), "label-1");
    github.now += 45_000;
    const secondServed = github.now;
    await app.receive("issues", labeled(2), "label-2");
    github.now += 45_000;
    await app.receive("issues", labeled(3), "label-3");

    expect(github.listings.map((q) => q.get("since"))).toStrictEqual([
      null,
      githubTime(Date.parse("2026-01-05T10:00:00Z") - SINCE_MARGIN_MS),
      githubTime(secondServed - SINCE_MARGIN_MS),
    ]);
    expect(github.cases()).toHaveLength(3);
  });

  it("a redelivery finds the case its first delivery opened (not yet in the index): one case, nothing written", async () => {
    const github = new CaseRepositoryWithClock();
    app = await createTestApp();
    await app.receive("issues", labeled(1), "label-1");
    github.now += 5_000;
    await app.receive("issues", labeled(1), "label-1");

    expect(github.listings[1]?.get("since")).not.toBeNull();
    expect(github.cases()).toHaveLength(1);
    expect(github.cases()[0]!.comments).toStrictEqual([]);
    expect(github.meta(github.cases()[0]!.number).deliveries).toStrictEqual(["label-1"]);
    expect(app.logs.lines.filter((l) => l.msg === "delivery already applied to the case; nothing to do")).toHaveLength(1);
  });

  it("a case closed on GitHub leaves the index: the thread's next label opens a new case", async () => {
    const github = new CaseRepositoryWithClock();
    app = await createTestApp();
    await app.receive("issues", labeled(1), "label-1");
    github.now += 5_000;
    // Known to the index by now (the second lookup lists changes since the first).
    await app.receive("issues", labeled(2), "label-2");
    const [first] = github.cases();
    github.now += 5_000;
    github.close(first!.number);
    github.now += 5_000;
    await app.receive("issues", labeled(1), "label-1-again");

    expect(github.listings.slice(1).every((q) => q.get("state") === "all" && q.get("since") !== null)).toBe(true);
    const aboutOne = github.cases().filter((c) => github.meta(c.number).source.key === "codertocat/hello-world#1");
    expect(aboutOne.map((c) => c.state)).toStrictEqual(["closed", "open"]);
    expect(aboutOne[0]!.comments).toStrictEqual([]);
    expect(github.meta(aboutOne[1]!.number).deliveries).toStrictEqual(["label-1-again"]);
  });

  it("a case deleted on GitHub (which `since` does not show) fails its write once; the redelivery lists in full and opens a new case", async () => {
    const github = new CaseRepositoryWithClock();
    app = await createTestApp();
    await app.receive("issues", labeled(1), "label-1");
    github.now += 5_000;
    await app.receive("issues", labeled(2), "label-2");
    const [first] = github.cases();
    github.issues.delete(first!.number);
    github.now += 5_000;

    await expect(app.receive("issues", labeled(1), "label-1-again")).rejects.toThrow();
    await app.receive("issues", labeled(1), "label-1-again");

    expect(github.listings.map((q) => q.get("state"))).toStrictEqual(["open", "all", "all", "open"]);
    const aboutOne = github.cases().filter((c) => github.meta(c.number).source.key === "codertocat/hello-world#1");
    expect(aboutOne.map((c) => github.meta(c.number).deliveries)).toStrictEqual([["label-1-again"]]);
  });

  it("a case whose metadata was edited after it was indexed is checked again and no longer trusted", async () => {
    const github = new CaseRepositoryWithClock();
    app = await createTestApp();
    await app.receive("issues", labeled(1), "label-1");
    github.now += 5_000;
    await app.receive("issues", labeled(2), "label-2");
    const [first] = github.cases();
    // Someone with write access edits the case's metadata block: the seal no longer verifies.
    first!.body = first!.body.replace('"state":"open"', '"state":"resolved"');
    first!.updatedAt = github.now;
    github.now += 5_000;
    await app.receive("issues", labeled(1), "label-1-again");

    expect(github.cases().filter((c) => c.body.includes('"key":"codertocat/hello-world#1"'))).toHaveLength(2);
    expect(first!.comments).toStrictEqual([]);
  });
});

describeWithRedis("the open-case index on two replicas sharing Redis", () => {
  const redis = redisForSuite();
  const apps: TestApp[] = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    nock.cleanAll();
  });

  it("both indexes warm, the same thread labelled on both at the same moment: one case that remembers both deliveries", async () => {
    const github = new CaseRepositoryWithClock();
    const env = { REDIS_URL: redis.url, REMINDER_INTERVAL: "off" };
    const [a, b] = [await createTestApp({ services: { env } }), await createTestApp({ services: { env } })];
    apps.push(a, b);
    // Each replica has listed once, so both now ask only for changes.
    await a.receive("issues", labeled(1), "warm-a");
    github.now += 5_000;
    await b.receive("issues", labeled(2), "warm-b");
    github.now += 5_000;

    github.holdPrivacyChecksUntil(2);
    await Promise.all([a.receive("issues", labeled(3), "label-3-a"), b.receive("issues", labeled(3), "label-3-b")]);

    expect(github.listings.slice(2).map((q) => q.get("state"))).toStrictEqual(["all", "all"]);
    const aboutThree = github.cases().filter((c) => github.meta(c.number).source.key === "codertocat/hello-world#3");
    expect(aboutThree).toHaveLength(1);
    expect(new Set(github.meta(aboutThree[0]!.number).deliveries)).toStrictEqual(new Set(["label-3-a", "label-3-b"]));
    expect(aboutThree[0]!.comments).toHaveLength(1);
  });
});
