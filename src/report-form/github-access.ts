import type { Probot } from "probot";
import type { Logger } from "pino";
import type { GitHub } from "../github/client.js";
import type { ConfigCapableGitHub } from "../github/config-file.js";

/** How the form reaches GitHub: the app's own (JWT) client, and an installation's client. */
export interface GitHubAccess {
  app(): Promise<GitHub>;
  installation(id: number): Promise<ConfigCapableGitHub>;
}

type Hookable = { hook: { before(name: "request", hook: (options: { request?: Record<string, unknown> }) => void): void }; log: unknown };

/** Probot logs every request's body at debug level; for the form's clients, bodies (case text, report words) are censored. */
const REQUEST_FIELDS = ["body", "title", "query", "variables", "description", "contact"];

/**
 * Probot's clients, with a time limit on every request: a GitHub that hangs
 * must not hold a reporter's page or a spool worker for long. `requestSignal`
 * gives each request its limit (a timer in production; tests end it themselves).
 */
export function probotAccess(app: Probot, requestSignal: () => AbortSignal, log: Logger): GitHubAccess {
  const requestLog = log.child({ name: "github" }, { redact: { paths: REQUEST_FIELDS, censor: "[redacted]" } });
  const limited = <T>(octokit: T): T => {
    (octokit as unknown as Hookable).log = requestLog;
    (octokit as unknown as Hookable).hook.before("request", (options) => {
      options.request = { ...options.request, signal: requestSignal() };
    });
    return octokit;
  };
  return {
    app: async () => limited(await app.auth()) as unknown as GitHub,
    installation: async (id) => limited(await app.auth(id)) as unknown as ConfigCapableGitHub,
  };
}
