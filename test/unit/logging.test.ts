import { ProbotOctokit } from "probot";
import { afterEach, describe, expect, it } from "vitest";
import nock from "nock";
import { CLIENT_ADDRESS_HEADERS, safeMessage, withoutSecrets } from "../../src/logging.js";
import { createDiscussion } from "../../src/github/discussions.js";
import { createTestApp } from "../helpers/app.js";
import { mockGitHub } from "../helpers/github.js";
import { captureLogs, type CapturedLine } from "../helpers/logs.js";
import { examplePayload, withOverrides } from "../helpers/payloads.js";

const MAINTAINER = { login: "maintainer-mo", id: 77, type: "User" };
/** What a case body holds: words nobody may find in a log. */
const CASE_BODY = "Reported words: you periwinkle harbour-gull, nobody wants you here";

function octokitLoggingTo(log: ReturnType<typeof captureLogs>["log"]) {
  const Octokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({ ...options, retry: { enabled: false }, throttle: { enabled: false } }));
  return new Octokit({ auth: { token: "test-token" }, log: log.child({ name: "octokit" }) });
}

const errorsOf = (lines: CapturedLine[]) => lines.filter((line) => Number(line.level) >= 40 && line.err);

describe("log redaction", () => {
  afterEach(() => {
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

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

  it("keeps no header that names a client address, on requests, responses or anything else with headers", () => {
    const { log, lines } = captureLogs();
    const addresses = Object.fromEntries(CLIENT_ADDRESS_HEADERS.map((name, i) => [name, `198.51.100.${i + 1}`]));
    const headers = { ...addresses, "content-type": "text/html", authorization: "token test-token", cookie: "call-in.csrf=abcdefgh" };
    log.info(
      { req: { method: "POST", url: "/call-in/report", headers }, res: { statusCode: 303, headers: { "set-cookie": "x=1", "content-type": "text/html" } } },
      "request",
    );
    log.warn({ headers, upstream: { headers } }, "odd proxy");
    for (const line of lines) {
      const logged = JSON.stringify(line);
      for (const name of CLIENT_ADDRESS_HEADERS) expect(logged, name).not.toContain(name);
      expect(logged).not.toMatch(/198\.51\.100|test-token|csrf=|set-cookie/);
    }
    expect(lines[0]).toMatchObject({ req: { headers: { "content-type": "text/html" } }, res: { headers: { "content-type": "text/html" } } });
    expect(lines[1]).toMatchObject({ headers: { "content-type": "text/html" }, upstream: { headers: { "content-type": "text/html" } } });
  });

  it("logs which delivery failed and nothing it carried when GitHub answers 502 while a case opens", async () => {
    const REASON = "because of the periwinkle harbour-gull insult";
    const app = await createTestApp();
    const payload = withOverrides(examplePayload("issue_comment", { action: "created" }), {
      comment: { id: 555, body: `/call-in ${REASON}\nmore context`, user: MAINTAINER },
      sender: MAINTAINER,
    });
    mockGitHub()
      .permission("Codertocat", "Hello-World", "maintainer-mo", "write")
      .config("Codertocat", "Hello-World", null)
      .responds("GET", "/repos/Codertocat/moderation", 502, { message: "Server Error" })
      .readsBesideGate("Codertocat", "moderation");

    await expect(app.receive("issue_comment", payload, "delivery-502")).rejects.toThrow();

    const failures = errorsOf(app.logs.lines);
    expect(failures.length).toBeGreaterThan(0);
    expect(failures[0]!.err).toMatchObject({
      type: "HttpError",
      status: 502,
      event: { id: "delivery-502", name: "issue_comment", action: "created", repository: "Codertocat/Hello-World" },
      request: { method: "GET", url: "https://api.github.com/repos/Codertocat/moderation" },
    });
    const logged = app.logs.text();
    expect(logged).not.toContain(REASON);
    expect(logged).not.toContain(payload.issue.title);
    expect(logged).not.toMatch(/"payload":\{/);
    expect(logged).not.toContain("test-token");
    await app.close();
  });

  it("logs a failed GraphQL write without its variables, even when GitHub's message echoes them", async () => {
    const { log, lines, text } = captureLogs();
    mockGitHub().graphqlError(
      "CreateDiscussion",
      `Argument 'body' on InputObject 'CreateDiscussionInput' has an invalid value ("${CASE_BODY}"). Expected type 'String!'.`,
      "ARGUMENT_ERROR",
    );

    const failure = await createDiscussion(octokitLoggingTo(log), { repositoryId: "R_1", categoryId: "DIC_1", title: "CI-7 case", body: CASE_BODY }).catch(
      (error: unknown) => error,
    );
    expect((failure as { request?: { variables?: { body?: string } } }).request?.variables?.body).toBe(CASE_BODY);
    log.error({ err: failure }, "the case could not be opened");
    log.warn(failure as Error);

    const [withMessage, bare] = errorsOf(lines);
    expect(withMessage!.err).toMatchObject({
      type: "GraphqlResponseError",
      errors: [{ type: "ARGUMENT_ERROR" }],
      request: { operation: "mutation CreateDiscussion" },
    });
    expect(String((withMessage!.err as { message: string }).message)).toContain("has an invalid value");
    expect(bare!.msg).toContain("has an invalid value");
    expect(text()).not.toContain("periwinkle");
    expect(text()).not.toContain("CI-7 case");
  });

  it("logs a refused REST write without the body GitHub's answer echoes", async () => {
    const { log, lines, text } = captureLogs();
    mockGitHub().responds("POST", "/repos/Codertocat/moderation/issues", 422, {
      message: "Validation Failed",
      errors: [{ resource: "Issue", code: "custom", field: "body", message: `body is not allowed: ${CASE_BODY}` }],
      documentation_url: "https://docs.github.com/rest/issues/issues#create-an-issue",
    });
    const failure = await octokitLoggingTo(log)
      .rest.issues.create({ owner: "Codertocat", repo: "moderation", title: "CI-8 case", body: CASE_BODY })
      .catch((error: unknown) => error);
    expect(JSON.stringify((failure as { response?: { data?: unknown } }).response?.data)).toContain("periwinkle");
    log.error({ err: failure }, "the case could not be opened");
    log.error(new AggregateError([failure], (failure as Error).message), "aggregate");
    log.error({ error: new Error("wrapped", { cause: failure }) }, "under another key, with a cause");

    const [direct, aggregate, wrapped] = errorsOf(lines).concat(lines.filter((l) => l.error));
    expect(direct!.err).toMatchObject({
      type: "HttpError",
      status: 422,
      message: expect.stringContaining("Validation Failed"),
      request: { method: "POST", url: "https://api.github.com/repos/Codertocat/moderation/issues" },
    });
    expect(aggregate!.err).toMatchObject({ type: "AggregateError", errors: [{ type: "HttpError", status: 422 }] });
    expect(wrapped!.error).toMatchObject({ type: "Error", message: "wrapped", cause: { type: "HttpError", status: 422 } });
    expect(text()).not.toContain("periwinkle");
    expect(text()).not.toContain("CI-8 case");
  });

  it("drops quoted runs from error messages and keeps the words around them", () => {
    expect(safeMessage("Unexpected token 'x', \"my secret words\" is not valid JSON")).toBe("Unexpected token 'x', \"…\" is not valid JSON");
    expect(safeMessage('Validation Failed: {"field":"body","value":"a \\"quoted\\" secret"}')).toBe('Validation Failed: {"…":"…","…":"…"}');
    expect(safeMessage("x".repeat(2_000))).toHaveLength(501);
  });
});
