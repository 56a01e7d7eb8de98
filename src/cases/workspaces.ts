import type { CallInConfig } from "../config/schema.js";

/**
 * Is this repository (a name in the config's owner account) one of the app's
 * private workspaces: the case repository, the escalation repository, any case
 * repository the owner's config allows (`allowedCaseRepositories`), or a
 * conversation room (`<roomPrefix>-...`, whether or not rooms are on now: old
 * rooms outlive the setting)?
 *
 * Nothing in a workspace is ever watched, taken as a trigger (label or
 * `/call-in`), or used as the source of a snapshot: its text would travel from
 * a smaller audience (an escalated case, a room) to the usual case repository.
 */
export function isPrivateWorkspace(config: CallInConfig, repo: string): boolean {
  const name = repo.toLowerCase();
  const stores = [config.caseRepository, config.escalationRepository, ...config.allowedCaseRepositories];
  if (stores.some((store) => store !== undefined && store.toLowerCase() === name)) return true;
  return name.startsWith(`${config.roomPrefix.toLowerCase()}-`);
}
