import { afterEach, describe, expect, it } from "vitest";
import fc from "fast-check";
import nock from "nock";
import { createTestApp, type TestApp } from "./helpers/app.js";
import { caseBody, caseMeta, OWNER, SOURCE_REPO } from "./helpers/cases.js";
import { openForm, submitForm } from "./helpers/form.js";
import { mockGitHub, type GitHubMock } from "./helpers/github.js";
import { activeParts } from "./helpers/markdown.js";
import { examplePayload, withOverrides } from "./helpers/payloads.js";
import type { CaseMeta } from "../src/cases/metadata.js";
import { caseTemplateData, type CaseRequest } from "../src/cases/open-case.js";
import type { CaseStore } from "../src/cases/store.js";
import { TemplateSet } from "../src/templates/engine.js";

/**
 * The real flows that print a public thread's address into case text: a case
 * filed from the report form, and the replies of /hide, /unhide, /lock and
 * /unlock. Whatever the address, GitHub must find no link to the public thread
 * in what is written, so it records no "mentioned this" there.
 */
const CASE_REPO = "moderation";
const CASE_NUMBER = 5;
const MODERATOR = "mod-mia";
const THREAD_URL = `https://github.com/${OWNER}/${SOURCE_REPO}/issues/1`;
const NOW = new Date("2026-11-02T09:30:00.000Z");

/** The templates' own HTML: the folded guide and the metadata block. */
const TEMPLATE_HTML = /^html (<details>|<\/details>|<!-- call-in:meta \{)/;

/**
 * What GitHub would act on that points outside the case: links, images, HTML
 * that the templates did not write, bare addresses, references. (Mentions of
 * the team are the templates' own.)
 */
function outwardParts(markdown: string): string[] {
  return activeParts(markdown).filter((part) => !part.startsWith("mention ") && !TEMPLATE_HTML.test(part));
}

describe("case text never links back to the public thread", () => {
  let app: TestApp;

  afterEach(async () => {
    await app?.close();
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("a case from the report form shows the reported address, fragment and all, as code, and the report's links as text", async () => {
    // Deadlines far beyond any test machine's pace: the form always waits for the mocked installation lookup.
    app = await createTestApp({
      services: { reportForm: { baseBackoffMs: 20, maxBackoffMs: 200, drainIntervalMs: 60_000, githubTimeoutMs: 30_000, lookupTimeoutMs: 30_000 } },
    });
    const base = await app.listen();
    const issue = withOverrides(examplePayload("issues", { action: "opened" }).issue, {
      number: 1,
      title: "Build is broken",
      body: "Look: [here](https://github.com/o/r/issues/9) ![](https://tracker.example/p.gif) &#x40;octocat &#x23;12",
      html_url: THREAD_URL,
      user: { login: "rude-person", id: 5150 },
    });
    const github = mockGitHub()
      .accountInstallation(OWNER, 1)
      .repository(OWNER, SOURCE_REPO, { visibility: "public", times: 2 })
      .config(OWNER, SOURCE_REPO, null);
    github.repository(OWNER, CASE_REPO).templates(OWNER).thread(OWNER, SOURCE_REPO, issue).openCases(OWNER, CASE_REPO, []).createsIssue(OWNER, CASE_REPO);

    const page = await openForm(base);
    const reported = `${THREAD_URL}#x](https://tracker.example/a.gif)![](https://tracker.example/b.gif)`;
    const description = "It started at <https://github.com/o/r/issues/3> and [this](https://github.com/o/r/pull/4), see www.example.com.";
    const res = await submitForm(base, page, { url: reported, description });
    expect(res.status).toBe(200);
    await app.form!.drainer.idle();

    const body = github.sent.createdIssues[0]!.body;
    expect(outwardParts(body)).toStrictEqual([]);
    expect(body).toContain(
      "**About:** `https://github.com/Codertocat/Hello-World/issues/1#x](https://tracker.example/a.gif)![](https://tracker.example/b.gif)`",
    );
    expect(body).toContain(`| Where | \`${THREAD_URL}\` |`);
  });

  describe("command replies", () => {
    function caseComment(body: string, meta: CaseMeta) {
      return withOverrides(examplePayload("issue_comment", { action: "created" }), {
        repository: { name: CASE_REPO, full_name: `${OWNER}/${CASE_REPO}`, private: true },
        issue: { number: CASE_NUMBER, body: caseBody(meta), html_url: `https://github.com/${OWNER}/${CASE_REPO}/issues/${CASE_NUMBER}` },
        comment: { body, user: { login: MODERATOR, id: 501, type: "User" } },
        sender: { login: MODERATOR, id: 501, type: "User" },
      });
    }

    function caseSetup(meta: CaseMeta, yaml: string | null = null): GitHubMock {
      return mockGitHub()
        .config(OWNER, CASE_REPO, yaml)
        .repository(OWNER, CASE_REPO)
        .templates(OWNER)
        .caseIssue(OWNER, CASE_REPO, CASE_NUMBER, caseBody(meta), { writes: true })
        .permission(OWNER, CASE_REPO, MODERATOR, "write")
        .commentsOn(OWNER, CASE_REPO, CASE_NUMBER, 1);
    }

    async function reply(command: string, meta: CaseMeta, github: GitHubMock): Promise<string> {
      await app.receive("issue_comment", caseComment(command, meta));
      const text = github.sent.comments.at(-1)?.body ?? "";
      expect(text).not.toBe("");
      return text;
    }

    const meta = caseMeta();
    const subjectUrl = meta.subject.url;
    const cases: Array<{ command: string; outcome: string; shows: string; mock: (github: GitHubMock) => GitHubMock }> = [
      {
        command: "/hide",
        outcome: "done",
        shows: subjectUrl,
        mock: (g) => g.graphqlOp("MinimizeComment", () => ({ minimizeComment: { minimizedComment: { isMinimized: true } } })),
      },
      { command: "/hide", outcome: "failed", shows: subjectUrl, mock: (g) => g.graphqlError("MinimizeComment", "Resource not accessible by integration") },
      {
        command: "/unhide",
        outcome: "done",
        shows: subjectUrl,
        mock: (g) => g.graphqlOp("UnminimizeComment", () => ({ unminimizeComment: { unminimizedComment: { isMinimized: false } } })),
      },
      { command: "/lock too heated", outcome: "done", shows: THREAD_URL, mock: (g) => g.responds("PUT", `/repos/${OWNER}/${SOURCE_REPO}/issues/1/lock`, 204) },
      {
        command: "/lock spam",
        outcome: "failed",
        shows: THREAD_URL,
        mock: (g) => g.responds("PUT", `/repos/${OWNER}/${SOURCE_REPO}/issues/1/lock`, 404, { message: "Not Found" }),
      },
      { command: "/unlock", outcome: "done", shows: THREAD_URL, mock: (g) => g.responds("DELETE", `/repos/${OWNER}/${SOURCE_REPO}/issues/1/lock`, 204) },
    ];

    it.each(cases)("$command ($outcome) shows the public address as code", async ({ command, shows, mock }) => {
      app = await createTestApp({ services: { now: () => NOW } });
      const github = mock(caseSetup(meta));
      const text = await reply(command, meta, github);
      expect(outwardParts(text)).toStrictEqual([]);
      expect(text).toContain(`\`${shows}\``);
    });

    it.each(["/hide", "/unhide", "/lock", "/unlock"])("%s in dry-run mode shows the address as code", async (command) => {
      app = await createTestApp({ services: { now: () => NOW } });
      const github = caseSetup(meta, "dryRun: true\n");
      const text = await reply(command, meta, github);
      expect(outwardParts(text)).toStrictEqual([]);
      expect(text).toMatch(/`https:\/\/github\.com\/Codertocat\/Hello-World\/issues\/1(#issuecomment-\d+)?`/);
    });
  });

  describe("the bundled case templates, for generated text in every field a user can fill", () => {
    const templates = TemplateSet.bundled();
    const PIECES = [
      "@",
      "#",
      "12",
      "GH-",
      "[",
      "](",
      "]:",
      "!",
      "<",
      ">",
      "&#x40;",
      "&num;",
      "https://",
      "github.com/o/r/issues/1",
      "www.",
      "`",
      "|",
      "\n",
      "\r",
      " ",
      "> ",
      "<img src=",
      "<!--",
      "x",
    ];
    const text = fc.oneof(
      fc.array(fc.constantFrom(...PIECES), { maxLength: 25 }).map((p) => p.join("")),
      fc.string({ maxLength: 40 }),
    );

    function request(fields: {
      body: string;
      title: string;
      reason: string;
      description: string;
      contact: string;
      fragment: string;
      matched: string;
    }): CaseRequest {
      const link = `${THREAD_URL}#${fields.fragment}`;
      return {
        store: {} as CaseStore,
        source: { key: "codertocat/hello-world#1", owner: OWNER, repo: SOURCE_REPO, number: 1, threadKind: "issue", url: THREAD_URL },
        snapshot: {
          subject: { kind: "issue_comment", url: link, id: 1, nodeId: "IC_1", author: { login: "rude-ray", id: 99 } },
          authorType: "User",
          title: fields.title,
          body: fields.body,
          createdAt: NOW.toISOString(),
          updatedAt: NOW.toISOString(),
        },
        trigger: "report-form",
        state: "open",
        triggeredBy: null,
        reason: fields.reason,
        deliveryId: "report:X",
        category: fields.title,
        sections: {
          report: {
            reference: "R-AAAA-BBBB",
            receivedAt: NOW.toISOString(),
            description: fields.description,
            category: fields.title,
            contact: fields.contact,
            link,
            linkFound: false,
          },
          watch: {
            rule: fields.matched,
            kind: "phrase",
            matched: fields.matched,
            pointedAt: "link",
            publicReply: false,
            reportIsSubject: false,
            report: { kind: "issue_comment", url: link, author: "someone", createdAt: NOW.toISOString(), body: fields.body, omitted: 0 },
          },
        },
      };
    }

    it("writes a case and a 'triggered again' comment with nothing in them that points outside", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.record({ body: text, title: text, reason: text, description: text, contact: text, fragment: text, matched: text }),
          async (fields) => {
            const data = caseTemplateData(request(fields), "CI-AAAAAA", NOW.toISOString());
            for (const name of ["case.md", "case-retriggered.md"]) {
              const { text: rendered } = await templates.render(name, { ...data, at: NOW.toISOString(), sameSubject: false, existingState: "open" });
              expect(outwardParts(rendered)).toStrictEqual([]);
            }
          },
        ),
        { numRuns: 200 },
      );
    });
  });
});
