/**
 * A real Call-In process (test/fixtures/report-form-server.ts) against a fake
 * GitHub on loopback, for the crash and shutdown tests.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createInterface } from "node:readline";
import { validateRestRequest, validateRestResponse } from "./contract.js";
import { examplePayload, withOverrides } from "./payloads.js";
import { APP_BOT_USER } from "./cases.js";

export const OWNER = "Codertocat";
export const REPO = "Hello-World";

export interface Seen {
  method: string;
  path: string;
  body: string;
}

/**
 * A fake GitHub on loopback. Every request it receives, and every answer it
 * gives, is checked against GitHub's OpenAPI description (in `violations`). While `hang` is true it never answers the
 * filing requests (GitHub down), so the process can be killed mid-filing.
 */
export class FakeGitHub {
  readonly seen: Seen[] = [];
  readonly violations: string[] = [];
  readonly createdIssues: string[] = [];
  hang = true;
  /** While true, case-creating requests wait until `releaseHeld()` (a filing caught mid-way). */
  holdCreates = false;
  private readonly held: Array<() => void> = [];
  private server: Server | undefined;
  url = "";

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** How many case-creating requests wait for `releaseHeld()`. */
  get holding(): number {
    return this.held.length;
  }

  releaseHeld(): void {
    this.holdCreates = false;
    for (const release of this.held.splice(0)) release();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body = "";
    for await (const chunk of req) body += chunk;
    const method = req.method ?? "GET";
    const path = req.url ?? "/";
    this.seen.push({ method, path, body });
    this.violations.push(...validateRestRequest({ method, url: `${this.url}${path}`, body: body || undefined, baseUrl: this.url }));
    const json = (status: number, data: unknown): void => {
      this.violations.push(...validateRestResponse({ method, url: `${this.url}${path}`, status, body: data, baseUrl: this.url }));
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(data));
    };
    const bare = path.split("?")[0]!;
    if (bare === `/users/${OWNER}/installation`) return json(200, { id: 1, account: { login: OWNER, id: 1 } });
    if (bare === `/repos/${OWNER}/${REPO}`)
      return json(200, {
        id: 7,
        node_id: "R_hello",
        name: REPO,
        private: false,
        visibility: "public",
        owner: { login: OWNER, id: 1, type: "User" },
        html_url: `https://github.com/${OWNER}/${REPO}`,
      });
    if (bare.includes("/contents/")) return json(404, { message: "Not Found" });
    if (this.hang) return; // GitHub is down: the request never gets an answer.
    if (bare === `/repos/${OWNER}/${REPO}/issues/1`) {
      const issue = withOverrides(examplePayload("issues", { action: "opened" }).issue, {
        number: 1,
        html_url: `https://github.com/${OWNER}/${REPO}/issues/1`,
      });
      return json(200, issue);
    }
    if (bare === `/repos/${OWNER}/moderation`)
      return json(200, {
        id: 9,
        node_id: "R_mod",
        name: "moderation",
        private: true,
        visibility: "private",
        owner: { login: OWNER, id: 1, type: "User" },
        html_url: `https://github.com/${OWNER}/moderation`,
      });
    if (bare === `/repos/${OWNER}/moderation/issues` && method === "GET") return json(200, []);
    if (bare === `/repos/${OWNER}/moderation/issues` && method === "POST") {
      if (this.holdCreates) await new Promise<void>((resolve) => this.held.push(resolve));
      const created = JSON.parse(body) as { title: string; body: string };
      const number = 100 + this.createdIssues.push(created.body);
      return json(201, {
        id: 5000 + number,
        number,
        node_id: `I_${number}`,
        html_url: `https://github.com/${OWNER}/moderation/issues/${number}`,
        title: created.title,
        body: created.body,
        state: "open",
        user: APP_BOT_USER,
      });
    }
    return json(404, { message: "Not Found" });
  }
}

export interface Child {
  process: ChildProcess;
  base: string;
  logs: string[];
}

export async function startChild(env: NodeJS.ProcessEnv): Promise<Child> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/fixtures/report-form-server.ts"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: string[] = [];
  createInterface({ input: child.stderr! }).on("line", (line) => logs.push(line));
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", (line) => resolve((JSON.parse(line) as { port: number }).port));
    child.once("exit", (code) => reject(new Error(`the child exited (${code}) before listening:\n${logs.join("\n")}`)));
  });
  return { process: child, base: `http://127.0.0.1:${port}`, logs };
}

/** Resolves with the exit code once the child exits. */
export function exitOf(child: Child): Promise<number | null> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return Promise.resolve(child.process.exitCode);
  return new Promise((resolve) => child.process.once("exit", (code) => resolve(code)));
}

export function kill(child: Child): Promise<void> {
  return new Promise((resolve) => {
    if (child.process.exitCode !== null || child.process.signalCode !== null) return resolve();
    child.process.once("exit", () => resolve());
    child.process.kill("SIGKILL");
  });
}
