import { loadOwnerConfig } from "../config/load.js";
import { CONFIG_FILE, type CallInConfig } from "../config/schema.js";
import type { RepoRef } from "../github/client.js";
import type { ConfigCapableGitHub } from "../github/config-file.js";

/**
 * The owner-wide config (`<owner>/.github/.github/call-in.yml`), validated by the
 * one schema: the CLI needs the case repository's name and the log settings.
 */
export async function ownerConfig(github: Pick<ConfigCapableGitHub, "config">, owner: string): Promise<{ config: CallInConfig; caseRepo: RepoRef }> {
  const result = await loadOwnerConfig(github, owner);
  if (!result.ok) throw new Error(`${owner}/.github/.github/${CONFIG_FILE} is invalid:\n${result.problem}`);
  return { config: result.config, caseRepo: { owner, repo: result.config.caseRepository } };
}
