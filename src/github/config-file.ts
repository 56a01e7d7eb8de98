import type { GitHub, RepoRef } from "./client.js";

/**
 * A GitHub client that can also read config files through
 * @probot/octokit-plugin-config: Probot's octokit has it, and so does the
 * CLI's client. The one client type of every config reader; a reader that
 * only reads takes `Pick<ConfigCapableGitHub, "config">`.
 */
export type ConfigCapableGitHub = GitHub & {
  config: {
    get(params: { owner: string; repo: string; path: string }): Promise<{ config: unknown; files: Array<{ owner?: string; repo?: string; config: unknown }> }>;
  };
};

type ConfigFiles = Pick<ConfigCapableGitHub, "config">;

/** The repository that holds an owner's own config and templates. */
export const OWNER_CONFIG_REPOSITORY = ".github";

type PluginAnswer = Awaited<ReturnType<ConfigCapableGitHub["config"]["get"]>>;

/** The merged config the plugin read, or null when none of the files it looked at exists. */
const mergedOrNull = (read: PluginAnswer): unknown => (read.files.some((f) => f.config !== null) ? read.config : null);

/** The owner's own `.github/<file>` in `<owner>/.github` (with its `_extends` followed); null when there is none. */
export async function readOwnerConfigFile(github: ConfigFiles, owner: string, file: string): Promise<unknown> {
  return mergedOrNull(await github.config.get({ owner, repo: OWNER_CONFIG_REPOSITORY, path: `.github/${file}` }));
}

/**
 * The repository's own `.github/<file>` (with its `_extends` followed) and the
 * owner's file in `<owner>/.github`, read apart: the owner's file decides some
 * settings alone (`resolveConfig`), and nothing the repository's file says,
 * `_extends` included, can choose which file that is. Costs one more request
 * than `context.config` only when the repository has a file of its own.
 */
export async function readConfigSources(github: ConfigFiles, ref: RepoRef, file: string): Promise<{ repository: unknown; owner: unknown }> {
  const read = await github.config.get({ owner: ref.owner, repo: ref.repo, path: `.github/${file}` });
  // In the owner's own repository its file is the owner's; elsewhere, without a file of its own, the plugin fell back to the owner's file (and what that extends).
  if (ref.repo.toLowerCase() === OWNER_CONFIG_REPOSITORY || read.files[0]?.config === null || read.files[0]?.config === undefined) {
    return { repository: null, owner: mergedOrNull(read) };
  }
  return { repository: read.config, owner: await readOwnerConfigFile(github, ref.owner, file) };
}
