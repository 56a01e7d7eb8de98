import { createHash } from "node:crypto";
import nock from "nock";

interface FakeRepository {
  private: boolean;
  visibility: "public" | "private" | "internal";
  defaultBranch: string;
  labels: Map<string, { name: string; color: string; description: string }>;
  /** branch -> commit sha */
  branches: Map<string, string>;
  /** branch -> path -> file */
  files: Map<string, Map<string, { text: string; sha: string }>>;
}

interface FakePull {
  number: number;
  head: string;
  base: string;
  title: string;
  body: string;
  state: "open" | "closed";
}

export interface Write {
  method: string;
  path: string;
  body: Record<string, any>;
}

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

/**
 * One GitHub account as `call-in init` sees it, with state: what a run writes
 * (a repository, a label, a branch, a file, a pull request) is there for the
 * next request and the next run, so a second run shows what it would write again.
 * Every request still goes through the contract checks (test/setup.ts).
 * Interceptors persist until `dispose()`.
 */
export class FakeOwner {
  readonly repos = new Map<string, FakeRepository>();
  readonly pulls: FakePull[] = [];
  /** Every request that is not a GET, in order. */
  readonly writes: Write[] = [];
  /** Every request, as `METHOD /path`. */
  readonly requests: string[] = [];
  /** What GitHub makes a new repository whatever was asked (an enterprise policy); null: as asked. */
  newRepositoryVisibility: "public" | "private" | "internal" | null = null;
  /** The `authorization` headers the requests carried. */
  readonly authorizations = new Set<string>();
  private readonly interceptors: nock.Interceptor[] = [];

  constructor(
    readonly login: string,
    readonly type: "Organization" | "User",
    /** Who the token belongs to (`GET /user`). */
    readonly tokenUser = "octocat",
    baseUrl = "https://api.github.com",
  ) {
    // Only the API (on GitHub Enterprise Server, `/api/v3`): the host's sign-in pages are another mock's.
    const basePath = new URL(baseUrl).pathname.replace(/\/$/, "");
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
      const interceptor = nock(baseUrl)
        .persist()
        .intercept((uri) => uri.startsWith(`${basePath}/`), method);
      const fake = this;
      interceptor.reply(function (uri, body) {
        const url = new URL(uri, baseUrl);
        const accept = String(this.req.headers.accept ?? "");
        if (this.req.headers.authorization) fake.authorizations.add(String(this.req.headers.authorization));
        return fake.answer(method, decodeURIComponent(url.pathname.slice(basePath.length)), url.searchParams, (body || {}) as Record<string, any>, accept);
      });
      this.interceptors.push(interceptor);
    }
  }

  dispose(): void {
    for (const interceptor of this.interceptors) nock.removeInterceptor(interceptor);
  }

  /** A repository of this owner, with a first commit on `main` holding `files`. */
  addRepository(name: string, options: { visibility?: "public" | "private" | "internal"; files?: Record<string, string>; labels?: string[] } = {}): this {
    const visibility = options.visibility ?? "public";
    const files = new Map(Object.entries(options.files ?? {}).map(([path, text]) => [path, { text, sha: sha1(text) }]));
    this.repos.set(name, {
      private: visibility !== "public",
      visibility,
      defaultBranch: "main",
      labels: new Map((options.labels ?? []).map((label) => [label, { name: label, color: "ededed", description: "" }])),
      branches: new Map([["main", sha1(`${name} first commit`)]]),
      files: new Map([["main", files]]),
    });
    return this;
  }

  file(repo: string, path: string, branch = "main"): string | undefined {
    return this.repos.get(repo)?.files.get(branch)?.get(path)?.text;
  }

  private repositoryJson(name: string, repo: FakeRepository) {
    return {
      id: 1000 + [...this.repos.keys()].indexOf(name),
      node_id: `R_${name}`,
      name,
      full_name: `${this.login}/${name}`,
      private: repo.private,
      visibility: repo.visibility,
      default_branch: repo.defaultBranch,
      owner: { login: this.login, id: 1, type: this.type },
      html_url: `https://github.com/${this.login}/${name}`,
    };
  }

  private answer(
    method: string,
    path: string,
    query: URLSearchParams,
    body: Record<string, any>,
    accept: string,
  ): [number, unknown] | [number, unknown, Record<string, string>] {
    this.requests.push(`${method} ${path}`);
    if (method !== "GET") this.writes.push({ method, path, body });
    const missing: [number, unknown] = [404, { message: "Not Found" }];
    const owner = this.login;

    if (method === "GET" && path === `/users/${owner}`) return [200, { login: owner, id: 1, type: this.type }];
    if (method === "GET" && path === "/user") return [200, { login: this.tokenUser, id: 2 }];
    if (method === "POST" && (path === `/orgs/${owner}/repos` || path === "/user/repos")) {
      if (this.repos.has(body.name)) return [422, { message: "Repository creation failed.", errors: [{ message: "name already exists on this account" }] }];
      this.addRepository(body.name, { visibility: this.newRepositoryVisibility ?? (body.private ? "private" : "public") });
      return [201, this.repositoryJson(body.name, this.repos.get(body.name)!)];
    }

    const match = new RegExp(`^/repos/${owner}/([^/]+)(/.*)?$`).exec(path);
    if (!match) return missing;
    const name = match[1]!;
    const rest = match[2] ?? "";
    const repo = this.repos.get(name);
    if (!repo) return missing;
    if (method === "GET" && rest === "") return [200, this.repositoryJson(name, repo)];

    const label = /^\/labels\/(.+)$/.exec(rest);
    if (method === "GET" && label) {
      const found = repo.labels.get(label[1]!);
      return found ? [200, { id: 1, node_id: "LA_1", url: `https://api.github.com/repos/${owner}/${name}/labels/call-in`, default: false, ...found }] : missing;
    }
    if (method === "POST" && rest === "/labels") {
      repo.labels.set(body.name, { name: body.name, color: body.color, description: body.description });
      return [
        201,
        {
          id: 2,
          node_id: "LA_2",
          url: `https://api.github.com/repos/${owner}/${name}/labels/call-in`,
          default: false,
          name: body.name,
          color: body.color,
          description: body.description,
        },
      ];
    }

    const ref = /^\/git\/ref\/heads\/(.+)$/.exec(rest);
    if (method === "GET" && ref) {
      const sha = repo.branches.get(ref[1]!);
      return sha
        ? [
            200,
            {
              ref: `refs/heads/${ref[1]}`,
              node_id: "REF_1",
              url: `https://api.github.com/repos/${owner}/${name}/git/refs/heads/${ref[1]}`,
              object: { type: "commit", sha, url: `https://api.github.com/repos/${owner}/${name}/git/commits/${sha}` },
            },
          ]
        : missing;
    }
    if (method === "POST" && rest === "/git/refs") {
      const branch = String(body.ref).replace(/^refs\/heads\//, "");
      if (repo.branches.has(branch)) return [422, { message: "Reference already exists" }];
      const from = [...repo.branches.entries()].find(([, sha]) => sha === body.sha)?.[0];
      repo.branches.set(branch, body.sha);
      repo.files.set(branch, new Map(repo.files.get(from ?? repo.defaultBranch)));
      return [
        201,
        {
          ref: body.ref,
          node_id: "REF_2",
          url: `https://api.github.com/repos/${owner}/${name}/git/${body.ref}`,
          object: { type: "commit", sha: body.sha, url: `https://api.github.com/repos/${owner}/${name}/git/commits/${body.sha}` },
        },
      ];
    }

    const contents = /^\/contents\/(.+)$/.exec(rest);
    if (contents) {
      const filePath = contents[1]!;
      const branch = query.get("ref") ?? (method === "PUT" ? (body.branch ?? repo.defaultBranch) : repo.defaultBranch);
      const files = repo.files.get(branch);
      if (!files) return missing;
      const current = files.get(filePath);
      if (method === "GET") {
        if (!current) return missing;
        if (accept.includes("raw")) return [200, current.text, { "content-type": "application/vnd.github.v3.raw; charset=utf-8" }];
        return [
          200,
          {
            type: "file",
            name: filePath.split("/").at(-1),
            path: filePath,
            sha: current.sha,
            size: current.text.length,
            encoding: "base64",
            content: Buffer.from(current.text).toString("base64"),
          },
        ];
      }
      if (method === "PUT") {
        if (current && body.sha !== current.sha) return [current && !body.sha ? 422 : 409, { message: "sha does not match" }];
        if (!current && body.sha) return [409, { message: "sha does not match" }];
        const text = Buffer.from(String(body.content), "base64").toString("utf8");
        files.set(filePath, { text, sha: sha1(text) });
        repo.branches.set(branch, sha1(`${branch} ${filePath} ${text}`));
        return [
          current ? 200 : 201,
          {
            content: {
              name: filePath.split("/").at(-1),
              path: filePath,
              sha: sha1(text),
              html_url: `https://github.com/${owner}/${name}/blob/${branch}/${filePath}`,
            },
            commit: { sha: repo.branches.get(branch) },
          },
        ];
      }
    }

    if (method === "GET" && rest === "/pulls") {
      const head = query.get("head")?.replace(`${owner}:`, "");
      const state = query.get("state") ?? "open";
      return [200, this.pulls.filter((p) => p.head === head && (state === "all" || p.state === state)).map((p) => this.pullJson(name, p))];
    }
    if (method === "POST" && rest === "/pulls") {
      if (!repo.branches.has(body.head)) return [422, { message: "Validation Failed" }];
      const pull: FakePull = { number: this.pulls.length + 1, head: body.head, base: body.base, title: body.title, body: body.body, state: "open" };
      this.pulls.push(pull);
      return [201, this.pullJson(name, pull)];
    }
    return missing;
  }

  private pullJson(repo: string, pull: FakePull) {
    return {
      number: pull.number,
      html_url: `https://github.com/${this.login}/${repo}/pull/${pull.number}`,
      title: pull.title,
      body: pull.body,
      state: pull.state,
    };
  }
}
