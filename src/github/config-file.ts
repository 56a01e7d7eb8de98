import type { RepoRef } from "./client.js";

/** The part of Probot's octokit that reads config files (@probot/octokit-plugin-config). */
export interface ConfigReading {
  config: {
    get(params: { owner: string; repo: string; path: string }): Promise<{ config: unknown; files: Array<{ config: unknown }> }>;
  };
}

/**
 * `.github/<file>` of a repository, falling back to the owner's `.github`
 * repository and following `_extends`, like Probot's `context.config`.
 * Null when no file exists.
 */
export async function readConfigFile(github: ConfigReading, ref: RepoRef, file: string): Promise<unknown> {
  const { config, files } = await github.config.get({ owner: ref.owner, repo: ref.repo, path: `.github/${file}` });
  return files.some((f) => f.config !== null) ? config : null;
}
