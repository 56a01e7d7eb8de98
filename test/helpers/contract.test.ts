import { Octokit } from "@octokit/rest";
import nock from "nock";
import { describe, expect, it } from "vitest";
import {
  matchRestRoute,
  openApiLoadStats,
  settleContractChecks,
  takeResponseViolations,
  takeViolations,
  validateGraphqlRequest,
  validateGraphqlResponse,
  validateRestRequest,
  validateRestResponse,
} from "./contract.js";
import { APP_BOT_USER } from "./cases.js";
import { examplePayload, withOverrides, type WebhookPayload } from "./payloads.js";

const API = "https://api.github.com";
const GHES = "https://ghe.example.com/api/v3";

describe("validateRestRequest", () => {
  it("accepts a valid issue", () => {
    const started = performance.now();
    const violations = validateRestRequest({
      method: "POST",
      url: `${API}/repos/o/r/issues`,
      body: { title: "Broken build", body: "text", labels: ["bug", { name: "call-in" }], assignees: ["mona"], milestone: null },
    });
    expect(violations).toStrictEqual([]);
    // Loading the description plus the first validation (also printed for the record).
    console.info(
      `contract: first REST validation ${Math.round(performance.now() - started)} ms; description from ${openApiLoadStats.source} in ${openApiLoadStats.ms} ms`,
    );
  });

  it("accepts a JSON string body", () => {
    expect(validateRestRequest({ method: "POST", url: `${API}/repos/o/r/issues/1/comments`, body: JSON.stringify({ body: "hi" }) })).toStrictEqual([]);
  });

  it("rejects a body property of the wrong type", () => {
    expect(validateRestRequest({ method: "POST", url: `${API}/repos/o/r/issues`, body: { title: "t", body: 42 } })).toStrictEqual([
      "POST /repos/o/r/issues (issues/create): body/body must be string",
    ]);
  });

  it("rejects a missing required property, a missing required body and an unknown body property", () => {
    expect(validateRestRequest({ method: "POST", url: `${API}/repos/o/r/issues`, body: { body: "no title" } })).toStrictEqual([
      'POST /repos/o/r/issues (issues/create): body is missing required property "title"',
    ]);
    expect(validateRestRequest({ method: "POST", url: `${API}/repos/o/r/issues` })).toStrictEqual([
      "POST /repos/o/r/issues (issues/create): request body is required",
    ]);
    expect(validateRestRequest({ method: "POST", url: `${API}/repos/o/r/issues/1/comments`, body: { body: "x", bdoy: "y" } })).toStrictEqual([
      'POST /repos/o/r/issues/1/comments (issues/create-comment): body has unknown property "bdoy" (known: body)',
    ]);
  });

  it("rejects bodies on GET and on operations that take none", () => {
    expect(validateRestRequest({ method: "GET", url: `${API}/repos/o/r`, body: { a: 1 } })).toStrictEqual([
      "GET /repos/o/r (repos/get): GET requests must not have a body",
    ]);
    expect(validateRestRequest({ method: "DELETE", url: `${API}/repos/o/r/issues/comments/5`, body: "{}" })).toStrictEqual([
      "DELETE /repos/o/r/issues/comments/5 (issues/delete-comment): this operation takes no request body",
    ]);
  });

  it("rejects unknown paths and methods a path does not support", () => {
    expect(validateRestRequest({ method: "GET", url: `${API}/repos/o/r/nope` })).toStrictEqual([
      "GET /repos/o/r/nope: no such path in GitHub's REST API description",
    ]);
    expect(validateRestRequest({ method: "PUT", url: `${API}/repos/o/r/issues/comments/5` })).toStrictEqual([
      "PUT /repos/o/r/issues/comments/5: method not allowed; /repos/{owner}/{repo}/issues/comments/{comment_id} supports GET, DELETE, PATCH",
    ]);
  });

  it("prefers literal segments over parameters when several templates match", () => {
    expect(matchRestRoute("DELETE", `${API}/repos/o/r/issues/comments/5`)).toStrictEqual({
      template: "/repos/{owner}/{repo}/issues/comments/{comment_id}",
      pathParams: { owner: "o", repo: "r", comment_id: "5" },
      operationId: "issues/delete-comment",
      allowedMethods: ["GET", "DELETE", "PATCH"],
    });
    expect(validateRestRequest({ method: "DELETE", url: `${API}/repos/o/r/issues/comments/5` })).toStrictEqual([]);
    expect(matchRestRoute("GET", `${API}/repos/o/r/issues/5`)?.template).toBe("/repos/{owner}/{repo}/issues/{issue_number}");
    expect(matchRestRoute("GET", `${API}/repos/o/r/compare/main...topic`)?.pathParams).toStrictEqual({ owner: "o", repo: "r", base: "main", head: "topic" });
    // A path parameter may hold slashes when no exact-length template matches.
    expect(matchRestRoute("GET", `${API}/repos/o/r/contents/.github/call-in.yml`)?.pathParams.path).toBe(".github/call-in.yml");
  });

  it("checks path parameter types", () => {
    expect(validateRestRequest({ method: "GET", url: `${API}/repos/o/r/issues/twelve` })).toStrictEqual([
      'GET /repos/o/r/issues/twelve (issues/get): path parameter "issue_number" must be integer',
    ]);
  });

  it('rejects lock_reason "too_heated" and accepts "too heated"', () => {
    const lock = (lock_reason: string) => validateRestRequest({ method: "PUT", url: `${API}/repos/o/r/issues/1/lock`, body: { lock_reason } });
    expect(lock("too_heated")).toStrictEqual([
      'PUT /repos/o/r/issues/1/lock (issues/lock): body/lock_reason must be one of "off-topic", "too heated", "resolved", "spam"',
    ]);
    expect(lock("too heated")).toStrictEqual([]);
  });

  it("checks query parameters", () => {
    expect(validateRestRequest({ method: "GET", url: `${API}/repos/o/r/issues?state=open&per_page=100` })).toStrictEqual([]);
    const violations = validateRestRequest({ method: "GET", url: `${API}/repos/o/r/issues?state=opened&per_page=many&colour=red` });
    expect(violations).toHaveLength(3);
    expect(violations[0]).toMatch(/^GET \/repos\/o\/r\/issues\?.* \(issues\/list-for-repo\): unknown query parameter "colour" \(known: .*\bper_page\b/);
    expect(violations[1]).toMatch(/query parameter "state" must be one of "open", "closed", "all"$/);
    expect(violations[2]).toMatch(/query parameter "per_page" must be integer$/);
    expect(validateRestRequest({ method: "GET", url: `${API}/search/issues` })).toStrictEqual([
      'GET /search/issues (search/issues-and-pull-requests): missing required query parameter "q"',
    ]);
  });

  it("accepts GHES URLs, with or without an explicit base", () => {
    expect(validateRestRequest({ method: "GET", url: `${GHES}/repos/o/r`, baseUrl: GHES })).toStrictEqual([]);
    expect(validateRestRequest({ method: "GET", url: `${GHES}/repos/o/r` })).toStrictEqual([]);
    expect(validateRestRequest({ method: "GET", url: "/repos/o/r", baseUrl: `${GHES}/` })).toStrictEqual([]);
    expect(validateRestRequest({ method: "PUT", url: `${GHES}/repos/o/r/issues/1/lock`, body: { lock_reason: "too_heated" } })).toHaveLength(1);
    expect(validateRestRequest({ method: "GET", url: "https://example.com/repos/o/r" })).toStrictEqual([
      "GET https://example.com/repos/o/r: not a GitHub API URL",
    ]);
  });
});

describe("validateGraphqlRequest", () => {
  it("accepts a valid query", async () => {
    expect(await validateGraphqlRequest({ query: 'query { repository(owner: "o", name: "r") { id } }' })).toStrictEqual([]);
  });

  it("rejects unknown fields and syntax errors", async () => {
    expect(await validateGraphqlRequest({ query: 'query { repository(owner: "o", name: "r") { idd } }' })).toStrictEqual([
      'POST /graphql: Cannot query field "idd" on type "Repository". Did you mean "id"?',
    ]);
    expect(await validateGraphqlRequest({ query: "query { repository(" })).toStrictEqual(["POST /graphql: Syntax Error: Expected Name, found <EOF>."]);
  });

  it("requires every non-null variable without a default", async () => {
    const query =
      "query Repo($owner: String!, $name: String!, $first: Int = 5) { repository(owner: $owner, name: $name) { labels(first: $first) { totalCount } } }";
    expect(await validateGraphqlRequest({ query, variables: { owner: "o", name: "r" } })).toStrictEqual([]);
    expect(await validateGraphqlRequest(JSON.stringify({ query, variables: { owner: "o" } }))).toStrictEqual([
      "POST /graphql: variable $name of type String! is required but missing",
    ]);
    expect(await validateGraphqlRequest({ query, variables: { owner: "o", name: null } })).toStrictEqual([
      "POST /graphql: variable $name of type String! is required but null",
    ]);
  });
});

describe("validateRestResponse", () => {
  // What GET /repos/{owner}/{repo}/issues/{number} answers, cut to what Call-In reads.
  const issue = {
    number: 7,
    node_id: "I_7",
    html_url: "https://github.com/o/r/issues/7",
    title: "case 7",
    body: null,
    state: "open",
    user: APP_BOT_USER,
  };
  const getIssue = (body: unknown, status = 200) => validateRestResponse({ method: "GET", url: `${API}/repos/o/r/issues/7`, status, body });

  it("accepts a partial answer whose fields GitHub could send, including the fields Call-In reads", () => {
    expect(getIssue(issue)).toStrictEqual([]);
    expect(getIssue(JSON.stringify(issue))).toStrictEqual([]);
  });

  it("reports `user: null`, which GitHub never sends for an issue, and a user without its login", () => {
    expect(getIssue({ ...issue, user: null })).toStrictEqual(["GET /repos/o/r/issues/7 (issues/get) answered 200: response/user must be object"]);
    expect(getIssue({ ...issue, user: { id: 1, type: "Bot" } })).toStrictEqual([
      'GET /repos/o/r/issues/7 (issues/get) answered 200: response/user is missing required property "login"',
    ]);
  });

  it("reports a wrong type, a wrong format, an enum value GitHub never sends and a missing field Call-In reads", () => {
    const { title: _title, ...untitled } = issue;
    expect(getIssue({ ...untitled, number: "7", html_url: "", state_reason: "done" })).toStrictEqual([
      'GET /repos/o/r/issues/7 (issues/get) answered 200: response/html_url must match format "uri"',
      "GET /repos/o/r/issues/7 (issues/get) answered 200: response/number must be integer",
      'GET /repos/o/r/issues/7 (issues/get) answered 200: response/state_reason must be one of "completed", "reopened", "not_planned", "duplicate", null',
      'GET /repos/o/r/issues/7 (issues/get) answered 200: response is missing required property "title"',
    ]);
  });

  it("checks every item of a list", () => {
    expect(
      validateRestResponse({ method: "GET", url: `${API}/repos/o/r/issues?state=open&per_page=100`, status: 200, body: [issue, { ...issue, user: null }] }),
    ).toStrictEqual(["GET /repos/o/r/issues?state=open&per_page=100 (issues/list-for-repo) answered 200: response/1/user must be object"]);
  });

  it("reports a success status the operation never answers and an empty success answer, and checks described errors", () => {
    expect(validateRestResponse({ method: "POST", url: `${API}/repos/o/r/issues`, status: 200, body: issue })).toStrictEqual([
      "POST /repos/o/r/issues (issues/create) answered 200: GitHub answers this operation with 201, 400, 403, 404, 410, 422, 503",
    ]);
    expect(validateRestResponse({ method: "POST", url: `${API}/repos/o/r/issues/7/comments`, status: 201, body: "" })).toStrictEqual([
      "POST /repos/o/r/issues/7/comments (issues/create-comment) answered 201: empty, where GitHub sends a JSON body",
    ]);
    expect(getIssue({ message: "Not Found" }, 404)).toStrictEqual([]);
    expect(getIssue({ message: 404 }, 404)).toStrictEqual(["GET /repos/o/r/issues/7 (issues/get) answered 404: response/message must be string"]);
    // Faults GitHub can send anywhere, and answers that are not JSON (a raw file), are not judged.
    expect(getIssue({ message: "Server Error" }, 500)).toStrictEqual([]);
    expect(validateRestResponse({ method: "GET", url: `${API}/repos/o/r/contents/a.yml`, status: 200, body: "a: 1\n" })).toStrictEqual([]);
  });
});

describe("validateGraphqlResponse", () => {
  const request = {
    query: 'query Case($owner: String!) { repository(owner: $owner, name: "r") { isPrivate discussion(number: 1) { title author { login } } } }',
    variables: { owner: "o" },
  };

  it("accepts data that answers the selection with the schema's types", async () => {
    expect(
      await validateGraphqlResponse(request, {
        data: { repository: { isPrivate: true, discussion: { title: "t", author: { __typename: "Bot", login: "call-in" } } } },
      }),
    ).toStrictEqual([]);
    expect(await validateGraphqlResponse(request, { data: null, errors: [{ type: "NOT_FOUND", message: "gone" }] })).toStrictEqual([]);
  });

  it("reports a value of the wrong type, a null where the schema says non-null, and an enum value the schema lacks", async () => {
    expect(await validateGraphqlResponse(request, { data: { repository: { isPrivate: "yes", discussion: null } } })).toStrictEqual([
      'POST /graphql answered: data.repository.isPrivate: Boolean cannot represent a non boolean value: "yes"',
    ]);
    expect(await validateGraphqlResponse(request, { data: { repository: { isPrivate: true, discussion: { title: null, author: null } } } })).toStrictEqual([
      "POST /graphql answered: data.repository.discussion.title: Cannot return null for non-nullable field Discussion.title.",
    ]);
    const hide = {
      query: "mutation Hide($id: ID!) { minimizeComment(input: { subjectId: $id, classifier: ABUSE }) { minimizedComment { minimizedReason isMinimized } } }",
      variables: { id: "IC_1" },
    };
    expect(
      await validateGraphqlResponse(hide, { data: { minimizeComment: { minimizedComment: { __typename: "IssueComment", isMinimized: "TRUE" } } } }),
    ).toStrictEqual(['POST /graphql answered: data.minimizeComment.minimizedComment.isMinimized: Boolean cannot represent a non boolean value: "TRUE"']);
    expect(await validateGraphqlResponse(request, {})).toStrictEqual(['POST /graphql answered: no "data" object and no "errors"']);
  });

  it("reports a selected __typename left out or naming another type: GitHub always sends the object's own type", async () => {
    const typed = {
      query: "query Comments($id: ID!) { node(id: $id) { ... on Discussion { comments(first: 2) { nodes { author { login __typename } } } } } }",
      variables: { id: "D_1" },
    };
    const answer = (...authors: object[]) => ({ data: { node: { comments: { nodes: authors.map((author) => ({ author })) } } } });
    expect(await validateGraphqlResponse(typed, answer({ login: "alex", __typename: "User" }, { login: "call-in", __typename: "Bot" }))).toStrictEqual([]);
    expect(await validateGraphqlResponse(typed, answer({ login: "alex", __typename: "User" }, { login: "call-in" }))).toStrictEqual([
      "POST /graphql answered: data.node.comments.nodes.1.author.__typename: missing, where GitHub always sends the type it selects",
    ]);
    // A `node` without __typename is read as the type the query's fragment asks for (Discussion, not Issue or Commit, which also have comments), so its fields are checked.
    expect(await validateGraphqlResponse(typed, { data: { node: { comments: { nodes: { author: null } } } } })).toStrictEqual([
      'POST /graphql answered: data.node.comments.nodes: Expected Iterable, but did not find one for field "DiscussionCommentConnection.nodes".',
    ]);
    // An object type's own name too (a discussion's repository is always a Repository).
    const concrete = { query: 'query R { repository(owner: "o", name: "r") { __typename isPrivate } }' };
    expect(await validateGraphqlResponse(concrete, { data: { repository: { isPrivate: true } } })).toStrictEqual([
      "POST /graphql answered: data.repository.__typename: missing, where GitHub always sends the type it selects",
    ]);
    expect(await validateGraphqlResponse(concrete, { data: { repository: { __typename: "Organization", isPrivate: true } } })).toStrictEqual([
      'POST /graphql answered: data.repository.__typename: "Organization", where GitHub sends "Repository"',
    ]);
  });

  it("reports a URI that is not an absolute URL and a DateTime that is not an ISO-8601 time (GitHub's own scalars)", async () => {
    const dated = { query: 'query D { repository(owner: "o", name: "r") { discussion(number: 1) { url createdAt updatedAt } } }' };
    expect(
      await validateGraphqlResponse(dated, {
        data: {
          repository: {
            discussion: { url: "https://github.com/o/r/discussions/1", createdAt: "2026-11-01T10:00:00Z", updatedAt: "2026-11-01T10:00:00.123+01:00" },
          },
        },
      }),
    ).toStrictEqual([]);
    // The first non-null field that fails nulls the discussion, so each answer has one fault.
    const discussion = (fields: object) => ({
      data: {
        repository: {
          discussion: { url: "https://github.com/o/r/discussions/1", createdAt: "2026-11-01T10:00:00Z", updatedAt: "2026-11-01T10:00:00Z", ...fields },
        },
      },
    });
    expect(await validateGraphqlResponse(dated, discussion({ url: "u" }))).toStrictEqual([
      'POST /graphql answered: data.repository.discussion.url: URI cannot represent "u": GitHub sends an absolute http(s) URL',
    ]);
    expect(await validateGraphqlResponse(dated, discussion({ createdAt: "yesterday" }))).toStrictEqual([
      'POST /graphql answered: data.repository.discussion.createdAt: DateTime cannot represent "yesterday": GitHub sends an ISO-8601 time',
    ]);
    expect(await validateGraphqlResponse(dated, discussion({ updatedAt: "2026-11-01" }))).toStrictEqual([
      'POST /graphql answered: data.repository.discussion.updatedAt: DateTime cannot represent "2026-11-01": GitHub sends an ISO-8601 time',
    ]);
  });
});

describe("installContractChecks (installed by test/setup.ts)", () => {
  it("records a violation for a request that nock answers but GitHub would reject", async () => {
    const scope = nock(API).put("/repos/o/r/issues/1/lock").reply(204);
    const response = await fetch(`${API}/repos/o/r/issues/1/lock`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ lock_reason: "too_heated" }),
    });
    expect(response.status).toBe(204);
    scope.done();
    expect(takeViolations()).toStrictEqual([
      'PUT /repos/o/r/issues/1/lock (issues/lock): body/lock_reason must be one of "off-topic", "too heated", "resolved", "spam"',
    ]);
  });

  it("records nothing for a valid request", async () => {
    nock(API).post("/repos/o/r/issues/1/comments").reply(201, { id: 1, html_url: "https://github.com/o/r/issues/1#issuecomment-1" });
    await fetch(`${API}/repos/o/r/issues/1/comments`, { method: "POST", body: JSON.stringify({ body: "hello" }) });
    expect(takeViolations()).toStrictEqual([]);
  });

  it("checks requests sent by Octokit, on GHES too", async () => {
    nock(GHES)
      .post("/repos/o/r/issues")
      .reply(201, { number: 7, node_id: "I_7", html_url: "https://ghe.example.com/o/r/issues/7", title: "t", body: null, state: "open", user: APP_BOT_USER });
    const octokit = new Octokit({ auth: "token", baseUrl: GHES });
    await octokit.rest.issues.create({ owner: "o", repo: "r", title: "t", labels: ["bug"], colour: "red" } as never);
    expect(takeViolations()).toStrictEqual([
      'POST /repos/o/r/issues (issues/create): body has unknown property "colour" (known: title, body, assignee, milestone, labels, assignees, issue_field_values, type)',
    ]);
  });

  it("checks installation access token requests", async () => {
    nock(API).post("/app/installations/1/access_tokens").reply(201, { token: "t", expires_at: "2030-01-01T00:00:00Z" });
    await fetch(`${API}/app/installations/1/access_tokens`, { method: "POST", body: JSON.stringify({ permissions: { issues: "admin" } }) });
    expect(takeViolations()).toStrictEqual([
      'POST /app/installations/1/access_tokens (apps/create-installation-access-token): body/permissions/issues must be one of "read", "write"',
    ]);
  });

  it("checks GraphQL requests", async () => {
    nock(API).post("/graphql").times(2).reply(200, { data: {} });
    const send = (body: unknown) => fetch(`${API}/graphql`, { method: "POST", body: JSON.stringify(body) });
    await send({ query: "mutation Hide($id: ID!) { minimizeComment(input: { subjectId: $id, classifier: ABUSE }) { clientMutationId } }", variables: {} });
    await send({ query: "query { viewer { loginn } }" });
    await settleContractChecks(); // the first GraphQL check of a process waits for the schema to load
    expect(takeViolations()).toStrictEqual([
      "POST /graphql: variable $id of type ID! is required but missing",
      'POST /graphql: Cannot query field "loginn" on type "User". Did you mean "login"?',
    ]);
  });

  it("records a mocked answer GitHub would never send, static or computed, REST and GraphQL", async () => {
    nock(API)
      .get("/repos/o/r/issues/7")
      .reply(200, { number: 7, node_id: "I_7", html_url: "https://github.com/o/r/issues/7", title: "t", body: "", state: "open", user: null });
    nock(API)
      .get("/repos/o/r/issues/8")
      .reply(200, () => ({
        number: 8,
        node_id: "I_8",
        html_url: "https://github.com/o/r/issues/8",
        title: "t",
        body: "",
        state: "open",
        user: { login: "mona", id: 1 },
      }));
    nock(API)
      .get("/repos/o/r/issues/9")
      .reply(() => [200, { number: "9" }]);
    nock(API)
      .post("/graphql")
      .reply(200, { data: { viewer: { login: "mona", isHireable: "no" } } });
    for (const number of [7, 8, 9]) await fetch(`${API}/repos/o/r/issues/${number}`);
    await fetch(`${API}/graphql`, { method: "POST", body: JSON.stringify({ query: "query { viewer { login isHireable } }" }) });
    await settleContractChecks();
    expect(takeViolations()).toStrictEqual([]);
    expect(takeResponseViolations()).toStrictEqual([
      "GET /repos/o/r/issues/7 (issues/get) answered 200: response/user must be object",
      'GET /repos/o/r/issues/8 (issues/get) answered 200: response/user is missing required property "type"',
      "GET /repos/o/r/issues/9 (issues/get) answered 200: response/number must be integer",
      ...["node_id", "html_url", "title", "body", "state", "user"].map(
        (field) => `GET /repos/o/r/issues/9 (issues/get) answered 200: response is missing required property "${field}"`,
      ),
      'POST /graphql answered: data.viewer.isHireable: Boolean cannot represent a non boolean value: "no"',
    ]);
  });

  it("records requests no mock answered", async () => {
    nock(API).get("/repos/o/r").reply(200, {});
    await expect(fetch(`${API}/repos/x/y`)).rejects.toThrow();
    await expect(fetch("https://other.example.com/hook", { method: "POST", body: "{}" })).rejects.toThrow();
    expect(takeViolations()).toStrictEqual(["no mock for GET /repos/x/y on api.github.com", "no mock for POST /hook on other.example.com"]);
  });

  it("does not validate requests to other hosts", async () => {
    nock("https://hooks.example.com").post("/anything").reply(204);
    await fetch("https://hooks.example.com/anything", { method: "POST", body: JSON.stringify({ lock_reason: "too_heated" }) });
    expect(takeViolations()).toStrictEqual([]);
  });
});

describe("examplePayload", () => {
  it("returns a real issues.labeled payload with an installation", () => {
    const payload = examplePayload<WebhookPayload<"issues.labeled">>("issues", { action: "labeled" });
    expect(payload.action).toBe("labeled");
    expect(payload.label?.name).toEqual(expect.any(String));
    expect(payload.installation?.id).toBe(1);
    expect(payload.repository.full_name).toBe("Codertocat/Hello-World");
  });

  it("returns a fresh copy each time", () => {
    const first = examplePayload("issues", { action: "labeled" });
    first.issue.number = 999;
    expect(examplePayload("issues", { action: "labeled" }).issue.number).not.toBe(999);
  });

  it("picks later examples by index and throws a helpful error when none matches", () => {
    expect(examplePayload("issues", { action: "labeled", index: 1 }).action).toBe("labeled");
    expect(() => examplePayload("issues", { action: "teleported" })).toThrow(
      /No "issues" example with action "teleported".*Actions with examples: .*\blabeled\b/,
    );
    expect(() => examplePayload("issues", { action: "labeled", index: 9 })).toThrow(/at index 9 \(2 found\)/);
    expect(() => examplePayload("no_such_event")).toThrow(/No "no_such_event" webhook examples/);
  });
});

describe("withOverrides", () => {
  it("merges objects deeply, replaces arrays, removes undefined keys and leaves its inputs alone", () => {
    const base = { issue: { number: 1, title: "t", labels: [{ name: "a" }, { name: "b" }] }, sender: { login: "x" }, extra: 1 };
    const merged = withOverrides(base, { issue: { number: 2, labels: [{ name: "c" }] }, extra: undefined });
    expect(merged).toStrictEqual({ issue: { number: 2, title: "t", labels: [{ name: "c" }] }, sender: { login: "x" } });
    expect(base.issue.number).toBe(1);
    expect(base.extra).toBe(1);
  });
});
