import { afterAll, beforeAll, describe, expect, it } from "vitest";
import nock from "nock";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { mockGitHub } from "../helpers/github.js";
import { examplePayload, withOverrides } from "../helpers/payloads.js";
import { parseMeta } from "../../src/cases/metadata.js";
import { withMeta } from "../helpers/cases.js";
import { neverDeadline } from "../helpers/form.js";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const CHROMIUM = "/usr/bin/chromium";
const OWNER = "Codertocat";
const REPO = "Hello-World";
const THREAD_URL = `https://github.com/${OWNER}/${REPO}/issues/1`;

/** Debian's Chromium, headless, with a throwaway profile; never a downloaded browser. */
async function launch(userDataDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update"],
    viewport: { width: 900, height: 1200 },
  });
}

/** Moves focus with Tab only, until the element with `id` has it. */
async function tabTo(page: Page, id: string): Promise<void> {
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press("Tab");
    if ((await activeElement(page, "id")) === id) return;
  }
  throw new Error(`Tab never reached #${id}`);
}

/** An attribute of the focused element (DOM code runs in the page, as a string: tests are type-checked without DOM types). */
function activeElement(page: Page, attribute: string): Promise<string | null> {
  return page.evaluate(`document.activeElement ? document.activeElement.getAttribute(${JSON.stringify(attribute)}) : null`) as Promise<string | null>;
}

/**
 * axe-core, evaluated through the DevTools protocol (not a page script, so the
 * page's strict CSP stays on), every rule enabled by default.
 */
async function axeViolations(page: Page): Promise<Array<{ id: string; help: string; nodes: number }>> {
  await page.evaluate(AXE_SOURCE);
  return (await page.evaluate("axe.run(document).then((r) => r.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.length })))")) as Array<{
    id: string;
    help: string;
    nodes: number;
  }>;
}

// Skipped on a developer machine without Debian's chromium (README: apt-get install chromium);
// never in CI, where .ci/run installs it and a missing browser must fail loudly.
describe.skipIf(!existsSync(CHROMIUM) && process.env.CI !== "true")("the report form in Chromium", () => {
  let app: TestApp;
  let base: string;
  let context: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    // The page waits for GitHub as long as it takes: a busy machine must not turn the receipt into a background lookup.
    app = await createTestApp({ services: { reportForm: { baseBackoffMs: 20, lookupDeadline: neverDeadline } } });
    base = await app.listen();
    profile = mkdtempSync(join(tmpdir(), "call-in-chromium-"));
    context = await launch(profile);
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await app?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it("is filled in with the keyboard alone, shows a receipt and a status page, and has no axe violations", { timeout: 60_000 }, async () => {
    const page = await context.newPage();
    const cspErrors: string[] = [];
    page.on("console", (m) => m.type() === "error" && cspErrors.push(m.text()));
    await page.goto(`${base}/call-in/report`);
    expect(await page.title()).toBe("Report a concern privately");
    expect(await axeViolations(page)).toStrictEqual([]);

    // A first try without a description: the error summary links to the field.
    await tabTo(page, "url");
    await page.keyboard.type(THREAD_URL);
    await tabTo(page, "contact");
    await page.keyboard.type("@kind-reporter");
    await tabTo(page, "send");
    await page.keyboard.press("Enter");
    await page.waitForSelector(".error-summary");
    expect(await page.title()).toBe("Error: Report a concern privately");
    expect(await activeElement(page, "class")).toBe("error-summary");
    expect(await page.inputValue("#url")).toBe(THREAD_URL);
    expect(await axeViolations(page)).toStrictEqual([]);
    // Follow the summary's link to the field, then write.
    await page.keyboard.press("Tab");
    const summaryLink = await activeElement(page, "href");
    expect(summaryLink).toBe("#description");
    await page.keyboard.press("Enter");
    expect(await page.evaluate("location.hash")).toBe("#description");

    const github = mockGitHub().accountInstallation(OWNER, 1).repository(OWNER, REPO, { visibility: "public", times: 2 }).config(OWNER, REPO, null);
    const issue = withOverrides(examplePayload("issues", { action: "opened" }).issue, { number: 1, html_url: THREAD_URL });
    github.repository(OWNER, "moderation").templates(OWNER).thread(OWNER, REPO, issue).openCases(OWNER, "moderation").createsIssue(OWNER, "moderation");

    await tabTo(page, "description");
    await page.keyboard.type("A reviewer mocked a newcomer's English in the pull request review. It felt humiliating to watch.");
    await page.keyboard.press("Tab");
    await page.keyboard.press("ArrowDown"); // the first category
    await tabTo(page, "send");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#status-link");
    expect(await page.title()).toMatch(/^Report received: R-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(await axeViolations(page)).toStrictEqual([]);

    await app.form!.drainer.idle();
    expect(github.sent.createdIssues).toHaveLength(1);
    const created = github.sent.createdIssues[0]!;
    expect(created.body).toContain("Harassment or intimidation");
    const meta = parseMeta(created.body)!;
    github.caseIssue(
      OWNER,
      "moderation",
      100,
      withMeta(created.body, {
        ...meta,
        state: "acknowledged",
        acknowledgedAt: "2026-11-22T12:00:00Z",
        reporterMessage: "Thank you for telling us. We have talked with the reviewer.",
      }),
      { writes: false },
    );

    await tabTo(page, "status-link");
    await page.keyboard.press("Enter");
    await page.waitForSelector(".steps");
    expect(await page.textContent("[aria-current=step]")).toContain("Acknowledged");
    expect(await page.textContent(".message")).toBe("Thank you for telling us. We have talked with the reviewer.");
    expect(await axeViolations(page)).toStrictEqual([]);
    // The page's own CSP blocked nothing it needs (no inline script or style anywhere).
    expect(cspErrors.filter((e) => /Content Security Policy/i.test(e))).toStrictEqual([]);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });
});
