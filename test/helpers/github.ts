import nock from "nock";
import { parseMeta, type CaseMeta } from "../../src/cases/metadata.js";

/** What the app sent to GitHub, for assertions on request bodies. */
export interface Sent {
  createdIssues: Array<{ owner: string; repo: string; title: string; body: string }>;
  comments: Array<{ owner: string; repo: string; number: number; body: string }>;
  updatedBodies: Array<{ owner: string; repo: string; number: number; body: string }>;
  graphql: Array<{ query: string; variables: Record<string, unknown> }>;
  /** Every request answered by `responds(...)` or a case thread mock, in order. */
  requests: Array<{ method: string; path: string; body: any }>;
}

export interface OpenCaseFixture {
  number: number;
  title?: string;
  body: string;
}

/**
 * A small chainable vocabulary for the GitHub API as Call-In uses it, so tests
 * read as a story instead of walls of nock. Every request is also checked
 * against GitHub's OpenAPI description and GraphQL schema (test/setup.ts).
 * The same request expected twice is one interceptor with `.times(2)` (e.g.
 * `commentsOn(o, r, n, 2)`): two identical interceptors answer only once.
 */
export class GitHubMock {
  readonly scope: nock.Scope;
  readonly sent: Sent = { createdIssues: [], comments: [], updatedBodies: [], graphql: [], requests: [] };
  /** Current bodies of case issues mocked with `caseIssue` (they change as the app writes). */
  readonly caseIssues = new Map<string, { body: string; state: string; title: string }>();
  private nextIssue = 100;

  constructor(readonly baseUrl = "https://api.github.com") {
    this.scope = nock(baseUrl);
  }

  /** `.github/call-in.yml`: YAML text in the repository, or null for "no file here nor in the owner's .github". */
  config(owner: string, repo: string, yaml: string | null): this {
    const file = /\/contents\/\.github(%2F|\/)call-in\.yml$/;
    if (yaml === null) {
      this.scope.get((uri) => uri.startsWith(`/repos/${owner}/${repo}/contents/`) && file.test(uri)).reply(404, { message: "Not Found" });
      this.scope.get((uri) => uri.startsWith(`/repos/${owner}/.github/contents/`) && file.test(uri)).reply(404, { message: "Not Found" });
    } else {
      this.scope.get((uri) => uri.startsWith(`/repos/${owner}/${repo}/contents/`) && file.test(uri)).reply(200, yaml, { "content-type": "application/vnd.github.v3.raw; charset=utf-8" });
    }
    return this;
  }

  /** The owner keeps no template overrides (or sets some: name -> text). */
  templates(owner: string, overrides: Record<string, string> = {}): this {
    const folder = ".github/call-in/templates";
    const names = Object.keys(overrides);
    const folderPath = (uri: string) => uri.startsWith(`/repos/${owner}/.github/contents/`) && /call-in(%2F|\/)templates$/.test(uri.split("?")[0] ?? "");
    if (names.length === 0) {
      this.scope.get(folderPath).reply(404, { message: "Not Found" });
      return this;
    }
    this.scope.get(folderPath).reply(
      200,
      names.map((name) => ({ type: "file", name, path: `${folder}/${name}`, sha: `sha-${name}`, size: 1, url: "", html_url: "", git_url: "", download_url: null, _links: {} })),
    );
    for (const name of names) {
      this.scope
        .get((uri) => uri.startsWith(`/repos/${owner}/.github/contents/`) && uri.split("?")[0]!.endsWith(encodeURIComponent(name).replace(/\./g, ".")))
        .reply(200, { type: "file", name, path: `${folder}/${name}`, sha: `sha-${name}`, encoding: "base64", content: Buffer.from(overrides[name]!).toString("base64") });
    }
    return this;
  }

  /** `GET /repos/{owner}/{repo}`: private by default; `null` for a repository the app cannot see. */
  repository(owner: string, repo: string, options: { private?: boolean; ownerType?: "Organization" | "User" } | null = {}): this {
    if (options === null) {
      this.scope.get(`/repos/${owner}/${repo}`).reply(404, { message: "Not Found" });
      return this;
    }
    this.scope.get(`/repos/${owner}/${repo}`).reply(200, {
      id: 4242,
      node_id: "R_kgDOcase",
      name: repo,
      full_name: `${owner}/${repo}`,
      private: options.private ?? true,
      owner: { login: owner, id: 1, type: options.ownerType ?? "Organization" },
      html_url: `https://github.com/${owner}/${repo}`,
    });
    return this;
  }

  /** Open issues of the case repository (cases are recognised by their metadata block). */
  openCases(owner: string, repo: string, cases: OpenCaseFixture[] = []): this {
    this.scope
      .get(`/repos/${owner}/${repo}/issues`)
      .query({ state: "open", per_page: "100" })
      .reply(
        200,
        cases.map((c) => ({ number: c.number, node_id: `I_${c.number}`, html_url: `https://github.com/${owner}/${repo}/issues/${c.number}`, title: c.title ?? `case ${c.number}`, body: c.body, state: "open" })),
      );
    return this;
  }

  /** The app opens an issue (a case, or a config note) in `owner/repo`. */
  createsIssue(owner: string, repo: string): this {
    this.scope.post(`/repos/${owner}/${repo}/issues`, (body) => {
      this.sent.createdIssues.push({ owner, repo, title: body.title, body: body.body });
      return true;
    }).reply(201, () => {
      const number = this.nextIssue++;
      const last = this.sent.createdIssues.at(-1)!;
      return { number, node_id: `I_${number}`, html_url: `https://github.com/${owner}/${repo}/issues/${number}`, title: last.title, body: last.body, state: "open" };
    });
    return this;
  }

  /** The app comments on an issue `times` times (recorded in `sent.comments`). */
  commentsOn(owner: string, repo: string, number: number, times = 1): this {
    this.scope.post(`/repos/${owner}/${repo}/issues/${number}/comments`, (body) => {
      this.sent.comments.push({ owner, repo, number, body: body.body });
      return true;
    }).times(times).reply(201, { id: 9001, node_id: "IC_9001", html_url: `https://github.com/${owner}/${repo}/issues/${number}#issuecomment-9001`, body: "" });
    return this;
  }

  updatesIssueBody(owner: string, repo: string, number: number): this {
    this.scope.patch(`/repos/${owner}/${repo}/issues/${number}`, (body) => {
      this.sent.updatedBodies.push({ owner, repo, number, body: body.body });
      return true;
    }).reply(200, { number, node_id: `I_${number}`, html_url: "", title: "", body: "", state: "open" });
    return this;
  }

  removesLabel(owner: string, repo: string, number: number, label: string): this {
    this.scope.delete(`/repos/${owner}/${repo}/issues/${number}/labels/${encodeURIComponent(label)}`).reply(200, []);
    return this;
  }

  permission(owner: string, repo: string, username: string, permission: "admin" | "write" | "read" | "none"): this {
    this.scope.get(`/repos/${owner}/${repo}/collaborators/${username}/permission`).reply(200, { permission, role_name: permission, user: { login: username, id: 7 } });
    return this;
  }

  teamMembership(org: string, team: string, username: string, state: "active" | "pending" | null): this {
    const path = `/orgs/${org}/teams/${team}/memberships/${username}`;
    if (state === null) this.scope.get(path).reply(404, { message: "Not Found" });
    else this.scope.get(path).reply(200, { state, role: "member", url: "" });
    return this;
  }

  deletesIssueComment(owner: string, repo: string, id: number): this {
    this.scope.delete(`/repos/${owner}/${repo}/issues/comments/${id}`).reply(204);
    return this;
  }

  deletesReviewComment(owner: string, repo: string, id: number): this {
    this.scope.delete(`/repos/${owner}/${repo}/pulls/comments/${id}`).reply(204);
    return this;
  }

  /** A GraphQL call whose operation name matches; `reply` gets the variables. */
  graphqlOp(operation: string, reply: (variables: Record<string, any>) => unknown): this {
    this.scope
      .post("/graphql", (body) => typeof body.query === "string" && new RegExp(`\\b(query|mutation)\\s+${operation}\\b`).test(body.query))
      .reply(200, (_uri, body) => {
        const { query, variables } = body as { query: string; variables: Record<string, unknown> };
        this.sent.graphql.push({ query, variables });
        return { data: reply(variables) };
      });
    return this;
  }

  /**
   * An existing case issue the app reads and writes: `GET` answers the current
   * body, `PATCH` changes it (recorded in `sent.updatedBodies` and `sent.requests`).
   * Persisted, because a command reads the case more than once (under its lock).
   */
  caseIssue(owner: string, repo: string, number: number, body: string, options: { state?: "open" | "closed"; title?: string; writes?: boolean } = {}): this {
    const key = `${owner}/${repo}#${number}`;
    this.caseIssues.set(key, { body, state: options.state ?? "open", title: options.title ?? `case ${number}` });
    const reply = () => {
      const current = this.caseIssues.get(key)!;
      return { number, node_id: `I_${number}`, html_url: `https://github.com/${owner}/${repo}/issues/${number}`, title: current.title, body: current.body, state: current.state };
    };
    this.scope.get(`/repos/${owner}/${repo}/issues/${number}`).reply(200, reply).persist();
    if (options.writes === false) return this;
    this.scope
      .patch(`/repos/${owner}/${repo}/issues/${number}`, (body) => {
        const current = this.caseIssues.get(key)!;
        this.caseIssues.set(key, { body: body.body ?? current.body, state: body.state ?? current.state, title: body.title ?? current.title });
        this.sent.requests.push({ method: "PATCH", path: `/repos/${owner}/${repo}/issues/${number}`, body });
        if (body.body !== undefined) this.sent.updatedBodies.push({ owner, repo, number, body: body.body });
        return true;
      })
      .reply(200, reply)
      .persist();
    return this;
  }

  /** The metadata of a case issue mocked with `caseIssue`, as the app left it. */
  caseMetaOf(owner: string, repo: string, number: number): CaseMeta | null {
    return parseMeta(this.caseIssues.get(`${owner}/${repo}#${number}`)?.body);
  }

  /** Any REST call: answers `status` with `reply`, and records the request body in `sent.requests`. */
  responds(method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE", path: string, status: number, reply: unknown = {}): this {
    const verb = method.toLowerCase() as "get" | "post" | "put" | "patch" | "delete";
    const record = (body: any) => {
      this.sent.requests.push({ method, path, body });
      return true;
    };
    const interceptor = verb === "get" || verb === "delete" ? this.scope[verb](path) : this.scope[verb](path, record);
    interceptor.reply(status, (_uri, body) => {
      if (verb === "get" || verb === "delete") record(body || null);
      return reply as nock.Body;
    });
    return this;
  }

  /** A GraphQL call that GitHub answers with an error (e.g. type FORBIDDEN, "Resource not accessible by integration"). */
  graphqlError(operation: string, message: string, type = "FORBIDDEN"): this {
    this.scope
      .post("/graphql", (body) => typeof body.query === "string" && new RegExp(`\\b(query|mutation)\\s+${operation}\\b`).test(body.query))
      .reply(200, (_uri, body) => {
        const { query, variables } = body as { query: string; variables: Record<string, unknown> };
        this.sent.graphql.push({ query, variables });
        return { data: null, errors: [{ type, message, path: [] }] };
      });
    return this;
  }

  /** The metadata of the case the app created last. */
  lastCaseMeta(): CaseMeta {
    const issue = this.sent.createdIssues.at(-1);
    const meta = parseMeta(issue?.body);
    if (!meta) throw new Error("no case with metadata was created");
    return meta;
  }

  done(): void {
    this.scope.done();
  }
}

export function mockGitHub(baseUrl?: string): GitHubMock {
  return new GitHubMock(baseUrl);
}
