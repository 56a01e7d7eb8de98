import { mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Probot, ProbotOctokit } from "probot";
import type { ApplicationFunctionOptions } from "probot";
import type { Logger } from "pino";
import { createApp, type AppOptions } from "../../src/index.js";
import type { RunningReportForm } from "../../src/report-form/index.js";
import { captureLogs } from "./logs.js";
import { nobodyHoldsKeys } from "./key-holders.js";
import { TEST_CASE_METADATA_KEY, testAppIdentity } from "./cases.js";

export const TEST_INSTALLATION_ID = 1;

/** A fixed REPORT_ENCRYPTION_KEY for tests (32 bytes, hex). */
export const TEST_REPORT_KEY = "6b".repeat(32);

export interface TestApp {
  probot: Probot;
  logs: ReturnType<typeof captureLogs>;
  /** Routes the app added with `addHandler` (report form, status pages...). */
  handlers: Array<Parameters<ApplicationFunctionOptions["addHandler"]>[0]>;
  /** The running report form (spool, drainer), unless it is off. */
  form: RunningReportForm | null;
  /** The spool folder of this app (a fresh temporary folder unless env.DATA_DIR is given). */
  dataDir: string;
  /** Serves the added handlers on 127.0.0.1, an ephemeral port; returns the base URL. */
  listen(): Promise<string>;
  /** Stops the drainer and the server, and waits for the form's background lookups. */
  close(): Promise<void>;
  /** Delivers a webhook as GitHub would, with a delivery id. */
  receive(name: string, payload: unknown, id?: string): Promise<void>;
}

/**
 * A fresh Probot per test: token auth (no installation-token request to mock),
 * retries and throttling off so a failing mock fails fast, logs captured.
 */
export async function createTestApp(options: { baseUrl?: string; services?: AppOptions; log?: Logger } = {}): Promise<TestApp> {
  const logs = captureLogs();
  const log = options.log ?? logs.log;
  const probot = new Probot({
    githubToken: "test-token",
    log,
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    Octokit: ProbotOctokit.defaults((instanceOptions: Record<string, unknown>) => ({
      ...instanceOptions,
      retry: { enabled: false },
      throttle: { enabled: false },
    })),
  });
  const handlers: TestApp["handlers"] = [];
  // Each app gets its own spool folder, so no test (or developer's ./data) leaks into another.
  const env = {
    REPORT_ENCRYPTION_KEY: TEST_REPORT_KEY,
    CASE_METADATA_KEY: TEST_CASE_METADATA_KEY,
    ...process.env,
    DATA_DIR: mkdtempSync(join(tmpdir(), "call-in-test-")),
    ...options.services?.env,
  };
  let form: RunningReportForm | null = null;
  // The app's identity would come from `GET /app` with its JWT; tests use a token, so it is given.
  const services = {
    appIdentity: testAppIdentity,
    keyHolders: nobodyHoldsKeys,
    ...options.services,
    env,
    reportForm: { ...options.services?.reportForm, onStart: (f: RunningReportForm) => (form = f) },
  };
  await probot.load(createApp(services), { cwd: process.cwd(), addHandler: (handler) => handlers.push(handler) });
  let counter = 0;
  let server: Server | undefined;
  return {
    probot,
    logs,
    handlers,
    get form() {
      return form;
    },
    dataDir: env.DATA_DIR,
    async listen() {
      server = createServer(async (req, res) => {
        for (const handler of handlers) if (await handler(req, res)) return;
        res.writeHead(404).end();
      });
      await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    async close() {
      form?.drainer.stop();
      await form?.drainer.idle();
      // No lookup a page stopped waiting for may outlive the test (and answer from the next test's mocks).
      await form?.background.idle();
      if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
      server?.closeAllConnections();
    },
    receive: (name, payload, id) => probot.receive({ id: id ?? `delivery-${++counter}-${Date.now()}`, name, payload } as never),
  };
}
