import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express, { type Request } from "express";
import { rateLimit } from "express-rate-limit";
import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import { noStore, RATE_LIMIT_HEADERS, secondsUntilReset, securityHeaders, stylesheet } from "../../../src/web/security.js";
import { createTestApp, type TestApp } from "../../helpers/app.js";
import { mockGitHub } from "../../helpers/github.js";
import { neverDeadline } from "../../helpers/form.js";

const CSP = "default-src 'none';style-src 'self';img-src 'self';form-action 'self';frame-ancestors 'none';base-uri 'none'";

describe("the shared security headers", () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    server = undefined;
  });

  /** A minimal surface built from the shared pieces, as both web surfaces build theirs. */
  async function surface(hsts: boolean): Promise<string> {
    const web = express();
    web.use(securityHeaders({ hsts }));
    web.get("/style.css", stylesheet("body { margin: 0 }"));
    web.use(noStore);
    web.use(rateLimit({ windowMs: 60_000, limit: 5, ...RATE_LIMIT_HEADERS }));
    web.get("/page", (_req, res) => void res.type("html").send("<p>hello</p>"));
    web.get("/late.css", stylesheet(Buffer.from("p { color: red }")));
    server = web.listen(0, "127.0.0.1");
    await new Promise((resolve) => server!.once("listening", resolve));
    return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
  }

  it("send the one strict CSP, no referrer, no framing, and never let a page be cached", async () => {
    const res = await fetch(`${await surface(true)}/page`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toBe(CSP);
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("cross-origin-opener-policy")).toBe("same-origin");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    expect(await res.text()).toBe("<p>hello</p>");
  });

  it("leave Strict-Transport-Security out when asked (a form served over plain HTTP in development)", async () => {
    const res = await fetch(`${await surface(false)}/page`);
    expect(res.headers.get("strict-transport-security")).toBeNull();
    expect(res.headers.get("content-security-policy")).toBe(CSP);
  });

  it("let a stylesheet be cached, before or after the no-store rule, as CSS", async () => {
    const base = await surface(true);
    for (const [path, text] of [
      ["/style.css", "body { margin: 0 }"],
      ["/late.css", "p { color: red }"],
    ] as const) {
      const res = await fetch(`${base}${path}`);
      expect(res.headers.get("cache-control"), path).toBe("public, max-age=3600");
      expect(res.headers.get("content-type"), path).toBe("text/css; charset=utf-8");
      expect(res.headers.get("content-security-policy"), path).toBe(CSP);
      expect(await res.text(), path).toBe(text);
    }
  });

  it("announce rate limits in draft-7 form, which carries nothing derived from the client's address", async () => {
    const res = await fetch(`${await surface(true)}/page`);
    expect(res.headers.get("ratelimit-policy")).toBe("5;w=60");
    expect(res.headers.get("ratelimit")).toMatch(/^limit=5, remaining=4, reset=\d+$/);
    for (const [name, value] of res.headers) expect(`${name}: ${value}`).not.toMatch(/pk=|127\.0\.0\.1|x-ratelimit/i);
  });
});

describe("secondsUntilReset", () => {
  const NOW = 1_000_000;
  const limited = (resetAt?: number) => ({ rateLimit: resetAt === undefined ? {} : { resetTime: new Date(resetAt) } }) as unknown as Request;

  it("rounds the time left in the limiter's window up to whole seconds", () => {
    expect(secondsUntilReset(limited(NOW + 1_500), 60_000, NOW)).toBe(2);
    expect(secondsUntilReset(limited(NOW + 60_000), 60_000, NOW)).toBe(60);
  });

  it("asks for at least a second, even when the window has just ended", () => {
    expect(secondsUntilReset(limited(NOW), 60_000, NOW)).toBe(1);
    expect(secondsUntilReset(limited(NOW - 5_000), 60_000, NOW)).toBe(1);
  });

  it("falls back to a whole window when the limiter gave no reset time", () => {
    expect(secondsUntilReset(limited(), 900_000, NOW)).toBe(900);
    expect(secondsUntilReset({} as Request, 60_000, NOW)).toBe(60);
  });
});

describe("the report form's own address", () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("posts back to the generic form, asking GitHub nothing, when the address does not name a login", async () => {
    app = await createTestApp({ services: { reportForm: { drainIntervalMs: 60_000, lookupDeadline: neverDeadline } } });
    const base = await app.listen();
    for (const segment of ["-octocat", "a".repeat(40)]) {
      const res = await fetch(`${base}/call-in/report/${segment}`);
      const html = await res.text();
      expect(res.status, segment).toBe(200);
      expect(html, segment).toContain('<form method="post" action="/call-in/report" novalidate>');
      expect(html, segment).not.toContain(segment);
    }
  });

  it("announces the owner-page limit without anything derived from the visitor's address (no draft-8 `pk`)", async () => {
    app = await createTestApp({ services: { reportForm: { drainIntervalMs: 60_000, lookupDeadline: neverDeadline } } });
    const base = await app.listen();
    mockGitHub().installation("nobody-here", ".github", null);
    const res = await fetch(`${base}/call-in/report/nobody-here`, { headers: { "x-forwarded-for": "198.51.100.23" } });
    expect(res.status).toBe(200);
    await res.text();
    expect(res.headers.get("ratelimit-policy")).toMatch(/^\d+;w=\d+$/);
    for (const [name, value] of res.headers) expect(`${name}: ${value}`).not.toMatch(/pk=|127\.0\.0\.1|198\.51\.100/);
  });
});
