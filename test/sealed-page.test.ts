import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CaseMetaInput } from "../src/cases/metadata.js";
import { deriveKey, sealSession } from "../src/resolution-log-view/session.js";
import { sealedReportsFrom } from "../src/sealed/from-env.js";
import { createTestApp, TEST_REPORT_KEY, type TestApp } from "./helpers/app.js";
import { APP_BOT_USER, caseBody, caseMeta } from "./helpers/cases.js";
import { mockGitHub, type GitHubMock, repositoryAnswer } from "./helpers/github.js";
import { neverLog } from "./helpers/logs.js";
import { readSettings } from "../src/settings.js";
import { LOG_VIEW_ENV as ENV } from "./helpers/log-view.js";

const OWNER = "acme";
const CASE_REPO = "moderation";
const CODE = "CI-7KQ3M2";
const SESSION_KEY = deriveKey(ENV.SESSION_SECRET, "log-view session");
const USER_TOKEN = "ghu_sealedviewer123";
const NOW = new Date("2027-01-10T12:00:00Z");
const REPORTED = { login: "org-owner", id: 7 };
const MODERATOR = { login: "mona", id: 583231 };
const WORDS = "The owner told me in a private message to leave the project or else.";
const CONTACT = "reporter-sealed@example.org";
const REASON = "Seen it myself at the meetup, it was not the first time.";
neverLog(WORDS, CONTACT, REASON, USER_TOKEN);

function sessionCookie(person: { login: string; id?: number }): string {
  return `call_in_session=${sealSession(SESSION_KEY, { token: USER_TOKEN, ...person, exp: NOW.getTime() + 3_600_000 })}`;
}

/** The key-holder case with this code, as the app opened it (sealed metadata, by its bot), in `GET /issues?state=all`. */
function sealedCaseMeta(overrides: Partial<CaseMetaInput> = {}): CaseMetaInput {
  return caseMeta({
    code: CODE,
    source: { key: "acme/widgets#1", owner: OWNER, repo: "widgets", number: 1, threadKind: "issue", url: `https://github.com/${OWNER}/widgets/issues/1` },
    keyHolder: { route: "sealed", reported: REPORTED },
    ...overrides,
  });
}

function listsCases(github: GitHubMock, metas: CaseMetaInput[]): GitHubMock {
  github.scope
    .get(`/repos/${OWNER}/${CASE_REPO}/issues`)
    .query({ state: "all", sort: "updated", per_page: "100" })
    .reply(
      200,
      metas.map((meta, i) => ({
        number: 7 + i,
        node_id: `I_${7 + i}`,
        html_url: `https://github.com/${OWNER}/${CASE_REPO}/issues/${7 + i}`,
        title: `${meta.code} · Call-in`,
        body: caseBody(meta, `## ${meta.code}\n\nA report about someone who can read this repository is sealed.`, { repo: `${OWNER}/${CASE_REPO}` }),
        state: "open",
        user: APP_BOT_USER,
      })),
    );
  return github;
}

/** The person's own token can see the case repository (or not: 404). Registered first: the app's own lookup has no token filter. */
function personSees(can: boolean): void {
  const scope = nock("https://api.github.com", { reqheaders: { authorization: `token ${USER_TOKEN}` } }).get(`/repos/${OWNER}/${CASE_REPO}`);
  if (can) scope.reply(200, repositoryAnswer(OWNER, CASE_REPO, { id: 1, nodeId: "R_1" }));
  else scope.reply(404, { message: "Not Found" });
}

/** Everything up to the reported-person check: installed owner, the person sees the repository, the app finds the case. */
function findsSealedCase(metas: CaseMetaInput[] = [sealedCaseMeta()]): GitHubMock {
  personSees(true);
  const github = mockGitHub().accountInstallation(OWNER, 1).config(OWNER, ".github", `caseRepository: ${CASE_REPO}\n`).repository(OWNER, CASE_REPO);
  return listsCases(github, metas);
}

describe("the sealed-report page at /call-in/sealed/<owner>/<code>", () => {
  let app: TestApp;
  let base: string;

  beforeEach(async () => {
    app = await createTestApp({ services: { env: ENV, now: () => NOW } });
    base = await app.listen();
    await sealedReportsFrom(readSettings({ REPORT_ENCRYPTION_KEY: TEST_REPORT_KEY, DATA_DIR: app.dataDir }))!.put(
      { owner: OWNER, caseRepository: CASE_REPO, code: CODE },
      { text: { reporterWords: WORDS, reporterContact: CONTACT, maintainerReason: REASON }, reported: REPORTED, sealedAt: "2027-01-09T08:00:00.000Z" },
    );
  });
  afterEach(async () => {
    await app.close();
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  const get = (path: string, cookie?: string) => fetch(`${base}${path}`, { redirect: "manual", headers: cookie ? { cookie } : {} });

  it("shows the sealed text to a moderator who can see the case repository, after recording the view (who, when, never the text) in the case", async () => {
    const github = findsSealedCase().templates(OWNER).commentsOn(OWNER, CASE_REPO, 7);
    const response = await get(`/call-in/sealed/${OWNER}/${CODE}`, sessionCookie(MODERATOR));
    const page = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toBe(
      "default-src 'none';style-src 'self';img-src 'self';form-action 'self';frame-ancestors 'none';base-uri 'none'",
    );
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(page).toContain(WORDS);
    expect(page).toContain(CONTACT);
    expect(page).toContain(REASON);
    expect(page).toContain("Signed in as mona");
    expect(page).not.toMatch(/<script|style=/);

    expect(github.sent.comments).toHaveLength(1);
    const recorded = github.sent.comments[0]!;
    expect(recorded).toMatchObject({ owner: OWNER, repo: CASE_REPO, number: 7 });
    expect(recorded.body).toContain("mona");
    expect(recorded.body).toContain("2027-01-10 12:00 UTC");
    expect(recorded.body).toContain(CODE);
    for (const secret of [WORDS, CONTACT, REASON, "private message", "meetup"]) expect(recorded.body).not.toContain(secret);

    const viewed = app.logs.lines.find((l) => l.msg === "sealed report viewed; the view is recorded in the case");
    expect(viewed).toMatchObject({ owner: OWNER, code: CODE, viewer: "mona", viewedAt: NOW.toISOString() });
    expect(app.logs.text()).not.toContain(WORDS);
    expect(app.logs.text()).not.toContain(CONTACT);
  });

  it("shows the text of a case the reporter flagged without a known author (reported: null), and says nobody was named", async () => {
    await sealedReportsFrom(readSettings({ REPORT_ENCRYPTION_KEY: TEST_REPORT_KEY, DATA_DIR: app.dataDir }))!.put(
      { owner: OWNER, caseRepository: CASE_REPO, code: CODE },
      { text: { reporterWords: WORDS, reporterContact: CONTACT, maintainerReason: null }, reported: null, sealedAt: "2027-01-09T08:00:00.000Z" },
    );
    const github = findsSealedCase([sealedCaseMeta({ keyHolder: { route: "sealed", reported: null } })])
      .templates(OWNER)
      .commentsOn(OWNER, CASE_REPO, 7);
    const response = await get(`/call-in/sealed/${OWNER}/${CODE}`, sessionCookie(MODERATOR));
    const page = await response.text();
    expect(response.status).toBe(200);
    expect(page).toContain(WORDS);
    expect(page).toContain("without naming them to Call-In");
    expect(page).not.toContain(REPORTED.login);
    expect(github.sent.comments).toHaveLength(1);
  });

  it("answers the reported person, found by user id whatever the spelling of the login, with the same 404 as anyone else, and records nothing", async () => {
    findsSealedCase();
    const asReported = await get(`/call-in/sealed/${OWNER}/${CODE}`, sessionCookie({ login: "Org-Owner", id: REPORTED.id }));

    // A person without access to the case repository (the owner's setup is cached for a minute by now).
    personSees(false);
    const noAccess = await get(`/call-in/sealed/${OWNER}/${CODE}`, sessionCookie(MODERATOR));

    // A code with no case, and an owner without Call-In.
    personSees(true);
    listsCases(mockGitHub().repository(OWNER, CASE_REPO), [sealedCaseMeta()]);
    const missing = await get(`/call-in/sealed/${OWNER}/CI-000000`, sessionCookie(MODERATOR));
    mockGitHub().accountInstallation("nobody-here", null);
    const unknown = await get("/call-in/sealed/nobody-here/CI-7KQ3M2", sessionCookie(MODERATOR));

    expect([asReported.status, noAccess.status, missing.status, unknown.status]).toStrictEqual([404, 404, 404, 404]);
    const bodies = await Promise.all([asReported.text(), noAccess.text(), missing.text(), unknown.text()]);
    expect(bodies[0]).toContain("There is no sealed report at this address that your GitHub account can open.");
    for (const body of bodies) {
      expect(body).toBe(bodies[0]);
      expect(body).not.toContain(WORDS);
    }
    expect(app.logs.lines.some((l) => l.msg === "sealed report: refused to the person it is about" && l.code === CODE)).toBe(true);
    expect(app.logs.lines.some((l) => l.msg === "sealed report viewed; the view is recorded in the case")).toBe(false);
  });

  it("asks GitHub who a session made before user ids were kept belongs to, and refuses the reported person", async () => {
    findsSealedCase();
    nock("https://api.github.com", { reqheaders: { authorization: `token ${USER_TOKEN}` } })
      .get("/user")
      .reply(200, { login: "org-owner", id: REPORTED.id, type: "User" });
    const response = await get(`/call-in/sealed/${OWNER}/${CODE}`, sessionCookie({ login: "renamed-since" }));
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain(WORDS);
  });

  it("shows the text to someone else who now holds the reported person's old login (a different user id)", async () => {
    const github = findsSealedCase().templates(OWNER).commentsOn(OWNER, CASE_REPO, 7);
    const response = await get(`/call-in/sealed/${OWNER}/${CODE}`, sessionCookie({ login: REPORTED.login, id: 9_999 }));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(WORDS);
    expect(github.sent.comments[0]!.body).toContain(REPORTED.login);
  });

  it("shows nothing for a case whose text is not sealed, nor for one whose sealed metadata someone forged", async () => {
    const forged = { ...sealedCaseMeta(), code: "CI-7KQ3M3" };
    personSees(true);
    const github = mockGitHub().accountInstallation(OWNER, 1).config(OWNER, ".github", `caseRepository: ${CASE_REPO}\n`).repository(OWNER, CASE_REPO);
    github.scope
      .get(`/repos/${OWNER}/${CASE_REPO}/issues`)
      .query({ state: "all", sort: "updated", per_page: "100" })
      .reply(200, [
        // An ordinary case with the code: no key-holder route.
        {
          number: 3,
          node_id: "I_3",
          html_url: `https://github.com/${OWNER}/${CASE_REPO}/issues/3`,
          title: "",
          body: caseBody(sealedCaseMeta({ keyHolder: null }), "case", { repo: `${OWNER}/${CASE_REPO}` }),
          state: "open",
          user: APP_BOT_USER,
        },
        // A block copied into an issue someone else opened.
        {
          number: 4,
          node_id: "I_4",
          html_url: `https://github.com/${OWNER}/${CASE_REPO}/issues/4`,
          title: "",
          body: caseBody(forged, "case", { repo: `${OWNER}/${CASE_REPO}` }),
          state: "open",
          user: { login: "mallory", id: 66, type: "User" },
        },
      ]);
    const plain = await get(`/call-in/sealed/${OWNER}/${CODE}`, sessionCookie(MODERATOR));
    expect(plain.status).toBe(404);
    expect(await plain.text()).not.toContain(WORDS);
  });

  it("sends a person who is not signed in to the same GitHub sign-in as the log view, and back to the sealed page", async () => {
    const first = await get(`/call-in/sealed/${OWNER}/${CODE}`);
    expect(first.status).toBe(200);
    expect(await first.text()).toContain(`href="/call-in/sealed/${OWNER}/${CODE}/sign-in"`);

    const start = await get(`/call-in/sealed/${OWNER}/${CODE}/sign-in`);
    expect(start.status).toBe(302);
    const location = new URL(start.headers.get("location")!);
    expect(location.searchParams.get("redirect_uri")).toBe("https://call-in.example.org/call-in/log/callback");
    const stateCookie = start.headers.get("set-cookie")!;
    expect(stateCookie).toMatch(/; Path=\/call-in\/log;/);

    nock("https://github.com").post("/login/oauth/access_token").reply(200, { access_token: USER_TOKEN, token_type: "bearer", scope: "" });
    nock("https://api.github.com", { reqheaders: { authorization: `token ${USER_TOKEN}` } })
      .get("/user")
      .reply(200, { login: "mona", id: MODERATOR.id, type: "User" });
    const callback = await get(`/call-in/log/callback?code=the-code&state=${location.searchParams.get("state")}`, stateCookie.split(";")[0]!);
    expect(callback.status).toBe(303);
    expect(callback.headers.get("location")).toBe(`/call-in/sealed/${OWNER}/${CODE}`);
    const sessions = callback.headers.getSetCookie().filter((c) => c.startsWith("call_in_session="));
    expect(sessions.map((c) => /Path=([^;]+)/.exec(c)![1])).toStrictEqual(["/call-in/log", "/call-in/sealed"]);

    // The session from that sign-in opens the page (it carries the user id, so no extra `GET /user`).
    findsSealedCase().templates(OWNER).commentsOn(OWNER, CASE_REPO, 7);
    const page = await get(`/call-in/sealed/${OWNER}/${CODE}`, sessions[1]!.split(";")[0]!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(WORDS);
  });
});
