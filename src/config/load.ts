import { LRUCache } from "lru-cache";
import { z } from "zod";
import type { Logger } from "pino";
import { configSchema, type CallInConfig } from "./schema.js";
import { statusOf, type RepoRef } from "../github/client.js";

export type ConfigResult =
  | { ok: true; config: CallInConfig }
  | {
      ok: false;
      /** zod's prettified message (or the YAML error), for the person who wrote the file. */
      problem: string;
      /** Where to leave a note about it: the configured case repository when that part is valid. */
      caseRepository: string;
    };

/** Validates a raw config object (null when no file exists: all defaults). */
export function parseConfig(raw: unknown): ConfigResult {
  const parsed = configSchema.safeParse(raw ?? {});
  if (parsed.success) return { ok: true, config: parsed.data };
  const caseRepository = configSchema.shape.caseRepository.safeParse((raw as { caseRepository?: unknown } | null)?.caseRepository);
  return {
    ok: false,
    problem: z.prettifyError(parsed.error),
    caseRepository: caseRepository.success ? caseRepository.data : "moderation",
  };
}

/** Reads `.github/call-in.yml` (Probot's `context.config`: the repository, then the owner's `.github`). */
export type ConfigReader = () => Promise<unknown>;

/**
 * Config is read on nearly every event, and usually changes rarely: a short-lived
 * cache saves two API calls per event. A minute is how long a fix may take to apply.
 */
export class ConfigLoader {
  private readonly cache = new LRUCache<string, ConfigResult>({ max: 2_000, ttl: 60_000 });

  async load(ref: RepoRef, read: ConfigReader, log: Logger): Promise<ConfigResult> {
    const key = `${ref.owner}/${ref.repo}`.toLowerCase();
    const cached = this.cache.get(key);
    if (cached) return cached;
    let result: ConfigResult;
    try {
      result = parseConfig(await read());
    } catch (error) {
      // A GitHub failure (it has an HTTP status) must not turn into "defaults"; rethrow it.
      // Anything else is the file itself: invalid YAML, not an object, a bad `_extends`.
      if (statusOf(error) !== undefined) throw error;
      result = { ok: false, problem: describeFileError(error), caseRepository: "moderation" };
    }
    if (!result.ok) log.error({ owner: ref.owner, repo: ref.repo, problem: result.problem }, "call-in.yml is invalid; no case is written until it is fixed");
    this.cache.set(key, result);
    return result;
  }
}

function describeFileError(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).replace(/^\[@probot\/octokit-plugin-config\]\s*/, "");
  const cause = error instanceof Error && error.cause instanceof Error ? `\n${error.cause.message}` : "";
  return `${message}${cause}`;
}
