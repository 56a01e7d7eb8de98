import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deriveKey, openSession, sealSession } from "../src/resolution-log-view/session.js";
import { createTestApp, type TestApp } from "./helpers/app.js";
import { FakeRepoContents } from "./helpers/contents.js";
import { mockGitHub, repositoryAnswer } from "./helpers/github.js";
import { fixtureShards } from "./helpers/log-fixture.js";
import { LOG_VIEW_ENV as ENV } from "./helpers/log-view.js";

const OWNER = "acme";
const SESSION_KEY = deriveKey(ENV.SESSION_SECRET, "log-view session");
const USER_TOKEN = "ghu_usertoken123";
const NOW = new Date("2027-01-10T12:00:00Z");

function sessionCookie(login = "mona"): string {
  return `call_in_session=${sealSession(SESSION_KEY, { token: USER_TOKEN, login, exp: NOW.getTime() + 3_600_000 })}`;
}

/** The app is installed for `owner` and its owner-wide config names the case repository. */
function installedOwner(owner: string) {
  return mockGitHub().accountInstallation(owner, 1).config(owner, ".github", "caseRepository: moderation\n");
}

describe("the log view at /call-in/log/<owner>", () => {
  let app: TestApp;
  let server: Server;
  let base: string;
  let repo: FakeRepoContents | null = null;

  beforeEach(async () => {
    app = await createTestApp({ services: { env: ENV, now: () => NOW } });
    server = createServer(async (req, res) => {
      for (const handler of app.handlers) if (await handler(req, res)) return;
      res.statusCode = 404;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
    repo?.dispose();
    repo = null;
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  const get = (path: string, cookie?: string) => fetch(`${base}${path}`, { redirect: "manual", headers: cookie ? { cookie } : {} });

  it("signs a person in with GitHub (state checked) and shows the log to someone who can see the case repository", async () => {
    const first = await get("/call-in/log/acme");
    expect(first.status).toBe(200);
    const signInPage = await first.text();
    expect(signInPage).toContain('href="/call-in/log/acme/sign-in"');
    expect(first.headers.get("content-security-policy")).toBe(
      "default-src 'none';style-src 'self';img-src 'self';form-action 'self';frame-ancestors 'none';base-uri 'none'",
    );

    const start = await get("/call-in/log/acme/sign-in");
    expect(start.status).toBe(302);
    const location = new URL(start.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe("https://github.com/login/oauth/authorize");
    expect(location.searchParams.get("client_id")).toBe(ENV.GITHUB_CLIENT_ID);
    expect(location.searchParams.get("redirect_uri")).toBe("https://call-in.example.org/call-in/log/callback");
    const state = location.searchParams.get("state")!;
    expect(state).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const stateCookie = start.headers.get("set-cookie")!;
    expect(stateCookie).toMatch(/^call_in_oauth=s%3A.+; Max-Age=600; Path=\/call-in\/log; Expires=.+; HttpOnly; Secure; SameSite=Lax$/);
    const stateCookiePair = stateCookie.split(";")[0]!;

    // A forged state is refused before any code is exchanged.
    const forged = await get(`/call-in/log/callback?code=abc&state=${state}x`, stateCookiePair);
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain("That sign-in did not go through");

    let exchanged: Record<string, string> = {};
    nock("https://github.com")
      .post("/login/oauth/access_token", (body) => ((exchanged = body), true))
      .reply(200, { access_token: USER_TOKEN, token_type: "bearer", scope: "" });
    nock("https://api.github.com", { reqheaders: { authorization: `token ${USER_TOKEN}` } })
      .get("/user")
      .reply(200, { login: "mona", id: 583231, type: "User" });
    const callback = await get(`/call-in/log/callback?code=the-code&state=${state}`, stateCookiePair);
    expect(callback.status).toBe(303);
    expect(callback.headers.get("location")).toBe("/call-in/log/acme");
    expect(exchanged).toMatchObject({
      client_id: ENV.GITHUB_CLIENT_ID,
      client_secret: ENV.GITHUB_CLIENT_SECRET,
      code: "the-code",
      redirect_uri: "https://call-in.example.org/call-in/log/callback",
    });
    const cookies = callback.headers.getSetCookie();
    const session = cookies.find((c) => c.startsWith("call_in_session="))!;
    expect(session).toMatch(/; Max-Age=28800; Path=\/call-in\/log; Expires=.+; HttpOnly; Secure; SameSite=Lax$/);
    const sessionValue = session.split(";")[0]!.slice("call_in_session=".length);
    // The cookie is encrypted: the token is not in it, but the server can read it.
    expect(decodeURIComponent(sessionValue)).not.toContain(USER_TOKEN);
    expect(openSession(SESSION_KEY, decodeURIComponent(sessionValue), NOW.getTime())).toMatchObject({ token: USER_TOKEN, login: "mona" });

    installedOwner(OWNER).templates(OWNER);
    nock("https://api.github.com", { reqheaders: { authorization: `token ${USER_TOKEN}` } })
      .get(`/repos/${OWNER}/moderation`)
      .reply(200, repositoryAnswer(OWNER, "moderation", { id: 1, nodeId: "R_1" }));
    repo = new FakeRepoContents(OWNER, "moderation", fixtureShards());
    const pageResponse = await get("/call-in/log/acme?since=2026-11-01&until=2026-11-30", session.split(";")[0]!);
    const page = await pageResponse.text();
    expect(pageResponse.status).toBe(200);
    expect(pageResponse.headers.get("cache-control")).toBe("no-store");
    expect(page).toContain("Signed in as mona");
    expect(page.match(/<tr><td>/g)).toHaveLength(4);
    expect(page).toContain('<td><a href="https://github.com/acme/moderation/issues/12">CI-AAAA12</a></td>');
    expect(page).toContain("2 cases resolved and still standing in this view (4 log entries, reopenings included).");
    expect(page).toMatch(/<rect class="bar" x="\d+" y="\d+" width="\d+" height="\d+"><title>2026-11: 2<\/title><\/rect>/);
    expect(page).toContain('href="/call-in/log/acme?since=2026-11-01&amp;until=2026-11-30&amp;format=csv"');
    expect(page).not.toMatch(/<script|style=/);
  });

  it("downloads the filtered log as CSV", async () => {
    installedOwner(OWNER);
    nock("https://api.github.com")
      .get(`/repos/${OWNER}/moderation`)
      .reply(200, repositoryAnswer(OWNER, "moderation", { id: 1, nodeId: "R_1" }));
    repo = new FakeRepoContents(OWNER, "moderation", fixtureShards());
    const response = await get("/call-in/log/acme?since=2026-07-01&until=2026-12-31&outcome=warning&format=csv", sessionCookie());
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe("attachment; filename=call-in-log-acme.csv");
    const lines = (await response.text()).trim().split("\n");
    expect(lines.slice(1).map((l) => l.split(",")[2])).toStrictEqual(["CI-AAAA03", "CI-AAAA08", "CI-AAAA13"]);
  });

  it("answers 404, not 403, when the person cannot see the case repository, exactly as for an owner without Call-In", async () => {
    installedOwner(OWNER);
    nock("https://api.github.com").get(`/repos/${OWNER}/moderation`).reply(404, { message: "Not Found" });
    const noAccess = await get("/call-in/log/acme", sessionCookie());

    installedOwner("other-org");
    nock("https://api.github.com").get("/repos/other-org/moderation").reply(403, { message: "Resource protected by organization SAML enforcement." });
    const forbidden = await get("/call-in/log/other-org", sessionCookie());

    mockGitHub().accountInstallation("nobody-here", null);
    const unknown = await get("/call-in/log/nobody-here", sessionCookie());

    expect([noAccess.status, forbidden.status, unknown.status]).toStrictEqual([404, 404, 404]);
    const bodies = await Promise.all([noAccess.text(), forbidden.text(), unknown.text()]);
    expect(bodies[0]).toContain("There is no resolution log at this address that your GitHub account can see.");
    expect(bodies[1]).toBe(bodies[0]);
    expect(bodies[2]).toBe(bodies[0]);
  });

  it("refuses a code GitHub does not accept, without logging the client secret", async () => {
    const start = await get("/call-in/log/acme/sign-in");
    const state = new URL(start.headers.get("location")!).searchParams.get("state")!;
    nock("https://github.com")
      .post("/login/oauth/access_token")
      .reply(200, { error: "bad_verification_code", error_description: "The code passed is incorrect or expired.", error_uri: "https://docs.github.com" });
    const response = await get(`/call-in/log/callback?code=stale&state=${state}`, start.headers.get("set-cookie")!.split(";")[0]!);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('href="/call-in/log/acme/sign-in"');
    expect(app.logs.lines.some((l) => l.msg === "log view: GitHub did not accept the sign-in code")).toBe(true);
    expect(app.logs.text()).not.toContain(ENV.GITHUB_CLIENT_SECRET);
  });

  it("signs out by clearing the session cookie", async () => {
    const response = await fetch(`${base}/call-in/log/sign-out`, { method: "POST", redirect: "manual", headers: { cookie: sessionCookie() } });
    expect(response.status).toBe(200);
    expect(response.headers.get("set-cookie")).toMatch(/^call_in_session=; Path=\/call-in\/log; Expires=Thu, 01 Jan 1970 00:00:00 GMT/);
    expect(await response.text()).toContain("You are signed out");
  });

  it("rejects a bad date filter with a clear message", async () => {
    installedOwner(OWNER);
    nock("https://api.github.com")
      .get(`/repos/${OWNER}/moderation`)
      .reply(200, repositoryAnswer(OWNER, "moderation", { id: 1, nodeId: "R_1" }));
    const response = await get("/call-in/log/acme?since=2026-02-31", sessionCookie());
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("<p>&#34;2026-02-31&#34; is not a date: use 2026-07-15, 2026-07 or 2026");
  });

  it("treats a tampered or expired session as signed out", async () => {
    // Change one character in the middle (the last one may only carry padding bits).
    const valid = sessionCookie();
    const at = "call_in_session=".length + 30;
    const tampered = `${valid.slice(0, at)}${valid[at] === "A" ? "B" : "A"}${valid.slice(at + 1)}`;
    const expired = `call_in_session=${sealSession(SESSION_KEY, { token: USER_TOKEN, login: "mona", exp: NOW.getTime() - 1 })}`;
    for (const cookie of [tampered, expired]) {
      const response = await get("/call-in/log/acme", cookie);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain("Sign in with GitHub");
    }
  });
});

describe("the log view without OAuth settings", () => {
  it("says it is not set up, for every owner alike", async () => {
    const app = await createTestApp({ services: { env: {} } });
    const server = createServer(async (req, res) => {
      for (const handler of app.handlers) if (await handler(req, res)) return;
      res.statusCode = 404;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/call-in/log/acme`);
    expect(response.status).toBe(503);
    expect(await response.text()).toContain("needs to set <code>GITHUB_CLIENT_ID</code>");
    await new Promise((resolve) => server.close(resolve));
  });
});
