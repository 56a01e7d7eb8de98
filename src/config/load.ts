import { LRUCache } from "lru-cache";
import { z } from "zod";
import type { Logger } from "pino";
import { CONFIG_FILE, configSchema, OWNER_DECIDES, type CallInConfig } from "./schema.js";
import { statusOf, type RepoRef } from "../github/client.js";
import { OWNER_CONFIG_REPOSITORY, readConfigSources, readOwnerConfigFile, type ConfigCapableGitHub } from "../github/config-file.js";

export type ConfigResult =
  | {
      ok: true;
      config: CallInConfig;
      /** Settings the repository's own file tried to change that only the owner's file decides (`OWNER_DECIDES`); they were ignored. */
      ignored?: string[];
    }
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

/** Reads one already merged `.github/call-in.yml`, e.g. the owner's own (`<owner>/.github`). */
export type ConfigReader = () => Promise<unknown>;

/** What reading `call-in.yml` takes from a client (see github/config-file.ts). */
type ConfigFiles = Pick<ConfigCapableGitHub, "config">;

/** The owner's own `call-in.yml` in `<owner>/.github`, as written (`_extends` followed); null when it has none. */
export function readOwnerConfig(github: ConfigFiles, owner: string): Promise<unknown> {
  return readOwnerConfigFile(github, owner, CONFIG_FILE);
}

/**
 * The owner's own config, validated, read afresh: for callers that keep what
 * they derive from it themselves (the log view's owner directory, the form's
 * owner pages) or run once (the CLI). `found` is false when the owner has no
 * file; the config is then the defaults. Errors reading the file (GitHub's,
 * or invalid YAML) are thrown, as the plugin throws them.
 */
export async function loadOwnerConfig(github: ConfigFiles, owner: string): Promise<ConfigResult & { found: boolean }> {
  const raw = await readOwnerConfig(github, owner);
  return { ...parseConfig(raw), found: raw !== null };
}

/**
 * The two files behind one repository's config, read apart so a repository
 * file cannot overrule its owner: the repository's own file (with its
 * `_extends` followed; null when it has none) and the owner's file in
 * `<owner>/.github` (null when there is none).
 */
export interface ConfigSources {
  repository: unknown;
  owner: unknown;
}

const ci = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** A dotted key of a config object (`form.enabled`). */
function valueAt(object: unknown, key: string): unknown {
  return key
    .split(".")
    .reduce<unknown>((value, part) => (value !== null && typeof value === "object" ? (value as Record<string, unknown>)[part] : undefined), object);
}

/** Compares two settings, with arrays as sets: `_extends` concatenates the owner's arrays with the repository's. */
function sameSetting(a: unknown, b: unknown): boolean {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return [...new Set(value.map((v) => JSON.stringify(canonical(v))))].sort();
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(
        Object.keys(value)
          .sort()
          .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
      );
    }
    return value;
  };
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/**
 * The owner-level rule. Without an owner file, the repository's file (or the
 * defaults) is the config, as in every Probot app. With one, the keys in
 * `OWNER_DECIDES` come from the owner's file, whatever the repository's file
 * (or anything it `_extends`) says; the repository may only pick its
 * `caseRepository` among the owner's `caseRepository` and
 * `allowedCaseRepositories`. The result's `allowedCaseRepositories` always
 * names the owner's case repository, so it counts as a private workspace
 * from every repository.
 */
export function resolveConfig(sources: ConfigSources): ConfigResult {
  if (sources.owner === null || sources.owner === undefined) {
    // Where reports about the people who hold the keys go is the owner's alone: a repository admin may be one of them.
    const parsed = parseConfig(sources.repository);
    return parsed.ok ? { ...parsed, config: { ...parsed.config, keyHolderReports: null } } : parsed;
  }
  const owner = parseConfig(sources.owner);
  if (!owner.ok) return owner;
  const allowed = [owner.config.caseRepository, ...owner.config.allowedCaseRepositories];
  const effective = (config: CallInConfig): CallInConfig => ({ ...config, allowedCaseRepositories: allowed });
  if (sources.repository === null || sources.repository === undefined) return { ok: true, config: effective(owner.config) };
  const repository = parseConfig(sources.repository);
  // A broken repository file is still a problem to fix; its note goes to the owner's case repository.
  if (!repository.ok) return { ...repository, caseRepository: owner.config.caseRepository };

  const config: CallInConfig = { ...repository.config, form: { ...repository.config.form } };
  const ignored: string[] = [];
  for (const key of OWNER_DECIDES) {
    const mine = valueAt(repository.config, key);
    const theirs = valueAt(owner.config, key);
    const written = valueAt(sources.repository, key) !== undefined;
    if (key === "caseRepository") {
      const choice = allowed.find((name) => ci(name, repository.config.caseRepository));
      config.caseRepository = choice ?? owner.config.caseRepository;
      if (written && !choice) ignored.push(key);
      continue;
    }
    if (key === "form.enabled") config.form.enabled = owner.config.form.enabled;
    else (config as Record<string, unknown>)[key] = theirs;
    if (written && !sameSetting(mine, theirs)) ignored.push(key);
  }
  return { ok: true, config: effective(config), ...(ignored.length > 0 ? { ignored } : {}) };
}

/**
 * Config is read on nearly every event, and usually changes rarely: a short-lived
 * cache saves two API calls per event. A minute is how long a fix may take to apply.
 */
export class ConfigLoader {
  private readonly cache = new LRUCache<string, ConfigResult>({ max: 2_000, ttl: 60_000 });

  /**
   * The owner's own config (`<owner>/.github`), as the sweep uses it: `read`
   * is `readOwnerConfig` with the owner's client (tests hand in the file).
   */
  async loadForOwner(owner: string, read: ConfigReader, log: Logger): Promise<ConfigResult> {
    const ref = { owner, repo: OWNER_CONFIG_REPOSITORY };
    return this.cached(`file:${ref.owner}/${ref.repo}`, ref, async () => parseConfig(await read()), log);
  }

  /** The config that applies to a repository: its own file under the owner's authority (`resolveConfig`). */
  async loadForRepository(github: ConfigFiles, ref: RepoRef, log: Logger): Promise<ConfigResult> {
    return this.cached(`repo:${ref.owner}/${ref.repo}`, ref, async () => resolveConfig(await readConfigSources(github, ref, CONFIG_FILE)), log);
  }

  private async cached(cacheKey: string, ref: RepoRef, compute: () => Promise<ConfigResult>, log: Logger): Promise<ConfigResult> {
    const key = cacheKey.toLowerCase();
    const cached = this.cache.get(key);
    if (cached) return cached;
    let result: ConfigResult;
    try {
      result = await compute();
    } catch (error) {
      // A GitHub failure (it has an HTTP status) must not turn into "defaults"; rethrow it.
      // Anything else is the file itself: invalid YAML, not an object, a bad `_extends`.
      if (statusOf(error) !== undefined) throw error;
      result = { ok: false, problem: describeFileError(error), caseRepository: "moderation" };
    }
    if (!result.ok) log.error({ owner: ref.owner, repo: ref.repo, problem: result.problem }, "call-in.yml is invalid; no case is written until it is fixed");
    else if (result.ignored) {
      log.warn(
        { owner: ref.owner, repo: ref.repo, ignored: result.ignored },
        "the repository's call-in.yml sets what only the owner's .github call-in.yml decides; those settings are ignored",
      );
    }
    this.cache.set(key, result);
    return result;
  }
}

function describeFileError(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).replace(/^\[@probot\/octokit-plugin-config\]\s*/, "");
  const cause = error instanceof Error && error.cause instanceof Error ? `\n${error.cause.message}` : "";
  return `${message}${cause}`;
}
