import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium, type BrowserContext, type Page } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
export const CHROMIUM = "/usr/bin/chromium";

/** Debian's Chromium, headless, with a throwaway profile; never a downloaded browser. */
export async function launchChromium(userDataDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update"],
    viewport: { width: 900, height: 1200 },
  });
}

/**
 * axe-core, evaluated through the DevTools protocol (not a page script, so the
 * page's strict CSP stays on), every rule enabled by default.
 */
export async function axeViolations(page: Page): Promise<Array<{ id: string; help: string; nodes: number }>> {
  await page.evaluate(AXE_SOURCE);
  return (await page.evaluate("axe.run(document).then((r) => r.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.length })))")) as Array<{
    id: string;
    help: string;
    nodes: number;
  }>;
}
