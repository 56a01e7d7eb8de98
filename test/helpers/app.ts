import { Probot, ProbotOctokit } from "probot";
import type { ApplicationFunctionOptions } from "probot";
import type { Logger } from "pino";
import { createApp } from "../../src/index.js";
import type { ServiceOptions } from "../../src/services.js";
import { captureLogs } from "./logs.js";

export const TEST_INSTALLATION_ID = 1;

export interface TestApp {
  probot: Probot;
  logs: ReturnType<typeof captureLogs>;
  /** Routes the app added with `addHandler` (report form, status pages...). */
  handlers: Array<Parameters<ApplicationFunctionOptions["addHandler"]>[0]>;
  /** Delivers a webhook as GitHub would, with a delivery id. */
  receive(name: string, payload: unknown, id?: string): Promise<void>;
}

/**
 * A fresh Probot per test: token auth (no installation-token request to mock),
 * retries and throttling off so a failing mock fails fast, logs captured.
 */
export async function createTestApp(options: { baseUrl?: string; services?: Partial<ServiceOptions>; log?: Logger } = {}): Promise<TestApp> {
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
  await probot.load(createApp({ ...options.services }), { cwd: process.cwd(), addHandler: (handler) => handlers.push(handler) });
  let counter = 0;
  return {
    probot,
    logs,
    handlers,
    receive: (name, payload, id) => probot.receive({ id: id ?? `delivery-${++counter}-${Date.now()}`, name, payload } as never),
  };
}
