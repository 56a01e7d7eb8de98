// `npm run demo` in Debian's Chromium, end to end: the maintainer labels the heated thread, the case
// shows in the private repository, the moderator runs `/ack` and `/resolve correction` in it, and the
// resolution log's new entry shows. Every page on the way, and the report form, has no axe violations.
// The app is the real one (Probot's server, signed webhooks); each of its requests to the sandbox is
// checked against GitHub's REST description and GraphQL schema.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Demo, startDemo } from "../../src/sandbox/demo.js";
import { CASES, ORG, PROJECT } from "../../src/sandbox/seed.js";
import { axeViolations, CHROMIUM, launchChromium } from "../helpers/browser.js";
import { checkAgainstGitHub } from "../helpers/stand-in.js";

describe.skipIf(!existsSync(CHROMIUM) && process.env.CI !== "true")("the demo's sandbox in Chromium", () => {
  let demo: Demo;
  let context: BrowserContext;
  let profile: string;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "call-in-demo-test-"));
    demo = await startDemo({ dataDir, log: pino({ level: "silent" }), check: checkAgainstGitHub });
    profile = mkdtempSync(join(tmpdir(), "call-in-chromium-"));
    context = await launchChromium(profile);
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await demo?.stop();
    for (const dir of [profile, dataDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The page has no axe violations (the failure lists them: rule, help, how many elements). */
  async function accessible(page: Page, what: string): Promise<void> {
    expect(await axeViolations(page), `axe violations on ${what} (${page.url()})`).toStrictEqual([]);
  }

  async function actAs(page: Page, login: string): Promise<void> {
    const role = { "maintainer-mo": "maintainer", "commenter-cas": "commenter", "moderator-mia": "moderator" }[login] ?? login;
    await page.getByLabel("Acting as").selectOption({ label: `${login} (${role})` });
    await page.getByRole("button", { name: "Switch" }).click();
    await page.getByText(`You are ${login}`).waitFor();
  }

  async function comment(page: Page, text: string): Promise<void> {
    await page.getByRole("textbox", { name: /Comment in this case/ }).fill(text);
    await page.getByRole("button", { name: "Comment" }).click();
  }

  it("label -> case -> /ack -> /resolve correction -> log entry, every page without axe violations", { timeout: 120_000 }, async () => {
    const page = await context.newPage();
    const scriptErrors: string[] = [];
    page.on("console", (m) => m.type() === "error" && !m.text().startsWith("Failed to load resource") && scriptErrors.push(m.text()));
    // Every 404 but the one GitHub gives a person who may not see a private repository.
    const missing: string[] = [];
    page.on("response", (r) => r.status() >= 400 && missing.push(`${r.status()} ${r.url()}`));
    page.on("pageerror", (e) => scriptErrors.push(String(e)));

    await page.goto(demo.sandboxUrl);
    expect(await page.title()).toBe(`${ORG} · Call-In sandbox`);
    expect(await page.textContent("#cases ~ p")).toBe("No cases yet.");
    await accessible(page, "the sandbox's front page");

    // The maintainer labels the public thread; the app removes the label again.
    await page.getByRole("link", { name: "the heated thread" }).click();
    expect(await page.textContent("h1")).toContain("Build fails on Windows");
    await accessible(page, "the public thread");
    await page.getByRole("button", { name: "Add the call-in label" }).click();
    await page.waitForURL(/\/issues\/1#latest$/);
    expect(await page.locator(".label").count()).toBe(0);

    // The case, in the private repository, as GitHub renders it.
    await page.goto(`${demo.sandboxUrl}/${ORG}/${CASES}`);
    await accessible(page, "the case repository");
    await page.getByRole("link", { name: /Call-in · octo-garden\/seedling issue 1/ }).click();
    const caseCode = /CI-[0-9A-Z]{6}/.exec((await page.textContent("h1")) ?? "")?.[0];
    expect(caseCode).toBeDefined();
    expect(await page.textContent(".visibility")).toBe(`Private: only people with access to ${ORG}/${CASES} see this page.`);
    expect(await page.textContent(".markdown-body h2")).toBe(`${caseCode}: a concern to call in`);
    expect(await page.textContent(".markdown-body")).toContain("@maintainer-mo added the call-in label");
    expect(await page.locator(".markdown-body input[type=checkbox]").count()).toBeGreaterThan(3);
    // The metadata block is an HTML comment: GitHub hides it, and so does the sandbox.
    expect(await page.content()).not.toContain("call-in:meta");
    await accessible(page, "the case");

    // The moderator works the case.
    await actAs(page, "moderator-mia");
    await comment(page, "/ack");
    await page.getByText("The case is acknowledged.").waitFor();
    await comment(page, "/resolve correction");
    await page.getByText("Resolved as correction.").waitFor();
    expect(await page.textContent(".state")).toBe("closed");
    await accessible(page, "the case after /resolve");

    // The resolution log: one entry, for this case, with its outcome.
    await page.goto(`${demo.sandboxUrl}/${ORG}/${CASES}`);
    const logLink = page.getByRole("link", { name: /^log\/\d{4}\/\d{2}\.jsonl$/ });
    const logPath = await logLink.textContent();
    await logLink.click();
    const entries = page.locator(".log-entries li");
    expect(await entries.count()).toBe(1);
    const entry = JSON.parse((await entries.first().textContent()) ?? "{}") as Record<string, unknown>;
    expect(entry).toMatchObject({ event: "resolved", outcome: "correction", trigger: "label", repository: `${ORG}/${PROJECT}`, case: { code: caseCode } });
    await accessible(page, "the resolution log");

    // A commenter cannot see the case repository at all.
    await actAs(page, "commenter-cas");
    await page.goto(`${demo.sandboxUrl}/${ORG}/${CASES}/issues/1`);
    expect(await page.textContent("h1")).toBe(`${ORG}/${CASES} is private`);
    expect(await page.content()).not.toContain(caseCode);
    await accessible(page, "the private repository, seen by a commenter");

    // The Code of Conduct's Mermaid diagram, drawn by Mermaid's bundle served by the sandbox.
    await page.goto(`${demo.sandboxUrl}/${ORG}/${PROJECT}/blob/main/CODE_OF_CONDUCT.md`);
    await page.locator("pre.mermaid svg").waitFor();
    await accessible(page, "a Markdown file with a diagram");

    // The app's own report form, opened from the thread.
    await page.goto(demo.threadUrl);
    await page.getByRole("link", { name: "report this thread with the form" }).click();
    expect(await page.inputValue("#url")).toBe(demo.threadUrl);
    await accessible(page, "the report form");
    await page.fill("#description", "A commenter told a newcomer to learn to use a real computer, twice.");
    await page.getByRole("button", { name: /send/i }).click();
    await page.waitForSelector("#status-link");
    expect(await page.title()).toMatch(/^Report received: R-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await accessible(page, "the report form's receipt");

    expect(scriptErrors).toStrictEqual([]);
    // Switching to the commenter on the log's page, then opening the case: both are private to them.
    const privately = [`${ORG}/${CASES}/blob/main/${logPath}`, `${ORG}/${CASES}/issues/1`];
    expect(missing).toStrictEqual(privately.map((path) => `404 ${demo.sandboxUrl}/${path}`));
    expect(demo.github.violations).toStrictEqual([]);
  });
});
