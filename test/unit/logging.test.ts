import { describe, expect, it } from "vitest";
import { withoutSecrets } from "../../src/logging.js";
import { captureLogs } from "../helpers/logs.js";

describe("log redaction", () => {
  it("drops request bodies, payloads, report fields and addresses, whatever logs them", () => {
    const { log, text } = captureLogs();
    log.debug({ title: "CI-1 case", body: "the hurtful words", variables: { body: "x" } }, "GitHub request: POST /repos/o/moderation/issues - 201");
    log.debug({ event: { id: "d1", name: "issues", payload: { issue: { body: "the hurtful words" } } } }, "Webhook received");
    log.info({ report: { description: "what happened to me", contact: "me@example.org" }, ip: "203.0.113.9" }, "report accepted");
    log.info({ req: { method: "GET", url: "/call-in/status/s3cr3t-token?x=1", remoteAddress: "203.0.113.9", headers: { cookie: "a=b" } } }, "request");
    log.child({ name: "http" }).info({ res: { statusCode: 200 } }, "GET /call-in/status/s3cr3t-token 200 - 4ms");
    expect(text()).toContain("GET /call-in/status/[token] 200 - 4ms");
    const logged = text();
    for (const secret of ["hurtful", "what happened", "me@example.org", "203.0.113.9", "s3cr3t-token", "a=b"]) expect(logged).not.toContain(secret);
    expect(logged).toContain('"id":"d1"');
    expect(logged).toContain('"url":"/call-in/status/[token]?x=1"');
  });

  it("keeps the route of a status link and drops OAuth codes", () => {
    expect(withoutSecrets("/call-in/log/callback?code=abc&state=def")).toBe("/call-in/log/callback?code=[redacted]&state=[redacted]");
  });
});
