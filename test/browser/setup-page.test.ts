import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Octokit } from "@octokit/rest";
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GitHub } from "../../src/github/client.js";
import { readSettings } from "../../src/settings.js";
import { firstRun } from "../../src/setup/first-run.js";
import { axeViolations, launchChromium } from "../helpers/browser.js";
import { captureLogs } from "../helpers/logs.js";

const STATE = "browser-state-0123456789abcdef";

/** The set-up served on 127.0.0.1 with `env`; the proxy channel is never created here (no network). */
async function serveSetUp(env: Record<string, string>): Promise<{ base: string; server: Server }> {
  const handler = await firstRun(readSettings(env), captureLogs("info").log, {
    envFile: join(mkdtempSync(join(tmpdir(), "call-in-setup-browser-")), ".env"),
    state: STATE,
    createChannel: async () => {
      throw new Error("no network");
    },
    github: new Octokit() as unknown as GitHub,
  });
  const server = createServer(async (req, res) => {
    if (!(await handler(req, res))) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe("the first-run set-up page in a browser", () => {
  let browser: BrowserContext;
  let profile: string;
  const servers: Server[] = [];

  beforeAll(async () => {
    profile = mkdtempSync(join(tmpdir(), "call-in-setup-chromium-"));
    browser = await launchChromium(profile);
  });
  afterAll(async () => {
    await browser?.close();
    for (const server of servers) await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(profile, { recursive: true, force: true });
  });

  it("posts app.yml's manifest with PUBLIC_URL's addresses to GitHub, from the keyboard, and has no axe violations", { timeout: 60_000 }, async () => {
    const { base, server } = await serveSetUp({ PUBLIC_URL: "https://call-in.acme.example" });
    servers.push(server);
    const page = await browser.newPage();
    // GitHub is not reached: the browser's post to it is caught and answered here.
    let posted: { url: string; body: string } | undefined;
    await page.route("https://github.com/**", async (route) => {
      posted = { url: route.request().url(), body: route.request().postData() ?? "" };
      await route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>GitHub</title><p>registering</p>" });
    });
    await page.goto(`${base}/`);
    expect(new URL(page.url()).pathname).toBe("/probot");
    expect(await axeViolations(page)).toStrictEqual([]);

    await page.getByRole("button", { name: "Register Call-In on GitHub" }).focus();
    await Promise.all([page.waitForURL("https://github.com/**"), page.keyboard.press("Enter")]);

    expect(posted?.url).toBe(`https://github.com/settings/apps/new?state=${STATE}`);
    const manifest = JSON.parse(new URLSearchParams(posted!.body).get("manifest") ?? "null") as Record<string, any>;
    expect(manifest).toMatchObject({
      name: "Call-In",
      description: 'Private, kind handling of Code of Conduct concerns ("calling in") for open-source communities.',
      hook_attributes: { url: "https://call-in.acme.example/api/github/webhooks", active: true },
      redirect_url: "https://call-in.acme.example/probot/setup",
      callback_urls: ["https://call-in.acme.example/call-in/log/callback"],
    });
    await page.close();
  });

  it("without PUBLIC_URL and without a proxy channel: says what to do, offers no registration, and has no axe violations", { timeout: 60_000 }, async () => {
    const { base, server } = await serveSetUp({});
    servers.push(server);
    const page = await browser.newPage();
    await page.goto(`${base}/probot`);
    await expect(page.getByRole("alert").textContent()).resolves.toContain("Set PUBLIC_URL to the address where GitHub can reach this server");
    expect(await page.getByRole("button").count()).toBe(0);
    expect(await axeViolations(page)).toStrictEqual([]);
    await page.close();
  });
});
