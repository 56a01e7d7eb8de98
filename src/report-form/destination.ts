import type { Logger } from "pino";
import { installationIdForOwner } from "../github/apps.js";
import type { RepoRef } from "../github/client.js";
import { repositoryVisibility } from "../github/repository.js";
import type { ConfigLoader } from "../config/load.js";
import type { GitHubAccess } from "./github-access.js";

/** Whether the form takes a report about a repository, and through which installation. */
export type Destination = { status: "accept"; installationId: number } | { status: "not-installed" } | { status: "form-disabled" };

/**
 * Asked while a reporter waits. Every question depends only on the owner, or
 * on the repository only when it is public, so a private or internal
 * repository and a missing one get the same answer through the same requests:
 * the owner's installation (not the repository's: GitHub answers that for
 * private repositories of an installation only), the repository's visibility,
 * and the form setting (the repository's own when it is public, else the
 * owner's, from its `.github` repository).
 */
export async function destinationOf(deps: { github: GitHubAccess; configs: ConfigLoader; log: Logger }, ref: RepoRef): Promise<Destination> {
  const installationId = await installationIdForOwner(await deps.github.app(), ref.owner);
  if (installationId === null) return { status: "not-installed" };
  const github = await deps.github.installation(installationId);
  const visibility = await repositoryVisibility(github, ref);
  const settingsRef = visibility === "public" ? ref : { owner: ref.owner, repo: ".github" };
  // The repository file only counts under the owner's authority (config/load.ts resolveConfig).
  const config = await deps.configs.loadForRepository(github, settingsRef, deps.log);
  // An invalid config is the team's to fix: the report is still taken (the case notes the problem).
  if (config.ok && !config.config.form.enabled) return { status: "form-disabled" };
  return { status: "accept", installationId };
}
