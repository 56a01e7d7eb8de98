import type { Context } from "probot";
import { CONFIG_FILE, type CallInConfig } from "../config/schema.js";
import type { Services } from "../services.js";

/**
 * The repository's validated config, or null when it is invalid: then the
 * problem is logged and noted in the case repository, and nothing else happens.
 */
export async function configFor(services: Services, context: Context): Promise<CallInConfig | null> {
  const ref = context.repo();
  const result = await services.configs.load(ref, () => context.config(CONFIG_FILE), context.log);
  if (result.ok) return result.config;
  await services.configProblems.notify(context.octokit, ref.owner, result.caseRepository, `${ref.owner}/${ref.repo}`, result.problem, context.log);
  return null;
}
