import type { Deadline } from "../../src/report-form/deadline.js";

/**
 * A tiny browser stand-in for the report form: GET the page (CSRF cookie and
 * token, submission id), POST it back with cookies, like a person without JavaScript.
 */
export interface FormPageState {
  cookie: string;
  csrf: string;
  submission: string;
  html: string;
  status: number;
}

function hidden(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!match) throw new Error(`the form has no ${name} field`);
  return match[1]!;
}

export async function openForm(base: string, path = "/call-in/report"): Promise<FormPageState> {
  const res = await fetch(`${base}${path}`);
  const html = await res.text();
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  return { cookie, csrf: hidden(html, "_csrf"), submission: hidden(html, "submission"), html, status: res.status };
}

export interface Submitted {
  status: number;
  html: string;
  headers: Headers;
}

export async function submitForm(
  base: string,
  page: FormPageState,
  fields: Partial<Record<"url" | "description" | "category" | "contact" | "concernsKeyHolder" | "_csrf" | "submission", string>>,
  path = "/call-in/report",
): Promise<Submitted> {
  const body = new URLSearchParams({ _csrf: page.csrf, submission: page.submission, url: "", description: "", category: "", contact: "", ...fields });
  const res = await fetch(`${base}${path}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", cookie: page.cookie }, body });
  return { status: res.status, html: await res.text(), headers: res.headers };
}

/** The status link on a receipt page. */
export function statusLinkOf(html: string): string {
  const match = /id="status-link">([^<]+)</.exec(html) ?? /href="([^"]*\/call-in\/status\/[^"]+)"/.exec(html);
  if (!match) throw new Error("the receipt shows no status link");
  return match[1]!;
}

/** Decodes the few HTML entities the pages use, to compare text. */
export function unescapeHtml(html: string): string {
  return html
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A lookup deadline that never passes: pages wait for GitHub's (mocked) answer, however busy the machine is. */
export const neverDeadline: Deadline = { start: () => ({ passed: new Promise<void>(() => undefined), cancel: () => undefined }) };

/** A lookup deadline the test passes itself, once it knows a page is waiting. */
export function manualDeadline(): Deadline & { waiting(): Promise<void>; pass(): void } {
  let passWaits: Array<() => void> = [];
  let started: () => void = () => undefined;
  let someoneWaits = new Promise<void>((resolve) => (started = resolve));
  return {
    start() {
      const passed = new Promise<void>((resolve) => passWaits.push(resolve));
      started();
      return { passed, cancel: () => undefined };
    },
    waiting: () => someoneWaits,
    pass() {
      for (const pass of passWaits) pass();
      passWaits = [];
      someoneWaits = new Promise<void>((resolve) => (started = resolve));
    },
  };
}
