/**
 * A small, stateful stand-in for the GitHub API on loopback: REST under an
 * optional `/api/v3` prefix (as GitHub Enterprise Server serves it), and
 * GraphQL beside it (`/api/graphql`, or `/graphql` without a prefix), enough
 * of both for Call-In's flows. The benchmark runs the real app against it
 * with a chosen latency; tests and the local demo (`npm run demo`) seed it,
 * act in it as people would (each action gives the webhook GitHub would
 * send), and read what the app wrote. Every request can be handed to a
 * checker (the tests pass GitHub's OpenAPI description and GraphQL schema),
 * so the stand-in cannot drift from the real API unnoticed.
 *
 * It keeps everything in memory and answers only 127.0.0.1. Requests outside
 * the API go to an optional `web` handler (the demo's pages, which play
 * GitHub's web interface at the same host, as GitHub Enterprise Server does).
 */
import { createHash, createPublicKey, randomBytes, verify, type KeyObject } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { authorAssociation, type Hosts, labelPayload, organizationPayload, reactionsPayload, repositoryPayload, userPayload } from "./webhook-payloads.js";

export interface StandInRequest {
  method: string;
  /** The path after the API prefix, with its query. */
  path: string;
  body: string;
  status: number;
  /** Milliseconds since the stand-in started (monotonic). */
  startedAt: number;
  endedAt: number;
}

export interface StandInOptions {
  /** Added before every answer: GitHub's own latency as seen from a data centre is 100-400 ms. */
  latencyMs?: number;
  /**
   * Checks a request against the real API's description; returned strings are violations.
   * GraphQL requests come with the GraphQL endpoint's URL (`.../graphql`) and their JSON body.
   */
  check?: (request: { method: string; url: string; body: string | undefined; baseUrl: string }) => string[] | Promise<string[]>;
  /** The API prefix: "" (api.github.com style) or "/api/v3" (GitHub Enterprise Server style). */
  prefix?: string;
  /**
   * The app's public key: requests as the app (`/app/...`) must then carry a JWT it signed
   * (RS256, as @octokit/auth-app makes them), and every other request an installation token
   * the stand-in issued. Without it, any credentials pass (the benchmark's token).
   */
  appPublicKey?: KeyObject | string;
  /** Answers requests outside the API (a page, a static file); returns false to answer 404. */
  web?: (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;
}

/** What a person did in the stand-in, as the webhook GitHub would deliver for it. */
export interface WebhookEvent {
  /** `X-GitHub-Event`: `issues`, `issue_comment`... */
  name: string;
  payload: Record<string, unknown>;
}

interface Person {
  login: string;
  id: number;
  type: "User" | "Organization" | "Bot";
}

interface RepoState {
  id: number;
  name: string;
  owner: Person;
  visibility: "public" | "private" | "internal";
  issues: IssueState[];
  files: Map<string, { content: string; sha: string }>;
  permissions: Map<string, "admin" | "write" | "read" | "none">;
  archived: boolean;
  /** Invitations the app sent (`PUT .../collaborators/{username}`): login -> permission asked for. */
  invitations: Map<string, string>;
}

interface IssueState {
  id: number;
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  user: Person;
  labels: string[];
  assignees: string[];
  locked: boolean;
  pull: boolean;
  comments: CommentState[];
  createdAt: string;
  updatedAt: string;
}

interface CommentState {
  id: number;
  body: string;
  user: Person;
  createdAt: string;
  updatedAt: string;
  /** Set by GraphQL's minimizeComment: the classifier GitHub shows (ABUSE, OFF_TOPIC...). */
  minimized: string | null;
}

const BOT: Person = { login: "call-in[bot]", id: 900_001, type: "Bot" };
/** One installation, on every account the stand-in holds. */
const INSTALLATION_ID = 1;
const APP = { id: 1, slug: "call-in", name: "Call-In" };

/** Thrown inside a route to answer with a GitHub-style error. */
class Answer extends Error {
  constructor(
    readonly status: number,
    readonly data: unknown = { message: status === 404 ? "Not Found" : "Error" },
  ) {
    super(String(status));
  }
}

export class GitHubStandIn {
  readonly requests: StandInRequest[] = [];
  readonly violations: string[] = [];
  latencyMs: number;
  /** The web host that html_url values use (github.com unless GHE). */
  webHost = "https://github.com";
  private readonly prefix: string;
  private readonly check: StandInOptions["check"];
  private readonly accounts = new Map<string, Person>();
  private readonly repos = new Map<string, RepoState>();
  private readonly teams = new Map<string, Map<string, "active" | "pending">>();
  private readonly orgRoles = new Map<string, "admin" | "member">();
  /** Organisation blocks (`PUT /orgs/{org}/blocks/{username}`): "org/login". */
  readonly blocks = new Set<string>();
  /** Interaction limits per repository ("owner/name" -> limit). */
  readonly interactionLimits = new Map<string, string>();
  private readonly appPublicKey: KeyObject | null;
  private readonly web: StandInOptions["web"];
  private readonly tokens = new Set<string>();
  private server: Server | undefined;
  private nextId = 1_000;
  private readonly started = performance.now();
  url = "";

  constructor(options: StandInOptions = {}) {
    this.latencyMs = options.latencyMs ?? 0;
    this.check = options.check;
    this.prefix = options.prefix ?? "";
    this.appPublicKey = options.appPublicKey ? createPublicKey(options.appPublicKey) : null;
    this.web = options.web;
  }

  /** Where GraphQL is served: `/api/graphql` beside `/api/v3`, else `/graphql`. */
  get graphqlPath(): string {
    return this.prefix === "/api/v3" ? "/api/graphql" : `${this.prefix}/graphql`;
  }

  /** The web address of a repository, issue or comment, as html_url values give it. */
  get origin(): string {
    return this.url ? new URL(this.url).origin : "";
  }

  // ---------------------------------------------------------------------------
  // Seeding
  // ---------------------------------------------------------------------------

  account(login: string, type: Person["type"] = "User"): Person {
    const key = login.toLowerCase();
    const existing = this.accounts.get(key);
    if (existing) return existing;
    const person = { login, id: this.nextId++, type };
    this.accounts.set(key, person);
    return person;
  }

  repository(owner: string, name: string, visibility: RepoState["visibility"] = "public"): RepoState {
    const key = `${owner}/${name}`.toLowerCase();
    const existing = this.repos.get(key);
    if (existing) return existing;
    const ownerAccount = this.accounts.get(owner.toLowerCase()) ?? this.account(owner, "Organization");
    const repo: RepoState = {
      id: this.nextId++,
      name,
      owner: ownerAccount,
      visibility,
      issues: [],
      files: new Map(),
      permissions: new Map(),
      archived: false,
      invitations: new Map(),
    };
    this.repos.set(key, repo);
    return repo;
  }

  issue(owner: string, name: string, input: { title: string; body: string; author: string; pull?: boolean }): IssueState {
    const repo = this.repoOrThrow(owner, name);
    return this.addIssue(repo, { title: input.title, body: input.body, user: this.account(input.author), pull: input.pull ?? false });
  }

  comment(owner: string, name: string, number: number, input: { body: string; author: string }): CommentState {
    const issue = this.issueOrThrow(this.repoOrThrow(owner, name), number);
    return this.addCommentTo(issue, input.body, this.account(input.author));
  }

  file(owner: string, name: string, path: string, content: string): void {
    this.repoOrThrow(owner, name).files.set(path, { content, sha: blobSha(content) });
  }

  permission(owner: string, name: string, login: string, permission: "admin" | "write" | "read" | "none"): void {
    this.repoOrThrow(owner, name).permissions.set(login.toLowerCase(), permission);
  }

  teamMember(org: string, team: string, login: string, state: "active" | "pending" = "active"): void {
    const key = `${org}/${team}`.toLowerCase();
    const members = this.teams.get(key) ?? new Map();
    members.set(login.toLowerCase(), state);
    this.teams.set(key, members);
  }

  orgRole(org: string, login: string, role: "admin" | "member"): void {
    this.orgRoles.set(`${org}/${login}`.toLowerCase(), role);
  }

  /** The issues (cases, notes...) of a repository as the app left them. */
  issuesOf(owner: string, name: string): readonly IssueState[] {
    return this.repoOrThrow(owner, name).issues;
  }

  /** Whether a repository exists (e.g. a room the app created), and what the app did to it. */
  repositoryOf(owner: string, name: string): Readonly<RepoState> | null {
    return this.repos.get(`${owner}/${name}`.toLowerCase()) ?? null;
  }

  fileOf(owner: string, name: string, path: string): string | null {
    return this.repoOrThrow(owner, name).files.get(path)?.content ?? null;
  }

  /** Every file of a repository (path -> text), in path order. */
  filesOf(owner: string, name: string): Array<{ path: string; content: string }> {
    return [...this.repoOrThrow(owner, name).files].map(([path, file]) => ({ path, content: file.content })).sort((a, b) => a.path.localeCompare(b.path));
  }

  /** Every repository, in the order they were made. */
  repositories(): Array<Readonly<RepoState>> {
    return [...this.repos.values()];
  }

  /** The permission a person has on a repository (as the collaborator permission route answers). */
  permissionOf(owner: string, name: string, login: string): "admin" | "write" | "read" | "none" {
    return this.repoOrThrow(owner, name).permissions.get(login.toLowerCase()) ?? "none";
  }

  /** The active members of a team. */
  teamMembers(org: string, team: string): string[] {
    const members = this.teams.get(`${org}/${team}`.toLowerCase());
    return members ? [...members].filter(([, state]) => state === "active").map(([login]) => this.account(login).login) : [];
  }

  // ---------------------------------------------------------------------------
  // Acting as a person: the state changes as on GitHub, and the answer is the webhook GitHub sends
  // ---------------------------------------------------------------------------

  /** `actor` adds `label` to an issue: `issues.labeled`. */
  addLabel(owner: string, name: string, number: number, label: string, actor: string): WebhookEvent {
    const repo = this.repoOrThrow(owner, name);
    const issue = this.issueOrThrow(repo, number);
    if (!issue.labels.some((l) => l.toLowerCase() === label.toLowerCase())) issue.labels.push(label);
    issue.updatedAt = new Date().toISOString();
    return {
      name: "issues",
      payload: {
        action: "labeled",
        issue: this.issuePayload(repo, issue),
        label: labelPayload(this.hosts, `${repo.owner.login}/${repo.name}`, label),
        ...this.envelope(repo, actor),
      },
    };
  }

  /** `actor` comments on an issue: `issue_comment.created`. */
  addComment(owner: string, name: string, number: number, body: string, actor: string): WebhookEvent {
    const repo = this.repoOrThrow(owner, name);
    const issue = this.issueOrThrow(repo, number);
    const comment = this.addCommentTo(issue, body, this.account(actor));
    issue.updatedAt = comment.createdAt;
    return {
      name: "issue_comment",
      payload: { action: "created", issue: this.issuePayload(repo, issue), comment: this.commentPayload(repo, issue, comment), ...this.envelope(repo, actor) },
    };
  }

  /** `actor` opens an issue: `issues.opened`. */
  openIssue(owner: string, name: string, input: { title: string; body: string }, actor: string): WebhookEvent {
    const repo = this.repoOrThrow(owner, name);
    const issue = this.addIssue(repo, { title: input.title, body: input.body, user: this.account(actor), pull: false });
    return { name: "issues", payload: { action: "opened", issue: this.issuePayload(repo, issue), ...this.envelope(repo, actor) } };
  }

  private get hosts(): Hosts {
    return { api: this.url, web: this.webHost };
  }

  /** What every delivery about a repository carries: the repository, its organisation, the sender, the installation. */
  private envelope(repo: RepoState, actor: string) {
    const openIssues = repo.issues.filter((i) => i.state === "open").length;
    return {
      repository: repositoryPayload(this.hosts, { ...repo, openIssues }),
      ...(repo.owner.type === "Organization" ? { organization: organizationPayload(this.hosts, repo.owner) } : {}),
      sender: userPayload(this.hosts, this.account(actor)),
      installation: { id: INSTALLATION_ID, node_id: `MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u${INSTALLATION_ID}` },
    };
  }

  private association(repo: RepoState, person: Person): string {
    const member = this.orgRoles.has(`${repo.owner.login}/${person.login}`.toLowerCase());
    return authorAssociation(repo.permissions.get(person.login.toLowerCase()) ?? "none", member);
  }

  /** An issue as webhooks carry it: every field GitHub's description requires. */
  private issuePayload(repo: RepoState, issue: IssueState) {
    const fullName = `${repo.owner.login}/${repo.name}`;
    const url = `${this.url}/repos/${fullName}/issues/${issue.number}`;
    const assignees = issue.assignees.map((login) => userPayload(this.hosts, this.account(login)));
    return {
      ...this.issueJson(repo, issue),
      url,
      repository_url: `${this.url}/repos/${fullName}`,
      labels_url: `${url}/labels{/name}`,
      comments_url: `${url}/comments`,
      events_url: `${url}/events`,
      user: userPayload(this.hosts, issue.user),
      labels: issue.labels.map((name) => labelPayload(this.hosts, fullName, name)),
      assignee: assignees[0] ?? null,
      assignees,
      milestone: null,
      closed_at: issue.state === "closed" ? issue.updatedAt : null,
      author_association: this.association(repo, issue.user),
      active_lock_reason: null,
      reactions: reactionsPayload(url),
      state_reason: null,
    };
  }

  private commentPayload(repo: RepoState, issue: IssueState, comment: CommentState) {
    const url = `${this.url}/repos/${repo.owner.login}/${repo.name}/issues/comments/${comment.id}`;
    return {
      ...this.commentJson(repo, issue, comment),
      url,
      user: userPayload(this.hosts, comment.user),
      author_association: this.association(repo, comment.user),
      reactions: reactionsPayload(url),
    };
  }

  // ---------------------------------------------------------------------------
  // Serving
  // ---------------------------------------------------------------------------

  /** Starts on 127.0.0.1 (an ephemeral port unless given); returns the API base URL. */
  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => this.server!.listen(port, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${this.prefix}`;
    return this.url;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** Forgets the request log (the state stays). */
  resetRequests(): void {
    this.requests.length = 0;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startedAt = performance.now() - this.started;
    const method = req.method ?? "GET";
    const full = req.url ?? "/";
    const pathname = full.split("?")[0] ?? "/";
    const isGraphql = pathname === this.graphqlPath;
    const isRest = this.prefix === "" || pathname === this.prefix || pathname.startsWith(`${this.prefix}/`);
    if (!isGraphql && !isRest) {
      if (this.web && (await this.web(req, res))) return;
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not Found");
      return;
    }
    let body = "";
    for await (const chunk of req) body += chunk;
    const path = isGraphql ? "/graphql" : full.slice(this.prefix.length) || "/";
    const checkedUrl = isGraphql ? `${this.origin}${this.graphqlPath}` : `${this.url}${path}`;
    if (this.check) this.violations.push(...(await this.check({ method, url: checkedUrl, body: body || undefined, baseUrl: this.url })));
    if (this.latencyMs > 0) await sleep(this.latencyMs);
    let status = 200;
    let data: unknown;
    let raw: string | undefined;
    try {
      this.authorise(path, String(req.headers.authorization ?? ""));
      const parsed = body ? (JSON.parse(body) as Record<string, any>) : {};
      const answer = isGraphql ? this.graphql(method, parsed) : this.route(method, path, parsed, String(req.headers.accept ?? ""));
      status = answer.status;
      data = answer.data;
      raw = answer.raw;
    } catch (error) {
      if (error instanceof Answer) {
        status = error.status;
        data = error.data;
      } else {
        status = 500;
        data = { message: error instanceof Error ? error.message : "stand-in failure" };
      }
    }
    this.requests.push({ method, path, body, status, startedAt, endedAt: performance.now() - this.started });
    if (raw !== undefined) {
      res.writeHead(status, { "content-type": "application/vnd.github.raw; charset=utf-8" }).end(raw);
    } else if (status === 204) {
      res.writeHead(204).end();
    } else {
      res.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(data));
    }
  }

  /**
   * With the app's public key: the app's own routes (`/app/...`, an account's installation) take
   * only a JWT the app signed (not expired), and
   * everything else only a token the stand-in issued, as GitHub answers 401 to anything else.
   */
  private authorise(path: string, authorization: string): void {
    if (!this.appPublicKey) return;
    const [scheme = "", credential = ""] = authorization.split(" ");
    if (asTheApp(path)) {
      if (scheme.toLowerCase() !== "bearer" || !validAppJwt(credential, this.appPublicKey))
        throw new Answer(401, { message: "A JSON web token could not be decoded" });
      return;
    }
    if (!this.tokens.has(credential)) throw new Answer(401, { message: "Bad credentials" });
  }

  /**
   * The GraphQL documents Call-In sends about issue comments and threads (hide, unhide, lock),
   * answered from the same state as REST; anything else is a GraphQL error naming the field.
   */
  private graphql(method: string, body: Record<string, any>): { status: number; data?: unknown; raw?: string } {
    if (method !== "POST") throw new Answer(404);
    const query = String(body.query ?? "");
    const variables = (body.variables ?? {}) as Record<string, any>;
    const field = /^\s*(?:mutation|query)\b[^{]*\{\s*(\w+)/.exec(query)?.[1] ?? "";
    const ok = (data: unknown) => ({ status: 200, data: { data } });
    if (field === "minimizeComment" || field === "unminimizeComment") {
      const comment = this.commentByNodeId(String(variables.subjectId ?? ""));
      if (!comment) return notFound(field, String(variables.subjectId));
      comment.minimized = field === "minimizeComment" ? String(variables.classifier ?? "OUTDATED") : null;
      const key = field === "minimizeComment" ? "minimizedComment" : "unminimizedComment";
      return ok({ [field]: { [key]: { isMinimized: comment.minimized !== null } } });
    }
    if (field === "lockLockable" || field === "unlockLockable") {
      const issue = this.issueByNodeId(String(variables.lockableId ?? ""));
      if (!issue) return notFound(field, String(variables.lockableId));
      issue.locked = field === "lockLockable";
      const key = field === "lockLockable" ? "lockedRecord" : "unlockedRecord";
      return ok({ [field]: { [key]: { locked: issue.locked } } });
    }
    return { status: 200, data: { data: null, errors: [{ type: "NOT_SUPPORTED", message: `The sandbox does not answer \`${field}\`.` }] } };
  }

  private commentByNodeId(nodeId: string): CommentState | undefined {
    const id = Number(/^IC_(\d+)$/.exec(nodeId)?.[1]);
    for (const repo of this.repos.values()) for (const issue of repo.issues) for (const comment of issue.comments) if (comment.id === id) return comment;
    return undefined;
  }

  private issueByNodeId(nodeId: string): IssueState | undefined {
    const id = Number(/^(?:I|PR)_(\d+)$/.exec(nodeId)?.[1]);
    for (const repo of this.repos.values()) for (const issue of repo.issues) if (issue.id === id) return issue;
    return undefined;
  }

  private route(method: string, pathWithQuery: string, body: Record<string, any>, accept: string): { status: number; data?: unknown; raw?: string } {
    const [path = "/", queryString = ""] = pathWithQuery.split("?");
    const query = new URLSearchParams(queryString);
    const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
    const ok = (data: unknown, status = 200) => ({ status, data });

    if (method === "GET" && path === "/app") return ok({ id: APP.id, slug: APP.slug, name: APP.name, owner: this.account("call-in-dev"), node_id: "A_1" });
    if (method === "POST" && parts[0] === "app" && parts[1] === "installations" && parts[3] === "access_tokens") {
      const token = this.appPublicKey ? `ghs_${randomBytes(18).toString("base64url")}` : "ghs_standin";
      this.tokens.add(token);
      return ok({ token, expires_at: new Date(Date.now() + 3_600_000).toISOString(), permissions: {}, repository_selection: "all" }, 201);
    }
    if (method === "GET" && path === "/app/installations") {
      const owners = [...this.accounts.values()].filter((a) => a.type === "Organization");
      return ok(
        this.page(
          owners.map((owner) => this.installationOf(owner)),
          query,
        ),
      );
    }
    if (parts[0] === "orgs" && parts[2] === "blocks" && parts.length === 4) {
      const key = `${parts[1]}/${parts[3]}`.toLowerCase();
      if (method === "PUT") this.blocks.add(key);
      else if (method === "DELETE") this.blocks.delete(key);
      else if (!this.blocks.has(key)) throw new Answer(404);
      return { status: 204 };
    }
    if (method === "GET" && (parts[0] === "orgs" || parts[0] === "users") && parts[2] === "installation" && parts.length === 3) {
      const account = this.accounts.get(parts[1]!.toLowerCase());
      if (!account) throw new Answer(404);
      return ok(this.installationOf(account));
    }
    if (parts[0] === "orgs" && parts[2] === "memberships" && parts.length === 4 && method === "GET") {
      const role = this.orgRoles.get(`${parts[1]}/${parts[3]}`.toLowerCase());
      if (!role) throw new Answer(404);
      return ok({ state: "active", role, url: "", organization_url: "", organization: { login: parts[1], id: 1 }, user: this.account(parts[3]!) });
    }
    if (parts[0] === "orgs" && parts[2] === "repos" && parts.length === 3 && method === "POST") {
      // A repository of an organisation (a conversation room): the app's installation token may create them.
      const org = this.accounts.get(parts[1]!.toLowerCase());
      if (!org || org.type !== "Organization") throw new Answer(404);
      const name = String(body.name ?? "");
      if (this.repos.has(`${org.login}/${name}`.toLowerCase()))
        throw new Answer(422, {
          message: "Repository creation failed.",
          errors: [{ resource: "Repository", code: "custom", field: "name", message: "name already exists on this account" }],
        });
      const visibility = body.visibility === "internal" ? "internal" : body.visibility === "public" || body.private === false ? "public" : "private";
      return ok(this.repoJson(this.repository(org.login, name, visibility)), 201);
    }
    if (parts[0] === "orgs" && parts[2] === "teams" && parts[4] === "members" && parts.length === 5 && method === "GET") {
      const members = this.teams.get(`${parts[1]}/${parts[3]}`.toLowerCase());
      if (!members) throw new Answer(404);
      const active = [...members].filter(([, state]) => state === "active").map(([login]) => userJson(this.account(login)));
      return ok(this.page(active, query));
    }
    if (parts[0] === "orgs" && parts[2] === "teams" && parts[4] === "memberships" && parts.length === 6 && method === "GET") {
      const state = this.teams.get(`${parts[1]}/${parts[3]}`.toLowerCase())?.get(parts[5]!.toLowerCase());
      if (!state) throw new Answer(404);
      return ok({ state, role: "member", url: "" });
    }
    if (parts[0] !== "repos" || parts.length < 3) throw new Answer(404);

    const repo = this.repos.get(`${parts[1]}/${parts[2]}`.toLowerCase());
    if (!repo) throw new Answer(404);
    const rest = parts.slice(3);

    if (rest.length === 0 && method === "GET") return ok(this.repoJson(repo));
    if (rest.length === 0 && method === "PATCH") {
      if (typeof body.archived === "boolean") repo.archived = body.archived;
      return ok(this.repoJson(repo));
    }
    if (rest.length === 0 && method === "DELETE") {
      this.repos.delete(`${parts[1]}/${parts[2]}`.toLowerCase());
      return { status: 204 };
    }
    if (rest[0] === "installation" && rest.length === 1) return ok(this.installationOf(repo.owner));
    if (rest[0] === "collaborators" && rest[2] === "permission" && method === "GET") {
      const permission = repo.permissions.get(rest[1]!.toLowerCase()) ?? "none";
      return ok({ permission, role_name: permission, user: this.account(rest[1]!) });
    }
    if (rest[0] === "collaborators" && rest.length === 2 && method === "PUT") {
      // An invitation (201); the person becomes a collaborator only once they accept it.
      const invitee = this.account(rest[1]!);
      const permission = String(body.permission ?? "push");
      repo.invitations.set(invitee.login.toLowerCase(), permission);
      const fullName = `${repo.owner.login}/${repo.name}`;
      return ok(
        {
          id: this.nextId++,
          node_id: `RI_${repo.id}`,
          repository: this.repoJson(repo),
          invitee: userJson(invitee),
          inviter: userJson(BOT),
          permissions: permission === "pull" ? "read" : permission === "push" ? "write" : permission,
          created_at: new Date().toISOString(),
          url: `${this.url}/user/repository_invitations/${repo.id}`,
          html_url: `${this.webHost}/${fullName}/invitations`,
        },
        201,
      );
    }
    if (rest[0] === "contents") return this.contents(repo, method, rest.slice(1).join("/"), body, accept);
    if (rest[0] === "interaction-limits" && rest.length === 1) {
      const key = `${repo.owner.login}/${repo.name}`;
      if (method === "DELETE") {
        this.interactionLimits.delete(key);
        return { status: 204 };
      }
      if (method === "PUT") this.interactionLimits.set(key, String(body.limit));
      const limit = this.interactionLimits.get(key);
      if (!limit) return ok({});
      return ok({ limit, origin: "repository", expires_at: new Date(Date.now() + 86_400_000).toISOString() });
    }
    if (rest[0] === "issues") return this.issues(repo, method, rest.slice(1), body, query);
    throw new Answer(404);
  }

  private contents(repo: RepoState, method: string, path: string, body: Record<string, any>, accept: string): { status: number; data?: unknown; raw?: string } {
    const file = repo.files.get(path);
    if (method === "GET") {
      if (file) {
        if (accept.includes("raw")) return { status: 200, raw: file.content };
        return { status: 200, data: this.fileJson(repo, path, file) };
      }
      const children = [...repo.files.entries()].filter(([p]) => p.startsWith(`${path}/`));
      if (children.length === 0) throw new Answer(404);
      const names = new Map<string, string>();
      for (const [p] of children) {
        const next = p.slice(path.length + 1).split("/")[0]!;
        names.set(next, p.slice(path.length + 1).includes("/") ? "dir" : "file");
      }
      return {
        status: 200,
        data: [...names].map(([name, type]) => ({
          type,
          name,
          path: `${path}/${name}`,
          sha: blobSha(name),
          size: 0,
          url: "",
          html_url: "",
          git_url: "",
          download_url: null,
          _links: {},
        })),
      };
    }
    if (method === "PUT") {
      if (file && body.sha !== file.sha) throw new Answer(body.sha ? 409 : 422, { message: body.sha ? "sha does not match" : "sha wasn't supplied" });
      if (!file && body.sha) throw new Answer(404);
      const content = Buffer.from(String(body.content ?? ""), "base64").toString("utf8");
      const stored = { content, sha: blobSha(content) };
      repo.files.set(path, stored);
      return {
        status: file ? 200 : 201,
        data: { content: this.fileJson(repo, path, stored), commit: { sha: blobSha(`${path}:${content}:${Date.now()}`), message: body.message } },
      };
    }
    throw new Answer(404);
  }

  private issues(repo: RepoState, method: string, rest: string[], body: Record<string, any>, query: URLSearchParams): { status: number; data?: unknown } {
    const ok = (data: unknown, status = 200) => ({ status, data });
    if (rest.length === 0) {
      if (method === "POST") {
        const issue = this.addIssue(repo, { title: String(body.title), body: String(body.body ?? ""), user: BOT, pull: false });
        if (Array.isArray(body.labels)) issue.labels.push(...body.labels.map(String));
        return ok(this.issueJson(repo, issue), 201);
      }
      if (method === "GET") {
        // GitHub's listing: newest first, or by `sort=updated` (`direction`), only those updated
        // at or after `since` when given (answered from an index: a listing "since" is cheap).
        const state = query.get("state") ?? "open";
        const since = query.get("since");
        const from = since === null ? Number.NEGATIVE_INFINITY : Date.parse(since);
        const listed = repo.issues.filter((i) => (state === "all" || i.state === state) && Date.parse(i.updatedAt) >= from);
        const direction = query.get("direction") === "asc" ? 1 : -1;
        if (query.get("sort") === "updated") listed.sort((a, b) => direction * (Date.parse(a.updatedAt) - Date.parse(b.updatedAt)));
        else listed.reverse();
        const perPage = Number(query.get("per_page") ?? 30);
        const page = Number(query.get("page") ?? 1);
        return ok(listed.slice((page - 1) * perPage, page * perPage).map((i) => this.issueJson(repo, i)));
      }
    }
    if (rest[0] === "comments" && rest.length === 2) {
      const id = Number(rest[1]);
      const found = repo.issues.flatMap((i) => i.comments.map((c) => ({ issue: i, comment: c }))).find((x) => x.comment.id === id);
      if (!found) throw new Answer(404);
      if (method === "GET") return ok(this.commentJson(repo, found.issue, found.comment));
      if (method === "PATCH") {
        found.comment.body = String(body.body);
        found.comment.updatedAt = new Date().toISOString();
        return ok(this.commentJson(repo, found.issue, found.comment));
      }
      if (method === "DELETE") {
        found.issue.comments = found.issue.comments.filter((c) => c.id !== id);
        return { status: 204 };
      }
    }
    const issue = this.issueOrThrow(repo, Number(rest[0]));
    const sub = rest.slice(1);
    if (sub.length === 0 && method === "GET") return ok(this.issueJson(repo, issue));
    if (sub.length === 0 && method === "PATCH") {
      if (typeof body.body === "string") issue.body = body.body;
      if (typeof body.title === "string") issue.title = body.title;
      if (body.state === "open" || body.state === "closed") issue.state = body.state;
      if (Array.isArray(body.assignees)) issue.assignees = body.assignees.map(String);
      issue.updatedAt = new Date().toISOString();
      return ok(this.issueJson(repo, issue));
    }
    if (sub[0] === "comments" && method === "POST") return ok(this.commentJson(repo, issue, this.addCommentTo(issue, String(body.body), BOT)), 201);
    if (sub[0] === "comments" && method === "GET")
      return ok(
        this.page(
          issue.comments.map((c) => this.commentJson(repo, issue, c)),
          query,
        ),
      );
    if (sub[0] === "labels" && method === "DELETE" && sub[1]) {
      const before = issue.labels.length;
      issue.labels = issue.labels.filter((l) => l.toLowerCase() !== sub[1]!.toLowerCase());
      if (issue.labels.length === before) throw new Answer(404, { message: "Label does not exist" });
      return ok(issue.labels.map((name) => labelJson(name)));
    }
    if (sub[0] === "labels" && method === "POST") {
      issue.labels.push(...(Array.isArray(body.labels) ? body.labels.map(String) : []));
      return ok(issue.labels.map((name) => labelJson(name)));
    }
    if (sub[0] === "lock") {
      issue.locked = method === "PUT";
      return { status: 204 };
    }
    if (sub[0] === "assignees") {
      const names: string[] = Array.isArray(body.assignees) ? body.assignees.map(String) : [];
      issue.assignees = method === "POST" ? [...new Set([...issue.assignees, ...names])] : issue.assignees.filter((a) => !names.includes(a));
      return ok(this.issueJson(repo, issue), method === "POST" ? 201 : 200);
    }
    throw new Answer(404);
  }

  /**
   * One page of a list (`per_page`, default 30, at most 100; `page` from 1). The stand-in sends no
   * `Link` header, so a client that paginates reads one page: seed lists that fit in one.
   */
  private page<T>(items: T[], query: URLSearchParams): T[] {
    const perPage = Math.min(100, Number(query.get("per_page") ?? 30));
    const page = Number(query.get("page") ?? 1);
    return items.slice((page - 1) * perPage, page * perPage);
  }

  // ---------------------------------------------------------------------------
  // Records and their JSON
  // ---------------------------------------------------------------------------

  private addIssue(repo: RepoState, input: { title: string; body: string; user: Person; pull: boolean }): IssueState {
    const now = new Date().toISOString();
    const issue: IssueState = {
      id: this.nextId++,
      number: repo.issues.length + 1,
      title: input.title,
      body: input.body,
      state: "open",
      user: input.user,
      labels: [],
      assignees: [],
      locked: false,
      pull: input.pull,
      comments: [],
      createdAt: now,
      updatedAt: now,
    };
    repo.issues.push(issue);
    return issue;
  }

  private addCommentTo(issue: IssueState, body: string, user: Person): CommentState {
    const now = new Date().toISOString();
    const comment: CommentState = { id: this.nextId++, body, user, createdAt: now, updatedAt: now, minimized: null };
    issue.comments.push(comment);
    return comment;
  }

  private repoOrThrow(owner: string, name: string): RepoState {
    const repo = this.repos.get(`${owner}/${name}`.toLowerCase());
    if (!repo) throw new Error(`the stand-in has no repository ${owner}/${name}`);
    return repo;
  }

  private issueOrThrow(repo: RepoState, number: number): IssueState {
    const issue = repo.issues.find((i) => i.number === number);
    if (!issue) throw new Answer(404);
    return issue;
  }

  private installationOf(account: Person) {
    return {
      id: INSTALLATION_ID,
      account: userJson(account),
      app_id: APP.id,
      app_slug: APP.slug,
      target_type: account.type === "Organization" ? "Organization" : "User",
      permissions: {},
      events: [],
    };
  }

  private repoJson(repo: RepoState) {
    const fullName = `${repo.owner.login}/${repo.name}`;
    return {
      id: repo.id,
      node_id: `R_${repo.id}`,
      name: repo.name,
      full_name: fullName,
      private: repo.visibility !== "public",
      visibility: repo.visibility,
      owner: userJson(repo.owner),
      html_url: `${this.webHost}/${fullName}`,
      default_branch: "main",
      archived: repo.archived,
    };
  }

  private issueJson(repo: RepoState, issue: IssueState) {
    const fullName = `${repo.owner.login}/${repo.name}`;
    const kind = issue.pull ? "pull" : "issues";
    return {
      id: issue.id,
      node_id: `I_${issue.id}`,
      number: issue.number,
      title: issue.title,
      body: issue.body,
      state: issue.state,
      locked: issue.locked,
      user: userJson(issue.user),
      labels: issue.labels.map((name) => labelJson(name)),
      assignees: issue.assignees.map((login) => userJson(this.account(login))),
      comments: issue.comments.length,
      html_url: `${this.webHost}/${fullName}/${kind}/${issue.number}`,
      url: `${this.url}/repos/${fullName}/issues/${issue.number}`,
      created_at: issue.createdAt,
      updated_at: issue.updatedAt,
      performed_via_github_app: issue.user.type === "Bot" ? { id: APP.id, slug: APP.slug, name: APP.name } : null,
      ...(issue.pull ? { pull_request: { url: `${this.url}/repos/${fullName}/pulls/${issue.number}` } } : {}),
    };
  }

  private commentJson(repo: RepoState, issue: IssueState, comment: CommentState) {
    const fullName = `${repo.owner.login}/${repo.name}`;
    return {
      id: comment.id,
      node_id: `IC_${comment.id}`,
      body: comment.body,
      user: userJson(comment.user),
      html_url: `${this.webHost}/${fullName}/issues/${issue.number}#issuecomment-${comment.id}`,
      issue_url: `${this.url}/repos/${fullName}/issues/${issue.number}`,
      created_at: comment.createdAt,
      updated_at: comment.updatedAt,
      performed_via_github_app: comment.user.type === "Bot" ? { id: APP.id, slug: APP.slug, name: APP.name } : null,
    };
  }

  private fileJson(repo: RepoState, path: string, file: { content: string; sha: string }) {
    return {
      type: "file",
      encoding: "base64",
      name: path.split("/").at(-1),
      path,
      sha: file.sha,
      size: Buffer.byteLength(file.content),
      content: Buffer.from(file.content).toString("base64"),
      url: "",
      html_url: `${this.webHost}/${repo.owner.login}/${repo.name}/blob/main/${path}`,
      git_url: "",
      download_url: null,
      _links: {},
    };
  }
}

function userJson(person: Person) {
  return { login: person.login, id: person.id, node_id: `U_${person.id}`, type: person.type, site_admin: false };
}

function labelJson(name: string) {
  return { id: 1, node_id: "LA_1", name, color: "ededed", default: false, description: null };
}

/** Git's blob id of a text, as GitHub reports it for contents. */
function blobSha(content: string): string {
  const bytes = Buffer.from(content);
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

/** A GraphQL answer for a node that does not exist, as GitHub gives it (HTTP 200, an error). */
function notFound(field: string, id: string) {
  return {
    status: 200,
    data: { data: null, errors: [{ type: "NOT_FOUND", path: [field], message: `Could not resolve to a node with the global id of '${id}'.` }] },
  };
}

/** The routes an app calls as itself, with its JWT: `/app/...` and finding an installation. */
function asTheApp(pathWithQuery: string): boolean {
  const path = pathWithQuery.split("?")[0] ?? "";
  return (
    path === "/app" || path.startsWith("/app/") || /^\/(?:orgs|users)\/[^/]+\/installation$/.test(path) || /^\/repos\/[^/]+\/[^/]+\/installation$/.test(path)
  );
}

/** An app's JWT (RS256), as GitHub checks it: signed by the app's key, not expired. */
function validAppJwt(jwt: string, key: KeyObject): boolean {
  const [header = "", payload = "", signature = ""] = jwt.split(".");
  if (!verify("sha256", Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, "base64url"))) return false;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { exp?: number; iss?: unknown };
    return typeof claims.exp === "number" && claims.exp * 1000 > Date.now() && claims.iss !== undefined;
  } catch {
    return false;
  }
}
