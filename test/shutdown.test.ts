import { afterEach, describe, expect, it } from "vitest";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { exitOf, FakeGitHub, OWNER, REPO, kill, startChild, type Child } from "./helpers/child-app.js";
import { openForm, statusLinkOf, submitForm, waitFor } from "./helpers/form.js";
import { TEST_REPORT_KEY } from "./helpers/app.js";
import { TEST_SEAL_ENV } from "./helpers/cases.js";
import { parseMeta } from "../src/cases/metadata.js";
import { Lifecycle } from "../src/lifecycle/shutdown.js";
import { gateWebhooks } from "../src/lifecycle/webhooks.js";
import { createHmac } from "node:crypto";
import { Probot, ProbotOctokit } from "probot";
import { examplePayload } from "./helpers/payloads.js";
import { readSettings } from "../src/settings.js";

const DESCRIPTION = "They keep calling a new contributor 'clueless' in every review. Please look at it.";

function logLines(child: Child): Array<{ msg?: string; [key: string]: unknown }> {
  return child.logs.map((line) => {
    try {
      return JSON.parse(line) as { msg?: string };
    } catch {
      return { msg: line };
    }
  });
}

describe("SIGTERM", () => {
  const github = new FakeGitHub();
  const children: Child[] = [];
  afterEach(async () => {
    github.releaseHeld();
    for (const child of children) await kill(child);
    await github.stop();
  });

  it("mid-filing: refuses new reports with 503, finishes the case exactly once, releases the spool and exits 0", async () => {
    await github.start();
    github.hang = false;
    github.holdCreates = true;
    const dataDir = mkdtempSync(join(tmpdir(), "call-in-stop-"));
    const child = await startChild({
      DATA_DIR: dataDir,
      REPORT_ENCRYPTION_KEY: TEST_REPORT_KEY,
      ...TEST_SEAL_ENV,
      FAKE_GITHUB_URL: github.url,
      NODE_ENV: "test",
      LEASE_MS: "",
    });
    children.push(child);

    const page = await openForm(child.base);
    const receipt = await submitForm(child.base, page, { url: `https://github.com/${OWNER}/${REPO}/issues/1`, description: DESCRIPTION });
    expect(receipt.status).toBe(200);
    const reportId = /\/status\/([0-9A-Z]{8})\./.exec(statusLinkOf(receipt.html))![1]!;
    // The case is being written: GitHub holds the create-issue request.
    await waitFor(() => github.holding === 1, 15_000, "the case to be written");
    const secondPage = await openForm(child.base);

    const exited = exitOf(child);
    child.process.kill("SIGTERM");
    await waitFor(() => logLines(child).some((l) => String(l.msg).startsWith("shutting down")), 10_000, "the shutdown to begin");

    // A report sent now is refused, and the reporter is told to send it again: nothing is half-accepted.
    const refused = await submitForm(child.base, secondPage, { url: `https://github.com/${OWNER}/${REPO}/issues/1`, description: "a second report" });
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("60");
    expect(refused.html).toContain("Please try again in a minute");
    expect(refused.html).toContain("it was not sent");
    // It waits for the filing: still running, the claim still held.
    expect(child.process.exitCode).toBeNull();
    expect(readdirSync(join(dataDir, "spool", "claimed"))).toStrictEqual([expect.stringMatching(new RegExp(`^${reportId}\\.`))]);

    github.releaseHeld();
    expect(await exited).toBe(0);

    // Exactly one case, for the first report; the spool is empty and its holder file is gone; the receipt is kept.
    expect(github.createdIssues).toHaveLength(1);
    expect(parseMeta(github.createdIssues[0])).toMatchObject({ reportId, deliveries: [`report:${reportId}`] });
    expect(readdirSync(join(dataDir, "spool", "pending"))).toStrictEqual([]);
    expect(readdirSync(join(dataDir, "spool", "claimed"))).toStrictEqual([]);
    expect(readdirSync(join(dataDir, "spool", "holders"))).toStrictEqual([]);
    expect(readdirSync(join(dataDir, "receipts"))).toStrictEqual([`${reportId}.receipt`]);
    expect(logLines(child).map((l) => l.msg)).toContain("stopped cleanly: nothing in flight, no claims held");
    expect(github.violations).toStrictEqual([]);
    expect(child.logs.join("\n")).not.toContain("clueless");
  }, 90_000);
});

describe("webhooks during a shutdown", () => {
  it("waits for a delivery being handled, and answers a new one 503", async () => {
    const secret = "test-secret";
    const probot = new Probot({
      githubToken: "test-token",
      secret,
      log: pino({ level: "silent" }),
      Octokit: ProbotOctokit.defaults((o: Record<string, unknown>) => ({ ...o, retry: { enabled: false }, throttle: { enabled: false } })),
    });
    const lifecycle = new Lifecycle();
    let finishHandler: (() => void) | undefined;
    await probot.load(
      (app) => {
        app.on("issues.labeled", () => new Promise<void>((resolve) => (finishHandler = resolve)));
        gateWebhooks(app, lifecycle);
      },
      { cwd: process.cwd(), addHandler: () => undefined },
    );
    const payload = JSON.stringify({ ...examplePayload("issues", { action: "labeled" }), installation: { id: 1 } });
    const delivery = (id: string) => ({
      id,
      name: "issues" as const,
      payload,
      signature: `sha256=${createHmac("sha256", secret).update(payload).digest("hex")}`,
    });

    const first = probot.webhooks.verifyAndReceive(delivery("d-1"));
    await waitFor(() => finishHandler !== undefined, 5_000, "the handler to start");
    let stopped = false;
    const stopping = lifecycle.shutdown(new AbortController().signal, pino({ level: "silent" })).then((outcome) => {
      stopped = true;
      return outcome;
    });

    // @octokit/webhooks' middleware answers with the status of the first error: 503.
    await expect(probot.webhooks.verifyAndReceive(delivery("d-2"))).rejects.toMatchObject({ errors: [{ status: 503 }] });
    await Promise.resolve();
    expect(stopped).toBe(false);
    finishHandler!();
    await first;
    expect(await stopping).toBe("clean");
  });
});

describe("the shutdown bound", () => {
  it("hands back what is left when the deadline passes, and reports it", async () => {
    const lifecycle = new Lifecycle();
    const handedBack: string[] = [];
    lifecycle.register({ name: "never ends", finish: () => new Promise<void>(() => undefined), abandon: async () => void handedBack.push("never ends") });
    lifecycle.register({ name: "quick", finish: async () => undefined });
    void lifecycle.track(new Promise(() => undefined));
    const deadline = new AbortController();
    const outcome = lifecycle.shutdown(deadline.signal, pino({ level: "silent" }));
    expect(lifecycle.accepting).toBe(false);
    deadline.abort();
    expect(await outcome).toBe("abandoned");
    expect(handedBack).toStrictEqual(["never ends"]);
  });

  it("waits for tracked work, then finishes cleanly", async () => {
    const lifecycle = new Lifecycle();
    let release: () => void = () => undefined;
    void lifecycle.track(new Promise<void>((resolve) => (release = resolve)));
    const order: string[] = [];
    lifecycle.register({ name: "part", finish: async () => void order.push("part finished") });
    const outcome = lifecycle.shutdown(new AbortController().signal, pino({ level: "silent" })).then((o) => {
      order.push("shutdown done");
      return o;
    });
    await Promise.resolve();
    expect(order).toStrictEqual(["part finished"]);
    release();
    expect(await outcome).toBe("clean");
    expect(order).toStrictEqual(["part finished", "shutdown done"]);
  });

  it("defaults to 25 s and reads SHUTDOWN_TIMEOUT_SECONDS", () => {
    expect(readSettings({}).shutdownTimeoutMs).toBe(25_000);
    expect(readSettings({ SHUTDOWN_TIMEOUT_SECONDS: "10" }).shutdownTimeoutMs).toBe(10_000);
    expect(() => readSettings({ SHUTDOWN_TIMEOUT_SECONDS: "10s" }).shutdownTimeoutMs).toThrow("whole number of seconds");
  });
});
