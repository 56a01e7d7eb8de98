/**
 * The sandbox's web pages: GitHub's web interface as far as the demo needs
 * it, served at the sandbox's own host (as GitHub Enterprise Server serves
 * its pages beside `/api/v3`), so every link the app writes into a case
 * opens here. A visitor picks who they are (a maintainer, a commenter, a
 * moderator), reads repositories, threads, cases and files rendered as
 * GitHub renders them, and acts: a label, a comment, a command. Each action
 * changes the sandbox's state and delivers GitHub's webhook to the real app.
 *
 * Loopback only; forms carry a per-process token so another site cannot act
 * for the visitor. Words live in templates/sandbox/.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { join } from "node:path";
import { BUNDLED_TEMPLATES_DIR, TemplateSet } from "../templates/engine.js";
import type { GitHubStandIn } from "./github-stand-in.js";
import { githubMarkdown } from "../text/github-markdown.js";
import { CASES, type DemoAction, LABEL, ORG, PEOPLE, PROJECT, type Role } from "./seed.js";
import type { Delivery } from "./webhooks.js";

export interface SandboxPagesOptions {
  github: GitHubStandIn;
  /** The app's base URL (its report form and log view). */
  appUrl: string;
  act(as: Role, action: DemoAction): Promise<Delivery>;
}

const require = createRequire(import.meta.url);
const STATIC = {
  "/_sandbox/sandbox.css": { type: "text/css; charset=utf-8", file: () => readFileSync(new URL("../../static/sandbox.css", import.meta.url)) },
  "/_sandbox/mermaid.min.js": { type: "text/javascript; charset=utf-8", file: () => readFileSync(require.resolve("mermaid/dist/mermaid.min.js")) },
  "/_sandbox/diagrams.js": { type: "text/javascript; charset=utf-8", file: () => readFileSync(new URL("../../static/sandbox-diagrams.js", import.meta.url)) },
} as const;
const ROLE_COOKIE = "sandbox_as";
/** Mermaid draws SVG with inline styles; scripts only from this host. */
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self' http://127.0.0.1:*; base-uri 'none'; frame-ancestors 'none'";

export function sandboxPages(options: SandboxPagesOptions): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const { github } = options;
  const templates = TemplateSet.bundled(join(BUNDLED_TEMPLATES_DIR, "sandbox"));
  const render = githubMarkdown();
  const formToken = randomBytes(16).toString("hex");
  const files = new Map<string, Buffer>();

  const page = async (res: ServerResponse, name: string, data: Record<string, unknown>, status = 200) => {
    // Mermaid's bundle (3 MB) only where a diagram is drawn.
    const diagrams = JSON.stringify(data).includes('class=\\"mermaid\\"');
    const { text } = await templates.render(name, { ...data, diagrams, formToken, appUrl: options.appUrl, reportFormUrl: `${options.appUrl}/call-in/report` });
    res.writeHead(status, {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": CSP,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    });
    res.end(text);
  };

  return async (req, res) => {
    const url = new URL(req.url ?? "/", "http://sandbox.invalid");
    const path = url.pathname;
    const asset = STATIC[path as keyof typeof STATIC];
    if (asset && req.method === "GET") {
      if (!files.has(path)) files.set(path, asset.file());
      res.writeHead(200, { "content-type": asset.type, "cache-control": "max-age=3600", "x-content-type-options": "nosniff" }).end(files.get(path));
      return true;
    }
    const role = roleOf(req);
    const person = { ...PEOPLE[role], key: role };
    const common = { person, people: Object.entries(PEOPLE).map(([key, p]) => ({ key, ...p, current: key === role })), here: path };

    if (req.method === "POST") {
      const form = new URLSearchParams(await bodyOf(req));
      if (form.get("token") !== formToken) {
        await page(res, "message.html", { ...common, kind: "expired" }, 403);
        return true;
      }
      const back = safeBack(form.get("back"));
      if (path === "/_sandbox/as") {
        const chosen = form.get("as");
        const next: Role = chosen === "commenter" || chosen === "moderator" ? chosen : "maintainer";
        res.writeHead(303, { location: back, "set-cookie": `${ROLE_COOKIE}=${next}; Path=/; HttpOnly; SameSite=Strict` }).end();
        return true;
      }
      const repo = form.get("repo") ?? "";
      const number = Number(form.get("number"));
      if (!github.repositoryOf(ORG, repo) || !canRead(github, repo, person.login)) {
        await page(res, "message.html", { ...common, kind: "not-found", login: person.login, repository: `${ORG}/${repo}` }, 404);
        return true;
      }
      let action: DemoAction | null = null;
      if (path === "/_sandbox/label") {
        // GitHub lets only people with triage rights or more label: the app takes a label event as proof of them.
        if (!["write", "admin"].includes(github.permissionOf(ORG, repo, person.login))) {
          await page(res, "message.html", { ...common, kind: "cannot-label", login: person.login, repository: `${ORG}/${repo}` }, 403);
          return true;
        }
        action = { kind: "label", repo, number };
      }
      if (path === "/_sandbox/comment") {
        const body = (form.get("body") ?? "").trim();
        if (body) action = { kind: "comment", repo, number, body };
      }
      if (action) await options.act(role, action);
      res.writeHead(303, { location: `/${ORG}/${repo}/issues/${number}#latest` }).end();
      return true;
    }
    if (req.method !== "GET") return false;

    if (path === "/") {
      const repositories = github.repositories().map((r) => ({
        name: r.name,
        fullName: `${r.owner.login}/${r.name}`,
        private: r.visibility !== "public",
        readable: canRead(github, r.name, person.login),
      }));
      const cases = canRead(github, CASES, person.login) ? github.issuesOf(ORG, CASES).map((i) => issueSummary(i)) : null;
      await page(res, "home.html", { ...common, org: ORG, repositories, cases, casesRepo: `${ORG}/${CASES}`, project: `${ORG}/${PROJECT}`, label: LABEL });
      return true;
    }

    const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
    if (parts[0] !== ORG || !parts[1]) return false;
    const repo = github.repositoryOf(ORG, parts[1]);
    if (!repo) return false;
    const repository = { name: repo.name, fullName: `${ORG}/${repo.name}`, private: repo.visibility !== "public" };
    if (!canRead(github, repo.name, person.login)) {
      await page(res, "private.html", { ...common, repository }, 404);
      return true;
    }
    const writable = ["write", "admin"].includes(github.permissionOf(ORG, repo.name, person.login));

    if (parts.length === 2 || (parts[2] === "issues" && parts.length === 3)) {
      const issues = [...github.issuesOf(ORG, repo.name)].reverse().map((i) => issueSummary(i));
      const files = github.filesOf(ORG, repo.name).map((f) => f.path);
      await page(res, "repository.html", { ...common, repository, issues, files });
      return true;
    }
    if (parts[2] === "issues" && parts.length === 4) {
      const issue = github.issuesOf(ORG, repo.name).find((i) => i.number === Number(parts[3]));
      if (!issue) return false;
      const threadUrl = `${github.origin}/${ORG}/${repo.name}/issues/${issue.number}`;
      await page(res, "issue.html", {
        ...common,
        repository,
        writable,
        label: LABEL,
        issue: {
          ...issueSummary(issue),
          author: issue.user.login,
          bot: issue.user.type === "Bot",
          html: render(issue.body),
          locked: issue.locked,
          url: threadUrl,
          reportUrl: `${options.appUrl}/call-in/report?url=${encodeURIComponent(threadUrl)}`,
        },
        comments: issue.comments.map((c, index) => ({
          id: c.id,
          author: c.user.login,
          bot: c.user.type === "Bot",
          createdAt: c.createdAt,
          html: render(c.body),
          minimized: c.minimized?.toLowerCase().replace("_", "-") ?? null,
          last: index === issue.comments.length - 1,
        })),
      });
      return true;
    }
    if (parts[2] === "blob" && parts.length > 4) {
      const filePath = parts.slice(4).join("/");
      const content = github.fileOf(ORG, repo.name, filePath);
      if (content === null) return false;
      const markdown = filePath.endsWith(".md");
      const lines = filePath.endsWith(".jsonl")
        ? content
            .split("\n")
            .filter((line) => line.trim() !== "")
            .map((line) => prettyJson(line))
        : null;
      await page(res, "file.html", { ...common, repository, path: filePath, html: markdown ? render(content) : null, lines, content });
      return true;
    }
    return false;
  };
}

function roleOf(req: IncomingMessage): Role {
  const value = /(?:^|;\s*)sandbox_as=(\w+)/.exec(String(req.headers.cookie ?? ""))?.[1];
  return value === "commenter" || value === "moderator" ? value : "maintainer";
}

/** Everyone reads public repositories; private ones take a permission, as on GitHub. */
function canRead(github: GitHubStandIn, repo: string, login: string): boolean {
  const found = github.repositoryOf(ORG, repo);
  if (!found) return false;
  return found.visibility === "public" || github.permissionOf(ORG, repo, login) !== "none";
}

function issueSummary(issue: { number: number; title: string; state: string; labels: string[]; comments: unknown[]; user: { login: string } }) {
  return { number: issue.number, title: issue.title, state: issue.state, labels: issue.labels, commentCount: issue.comments.length, author: issue.user.login };
}

function prettyJson(line: string): string {
  try {
    return JSON.stringify(JSON.parse(line), null, 2);
  } catch {
    return line;
  }
}

/** A path on this host to return to (never another site). */
function safeBack(value: string | null): string {
  return value && /^\/(?!\/)[^\s\\]*$/.test(value) ? value : "/";
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  let body = "";
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 100_000) break;
  }
  return body;
}
