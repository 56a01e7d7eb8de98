/**
 * Fault injection for the GitHub API: records every request the app sends to
 * GitHub, in order, and makes the n-th one fail the way GitHub or the network
 * can (test/fault-injection.test.ts). Mocks still answer every other request;
 * the fault sits in front of them, on `globalThis.fetch`, which Octokit calls
 * for each request (and which nock intercepts underneath).
 */
import nock from "nock";
import { parse, type OperationDefinitionNode } from "graphql";
import { parseApiUrl } from "./contract.js";
import { findMetaBlock, parseMetaJson, type CaseMeta } from "../../src/cases/metadata.js";
import { APP_BOT_USER, caseBody, testSeal } from "./cases.js";
import { issueCommentAnswer, repositoryAnswer } from "./github.js";

/**
 * How a request fails. `timeout` is what the client sees at its deadline (no
 * waiting on the clock): a request with an abort signal hangs until the app's
 * own deadline aborts it (at once when the test gave the app `RequestDeadlines`);
 * one without gets undici's headers-timeout error.
 * `lost-response` is a write that GitHub carried out whose answer never
 * arrived (a 502 after the fact), the case where a retry can duplicate work.
 */
export const FAULT_KINDS = ["500", "502", "403-secondary-rate-limit", "404", "timeout", "connection-reset", "lost-response"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface GitHubRequest {
  method: string;
  /** REST path without query, or `/graphql`. */
  path: string;
  query: string;
  body: string;
  /** GraphQL: the operation's type and name. */
  operation?: { type: "query" | "mutation" | "subscription"; name: string };
  /** The fault this request met, if any. */
  fault?: FaultKind;
}

export function isWrite(request: Pick<GitHubRequest, "method" | "operation">): boolean {
  if (request.operation) return request.operation.type === "mutation";
  return !["GET", "HEAD", "OPTIONS"].includes(request.method);
}

/** `owner/repo` (lower case) of a `/repos/{owner}/{repo}/...` path, else null. */
export function repositoryOf(path: string): string | null {
  const match = /^\/repos\/([^/]+)\/([^/]+)/.exec(path);
  return match ? `${decodeURIComponent(match[1]!)}/${decodeURIComponent(match[2]!)}`.toLowerCase() : null;
}

/**
 * A write that may land in a public place: any REST write outside the given
 * private repositories, and every GraphQL mutation (a node id does not say
 * where it points, so mutations count as public unless the happy path made the same one).
 */
export function isPublicWrite(request: GitHubRequest, privateRepositories: readonly string[]): boolean {
  if (!isWrite(request)) return false;
  if (request.operation) return true;
  const repository = repositoryOf(request.path);
  return repository === null || !privateRepositories.map((r) => r.toLowerCase()).includes(repository);
}

/** A short name for a request: `DELETE /repos/o/r/issues/1/labels/x` or `mutation MinimizeComment`. */
export function describeRequest(request: GitHubRequest): string {
  return request.operation ? `${request.operation.type} ${request.operation.name}` : `${request.method} ${request.path}`;
}

function operationOf(body: string): GitHubRequest["operation"] {
  try {
    const { query } = JSON.parse(body) as { query?: string };
    if (typeof query !== "string") return undefined;
    const operation = parse(query).definitions.find((d): d is OperationDefinitionNode => d.kind === "OperationDefinition");
    return operation ? { type: operation.operation, name: operation.name?.value ?? "(anonymous)" } : undefined;
  } catch {
    return undefined;
  }
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8", ...headers } });
}

/** undici's rejection for a network failure: `TypeError: fetch failed` with the cause attached. */
function networkError(code: string, message: string): TypeError {
  return new TypeError("fetch failed", { cause: Object.assign(new Error(message), { code }) });
}

async function failedAnswer(
  kind: Exclude<FaultKind, "lost-response">,
  signal: AbortSignal | null | undefined,
  deadlines: RequestDeadlines | undefined,
): Promise<Response> {
  switch (kind) {
    case "500":
      return json(500, { message: "Server Error" });
    case "502":
      return json(502, { message: "Server Error" });
    case "403-secondary-rate-limit":
      return json(
        403,
        {
          message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
          documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
        },
        { "retry-after": "60", "x-ratelimit-remaining": "4000" },
      );
    case "404":
      return json(404, { message: "Not Found", documentation_url: "https://docs.github.com/rest" });
    case "connection-reset":
      throw networkError("ECONNRESET", "read ECONNRESET");
    case "timeout":
      if (signal) {
        // The app set a deadline: GitHub never answers, and the app's own deadline ends the wait.
        return new Promise<Response>((_, reject) => {
          if (signal.aborted) reject(signal.reason);
          signal.addEventListener("abort", () => reject(signal.reason), { once: true });
          deadlines?.expire(signal);
        });
      }
      throw networkError("UND_ERR_HEADERS_TIMEOUT", "Headers Timeout Error");
  }
}

/**
 * Per-request time limits the test hands the app (the report form's
 * `githubRequestSignal`) instead of a timer: no request runs out of time
 * because the machine is busy, and the one a `timeout` fault leaves hanging
 * reaches its limit at once, with the reason `AbortSignal.timeout` gives.
 */
export class RequestDeadlines {
  private readonly controllers = new WeakMap<AbortSignal, AbortController>();

  /** A fresh limit for one request. */
  readonly signal = (): AbortSignal => {
    const controller = new AbortController();
    this.controllers.set(controller.signal, controller);
    return controller.signal;
  };

  /** Ends the limit behind `signal`; false when it is not one of these. */
  expire(signal: AbortSignal): boolean {
    const controller = this.controllers.get(signal);
    controller?.abort(new DOMException("The operation was aborted due to timeout", "TimeoutError"));
    return controller !== undefined;
  }
}

/**
 * Every GitHub API request of the app, in order, with one of them failing on demand.
 * `install()` in a test, `uninstall()` after it; requests to anything but
 * GitHub's API (the test's own calls to the report form) pass untouched.
 */
export class GitHubTraffic {
  readonly requests: GitHubRequest[] = [];
  private fault: { at: number; kind: FaultKind } | null = null;
  private original: typeof fetch | null = null;

  /** `deadlines`: the limits the app was given, so a hanging request reaches its limit without a clock. */
  constructor(private readonly options: { deadlines?: RequestDeadlines } = {}) {}

  /** The `at`-th GitHub request from now on (0-based over `requests`) fails with `kind`. */
  failAt(at: number, kind: FaultKind): void {
    this.fault = { at, kind };
  }

  clearFault(): void {
    this.fault = null;
  }

  install(): void {
    if (this.original) return;
    const original = globalThis.fetch;
    this.original = original;
    globalThis.fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      const target = url.startsWith("http") ? parseApiUrl(url) : undefined;
      if (!target) return original(input, init);
      const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
      const body = typeof init?.body === "string" ? init.body : "";
      const request: GitHubRequest = { method, path: target.path, query: target.query.toString(), body };
      const operation = target.kind === "graphql" ? operationOf(body) : undefined;
      if (operation) request.operation = operation;
      const position = this.requests.push(request) - 1;
      const fault = this.fault?.at === position ? this.fault.kind : undefined;
      if (!fault) return original(input, init);
      request.fault = fault;
      if (fault === "lost-response") {
        // GitHub acts on the request; the answer is lost on the way back.
        const answer = await original(input, init);
        await answer.arrayBuffer().catch(() => undefined);
        return json(502, { message: "Server Error" });
      }
      return failedAnswer(fault, init?.signal, this.options.deadlines);
    };
  }

  uninstall(): void {
    if (this.original) globalThis.fetch = this.original;
    this.original = null;
    this.fault = null;
  }
}

export interface FakeComment {
  id: number;
  body: string;
  login: string;
}

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  comments: FakeComment[];
  assignees: string[];
}

/** An issue the fake starts with: `meta` is sealed into its body for the fake's repository, as the app would have written it. */
export type SeedIssue = Pick<FakeIssue, "number" | "title"> & Partial<FakeIssue> & ({ body: string; meta?: never } | { body?: string; meta: CaseMeta });

/**
 * A private case repository that remembers what the app wrote (issues format):
 * issues created, read, listed, edited and commented on, answered as often as
 * asked. GitHub names the app's bot as the author of every issue (the app
 * opened them) and of its own comments, and stores bodies as written, so a
 * block the app sealed for this repository verifies here. Cases created here
 * are what "one case, whole" is checked against.
 */
export class CaseRepositoryFake {
  readonly issues: FakeIssue[] = [];
  private nextNumber: number;
  private nextComment = 9001;

  constructor(
    readonly owner: string,
    readonly repo: string,
    options: { firstNumber?: number; issues?: SeedIssue[] } = {},
  ) {
    for (const { meta, ...issue } of options.issues ?? []) {
      const body = meta ? caseBody(meta, issue.body, { repo: `${owner}/${repo}` }) : issue.body!;
      this.issues.push({ comments: [], state: "open", assignees: [], ...issue, body });
    }
    this.nextNumber = options.firstNumber ?? 100;
    const base = `/repos/${owner}/${repo}`;
    const scope = nock("https://api.github.com").persist();
    const asRest = (issue: FakeIssue) => ({
      number: issue.number,
      node_id: `I_${issue.number}`,
      html_url: `https://github.com/${owner}/${repo}/issues/${issue.number}`,
      title: issue.title,
      body: issue.body,
      state: issue.state,
      assignees: issue.assignees.map((login, i) => ({ login, id: 500 + i, type: "User" })),
      labels: [],
      user: APP_BOT_USER,
    });
    const numberIn = (uri: string) => Number(/\/issues\/(\d+)/.exec(uri)?.[1]);
    scope.get(base).reply(200, repositoryAnswer(owner, repo));
    scope
      .get(`${base}/issues`)
      .query(true)
      .reply(200, (uri) => {
        const state = new URL(uri, "https://api.github.com").searchParams.get("state") ?? "open";
        return this.issues.filter((i) => state === "all" || i.state === state).map(asRest);
      });
    scope.post(`${base}/issues`).reply(201, (_uri, body) => {
      const { title, body: text } = body as { title: string; body: string };
      const issue: FakeIssue = { number: this.nextNumber++, title, body: text, state: "open", comments: [], assignees: [] };
      this.issues.push(issue);
      return asRest(issue);
    });
    scope.get(new RegExp(`^${base}/issues/\\d+$`)).reply((uri) => {
      const issue = this.issues.find((i) => i.number === numberIn(uri));
      return issue ? [200, asRest(issue)] : [404, { message: "Not Found" }];
    });
    scope.patch(new RegExp(`^${base}/issues/\\d+$`)).reply((uri, body) => {
      const issue = this.issues.find((i) => i.number === numberIn(uri));
      if (!issue) return [404, { message: "Not Found" }];
      const changes = body as Partial<Pick<FakeIssue, "body" | "title" | "state" | "assignees">>;
      if (changes.body !== undefined) issue.body = changes.body;
      if (changes.title !== undefined) issue.title = changes.title;
      if (changes.state !== undefined) issue.state = changes.state;
      if (changes.assignees !== undefined) issue.assignees = changes.assignees;
      return [200, asRest(issue)];
    });
    scope.post(new RegExp(`^${base}/issues/\\d+/comments$`)).reply((uri, body) => {
      const issue = this.issues.find((i) => i.number === numberIn(uri));
      if (!issue) return [404, { message: "Not Found" }];
      const id = this.nextComment++;
      issue.comments.push({ id, body: (body as { body: string }).body, login: APP_BOT_USER.login });
      return [201, { ...issueCommentAnswer(owner, repo, issue.number, id, (body as { body: string }).body), user: APP_BOT_USER }];
    });
    scope.delete(new RegExp(`^${base}/issues/comments/\\d+$`)).reply((uri) => {
      const id = Number(/comments\/(\d+)$/.exec(uri)?.[1]);
      const issue = this.issues.find((i) => i.comments.some((c) => c.id === id));
      if (!issue) return [404, { message: "Not Found" }];
      issue.comments = issue.comments.filter((c) => c.id !== id);
      return [204, ""];
    });
    scope.post(new RegExp(`^${base}/issues/\\d+/assignees$`)).reply((uri, body) => {
      const issue = this.issues.find((i) => i.number === numberIn(uri));
      if (!issue) return [404, { message: "Not Found" }];
      issue.assignees = [...new Set([...issue.assignees, ...(body as { assignees: string[] }).assignees])];
      return [201, asRest(issue)];
    });
    scope.delete(new RegExp(`^${base}/issues/\\d+/assignees$`)).reply((uri, body) => {
      const issue = this.issues.find((i) => i.number === numberIn(uri));
      if (!issue) return [404, { message: "Not Found" }];
      const removed = (body as { assignees: string[] }).assignees;
      issue.assignees = issue.assignees.filter((a) => !removed.includes(a));
      return [200, asRest(issue)];
    });
    scope
      .get(new RegExp(`^${base}/issues/\\d+/comments$`))
      .query(true)
      .reply((uri) => {
        const issue = this.issues.find((i) => i.number === numberIn(uri));
        return [
          200,
          (issue?.comments ?? []).map((c) => ({
            id: c.id,
            node_id: `IC_${c.id}`,
            body: c.body,
            html_url: `https://github.com/${owner}/${repo}/issues/${issue!.number}#issuecomment-${c.id}`,
            user: c.login === APP_BOT_USER.login ? APP_BOT_USER : { login: c.login, id: 1, type: "User" },
            created_at: "2026-11-01T11:00:00Z",
            updated_at: "2026-11-01T11:00:00Z",
          })),
        ];
      });
  }

  /** Issues created by the app (beyond those the fake started with). */
  created(): FakeIssue[] {
    return this.issues.filter((i) => i.number >= 100);
  }

  /** The metadata of an issue, or null for a half-written one (or one whose seal does not verify in this repository). */
  metaOf(issue: FakeIssue): CaseMeta | null {
    const block = findMetaBlock(issue.body);
    if (!block?.seal || !testSeal.keys.verify(`${this.owner}/${this.repo}`, block.json, block.seal)) return null;
    return parseMetaJson(block.json);
  }
}

export interface LogHit {
  /** Which secret was found. */
  secret: string;
  /** Where in the log line (a dotted path; `msg` for the message). */
  path: string;
  level: number;
}

/** Every place a secret occurs in the captured log lines, with its path. */
export function findSecrets(lines: ReadonlyArray<Record<string, unknown>>, secrets: readonly string[]): LogHit[] {
  const hits: LogHit[] = [];
  const visit = (value: unknown, path: string, level: number, seen: Set<unknown>) => {
    if (typeof value === "string") {
      for (const secret of secrets) if (value.includes(secret)) hits.push({ secret, path, level });
      return;
    }
    if (typeof value !== "object" || value === null || seen.has(value)) return;
    seen.add(value);
    for (const [key, child] of Object.entries(value)) visit(child, path ? `${path}.${key}` : key, level, seen);
  };
  for (const line of lines) visit(line, "", Number(line.level), new Set());
  return hits;
}
