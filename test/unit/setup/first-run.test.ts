import { mkdtempSync, readFileSync, statSync, writeFileSync, existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseEnv } from "node:util";
import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import { Octokit } from "@octokit/rest";
import type { GitHub } from "../../../src/github/client.js";
import { readSettings } from "../../../src/settings.js";
import { firstRun, type FirstRunOptions } from "../../../src/setup/first-run.js";
import { smeeChannelCreator } from "../../../src/setup/webhook-target.js";
import { captureLogs, neverLog } from "../../helpers/logs.js";

const STATE = "state-from-this-page-0123456789";
const CHANNEL = "https://smee.io/Fr3shChannel42";
const PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAfirst-run-test-key\nsecond-line\n-----END RSA PRIVATE KEY-----\n";
const CLIENT_SECRET = "0123456789abcdef0123456789abcdef01234567";
const WEBHOOK_SECRET = "e340154128314309424b7c8e90325147d99fdafa";

/** The answer GitHub gives once for a manifest's code: the new app and its secrets. */
function conversion() {
  return {
    id: 424242,
    slug: "call-in-acme",
    node_id: "MDM6QXBwNDI0MjQy",
    client_id: "Iv1.8a61f9b3a7aba766",
    client_secret: CLIENT_SECRET,
    webhook_secret: WEBHOOK_SECRET,
    pem: PEM,
    owner: {
      login: "acme",
      id: 1,
      node_id: "MDEyOk9yZ2FuaXphdGlvbjE=",
      avatar_url: "https://github.com/images/error/octocat_happy.gif",
      gravatar_id: "",
      url: "https://api.github.com/users/acme",
      html_url: "https://github.com/acme",
      followers_url: "https://api.github.com/users/acme/followers",
      following_url: "https://api.github.com/users/acme/following{/other_user}",
      gists_url: "https://api.github.com/users/acme/gists{/gist_id}",
      starred_url: "https://api.github.com/users/acme/starred{/owner}{/repo}",
      subscriptions_url: "https://api.github.com/users/acme/subscriptions",
      organizations_url: "https://api.github.com/users/acme/orgs",
      repos_url: "https://api.github.com/users/acme/repos",
      events_url: "https://api.github.com/users/acme/events{/privacy}",
      received_events_url: "https://api.github.com/users/acme/received_events",
      type: "Organization",
      site_admin: false,
    },
    name: "Call-In",
    description: "Private, kind handling of Code of Conduct concerns.",
    external_url: "https://github.com/apps/call-in",
    html_url: "https://github.com/apps/call-in-acme",
    created_at: "2026-11-28T12:00:00Z",
    updated_at: "2026-11-28T12:00:00Z",
    permissions: { issues: "write", metadata: "read" },
    events: ["issues"],
  };
}

interface Running {
  base: string;
  envFile: string;
  logs: ReturnType<typeof captureLogs>;
  close(): Promise<void>;
}

let running: Running | undefined;

afterEach(async () => {
  await running?.close();
  running = undefined;
  expect(nock.pendingMocks()).toStrictEqual([]);
});

/** The set-up served on 127.0.0.1 as `npm start` serves it, with `env` as the environment and `.env` in a fresh folder. */
async function serve(env: Record<string, string>, options: FirstRunOptions = {}): Promise<Running> {
  const envFile = join(mkdtempSync(join(tmpdir(), "call-in-setup-")), ".env");
  const logs = captureLogs("info");
  const handler = await firstRun(readSettings(env), logs.log, {
    envFile,
    state: STATE,
    // Through the global fetch, which nock intercepts (smee-client's own fetch is undici's).
    createChannel: smeeChannelCreator({ fetch: globalThis.fetch }),
    github: new Octokit({ request: { retries: 0 } }) as unknown as GitHub,
    ...options,
  });
  const server: Server = createServer(async (req, res) => {
    if (!(await handler(req, res))) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  running = { base, envFile, logs, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  return running;
}

/** The set-up page, and the manifest its button would post to GitHub (null when there is no button). */
async function setupPage(base: string): Promise<{ html: string; manifest: Record<string, any> | null; action: string | null }> {
  const response = await fetch(`${base}/probot`);
  expect(response.status).toBe(200);
  const html = await response.text();
  const value = /<input type="hidden" name="manifest" value="([^"]*)">/.exec(html)?.[1];
  const action = /<form action="([^"]*)" method="post">/.exec(html)?.[1] ?? null;
  // The engine's HTML escaping, undone as a browser would before posting the form.
  const decodeEntities = (text: string) =>
    text
      .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&");
  return { html, manifest: value === undefined ? null : (JSON.parse(decodeEntities(value)) as Record<string, any>), action: action && decodeEntities(action) };
}

describe("first-run set-up: where the registered app sends its webhooks", () => {
  it("with PUBLIC_URL: webhooks, the set-up's redirect and the log view's callback all go to PUBLIC_URL; no proxy channel is made", async () => {
    const { base, envFile } = await serve(
      { PUBLIC_URL: "https://call-in.acme.example/", WEBHOOK_PATH: "/hooks/github" },
      {
        createChannel: async () => {
          throw new Error("no channel should be created when PUBLIC_URL is set");
        },
      },
    );
    const { manifest, action } = await setupPage(base);
    expect(manifest).toMatchObject({
      name: "Call-In",
      public: false,
      hook_attributes: { url: "https://call-in.acme.example/hooks/github", active: true },
      redirect_url: "https://call-in.acme.example/probot/setup",
      callback_urls: ["https://call-in.acme.example/call-in/log/callback"],
      default_permissions: { issues: "write", pull_requests: "write", metadata: "read" },
      default_events: expect.arrayContaining(["issues", "issue_comment", "pull_request"]),
    });
    expect(JSON.stringify(manifest)).not.toMatch(/localhost|example\.org/);
    expect(action).toBe(`https://github.com/settings/apps/new?state=${STATE}`);
    expect(existsSync(envFile)).toBe(false);
  });

  it("with WEBHOOK_PROXY_URL: webhooks go to that channel; the callbacks follow the page's own address", async () => {
    const { base, logs } = await serve({ WEBHOOK_PROXY_URL: "https://smee.io/MyOwnChannel", GH_ORG: "acme" });
    const { manifest, action, html } = await setupPage(base);
    expect(manifest).toMatchObject({
      hook_attributes: { url: "https://smee.io/MyOwnChannel" },
      redirect_url: `${base}/probot/setup`,
      callback_urls: [`${base}/call-in/log/callback`],
    });
    expect(action).toBe(`https://github.com/organizations/acme/settings/apps/new?state=${STATE}`);
    expect(html).toContain("the organisation <code>acme</code>");
    expect(logs.text()).toContain("GitHub will send webhooks to https://smee.io/MyOwnChannel, a proxy channel that forwards them here");
  });

  it("with neither: a smee.io channel is created, registered and kept in .env as WEBHOOK_PROXY_URL", async () => {
    nock("https://smee.io").head("/new").reply(307, "", { location: CHANNEL });
    const { base, envFile, logs } = await serve({});
    const { manifest, html } = await setupPage(base);
    expect(manifest?.hook_attributes).toStrictEqual({ url: CHANNEL, active: true });
    expect(html).toContain("created just now and kept in <code>.env</code>");
    expect(parseEnv(readFileSync(envFile, "utf8"))).toStrictEqual({ WEBHOOK_PROXY_URL: CHANNEL });
    expect(logs.text()).toContain(`GitHub will send webhooks to ${CHANNEL}`);
  });

  it("with neither and no network: no registration is offered, and the terminal and the page say to set PUBLIC_URL or WEBHOOK_PROXY_URL", async () => {
    nock("https://smee.io").head("/new").replyWithError({ code: "ENOTFOUND", message: "getaddrinfo ENOTFOUND smee.io" });
    const { base, envFile, logs } = await serve({});
    const { manifest, html, action } = await setupPage(base);
    expect(manifest).toBeNull();
    expect(action).toBeNull();
    expect(html).toContain("Not yet: the app would never receive an event.");
    expect(html).toMatch(/Set <code>PUBLIC_URL<\/code>|Set PUBLIC_URL/);
    expect(html).toContain("WEBHOOK_PROXY_URL");
    const warned = logs.lines.filter((line) => line.level === 40).map((line) => String(line.msg));
    expect(warned.join("\n")).toMatch(/No webhook proxy channel could be created.*Set PUBLIC_URL .* or WEBHOOK_PROXY_URL/);
    expect(logs.text()).not.toContain("Register the app at");
    expect(existsSync(envFile)).toBe(false);
  });

  it("a PUBLIC_URL that is not an http(s) URL is said, not registered", async () => {
    const { base } = await serve({ PUBLIC_URL: "call-in.acme.example" });
    const { manifest, html } = await setupPage(base);
    expect(manifest).toBeNull();
    expect(html).toContain("PUBLIC_URL must be an http(s) URL");
  });

  it("says what else Call-In needs: the private case repository, the optional permissions, the report form's key, PUBLIC_URL", async () => {
    const { base, logs } = await serve({ WEBHOOK_PROXY_URL: "https://smee.io/MyOwnChannel" });
    const { html } = await setupPage(base);
    expect(html).toContain("<strong>A private case repository</strong> named <code>moderation</code>");
    expect(html).toContain("<code>administration: write</code> for <code>/limit</code> and conversation rooms");
    expect(html).toContain("<code>organization_user_blocking: write</code> for <code>/block</code>");
    expect(html).toContain("<code>REPORT_ENCRYPTION_KEY</code>");
    expect(html).toContain("<strong><code>PUBLIC_URL</code></strong>");
    const said = logs.text();
    for (const needed of [
      "a private case repository named `moderation`",
      "REPORT_ENCRYPTION_KEY",
      "PUBLIC_URL, the address",
      "organization_user_blocking: write (/block)",
    ])
      expect(said).toContain(needed);
  });
});

describe("first-run set-up: GitHub sends the person back with the new app", () => {
  it("exchanges the code for the app's credentials, writes them to .env (owner-only) and sends the person to install the app", async () => {
    neverLog(CLIENT_SECRET, WEBHOOK_SECRET, "first-run-test-key");
    let asked = "";
    nock("https://api.github.com")
      .post("/app-manifests/code-from-github/conversions")
      .reply(201, (uri) => {
        asked = uri;
        return conversion();
      });
    const { base, envFile, logs } = await serve({ WEBHOOK_PROXY_URL: "https://smee.io/MyOwnChannel" });
    writeFileSync(envFile, "# kept\nLOG_LEVEL=debug\nAPP_ID=stale\n");

    const response = await fetch(`${base}/probot/setup?code=code-from-github&state=${STATE}`, { redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("https://github.com/apps/call-in-acme/installations/new");
    expect(asked).toBe("/app-manifests/code-from-github/conversions");
    const written = readFileSync(envFile, "utf8");
    expect(written.startsWith("# kept\nLOG_LEVEL=debug\n")).toBe(true);
    expect(parseEnv(written)).toStrictEqual({
      LOG_LEVEL: "debug",
      APP_ID: "424242",
      PRIVATE_KEY: PEM,
      WEBHOOK_SECRET,
      GITHUB_CLIENT_ID: "Iv1.8a61f9b3a7aba766",
      GITHUB_CLIENT_SECRET: CLIENT_SECRET,
    });
    expect(statSync(envFile).mode & 0o777).toBe(0o600);
    expect(logs.text()).toContain("Call-In is registered as https://github.com/apps/call-in-acme");
    expect(logs.text()).toContain("run `npm start` again");

    // The state is spent: the same address cannot register a second app into .env.
    const again = await fetch(`${base}/probot/setup?code=code-from-github&state=${STATE}`, { redirect: "manual" });
    expect(again.status).toBe(400);
  });

  it("refuses a callback without this page's state: nothing is asked of GitHub and .env is not written", async () => {
    const { base, envFile, logs } = await serve({ WEBHOOK_PROXY_URL: "https://smee.io/MyOwnChannel" });
    for (const query of ["code=someone-elses-code", "code=someone-elses-code&state=guessed", `state=${STATE}`]) {
      const response = await fetch(`${base}/probot/setup?${query}`, { redirect: "manual" });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("Please start again from the set-up page");
    }
    expect(existsSync(envFile)).toBe(false);
    expect(logs.text()).toContain("a registration callback without this page's state");
  });

  it("a code GitHub does not accept: the page says so, .env is not written", async () => {
    nock("https://api.github.com").post("/app-manifests/expired-code/conversions").reply(404, { message: "Not Found" });
    const { base, envFile, logs } = await serve({ WEBHOOK_PROXY_URL: "https://smee.io/MyOwnChannel" });
    const response = await fetch(`${base}/probot/setup?code=expired-code&state=${STATE}`, { redirect: "manual" });
    expect(response.status).toBe(502);
    expect(await response.text()).toContain("The registration did not finish");
    expect(existsSync(envFile)).toBe(false);
    expect(logs.lines.find((line) => line.level === 50)).toMatchObject({ status: 404 });
  });

  it("sends the page with a policy that allows no scripts and forms only to GitHub", async () => {
    const { base } = await serve({ WEBHOOK_PROXY_URL: "https://smee.io/MyOwnChannel", GHE_HOST: "github.acme.example" });
    const response = await fetch(`${base}/probot`);
    expect(response.headers.get("content-security-policy")).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; form-action https://github.acme.example; base-uri 'none'; frame-ancestors 'none'",
    );
    expect((await setupPage(base)).action).toBe(`https://github.acme.example/settings/apps/new?state=${STATE}`);
  });
});
