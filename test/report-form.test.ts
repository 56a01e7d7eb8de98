import { afterEach, beforeEach, describe, expect, it } from "vitest";
import nock from "nock";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { createTestApp, type TestApp } from "./helpers/app.js";
import { installationAnswer, mockGitHub, type GitHubMock } from "./helpers/github.js";
import { examplePayload, withOverrides } from "./helpers/payloads.js";
import { manualDeadline, neverDeadline, openForm, statusLinkOf, submitForm, unescapeHtml, waitFor } from "./helpers/form.js";
import { parseMeta } from "../src/cases/metadata.js";
import { withMeta } from "./helpers/cases.js";
import { ZERO_WIDTH_SPACE } from "../src/text/neutralise.js";
import type { ReportFormTuning } from "../src/report-form/index.js";

const OWNER = "Codertocat";
const REPO = "Hello-World";
const THREAD_URL = `https://github.com/${OWNER}/${REPO}/issues/1`;
const DESCRIPTION = "They called a newcomer @newbie a 'clueless idiot' in #1 <!-- call-in:meta {} --> and it hurt to read.";
const CONTACT = "reporter@example.org";

/** Pages wait for GitHub's (mocked) answers: no test depends on the machine's speed to meet a deadline. */
const FAST: Partial<ReportFormTuning> = { baseBackoffMs: 20, maxBackoffMs: 200, drainIntervalMs: 60_000, lookupDeadline: neverDeadline };

/** The reported thread, as GitHub's REST API returns it (from a real webhook example). */
function reportedIssue() {
  const issue = examplePayload("issues", { action: "opened" }).issue;
  return withOverrides(issue, {
    number: 1,
    title: "Build is broken",
    body: "Only an idiot would write this code, @octocat.",
    html_url: THREAD_URL,
    user: { login: "rude-person", id: 5150 },
  });
}

/** What the form asks GitHub before it accepts a report about a public repository: the owner's installation, the repository's visibility, its config. */
function acceptsReports(github: GitHubMock): GitHubMock {
  return github.accountInstallation(OWNER, 1).repository(OWNER, REPO, { visibility: "public" }).config(OWNER, REPO, null);
}

/** Everything a report's filing reads before it writes: the reported repository's visibility, case repository, templates, evidence, open cases. */
function filingReads(github: GitHubMock, openCases: Array<{ number: number; body: string }> = []): GitHubMock {
  return github
    .repository(OWNER, REPO, { visibility: "public" })
    .repository(OWNER, "moderation")
    .templates(OWNER)
    .thread(OWNER, REPO, reportedIssue())
    .openCases(OWNER, "moderation", openCases);
}

function storedFiles(app: TestApp): string[] {
  const dirs = ["spool/pending", "spool/claimed"];
  return dirs.flatMap((d) => {
    try {
      return readdirSync(join(app.dataDir, d));
    } catch {
      return [];
    }
  });
}

function assertNothingPrivateLogged(app: TestApp) {
  const text = app.logs.text();
  expect(text).not.toContain("clueless idiot");
  expect(text).not.toContain(CONTACT);
  expect(text).not.toContain("127.0.0.1");
}

describe("the private report form", () => {
  let app: TestApp;
  let base: string;

  async function start(options: { env?: NodeJS.ProcessEnv; tuning?: Partial<ReportFormTuning> } = {}) {
    app = await createTestApp({ services: { reportForm: { ...FAST, ...options.tuning }, ...(options.env ? { env: options.env } : {}) } });
    base = await app.listen();
  }

  afterEach(async () => {
    await app?.close();
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  describe("accepting and filing", () => {
    beforeEach(() => start());

    it("spools the report before the receipt, files it once as a case, and shows its status", async () => {
      const page = await openForm(base);
      expect(page.status).toBe(200);
      expect(page.html).toContain("Who will see your report");

      const github = acceptsReports(mockGitHub());
      filingReads(github).createsIssue(OWNER, "moderation");

      const res = await submitForm(base, page, {
        url: `${THREAD_URL}?foo=bar`,
        description: DESCRIPTION,
        category: "Personal or political attacks",
        contact: CONTACT,
      });
      expect(res.status).toBe(200);
      expect(res.html).toMatch(/R-[0-9A-Z]{4}-[0-9A-Z]{4}/);
      const statusUrl = statusLinkOf(res.html);
      expect(statusUrl).toMatch(new RegExp(`^${base}/call-in/status/[0-9A-Z]{8}\\.[A-Za-z0-9_-]{43}$`));

      await app.form!.drainer.idle();
      expect(github.sent.createdIssues).toHaveLength(1);
      const created = github.sent.createdIssues[0]!;
      expect(created.owner).toBe(OWNER);
      expect(created.repo).toBe("moderation");
      expect(created.body).toContain("### The report");
      expect(created.body).toContain("Personal or political attacks");
      expect(created.body).toContain(`@${ZERO_WIDTH_SPACE}newbie`);
      expect(created.body).toContain(`#${ZERO_WIDTH_SPACE}1`);
      expect(created.body).toContain(`reporter${ZERO_WIDTH_SPACE}@${ZERO_WIDTH_SPACE}example.org`);
      expect(created.body).toContain("Only an idiot would write this code");
      expect(created.body).toContain("- [ ] Acknowledge the reporter");
      expect(created.body.match(/<!-- call-in:meta/g)).toHaveLength(1);
      const meta = parseMeta(created.body)!;
      const reportId = /\/status\/([0-9A-Z]{8})\./.exec(statusUrl)![1];
      expect(meta).toMatchObject({
        trigger: "report-form",
        state: "open",
        reportId,
        category: "Personal or political attacks",
        source: { key: "codertocat/hello-world#1", threadKind: "issue" },
      });
      expect(meta.deliveries).toStrictEqual([`report:${reportId}`]);
      expect(meta.statusTokenHash).toMatch(/^[0-9a-f]{64}$/);
      expect(storedFiles(app)).toStrictEqual([]);

      // The status page reads the case: acknowledged, with the team's message (escaped).
      const acknowledged = withMeta(created.body, {
        ...meta,
        state: "acknowledged",
        acknowledgedAt: "2026-11-22T10:00:00Z",
        reporterMessage: "Thank you <b>so much</b>. We're on it.",
      });
      github.caseIssue(OWNER, "moderation", 100, acknowledged, { writes: false });
      const status = await fetch(statusUrl);
      const html = await status.text();
      expect(status.status).toBe(200);
      expect(html).toMatch(/step--current[^>]*aria-current="step"><strong>Acknowledged/);
      expect(html).toContain("Thank you &lt;b&gt;so much&lt;/b&gt;");
      expect(status.headers.get("referrer-policy")).toBe("no-referrer");

      assertNothingPrivateLogged(app);
    });

    it("gives a double-clicked form one receipt and one case", async () => {
      await app.form!.drainer.idle();
      app.form!.drainer.stop();
      const page = await openForm(base);
      const github = mockGitHub()
        .accountInstallation(OWNER, 1)
        .accountInstallation(OWNER, 1)
        .repository(OWNER, REPO, { visibility: "public", times: 2 })
        .config(OWNER, REPO, null);
      const a = await submitForm(base, page, { url: THREAD_URL, description: DESCRIPTION });
      const b = await submitForm(base, page, { url: THREAD_URL, description: DESCRIPTION });
      expect(a.status).toBe(200);
      expect(statusLinkOf(a.html)).toBe(statusLinkOf(b.html));
      expect(storedFiles(app)).toHaveLength(1);
      // An edited resubmission of the same page is a new report.
      github.accountInstallation(OWNER, 1).repository(OWNER, REPO, { visibility: "public" });
      const edited = await submitForm(base, page, { url: THREAD_URL, description: `${DESCRIPTION} Also, it happened twice.` });
      expect(statusLinkOf(edited.html)).not.toBe(statusLinkOf(a.html));
      expect(storedFiles(app)).toHaveLength(2);
    });

    it("files a report about a deleted comment, saying the content could not be read", async () => {
      const page = await openForm(base);
      const github = acceptsReports(mockGitHub());
      github.scope.get(`/repos/${OWNER}/${REPO}/issues/comments/4242`).reply(404, { message: "Not Found" });
      github
        .repository(OWNER, REPO, { visibility: "public" })
        .repository(OWNER, "moderation")
        .templates(OWNER)
        .openCases(OWNER, "moderation")
        .createsIssue(OWNER, "moderation");
      await submitForm(base, page, { url: `${THREAD_URL}#issuecomment-4242`, description: DESCRIPTION });
      await app.form!.drainer.idle();
      const created = github.sent.createdIssues[0]!;
      expect(created.body).toContain("Call-In could not read it when the report was filed");
      expect(created.body).toContain("The reporter left no contact details.");
      expect(parseMeta(created.body)).toMatchObject({
        subject: { kind: "issue_comment", id: 4242, url: `${THREAD_URL}#issuecomment-4242` },
        source: { number: 1 },
      });
    });

    it("adds a report about a thread that already has an open case to that case", async () => {
      const page = await openForm(base);
      const github = acceptsReports(mockGitHub());
      // A maintainer's label already opened a case for this thread.
      const labelCase = withMeta("## CI-AAAAAA", {
        v: 1,
        code: "CI-AAAAAA",
        state: "open",
        trigger: "label",
        openedAt: "2026-11-20T00:00:00Z",
        source: { key: "codertocat/hello-world#1", owner: OWNER, repo: REPO, number: 1, threadKind: "issue", url: THREAD_URL },
        subject: { kind: "issue", url: THREAD_URL },
        reporterMessage: "A message for someone else",
      });
      filingReads(github, [{ number: 7, body: labelCase }])
        .commentsOn(OWNER, "moderation", 7)
        .updatesIssueBody(OWNER, "moderation", 7);
      const res = await submitForm(base, page, { url: THREAD_URL, description: DESCRIPTION });
      await app.form!.drainer.idle();
      expect(github.sent.comments[0]!.body).toContain("### The report");
      expect(github.sent.comments[0]!.body).toContain("clueless idiot");
      const reportId = /\/status\/([0-9A-Z]{8})\./.exec(statusLinkOf(res.html))![1];
      expect(parseMeta(github.sent.updatedBodies[0]!.body)?.deliveries).toContain(`report:${reportId}`);
      // The status page follows that case, without another reporter's message.
      github.caseIssue(OWNER, "moderation", 7, withMeta(labelCase, { ...parseMeta(labelCase)!, resolvedAt: "2026-11-22T00:00:00Z", state: "resolved" }), {
        state: "closed",
        writes: false,
      });
      const html = await (await fetch(statusLinkOf(res.html))).text();
      expect(html).toMatch(/aria-current="step"><strong>Resolved/);
      expect(html).not.toContain("A message for someone else");
    });

    it("refuses a forged status token for a report already filed as a case (404)", async () => {
      const page = await openForm(base);
      const github = acceptsReports(mockGitHub());
      filingReads(github).createsIssue(OWNER, "moderation");
      const res = await submitForm(base, page, { url: THREAD_URL, description: DESCRIPTION });
      await app.form!.drainer.idle();
      expect(github.sent.createdIssues).toHaveLength(1);
      expect(storedFiles(app)).toStrictEqual([]);
      // The right id with a wrong secret, and the right secret with another id: both unknown, and GitHub is not asked.
      const real = statusLinkOf(res.html);
      const forged = real.replace(/\.[A-Za-z0-9_-]{43}$/, `.${"A".repeat(43)}`);
      const otherId = real.replace(/\/status\/[0-9A-Z]{8}\./, "/status/00000000.");
      for (const link of [forged, otherId]) {
        const answer = await fetch(link);
        expect(answer.status).toBe(404);
        expect(await answer.text()).not.toMatch(/R-[0-9A-Z]{4}-[0-9A-Z]{4}/);
      }
      // The real token still works (the case is read once).
      github.caseIssue(OWNER, "moderation", 100, github.sent.createdIssues[0]!.body, { writes: false });
      expect((await fetch(real)).status).toBe(200);
    });

    it("shows 'received' while the report waits in the spool", async () => {
      await app.form!.drainer.idle();
      app.form!.drainer.stop();
      const page = await openForm(base);
      acceptsReports(mockGitHub());
      const res = await submitForm(base, page, { url: THREAD_URL, description: DESCRIPTION });
      const status = await fetch(statusLinkOf(res.html));
      expect(status.status).toBe(200);
      expect(await status.text()).toMatch(/step--current step--done" aria-current="step"><strong>Received/);
      // A token with the right id and a wrong secret finds nothing.
      const forged = statusLinkOf(res.html).replace(/\.[A-Za-z0-9_-]{43}$/, `.${"A".repeat(43)}`);
      expect((await fetch(forged)).status).toBe(404);
      expect(storedFiles(app)).toHaveLength(1);
    });
  });

  describe("reports about repositories that are not public", () => {
    beforeEach(() => start());

    const SECRET = "secret-plans";
    const SECRET_URL = `https://github.com/${OWNER}/${SECRET}/issues/1`;
    const NOT_COPIED = "Call-In copied nothing from it into this case";

    /** A private issue the installation could read (from a real webhook example). */
    function privateIssue() {
      const issue = examplePayload("issues", { action: "opened" }).issue;
      return withOverrides(issue, {
        number: 1,
        title: "Q3 layoffs draft",
        body: "Confidential: the list of names is attached.",
        html_url: SECRET_URL,
        user: { login: "insider", id: 77 },
      });
    }

    /** The owner's own form settings (its `.github` repository has no call-in.yml). */
    function ownerSettings(github: GitHubMock): GitHubMock {
      github.scope.get((uri) => uri.startsWith(`/repos/${OWNER}/.github/contents/`)).reply(404, { message: "Not Found" });
      return github;
    }

    it.each([
      ["a private issue", "private", ""],
      ["a comment in an internal repository", "internal", "#issuecomment-4242"],
    ] as const)("files a report about %s with the link and the reporter's words, and copies nothing from it", async (_name, visibility, fragment) => {
      const page = await openForm(base);
      const github = ownerSettings(mockGitHub().accountInstallation(OWNER, 1).repository(OWNER, SECRET, { visibility, times: 2 }));
      // The installation could read the content: a mistake would copy it into the case.
      const read = fragment ? `/repos/${OWNER}/${SECRET}/issues/comments/4242` : `/repos/${OWNER}/${SECRET}/issues/1`;
      if (fragment) github.issueComment(OWNER, SECRET, 1, { id: 4242, body: "Confidential: Q3 layoffs list attached.", login: "insider" });
      else github.thread(OWNER, SECRET, privateIssue());
      github.config(OWNER, SECRET, null).repository(OWNER, "moderation").templates(OWNER).openCases(OWNER, "moderation").createsIssue(OWNER, "moderation");

      const res = await submitForm(base, page, { url: `${SECRET_URL}${fragment}`, description: DESCRIPTION, contact: CONTACT });
      expect(res.status).toBe(200);
      expect(res.html).toMatch(/R-[0-9A-Z]{4}-[0-9A-Z]{4}/);
      await app.form!.drainer.idle();

      expect(github.sent.createdIssues).toHaveLength(1);
      const created = github.sent.createdIssues[0]!;
      expect(created.body).toContain("clueless idiot");
      expect(created.body).toContain(NOT_COPIED);
      expect(created.body).not.toContain("Q3 layoffs");
      expect(created.body).not.toContain("Confidential");
      expect(created.body).not.toContain("insider");
      expect(created.body).not.toContain("### Evidence snapshot");
      // The subject is the thread, never the comment: no later edit of a comment there is matched to this case (and copied into it).
      expect(parseMeta(created.body)).toMatchObject({ subject: { kind: "issue", url: SECRET_URL, id: null, author: null } });
      // The one request left is the read of the content, which never happened.
      expect(nock.pendingMocks()).toStrictEqual([`GET https://api.github.com:443${read}`]);
      nock.cleanAll();
      assertNothingPrivateLogged(app);
    });

    it("answers a report about a repository that does not exist exactly as one about a private repository: the receipt", async () => {
      await app.form!.drainer.idle();
      app.form!.drainer.stop();
      const github = ownerSettings(
        mockGitHub()
          .accountInstallation(OWNER, 1)
          .accountInstallation(OWNER, 1)
          .repository(OWNER, SECRET, { visibility: "private" })
          .repository(OWNER, "no-such-repo", null),
      );
      const answers = [];
      for (const repo of [SECRET, "no-such-repo"]) {
        const page = await openForm(base);
        const res = await submitForm(base, page, { url: `https://github.com/${OWNER}/${repo}/issues/1`, description: DESCRIPTION });
        answers.push({
          status: res.status,
          page: res.html.replace(/R-[0-9A-Z]{4}-[0-9A-Z]{4}/g, "R-XXXX-XXXX").replace(/\/call-in\/status\/[^"<\s]+/g, "/call-in/status/TOKEN"),
        });
      }
      expect(answers[0]!.status).toBe(200);
      expect(answers[1]).toStrictEqual(answers[0]);
      expect(storedFiles(app)).toHaveLength(2);
      expect(github.scope.isDone()).toBe(true);
    });
  });

  describe("GitHub failures", () => {
    beforeEach(() => start());

    it("retries through a 500, a timeout, a secondary rate limit and a lost response, and files the report exactly once", async () => {
      // Each GitHub request's time limit is one the test ends: the hanging request below ends those in flight.
      const timeLimits: AbortController[] = [];
      await app.close();
      await start({
        tuning: {
          githubRequestSignal: () => {
            const limit = new AbortController();
            timeLimits.push(limit);
            return limit.signal;
          },
        },
      });
      const page = await openForm(base);
      const github = acceptsReports(mockGitHub());
      const thread = () => github.repository(OWNER, REPO, { visibility: "public" }).thread(OWNER, REPO, reportedIssue());
      // The open-case lookup is asked beside the case repository check, in every attempt.
      const noOpenCase = () => github.openCases(OWNER, "moderation", []);
      // 1: the case repository check fails with a 500.
      thread();
      noOpenCase();
      github.scope.get(`/repos/${OWNER}/moderation`).reply(500, { message: "Server Error" });
      // 2: GitHub hangs until the request's time limit ends it (once the lookup beside it has been asked).
      thread();
      let lookupAsked!: () => void;
      const lookupArrived = new Promise<void>((resolve) => (lookupAsked = resolve));
      github.scope
        .get(`/repos/${OWNER}/moderation/issues`)
        .query({ state: "open", per_page: "100" })
        .reply(() => {
          lookupAsked();
          return [200, []];
        });
      github.scope.get(`/repos/${OWNER}/moderation`).reply(async () => {
        await lookupArrived;
        for (const limit of timeLimits) limit.abort(new DOMException("The operation timed out.", "TimeoutError"));
        return new Promise<never>(() => undefined);
      });
      // 3: creating the case hits the secondary rate limit, with retry-after.
      filingReads(github);
      github.scope.post(`/repos/${OWNER}/moderation/issues`).reply(403, { message: "You have exceeded a secondary rate limit." }, { "retry-after": "1" });
      // 4: the case is created, but the answer is lost (502). (Templates are cached from now on.)
      thread().repository(OWNER, "moderation").openCases(OWNER, "moderation", []);
      let lostBody = "";
      github.scope.post(`/repos/${OWNER}/moderation/issues`, (body) => ((lostBody = body.body), true)).reply(502, { message: "Bad Gateway" });

      const res = await submitForm(base, page, { url: THREAD_URL, description: DESCRIPTION, contact: CONTACT });
      expect(res.status).toBe(200);
      const reportId = /\/status\/([0-9A-Z]{8})\./.exec(statusLinkOf(res.html))![1];

      // 5: the retry finds the case the lost answer created, and writes nothing more.
      await waitFor(() => lostBody !== "", 10_000, "the case to be created");
      thread()
        .repository(OWNER, "moderation")
        .openCases(OWNER, "moderation", [{ number: 100, body: lostBody }]);
      await waitFor(() => storedFiles(app).length === 0, 10_000, "the spool to empty");
      await app.form!.drainer.idle();

      expect(parseMeta(lostBody)?.deliveries).toStrictEqual([`report:${reportId}`]);
      const retries = app.logs.lines.filter((l) => l.msg === "report not filed yet; will try again");
      expect(retries.map((l) => l.reason)).toStrictEqual([
        "GitHub answered 500",
        "GitHub did not answer in time",
        "GitHub answered 403",
        "GitHub answered 502",
      ]);
      // The secondary rate limit's retry-after is honoured.
      expect(retries[2]!.retryInMs).toBeGreaterThanOrEqual(1_000);
      expect(app.logs.lines.filter((l) => l.msg === "report filed as a case")).toHaveLength(1);
      assertNothingPrivateLogged(app);
    });

    it("accepts the report when GitHub does not answer the installation check, and checks later", async () => {
      const page = await openForm(base);
      const github = mockGitHub();
      github.scope.get(`/users/${OWNER}/installation`).reply(503, { message: "unavailable" });
      const res = await submitForm(base, page, { url: THREAD_URL, description: DESCRIPTION });
      expect(res.status).toBe(200);
      // The drainer looks the installation up itself.
      github.accountInstallation(OWNER, 1).config(OWNER, REPO, null);
      filingReads(github).createsIssue(OWNER, "moderation");
      await waitFor(() => storedFiles(app).length === 0, 10_000, "the spool to empty");
      await app.form!.drainer.idle();
      expect(github.sent.createdIssues).toHaveLength(1);
    });
  });

  describe("validation", () => {
    beforeEach(() => start());

    it.each([
      ["a link to another site", "https://example.com/Codertocat/Hello-World/issues/1", "Only links on github.com can be reported here"],
      ["text that is not a link", "not a link at all", "That doesn't look like a web address"],
      ["a link to a repository, not a thread", "https://github.com/Codertocat/Hello-World", "Link to an issue, pull request or discussion"],
      ["an empty link", "", "Add a link to the issue"],
    ])("refuses %s with a 400 page that keeps what was typed", async (_name, url, message) => {
      const page = await openForm(base);
      const res = await submitForm(base, page, { url, description: DESCRIPTION, contact: CONTACT });
      expect(res.status).toBe(400);
      expect(unescapeHtml(res.html)).toContain(message);
      expect(res.html).toContain('<a href="#url">');
      expect(res.html).toContain('aria-invalid="true"');
      expect(unescapeHtml(res.html)).toContain(DESCRIPTION);
      expect(res.html).toContain(CONTACT);
      expect(unescapeHtml(res.html)).not.toContain(`${DESCRIPTION.slice(0, 20)}<`); // escaped, not raw HTML
      expect(storedFiles(app)).toStrictEqual([]);
    });

    it("refuses a repository where Call-In is not installed (404), saying so and nothing more", async () => {
      const page = await openForm(base);
      mockGitHub().accountInstallation(OWNER, null);
      const res = await submitForm(base, page, { url: THREAD_URL, description: DESCRIPTION });
      expect(res.status).toBe(404);
      expect(unescapeHtml(res.html)).toContain("its maintainers haven't set up Call-In there");
      expect(unescapeHtml(res.html)).toContain(DESCRIPTION);
      expect(storedFiles(app)).toStrictEqual([]);
    });

    it("refuses reports about a repository whose config turns the form off (403)", async () => {
      const page = await openForm(base);
      mockGitHub().accountInstallation(OWNER, 1).repository(OWNER, REPO, { visibility: "public" }).config(OWNER, REPO, "form:\n  enabled: false\n");
      const res = await submitForm(base, page, { url: THREAD_URL, description: DESCRIPTION });
      expect(res.status).toBe(403);
      expect(unescapeHtml(res.html)).toContain("That project doesn't take reports through this form");
      expect(storedFiles(app)).toStrictEqual([]);
    });

    it("refuses an empty and a too-long description", async () => {
      const page = await openForm(base);
      const empty = await submitForm(base, page, { url: THREAD_URL, description: "   " });
      expect(empty.status).toBe(400);
      expect(empty.html).toContain("Tell us what happened");
      expect(empty.html).toContain('<a href="#description">');
      expect(empty.html).toContain(THREAD_URL);

      const long = "x".repeat(10_001);
      const tooLong = await submitForm(base, page, { url: THREAD_URL, description: long });
      expect(tooLong.status).toBe(400);
      expect(tooLong.html).toContain("10000 characters or fewer (you wrote 10001)");
      expect(tooLong.html).toContain(long);
      expect(storedFiles(app)).toStrictEqual([]);
    });

    it("refuses a body over the size limit with a 413 page", async () => {
      const page = await openForm(base);
      const res = await submitForm(base, page, { url: THREAD_URL, description: "y".repeat(70_000) });
      expect(res.status).toBe(413);
      expect(res.html).toContain("Your report is too long to send");
      expect(res.html).not.toContain("yyyy");
    });

    it("refuses a bad CSRF token with a 403 page that keeps what was typed", async () => {
      const page = await openForm(base);
      const res = await submitForm(base, page, { url: THREAD_URL, description: DESCRIPTION, _csrf: "forged-token" });
      expect(res.status).toBe(403);
      expect(unescapeHtml(res.html)).toContain("its security check didn't match. Nothing was sent.");
      expect(unescapeHtml(res.html)).toContain(DESCRIPTION);
      // Without the cookie, too.
      const noCookie = await submitForm(base, { ...page, cookie: "" }, { url: THREAD_URL, description: DESCRIPTION });
      expect(noCookie.status).toBe(403);
      expect(storedFiles(app)).toStrictEqual([]);
    });

    it("refuses contact details that are neither an email nor a GitHub username, and an unknown category", async () => {
      const page = await openForm(base);
      const res = await submitForm(base, page, { url: THREAD_URL, description: DESCRIPTION, contact: "call me maybe", category: "Made up" });
      expect(res.status).toBe(400);
      expect(res.html).toContain('<a href="#contact">');
      expect(res.html).toContain('<a href="#category">');
    });

    it("sends strict security headers and no inline script or style", async () => {
      const res = await fetch(`${base}/call-in/report?url=${encodeURIComponent(THREAD_URL)}`);
      const html = await res.text();
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain("unsafe-inline");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(html).not.toMatch(/<script|style=/);
      expect(html).toContain(`value="${THREAD_URL}"`);
      const css = await fetch(`${base}/call-in/report/assets/report-form.css`);
      expect(css.status).toBe(200);
      expect(css.headers.get("content-type")).toMatch(/text\/css/);
    });

    it("handles only its own paths", async () => {
      const own = app.handlers.filter((h) => h({ url: "/ping", method: "GET" } as never, {} as never));
      expect(own).toHaveLength(0);
      expect((await fetch(`${base}/call-in/status/not-a-token`)).status).toBe(404);
      expect((await fetch(`${base}/call-in/report/x/y`)).status).toBe(404);
    });
  });

  describe("rate limits", () => {
    it("answers 429 with Retry-After when one address sends too many reports", async () => {
      await start({ tuning: { reportsPerWindow: 2, windowMs: 120_000 } });
      const page = await openForm(base);
      for (let i = 0; i < 2; i++) expect((await submitForm(base, page, { url: "https://example.com/", description: DESCRIPTION })).status).toBe(400);
      const res = await submitForm(base, page, { url: THREAD_URL, description: DESCRIPTION });
      expect(res.status).toBe(429);
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(60);
      expect(res.html).toContain("try again in 2 minutes");
      expect(unescapeHtml(res.html)).toContain(DESCRIPTION);
      assertNothingPrivateLogged(app);
    });
  });

  describe("rate limits and owner pages", () => {
    it("answers a refused report with a remembered page only: posting to many owner pages over the limit asks GitHub nothing", async () => {
      await start({ tuning: { reportsPerWindow: 1, windowMs: 120_000 } });
      const page = await openForm(base);
      expect((await submitForm(base, page, { url: "https://example.com/", description: DESCRIPTION })).status).toBe(400);
      // No GitHub mock: a lookup for any of these owners would fail the test.
      for (let i = 0; i < 5; i++) {
        const res = await submitForm(base, page, { url: THREAD_URL, description: DESCRIPTION }, `/call-in/report/scanned-${i}`);
        expect(res.status).toBe(429);
        expect(res.html).toContain(`action="/call-in/report/scanned-${i}"`);
        expect(res.html).toContain('<option value="Harassment or intimidation"');
      }
    });
  });

  describe("owner pages: what a scan of owner names costs", () => {
    it("lets one address cause only a few owner lookups per window, then answers 429; remembered owners and the generic form still answer", async () => {
      await start({ tuning: { ownerLookupsPerClient: 3, ownerLookupWindowMs: 600_000 } });
      const github = mockGitHub();
      // Only three lookups are mocked: a fourth request to GitHub would fail the test.
      for (let i = 0; i < 3; i++) github.installation(`scanned-${i}`, ".github", null);
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) statuses.push((await fetch(`${base}/call-in/report/scanned-${i}`)).status);
      expect(statuses).toStrictEqual([200, 200, 200, 429, 429, 429, 429, 429]);
      expect(github.scope.isDone()).toBe(true);

      const refused = await fetch(`${base}/call-in/report/scanned-9`);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(unescapeHtml(await refused.text())).toContain("Too many different report pages were opened from your network");
      // An owner already looked up, and the generic form, cost GitHub nothing and still answer.
      expect((await fetch(`${base}/call-in/report/scanned-0`)).status).toBe(200);
      expect((await fetch(`${base}/call-in/report`)).status).toBe(200);
      expect(app.logs.lines.filter((l) => l.msg === "too many owner pages from one address; asked to wait")).toHaveLength(6);
    });

    it("remembers an owner without Call-In, so visiting it again costs no GitHub request and no share of the limit", async () => {
      await start({ tuning: { ownerLookupsPerClient: 1, ownerLookupWindowMs: 600_000 } });
      mockGitHub().installation("nobody-here", ".github", null);
      for (let i = 0; i < 4; i++) {
        const res = await fetch(`${base}/call-in/report/nobody-here`);
        expect(res.status).toBe(200);
        expect(await res.text()).toContain('<option value="Harassment or intimidation"');
      }
    });
  });

  describe("owner pages and hosts", () => {
    it("shows an owner's title, categories and Code of Conduct, and the generic form for unknown owners", async () => {
      await start();
      const github = mockGitHub().installation(OWNER, ".github", 1);
      github.scope
        .get((uri) => uri.startsWith(`/repos/${OWNER}/.github/contents/`))
        .reply(200, "form:\n  title: Hello World project\n  codeOfConductUrl: https://example.org/coc\n  categories: [Spam, Harassment]\n", {
          "content-type": "application/vnd.github.v3.raw; charset=utf-8",
        });
      const branded = await (await fetch(`${base}/call-in/report/${OWNER}`)).text();
      expect(branded).toContain("to Hello World project");
      expect(branded).toContain('href="https://example.org/coc"');
      expect(branded).toContain('<option value="Harassment"');
      expect(branded).toContain(`action="/call-in/report/${OWNER}"`);

      mockGitHub().installation("nobody-here", ".github", null);
      const generic = await (await fetch(`${base}/call-in/report/nobody-here`)).text();
      expect(generic).not.toContain("nobody-here</span>");
      expect(generic).toContain('<option value="Harassment or intimidation"');
    });

    it("shows the generic form when the lookup deadline passes before GitHub answers, and the branded one once it has", async () => {
      const deadline = manualDeadline();
      await start({ tuning: { lookupDeadline: deadline } });
      const github = mockGitHub();
      let answer: () => void = () => undefined;
      const answered = new Promise<void>((resolve) => (answer = resolve));
      github.scope.get(`/repos/${OWNER}/.github/installation`).reply(async () => {
        await answered;
        return [200, installationAnswer(OWNER, 1)];
      });
      github.scope
        .get((uri) => uri.startsWith(`/repos/${OWNER}/.github/contents/`))
        .reply(200, "form:\n  title: Hello World project\n", { "content-type": "application/vnd.github.v3.raw; charset=utf-8" });

      // GitHub has not answered when the deadline passes: the page does not wait for it.
      const first = fetch(`${base}/call-in/report/${OWNER}`).then((r) => r.text());
      await deadline.waiting();
      deadline.pass();
      expect(await first).not.toContain("Hello World project");
      expect(await first).toContain('<option value="Harassment or intimidation"');

      // The lookup goes on in the background: once GitHub answers, a visit is branded without asking GitHub again.
      answer();
      await app.form!.background.idle();
      expect(await (await fetch(`${base}/call-in/report/${OWNER}`)).text()).toContain("to Hello World project");
    });

    it("remembers a failed lookup briefly, so during an outage the next visitor does not wait", async () => {
      await start();
      mockGitHub().scope.get(`/repos/${OWNER}/.github/installation`).reply(502, { message: "Bad Gateway" });
      const first = await (await fetch(`${base}/call-in/report/${OWNER}`)).text();
      expect(first).toContain('<option value="Harassment or intimidation"');
      // No second lookup: an unmocked request would fail this test.
      const second = await fetch(`${base}/call-in/report/${OWNER}`);
      expect(second.status).toBe(200);
      expect(app.logs.lines.filter((l) => /could not read an owner's form settings/.test(String(l.msg)))).toHaveLength(1);
    });

    it("accepts only links on GHE_HOST when it is set", async () => {
      await start({ env: { GHE_HOST: "ghe.example.com" } });
      const page = await openForm(base);
      const res = await submitForm(base, page, { url: THREAD_URL, description: DESCRIPTION });
      expect(res.status).toBe(400);
      expect(res.html).toContain("Only links on ghe.example.com can be reported here");
    });

    it("stays off in production without REPORT_ENCRYPTION_KEY, and says why", async () => {
      app = await createTestApp({ services: { env: { NODE_ENV: "production", REPORT_ENCRYPTION_KEY: "" } } });
      expect(app.form).toBeNull();
      // Only the log view's handler is mounted; nothing answers the form's routes.
      expect(app.handlers).toHaveLength(1);
      expect(app.logs.lines.some((l) => String(l.msg).includes("REPORT_ENCRYPTION_KEY is not set"))).toBe(true);
    });
  });
});
