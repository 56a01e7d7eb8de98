import type { Probot } from "probot";
import type { GitHub } from "../github/client.js";
import type { ConfigReading } from "../github/config-file.js";

/** How the form reaches GitHub: the app's own (JWT) client, and an installation's client. */
export interface GitHubAccess {
  app(): Promise<GitHub>;
  installation(id: number): Promise<GitHub & ConfigReading>;
}

type Hookable = { hook: { before(name: "request", hook: (options: { request?: Record<string, unknown> }) => void): void } };

/**
 * Probot's clients, with a time limit on every request: a GitHub that hangs
 * must not hold a reporter's page or a spool worker for long.
 */
export function probotAccess(app: Probot, timeoutMs: number): GitHubAccess {
  const limited = <T>(octokit: T): T => {
    (octokit as unknown as Hookable).hook.before("request", (options) => {
      options.request = { ...options.request, signal: AbortSignal.timeout(timeoutMs) };
    });
    return octokit;
  };
  return {
    app: async () => limited(await app.auth()) as unknown as GitHub,
    installation: async (id) => limited(await app.auth(id)) as unknown as GitHub & ConfigReading,
  };
}
