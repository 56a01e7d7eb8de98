import nock from "nock";
import { parseMeta, type CaseMeta } from "../../src/cases/metadata.js";
import { APP_BOT_USER } from "./cases.js";

/** What the app sent to GitHub, for assertions on request bodies. */
export interface Sent {
  createdIssues: Array<{ owner: string; repo: string; title: string; body: string }>;
  comments: Array<{ owner: string; repo: string; number: number; body: string }>;
  updatedBodies: Array<{ owner: string; repo: string; number: number; body: string }>;
  graphql: Array<{ query: string; variables: Record<string, unknown> }>;
  /** Every request answered by `responds(...)` or a case thread mock, in order. */
  requests: Array<{ method: string; path: string; body: any }>;
}

export interface CommentFixture {
  id: number;
  body: string;
  login?: string;
  createdAt?: string;
}

function restComment(owner: string, repo: string, path: string, c: CommentFixture) {
  const at = c.createdAt ?? "2026-11-20T10:00:00Z";
  const login = c.login ?? "someone";
  return {
    id: c.id,
    node_id: `IC_${c.id}`,
    html_url: `https://github.com/${owner}/${repo}/${path}`,
    body: c.body,
    user: { login, id: login.length * 1000 + 7, type: "User" },
    created_at: at,
    updated_at: at,
  };
}

export interface OpenCaseFixture {
  number: number;
  title?: string;
  body: string;
  /** Who opened it (REST `user`): the app's bot unless a test says otherwise. */
  user?: { login: string; id: number; type: string };
}

/**
 * A small chainable vocabulary for the GitHub API as Call-In uses it, so tests
 * read as a story instead of walls of nock. Every request is also checked
 * against GitHub's OpenAPI description and GraphQL schema (test/setup.ts).
 * The same request expected twice is one interceptor with `.times(2)` (e.g.
 * `commentsOn(o, r, n, 2)`): two identical interceptors answer only once.
 */
/**
 * GitHub's answer for a repository (`GET /repos/{owner}/{repo}`): an organisation's private
 * repository unless told otherwise; `private` follows `visibility` when not given.
 */
export function repositoryAnswer(
  owner: string,
  repo: string,
  options: { id?: number; nodeId?: string; private?: boolean; visibility?: "public" | "private" | "internal"; ownerType?: "Organization" | "User" } = {},
) {
  const isPrivate = options.private ?? options.visibility !== "public";
  return {
    id: options.id ?? 4242,
    node_id: options.nodeId ?? "R_kgDOcase",
    name: repo,
    full_name: `${owner}/${repo}`,
    private: isPrivate,
    visibility: options.visibility ?? (isPrivate ? "private" : "public"),
    owner: { login: owner, id: 1, type: options.ownerType ?? "Organization" },
    html_url: `https://github.com/${owner}/${repo}`,
  };
}

/** GitHub's answer for the app's installation on an account (`GET /repos/{owner}/{repo}/installation`, `/users/{user}/installation`). */
export function installationAnswer(owner: string, id: number, accountId = 1) {
  return { id, account: { login: owner, id: accountId }, app_id: 1, target_type: "Organization", permissions: {}, events: [] };
}

/** GitHub's answer for a comment it created on an issue (`POST /repos/{owner}/{repo}/issues/{number}/comments`). */
export function issueCommentAnswer(owner: string, repo: string, number: number, id: number, body: string) {
  return { id, node_id: `IC_${id}`, html_url: `https://github.com/${owner}/${repo}/issues/${number}#issuecomment-${id}`, body };
}

/**
 * No call-in.yml and no template overrides anywhere: the source repository's, the owner's
 * .github and the case repository's own files all answer 404, so the defaults apply.
 */
export function noConfigAnywhere(api: nock.Scope, owner: string, repo: string, caseRepo: string): void {
  api
    .get((uri) => new RegExp(`^/repos/${owner}/((${repo}|\\.github)/contents/|${caseRepo}/contents/\\.github)`).test(uri))
    .reply(404, { message: "Not Found" });
}

export class GitHubMock {
  readonly scope: nock.Scope;
  /** GraphQL lives at `/graphql` on api.github.com but at `/api/graphql` on GitHub Enterprise Server. */
  readonly graphqlScope: nock.Scope;
  /** `/api/v3` on GHES: nock hands function matchers the full path, string matchers get it prefixed. */
  private readonly basePath: string;
  readonly sent: Sent = { createdIssues: [], comments: [], updatedBodies: [], graphql: [], requests: [] };
  /** Current bodies of case issues mocked with `caseIssue` (they change as the app writes). */
  readonly caseIssues = new Map<string, { body: string; state: string; title: string }>();
  private nextIssue = 100;

  constructor(readonly baseUrl = "https://api.github.com") {
    this.scope = nock(baseUrl);
    this.basePath = new URL(baseUrl).pathname.replace(/\/$/, "");
    this.graphqlScope = nock(baseUrl.replace(/\/api\/v3\/?$/, "/api"));
  }

  private local(uri: string): string {
    return uri.startsWith(this.basePath) ? uri.slice(this.basePath.length) : uri;
  }

  /**
   * `.github/call-in.yml`: YAML text in the repository, or null for "no file here";
   * `ownerYaml` is the owner's file in `<owner>/.github` (null: none). The owner's
   * file is read too whenever the repository has one of its own (the owner decides
   * some settings alone), and as the fallback when it has none.
   */
  config(owner: string, repo: string, yaml: string | null, ownerYaml: string | null = null): this {
    const file = /\/contents\/\.github(%2F|\/)call-in\.yml$/;
    const raw = { "content-type": "application/vnd.github.v3.raw; charset=utf-8" };
    const at = (name: string) => (uri: string) => this.local(uri).startsWith(`/repos/${owner}/${name}/contents/`) && file.test(uri);
    if (yaml === null) this.scope.get(at(repo)).reply(404, { message: "Not Found" });
    else this.scope.get(at(repo)).reply(200, yaml, raw);
    if (repo === ".github") return this;
    // Unread when the repository's own file is broken (reading stops there): optional then.
    if (ownerYaml === null && yaml !== null) this.scope.get(at(".github")).optionally().reply(404, { message: "Not Found" });
    else if (ownerYaml === null) this.scope.get(at(".github")).reply(404, { message: "Not Found" });
    else this.scope.get(at(".github")).reply(200, ownerYaml, raw);
    return this;
  }

  /** The owner keeps no template overrides (or sets some: name -> text). */
  templates(owner: string, overrides: Record<string, string> = {}): this {
    const folder = ".github/call-in/templates";
    const names = Object.keys(overrides);
    const folderPath = (uri: string) =>
      this.local(uri).startsWith(`/repos/${owner}/.github/contents/`) && /call-in(%2F|\/)templates$/.test(uri.split("?")[0] ?? "");
    if (names.length === 0) {
      this.scope.get(folderPath).reply(404, { message: "Not Found" });
      return this;
    }
    this.scope.get(folderPath).reply(
      200,
      names.map((name) => {
        const path = `${folder}/${name}`;
        const url = `https://api.github.com/repos/${owner}/.github/contents/${path}`;
        const htmlUrl = `https://github.com/${owner}/.github/blob/main/${path}`;
        const gitUrl = `https://api.github.com/repos/${owner}/.github/git/blobs/sha-${name}`;
        return {
          type: "file",
          name,
          path,
          sha: `sha-${name}`,
          size: 1,
          url,
          html_url: htmlUrl,
          git_url: gitUrl,
          download_url: null,
          _links: { self: url, git: gitUrl, html: htmlUrl },
        };
      }),
    );
    for (const name of names) {
      this.scope
        .get(
          (uri) => this.local(uri).startsWith(`/repos/${owner}/.github/contents/`) && uri.split("?")[0]!.endsWith(encodeURIComponent(name).replace(/\./g, ".")),
        )
        .reply(200, {
          type: "file",
          name,
          path: `${folder}/${name}`,
          sha: `sha-${name}`,
          encoding: "base64",
          content: Buffer.from(overrides[name]!).toString("base64"),
        });
    }
    return this;
  }

  /**
   * The case repository has no resolution log yet: the per-person history lookup
   * of a new case (only when PSEUDONYM_KEY is set) lists `log/` and finds nothing.
   */
  emptyLog(owner: string, repo: string): this {
    this.scope.get(`/repos/${owner}/${repo}/contents/log`).reply(404, { message: "Not Found" });
    return this;
  }

  /** The app's installation for an account (`null`: not installed, both lookups answer 404). */
  accountInstallation(owner: string, id: number | null): this {
    if (id === null) {
      this.scope.get(`/users/${owner}/installation`).reply(404, { message: "Not Found" });
      this.scope.get(`/orgs/${owner}/installation`).reply(404, { message: "Not Found" });
      return this;
    }
    this.scope.get(`/users/${owner}/installation`).reply(200, installationAnswer(owner, id));
    return this;
  }

  /**
   * `GET /repos/{owner}/{repo}`: private by default; `null` for a repository the app cannot see.
   * `visibility` follows `private` unless given (`internal` is private to an enterprise); `times` answers that often.
   */
  repository(
    owner: string,
    repo: string,
    options: { private?: boolean; visibility?: "public" | "private" | "internal"; ownerType?: "Organization" | "User"; times?: number } | null = {},
  ): this {
    if (options === null) {
      this.scope.get(`/repos/${owner}/${repo}`).reply(404, { message: "Not Found" });
      return this;
    }
    this.scope
      .get(`/repos/${owner}/${repo}`)
      .times(options.times ?? 1)
      .reply(200, repositoryAnswer(owner, repo, options));
    return this;
  }

  /** Open issues of the case repository (cases are recognised by their metadata block). */
  openCases(owner: string, repo: string, cases: OpenCaseFixture[] = []): this {
    this.scope
      .get(`/repos/${owner}/${repo}/issues`)
      .query({ state: "open", per_page: "100" })
      .reply(
        200,
        cases.map((c) => ({
          number: c.number,
          node_id: `I_${c.number}`,
          html_url: `https://github.com/${owner}/${repo}/issues/${c.number}`,
          title: c.title ?? `case ${c.number}`,
          body: c.body,
          state: "open",
          user: c.user ?? APP_BOT_USER,
        })),
      );
    return this;
  }

  /**
   * What filing a case reads while the privacy gate is asked (cases/file-case.ts),
   * for a gate that refuses: the owner's template folder (none) and the case
   * repository's open issues (`null`: the repository answers 404). Reads only.
   */
  readsBesideGate(owner: string, caseRepository: string, open: OpenCaseFixture[] | null = []): this {
    this.templates(owner);
    if (open === null)
      this.scope.get(`/repos/${owner}/${caseRepository}/issues`).query({ state: "open", per_page: "100" }).reply(404, { message: "Not Found" });
    else this.openCases(owner, caseRepository, open);
    return this;
  }

  /** The app opens an issue (a case, or a config note) in `owner/repo`. */
  createsIssue(owner: string, repo: string): this {
    this.scope
      .post(`/repos/${owner}/${repo}/issues`, (body) => {
        this.sent.createdIssues.push({ owner, repo, title: body.title, body: body.body });
        return true;
      })
      .reply(201, () => {
        const number = this.nextIssue++;
        const last = this.sent.createdIssues.at(-1)!;
        return {
          number,
          node_id: `I_${number}`,
          html_url: `https://github.com/${owner}/${repo}/issues/${number}`,
          title: last.title,
          body: last.body,
          state: "open",
          user: APP_BOT_USER,
        };
      });
    return this;
  }

  /** The app comments on an issue `times` times (recorded in `sent.comments`). */
  commentsOn(owner: string, repo: string, number: number, times = 1): this {
    this.scope
      .post(`/repos/${owner}/${repo}/issues/${number}/comments`, (body) => {
        this.sent.comments.push({ owner, repo, number, body: body.body });
        return true;
      })
      .times(times)
      .reply(201, issueCommentAnswer(owner, repo, number, 9001, ""));
    return this;
  }

  updatesIssueBody(owner: string, repo: string, number: number): this {
    this.scope
      .patch(`/repos/${owner}/${repo}/issues/${number}`, (body) => {
        this.sent.updatedBodies.push({ owner, repo, number, body: body.body });
        return true;
      })
      .reply(200, {
        number,
        node_id: `I_${number}`,
        html_url: `https://github.com/${owner}/${repo}/issues/${number}`,
        title: "",
        body: "",
        state: "open",
        user: APP_BOT_USER,
      });
    return this;
  }

  removesLabel(owner: string, repo: string, number: number, label: string): this {
    this.scope.delete(`/repos/${owner}/${repo}/issues/${number}/labels/${encodeURIComponent(label)}`).reply(200, []);
    return this;
  }

  permission(owner: string, repo: string, username: string, permission: "admin" | "write" | "read" | "none"): this {
    this.scope
      .get(`/repos/${owner}/${repo}/collaborators/${username}/permission`)
      .reply(200, { permission, role_name: permission, user: { login: username, id: 7 } });
    return this;
  }

  teamMembership(org: string, team: string, username: string, state: "active" | "pending" | null): this {
    const path = `/orgs/${org}/teams/${team}/memberships/${username}`;
    if (state === null) this.scope.get(path).reply(404, { message: "Not Found" });
    else this.scope.get(path).reply(200, { state, role: "member", url: `https://api.github.com/organizations/1/team/1/memberships/${username}` });
    return this;
  }

  /** `GET /orgs/{org}/memberships/{username}`: `admin` is an owner of the organisation; null: not a member (404). */
  orgMembership(org: string, username: string, role: "admin" | "member" | null, times = 1): this {
    const path = `/orgs/${org}/memberships/${username}`;
    if (role === null) this.scope.get(path).times(times).reply(404, { message: "Not Found" });
    else
      this.scope
        .get(path)
        .times(times)
        .reply(200, {
          state: "active",
          role,
          url: `https://api.github.com/orgs/${org}/memberships/${username}`,
          organization_url: `https://api.github.com/orgs/${org}`,
          organization: { login: org, id: 1 },
          user: { login: username, id: 7 },
        });
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

  /** `GET` of one issue or pull request conversation comment (what a link or quote points at). */
  issueComment(owner: string, repo: string, number: number, comment: CommentFixture): this {
    this.scope
      .get(`/repos/${owner}/${repo}/issues/comments/${comment.id}`)
      .reply(200, restComment(owner, repo, `issues/${number}#issuecomment-${comment.id}`, comment));
    return this;
  }

  /** `GET` of one pull request review comment (what a reply in a review thread answers). */
  reviewComment(owner: string, repo: string, pull: number, comment: CommentFixture): this {
    this.scope
      .get(`/repos/${owner}/${repo}/pulls/comments/${comment.id}`)
      .reply(200, restComment(owner, repo, `pull/${pull}#discussion_r${comment.id}`, comment));
    return this;
  }

  /** The conversation comments of an issue or pull request (one page). */
  threadComments(owner: string, repo: string, number: number, comments: CommentFixture[]): this {
    this.scope
      .get(`/repos/${owner}/${repo}/issues/${number}/comments`)
      .query({ per_page: "100" })
      .reply(
        200,
        comments.map((c) => restComment(owner, repo, `issues/${number}#issuecomment-${c.id}`, c)),
      );
    return this;
  }

  /** The app answers a review comment in its thread (recorded in `sent.comments`). */
  repliesToReviewComment(owner: string, repo: string, pull: number, commentId: number): this {
    this.scope
      .post(`/repos/${owner}/${repo}/pulls/${pull}/comments/${commentId}/replies`, (body) => {
        this.sent.comments.push({ owner, repo, number: pull, body: body.body });
        return true;
      })
      .reply(201, { id: 9002, node_id: "PRRC_9002", html_url: `https://github.com/${owner}/${repo}/pull/${pull}#discussion_r9002`, body: "" });
    return this;
  }

  /** `GET /repos/{owner}/{repo}/installation` (app JWT): the installation id, or null for "not installed" (404). */
  installation(owner: string, repo: string, id: number | null = 1): this {
    const path = `/repos/${owner}/${repo}/installation`;
    if (id === null) this.scope.get(path).reply(404, { message: "Not Found" });
    else this.scope.get(path).reply(200, installationAnswer(owner, id));
    return this;
  }

  /** `GET /repos/{owner}/{repo}/issues/{number}`: a thread as the REST API returns it (from a real webhook example). */
  thread(owner: string, repo: string, issue: Record<string, unknown>): this {
    this.scope.get(`/repos/${owner}/${repo}/issues/${String(issue.number)}`).reply(200, issue);
    return this;
  }

  /** A GraphQL call whose operation name matches; `reply` gets the variables. */
  graphqlOp(operation: string, reply: (variables: Record<string, any>) => unknown): this {
    this.graphqlScope
      .post("/graphql", (body) => typeof body.query === "string" && new RegExp(`\\b(query|mutation)\\s+${operation}\\b`).test(body.query))
      .reply(200, (_uri, body) => {
        const { query, variables } = body as { query: string; variables: Record<string, unknown> };
        this.sent.graphql.push({ query, variables });
        return { data: reply(variables) };
      });
    return this;
  }

  /**
   * A case repository with state: open issues are what the app created so far,
   * comments and body edits apply. For redelivery and concurrency tests.
   * Creating a case is allowed ONCE: a second case has no mock and fails the test.
   */
  liveCaseRepository(owner: string, repo: string): this {
    const issues: Array<{ number: number; title: string; body: string }> = [];
    const live = nock(this.baseUrl).persist();
    live
      .get(`/repos/${owner}/${repo}/issues`)
      .query(true)
      .reply(200, () =>
        issues.map((i) => ({
          number: i.number,
          node_id: `I_${i.number}`,
          html_url: `https://github.com/${owner}/${repo}/issues/${i.number}`,
          title: i.title,
          body: i.body,
          state: "open",
          user: APP_BOT_USER,
        })),
      );
    this.scope.post(`/repos/${owner}/${repo}/issues`).reply(201, (_uri, body) => {
      const { title, body: text } = body as { title: string; body: string };
      const number = this.nextIssue++;
      issues.push({ number, title, body: text });
      this.sent.createdIssues.push({ owner, repo, title, body: text });
      return {
        number,
        node_id: `I_${number}`,
        html_url: `https://github.com/${owner}/${repo}/issues/${number}`,
        title,
        body: text,
        state: "open",
        user: APP_BOT_USER,
      };
    });
    live.post(new RegExp(`^/repos/${owner}/${repo}/issues/\\d+/comments$`)).reply(201, (uri, body) => {
      const number = Number(/issues\/(\d+)\/comments/.exec(uri)?.[1]);
      this.sent.comments.push({ owner, repo, number, body: (body as { body: string }).body });
      return issueCommentAnswer(owner, repo, number, 9001, "");
    });
    live.patch(new RegExp(`^/repos/${owner}/${repo}/issues/\\d+$`)).reply(200, (uri, body) => {
      const number = Number(/issues\/(\d+)$/.exec(uri)?.[1]);
      const issue = issues.find((i) => i.number === number);
      const text = (body as { body: string }).body;
      if (issue) issue.body = text;
      this.sent.updatedBodies.push({ owner, repo, number, body: text });
      return {
        number,
        node_id: `I_${number}`,
        html_url: `https://github.com/${owner}/${repo}/issues/${number}`,
        title: issue?.title ?? "",
        body: text,
        state: "open",
        user: APP_BOT_USER,
      };
    });
    return this;
  }

  /**
   * Everything a first case for `owner/repo` reads and writes: config (YAML or
   * none), the private case repository, no template overrides, no open case,
   * and the new case issue.
   */
  readyToOpenCase(owner: string, repo: string, options: { yaml?: string | null; caseRepository?: string } = {}): this {
    const caseRepository = options.caseRepository ?? "moderation";
    return this.config(owner, repo, options.yaml ?? null)
      .repository(owner, caseRepository)
      .templates(owner)
      .openCases(owner, caseRepository)
      .createsIssue(owner, caseRepository);
  }

  /** A comment the app reads by id: `issue` (conversation) or `review` (diff) comments. */
  existingComment(
    owner: string,
    repo: string,
    kind: "issue" | "review",
    comment: { id: number; url: string; body: string; author?: string; createdAt?: string; updatedAt?: string },
  ): this {
    const path = kind === "issue" ? `/repos/${owner}/${repo}/issues/comments/${comment.id}` : `/repos/${owner}/${repo}/pulls/comments/${comment.id}`;
    this.scope.get(path).reply(200, {
      id: comment.id,
      node_id: `${kind === "issue" ? "IC" : "PRRC"}_${comment.id}`,
      html_url: comment.url,
      body: comment.body,
      user: { login: comment.author ?? "heated-harry", id: 4242, type: "User" },
      created_at: comment.createdAt ?? "2026-11-20T10:00:00Z",
      updated_at: comment.updatedAt ?? comment.createdAt ?? "2026-11-20T10:00:00Z",
    });
    return this;
  }

  /**
   * An existing case issue the app reads and writes: `GET` answers the current
   * body, `PATCH` changes it (recorded in `sent.updatedBodies` and `sent.requests`).
   * Persisted, because a command reads the case more than once (under its lock).
   */
  caseIssue(
    owner: string,
    repo: string,
    number: number,
    body: string,
    options: { state?: "open" | "closed"; title?: string; writes?: boolean; user?: { login: string; id: number; type: string } } = {},
  ): this {
    const key = `${owner}/${repo}#${number}`;
    this.caseIssues.set(key, { body, state: options.state ?? "open", title: options.title ?? `case ${number}` });
    const reply = () => {
      const current = this.caseIssues.get(key)!;
      return {
        number,
        node_id: `I_${number}`,
        html_url: `https://github.com/${owner}/${repo}/issues/${number}`,
        title: current.title,
        body: current.body,
        state: current.state,
        user: options.user ?? APP_BOT_USER,
      };
    };
    // A scope of its own: persisting the shared scope would make every other mock repeatable too.
    const persisted = nock(this.baseUrl).persist();
    persisted.get(`/repos/${owner}/${repo}/issues/${number}`).reply(200, reply);
    if (options.writes === false) return this;
    persisted
      .patch(`/repos/${owner}/${repo}/issues/${number}`, (body) => {
        const current = this.caseIssues.get(key)!;
        this.caseIssues.set(key, { body: body.body ?? current.body, state: body.state ?? current.state, title: body.title ?? current.title });
        this.sent.requests.push({ method: "PATCH", path: `/repos/${owner}/${repo}/issues/${number}`, body });
        if (body.body !== undefined) this.sent.updatedBodies.push({ owner, repo, number, body: body.body });
        return true;
      })
      .reply(200, reply);
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
    this.graphqlScope
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

  /**
   * `GET /repos/{owner}/{repo}/pulls/{number}/files`: the paths a pull request changes (what the watch reads
   * to tell a thread about the Code of Conduct), or an error status.
   */
  pullRequestFiles(owner: string, repo: string, number: number, paths: string[] | number): this {
    const files = `/repos/${owner}/${repo}/pulls/${number}/files`;
    const at = (uri: string) => this.local(uri).split("?")[0] === files;
    if (typeof paths === "number") {
      this.scope.get(at).reply(paths, { message: paths === 403 ? "Resource not accessible by integration" : "Server Error" });
      return this;
    }
    this.scope.get(at).reply(
      200,
      paths.map((filename, index) => ({
        sha: `${index}`.padStart(40, "0"),
        filename,
        status: "modified",
        additions: 1,
        deletions: 1,
        changes: 2,
        blob_url: `https://github.com/${owner}/${repo}/blob/${"a".repeat(40)}/${filename}`,
        raw_url: `https://github.com/${owner}/${repo}/raw/${"a".repeat(40)}/${filename}`,
        contents_url: `https://api.github.com/repos/${owner}/${repo}/contents/${filename}?ref=${"a".repeat(40)}`,
      })),
    );
    return this;
  }

  done(): void {
    this.scope.done();
  }
}

export function mockGitHub(baseUrl?: string): GitHubMock {
  return new GitHubMock(baseUrl);
}
