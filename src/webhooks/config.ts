import type { Context } from "probot";
import type { RepoRef } from "../github/client.js";
import type { CallInConfig } from "../config/schema.js";
import type { ConfigLoader } from "../config/load.js";
import type { ConfigProblemNotifier } from "../config/problem-note.js";

/** What loading a repository's config takes from a handler's context: every repository event's typed `Context<E>` fits as it is. */
export interface ConfigContext {
  octokit: Context["octokit"];
  log: Context["log"];
  repo(): RepoRef;
}

/** What reading a repository's config takes: the one loader, and the note in the case repository about a bad file. */
export interface ConfigDeps {
  configs: ConfigLoader;
  configProblems: ConfigProblemNotifier;
}

/**
 * The repository's validated config (under the owner's authority, see
 * `resolveConfig`), or null when it is invalid: then the problem is logged and
 * noted in the case repository, and nothing else happens. Settings a
 * repository's file may not change are ignored, and noted there once too.
 */
export async function configFor(deps: ConfigDeps, context: ConfigContext): Promise<CallInConfig | null> {
  const ref = context.repo();
  const result = await deps.configs.loadForRepository(context.octokit, ref, context.log);
  const source = `${ref.owner}/${ref.repo}`;
  if (result.ok) {
    if (result.ignored)
      await deps.configProblems.notify(context.octokit, ref.owner, result.config.caseRepository, source, result.ignored.join(", "), context.log, "ignored");
    return result.config;
  }
  await deps.configProblems.notify(context.octokit, ref.owner, result.caseRepository, source, result.problem, context.log);
  return null;
}
