import { afterEach, describe, expect, it } from "vitest";
import { APP_BOT_USER, TEST_SEAL_ENV } from "./helpers/cases.js";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { validateRestRequest } from "./helpers/contract.js";
import { examplePayload, withOverrides } from "./helpers/payloads.js";
import { openForm, statusLinkOf, submitForm, waitFor } from "./helpers/form.js";
import { TEST_REPORT_KEY } from "./helpers/app.js";
import { parseMeta } from "../src/cases/metadata.js";

const OWNER = "Codertocat";
const REPO = "Hello-World";
const DESCRIPTION = "In the review they told a first-time contributor to 'go back to school'. Please look at it.";

interface Seen {
  method: string;
  path: string;
  body: string;
}

/**
 * A fake GitHub on loopback. Every request it receives is checked against
 * GitHub's OpenAPI description. While `hang` is true it never answers the
 * filing requests (GitHub down), so the process can be killed mid-filing.
 */
class FakeGitHub {
  readonly seen: Seen[] = [];
  readonly violations: string[] = [];
  readonly createdIssues: string[] = [];
  hang = true;
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

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body = "";
    for await (const chunk of req) body += chunk;
    const method = req.method ?? "GET";
    const path = req.url ?? "/";
    this.seen.push({ method, path, body });
    this.violations.push(...validateRestRequest({ method, url: `${this.url}${path}`, body: body || undefined, baseUrl: this.url }));
    const json = (status: number, data: unknown): void => {
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(data));
    };
    const bare = path.split("?")[0]!;
    if (bare === `/users/${OWNER}/installation`) return json(200, { id: 1, account: { login: OWNER, id: 1 } });
    if (bare === `/repos/${OWNER}/${REPO}`) return json(200, { id: 7, node_id: "R_hello", name: REPO, private: false, visibility: "public", owner: { login: OWNER, id: 1 }, html_url: `https://github.com/${OWNER}/${REPO}` });
    if (bare.includes("/contents/")) return json(404, { message: "Not Found" });
    if (this.hang) return; // GitHub is down: the request never gets an answer.
    if (bare === `/repos/${OWNER}/${REPO}/issues/1`) {
      const issue = withOverrides(examplePayload("issues", { action: "opened" }).issue, { number: 1, html_url: `https://github.com/${OWNER}/${REPO}/issues/1` });
      return json(200, issue);
    }
    if (bare === `/repos/${OWNER}/moderation`) return json(200, { id: 9, node_id: "R_mod", name: "moderation", private: true, visibility: "private", owner: { login: OWNER, id: 1 }, html_url: `https://github.com/${OWNER}/moderation` });
    if (bare === `/repos/${OWNER}/moderation/issues` && method === "GET") return json(200, []);
    if (bare === `/repos/${OWNER}/moderation/issues` && method === "POST") {
      const created = JSON.parse(body) as { title: string; body: string };
      this.createdIssues.push(created.body);
      return json(201, { number: 100 + this.createdIssues.length, node_id: "I_1", html_url: `https://github.com/${OWNER}/moderation/issues/100`, title: created.title, body: created.body, state: "open", user: APP_BOT_USER });
    }
    return json(404, { message: "Not Found" });
  }
}

interface Child {
  process: ChildProcess;
  base: string;
  logs: string[];
}

async function startChild(env: NodeJS.ProcessEnv): Promise<Child> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/fixtures/report-form-server.ts"], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const logs: string[] = [];
  createInterface({ input: child.stderr! }).on("line", (line) => logs.push(line));
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", (line) => resolve((JSON.parse(line) as { port: number }).port));
    child.once("exit", (code) => reject(new Error(`the child exited (${code}) before listening:\n${logs.join("\n")}`)));
  });
  return { process: child, base: `http://127.0.0.1:${port}`, logs };
}

function kill(child: Child): Promise<void> {
  return new Promise((resolve) => {
    if (child.process.exitCode !== null || child.process.signalCode !== null) return resolve();
    child.process.once("exit", () => resolve());
    child.process.kill("SIGKILL");
  });
}

describe("a crash between the receipt and the filing", () => {
  const github = new FakeGitHub();
  const children: Child[] = [];
  afterEach(async () => {
    for (const child of children) await kill(child);
    await github.stop();
  });

  // Two processes start (and compile TypeScript) in this test: generous limits, so a busy machine only makes it slower.
  it("loses nothing: a restarted instance files the report exactly once", async () => {
    await github.start();
    const dataDir = mkdtempSync(join(tmpdir(), "call-in-crash-"));
    const env = { DATA_DIR: dataDir, REPORT_ENCRYPTION_KEY: TEST_REPORT_KEY, ...TEST_SEAL_ENV, FAKE_GITHUB_URL: github.url, NODE_ENV: "test", LEASE_MS: "1500" };

    // 1: the report is accepted; GitHub hangs, so filing is under way when the process is killed.
    const first = await startChild(env);
    children.push(first);
    const page = await openForm(first.base);
    const receipt = await submitForm(first.base, page, { url: `https://github.com/${OWNER}/${REPO}/issues/1`, description: DESCRIPTION });
    expect(receipt.status).toBe(200);
    const reportId = /\/status\/([0-9A-Z]{8})\./.exec(statusLinkOf(receipt.html))![1];
    await waitFor(() => github.seen.some((r) => r.path.startsWith(`/repos/${OWNER}/${REPO}/issues/1`)), 60_000, "the filing to start");
    await kill(first);
    expect(github.createdIssues).toHaveLength(0);
    expect(readdirSync(join(dataDir, "spool", "claimed"))).toStrictEqual([`${reportId}.report`]);

    // 2: GitHub is back; a new instance takes the abandoned claim over once its lease lapses.
    github.hang = false;
    const second = await startChild(env);
    children.push(second);
    await waitFor(() => github.createdIssues.length === 1, 60_000, "the case to be filed");
    await waitFor(() => readdirSync(join(dataDir, "spool", "claimed")).length === 0 && readdirSync(join(dataDir, "spool", "pending")).length === 0, 60_000, "the spool to empty");
    await new Promise((resolve) => setTimeout(resolve, 600)); // a few more drain passes: nothing else is filed
    expect(github.createdIssues).toHaveLength(1);
    expect(parseMeta(github.createdIssues[0])).toMatchObject({ trigger: "report-form", reportId, deliveries: [`report:${reportId}`] });
    expect(github.violations).toStrictEqual([]);

    // The status page of the new instance finds the filed report.
    const status = await fetch(statusLinkOf(receipt.html).replace(first.base, second.base));
    expect(status.status).toBe(200);
    // Neither process logged the report's words.
    expect([...first.logs, ...second.logs].join("\n")).not.toContain("go back to school");
    expect(second.logs.join("\n")).toContain("back in the queue");
  }, 180_000);
});
