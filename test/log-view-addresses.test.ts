import { createHmac } from "node:crypto";
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deriveKey, sealSession } from "../src/resolution-log-view/session.js";
import { createTestApp, type TestApp } from "./helpers/app.js";
import { LOG_VIEW_ENV as ENV } from "./helpers/log-view.js";

const NOW = new Date("2027-01-10T12:00:00Z");
const NOT_LOGINS = ["-acme", "a".repeat(40), "acme.github", "acme_team"];

function sessionCookie(): string {
  return `call_in_session=${sealSession(deriveKey(ENV.SESSION_SECRET, "log-view session"), { token: "ghu_usertoken123", login: "mona", exp: NOW.getTime() + 3_600_000 })}`;
}

/** The OAuth state cookie as cookie-parser signs it (`s:` + value + `.` + base64 HMAC-SHA256 without padding). */
function stateCookie(state: { state: string; owner: string }): string {
  const value = JSON.stringify(state);
  const secret = deriveKey(ENV.SESSION_SECRET, "log-view oauth state").toString("base64url");
  const signature = createHmac("sha256", secret).update(value).digest("base64").replace(/=+$/, "");
  return `call_in_oauth=${encodeURIComponent(`s:${value}.${signature}`)}`;
}

describe("log view addresses that do not name a login", () => {
  let app: TestApp;
  let base: string;
  beforeEach(async () => {
    app = await createTestApp({ services: { env: ENV, now: () => NOW } });
    base = await app.listen();
  });
  afterEach(async () => {
    await app.close();
    // No GitHub mock at all: any lookup, sign-in or code exchange for these addresses would be unanswered.
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  const get = (path: string, cookie?: string) => fetch(`${base}${path}`, { redirect: "manual", headers: cookie ? { cookie } : {} });

  it.each(NOT_LOGINS)("answer %j's log, signed in, with the one not-found page and ask GitHub nothing", async (owner) => {
    const res = await get(`/call-in/log/${owner}`, sessionCookie());
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain(owner);
  });

  it.each(NOT_LOGINS)("start no sign-in for %j: no state cookie, no redirect to GitHub", async (owner) => {
    const res = await get(`/call-in/log/${owner}/sign-in`);
    expect(res.status).toBe(404);
    expect(res.headers.get("location")).toBeNull();
    expect(res.headers.getSetCookie()).toStrictEqual([]);
  });

  it("refuse a signed state cookie naming something else than a login before any code is exchanged", async () => {
    const owner = "-acme";
    const res = await get(`/call-in/log/callback?state=abc&code=code123`, stateCookie({ state: "abc", owner }));
    const html = await res.text();
    expect(res.status).toBe(400);
    expect(html).toContain("That sign-in did not go through");
    expect(html).not.toContain(owner);
    expect(res.headers.getSetCookie().filter((c) => c.startsWith("call_in_session="))).toStrictEqual([]);
    expect(app.logs.text()).not.toContain("GitHub did not accept the sign-in code");
  });

  it("take the same signed state cookie for a login (the cookie above was refused for its owner alone)", async () => {
    nock("https://github.com")
      .post("/login/oauth/access_token")
      .reply(200, { error: "bad_verification_code", error_description: "The code passed is incorrect or expired." });
    const res = await get(`/call-in/log/callback?state=abc&code=code123`, stateCookie({ state: "abc", owner: "acme" }));
    const html = await res.text();
    expect(res.status).toBe(400);
    expect(html).toContain('href="/call-in/log/acme/sign-in"');
    expect(app.logs.text()).toContain("GitHub did not accept the sign-in code");
  });
});
