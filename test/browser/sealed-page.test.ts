import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deriveKey, sealSession } from "../../src/resolution-log-view/session.js";
import { sealedReportsFrom } from "../../src/sealed/from-env.js";
import { createTestApp, TEST_REPORT_KEY, type TestApp } from "../helpers/app.js";
import { axeViolations, CHROMIUM, launchChromium } from "../helpers/browser.js";
import { APP_BOT_USER, caseBody, caseMeta } from "../helpers/cases.js";
import { mockGitHub, repositoryAnswer } from "../helpers/github.js";
import { readSettings } from "../../src/settings.js";
import { LOG_VIEW_ENV as ENV } from "../helpers/log-view.js";

const OWNER = "acme";
const CODE = "CI-7KQ3M2";
const USER_TOKEN = "ghu_sealedbrowser123";
const NOW = new Date("2027-01-10T12:00:00Z");
const WORDS = "The owner told me to leave the project.\nTwice, in private messages.";

function findsSealedCase(): void {
  nock("https://api.github.com", { reqheaders: { authorization: `token ${USER_TOKEN}` } })
    .get(`/repos/${OWNER}/moderation`)
    .reply(200, repositoryAnswer(OWNER, "moderation", { id: 1, nodeId: "R_1" }));
  const meta = caseMeta({
    code: CODE,
    source: { key: "acme/widgets#1", owner: OWNER, repo: "widgets", number: 1, threadKind: "issue", url: `https://github.com/${OWNER}/widgets/issues/1` },
    keyHolder: { route: "sealed", reported: { login: "org-owner", id: 7 } },
  });
  const github = mockGitHub().repository(OWNER, "moderation");
  github.scope
    .get(`/repos/${OWNER}/moderation/issues`)
    .query({ state: "all", sort: "updated", per_page: "100" })
    .reply(200, [
      {
        number: 7,
        node_id: "I_7",
        html_url: `https://github.com/${OWNER}/moderation/issues/7`,
        title: CODE,
        body: caseBody(meta, "sealed", { repo: `${OWNER}/moderation` }),
        state: "open",
        user: APP_BOT_USER,
      },
    ]);
}

// Skipped on a developer machine without Debian's chromium, never in CI (as the report form's browser test).
describe.skipIf(!existsSync(CHROMIUM) && process.env.CI !== "true")("the sealed-report page in Chromium", () => {
  let app: TestApp;
  let base: string;
  let context: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    app = await createTestApp({ services: { env: ENV, now: () => NOW } });
    base = await app.listen();
    await sealedReportsFrom(readSettings({ REPORT_ENCRYPTION_KEY: TEST_REPORT_KEY, DATA_DIR: app.dataDir }))!.put(
      { owner: OWNER, caseRepository: "moderation", code: CODE },
      {
        text: { reporterWords: WORDS, reporterContact: "@kind-reporter", maintainerReason: null },
        reported: { login: "org-owner", id: 7 },
        sealedAt: "2027-01-09T08:00:00.000Z",
      },
    );
    profile = mkdtempSync(join(tmpdir(), "call-in-chromium-"));
    context = await launchChromium(profile);
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await app?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it("has no axe violations signed out, on the sealed text, and on the not-found page, with nothing blocked by its CSP", { timeout: 60_000 }, async () => {
    const page = await context.newPage();
    const cspErrors: string[] = [];
    page.on("console", (m) => m.type() === "error" && cspErrors.push(m.text()));

    await page.goto(`${base}/call-in/sealed/${OWNER}/${CODE}`);
    expect(await page.title()).toBe("Sign in: Call-In sealed report");
    expect(await axeViolations(page)).toStrictEqual([]);

    const session = sealSession(deriveKey(ENV.SESSION_SECRET, "log-view session"), {
      token: USER_TOKEN,
      login: "mona",
      id: 583231,
      exp: NOW.getTime() + 3_600_000,
    });
    await context.addCookies([{ name: "call_in_session", value: session, url: `${base}/call-in/sealed` }]);
    mockGitHub().accountInstallation(OWNER, 1).config(OWNER, ".github", "caseRepository: moderation\n").templates(OWNER).commentsOn(OWNER, "moderation", 7);
    findsSealedCase();
    await page.goto(`${base}/call-in/sealed/${OWNER}/${CODE}`);
    expect(await page.title()).toBe(`${CODE}: sealed report: Call-In`);
    expect(await page.textContent(".sealed-text")).toBe(WORDS);
    expect(await axeViolations(page)).toStrictEqual([]);

    findsSealedCase();
    const missing = await page.goto(`${base}/call-in/sealed/${OWNER}/CI-000000`);
    expect(missing?.status()).toBe(404);
    expect(await axeViolations(page)).toStrictEqual([]);
    expect(cspErrors.filter((e) => /Content Security Policy/i.test(e))).toStrictEqual([]);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });
});
