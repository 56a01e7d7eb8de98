import type { Logger } from "pino";
import type { GitHub, RepoRef } from "../github/client.js";
import { getPermission, isTeamMember } from "../github/permissions.js";

const MAINTAINER_PERMISSIONS = new Set(["admin", "maintain", "write"]);

/**
 * True for people with write, maintain or admin rights on the repository, or
 * members of the configured moderator team. Fails closed: an API error means no.
 */
export async function isMaintainer(github: GitHub, repo: RepoRef, login: string, moderatorTeam: string | undefined, log: Logger): Promise<boolean> {
  try {
    if (MAINTAINER_PERMISSIONS.has(await getPermission(github, repo, login))) return true;
    if (moderatorTeam) return await isTeamMember(github, repo.owner, moderatorTeam, login);
    return false;
  } catch (error) {
    log.warn({ err: error, login, owner: repo.owner, repo: repo.repo }, "could not check the person's rights; treating them as not a maintainer");
    return false;
  }
}
