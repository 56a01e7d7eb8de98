// `npm run screenshots`: the README's pictures, taken from the demo in Debian's Chromium
// (playwright-core drives /usr/bin/chromium; no browser is downloaded):
// docs/images/sandbox.png (the public thread), docs/images/case.png (the case it opened),
// docs/images/report-form.png (the report form, filled in).
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { startDemo } from "../src/sandbox/demo.js";
import { CASES, ORG, PROJECT } from "../src/sandbox/seed.js";

const OUT = "docs/images";
mkdirSync(OUT, { recursive: true });
const demo = await startDemo({});
const profile = mkdtempSync(join(tmpdir(), "call-in-screenshots-"));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update"],
  viewport: { width: 1000, height: 900 },
});
try {
  const page = await browser.newPage();
  await page.goto(demo.threadUrl);
  await page.screenshot({ path: join(OUT, "sandbox.png"), fullPage: true });

  await page.getByRole("button", { name: "Add the call-in label" }).click();
  await page.goto(`${demo.sandboxUrl}/${ORG}/${CASES}/issues/1`);
  await page.screenshot({ path: join(OUT, "case.png"), clip: { x: 0, y: 0, width: 1000, height: 1800 }, fullPage: true });

  await page.goto(`${demo.reportFormUrl}?url=${encodeURIComponent(`${demo.sandboxUrl}/${ORG}/${PROJECT}/issues/1`)}`);
  await page.fill("#description", "A commenter told a newcomer to learn to use a real computer, twice. It drives people away.");
  await page.screenshot({ path: join(OUT, "report-form.png"), fullPage: true });
  console.log(`Wrote ${OUT}/sandbox.png, ${OUT}/case.png and ${OUT}/report-form.png.`);
} finally {
  await browser.close();
  await demo.stop();
  rmSync(profile, { recursive: true, force: true });
}
