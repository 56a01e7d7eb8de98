import type { Logger } from "pino";
import type { GitHub } from "../github/client.js";
import { getPermission, isTeamMember, organizationRole } from "../github/permissions.js";
import type { RepositoryInfo } from "../github/repository.js";

/** Someone a case is about, as GitHub knows them. */
export interface Person {
  login: string;
  id: number;
}

/** Why a person can read a repository; `check-failed` is the fail-closed answer. */
export type ReadReason = "owner-account" | "organisation-owner" | "collaborator" | "moderator-team" | "check-failed";

export type ReadAccess = { canRead: false } | { canRead: true; because: ReadReason };

/**
 * "Can this person read repository R?", for the cases about the people who
 * hold the keys. Any failure of a check (5xx, timeout, 403) answers "can read":
 * a wrong "cannot read" hands a report to the person it is about.
 * One lookup serves one delivery: answers are kept for its length only, so a
 * stale "cannot read" is never trusted later.
 */
export interface KeyHolderLookup {
  canRead(github: GitHub, repository: ReadTarget, person: Person, moderatorTeam: string | null, log: Logger): Promise<ReadAccess>;
}

/** The repository asked about. */
export interface ReadTarget {
  owner: string;
  name: string;
  /**
   * `Organization` or `User`. It may still be on its way (the privacy gate reads
   * the repository): the lookups are asked meanwhile, and their answers are
   * weighed once it is known.
   */
  ownerType: string | Promise<string>;
}

/** A repository the privacy gate has already read. */
export function readTargetOf(repository: RepositoryInfo): ReadTarget {
  return { owner: repository.owner, name: repository.name, ownerType: repository.ownerType };
}

/** Makes a fresh lookup (with its own small cache) for each delivery or filing. */
export interface KeyHolders {
  lookup(): KeyHolderLookup;
}

/** The real check, through the GitHub API. */
export const gitHubKeyHolders: KeyHolders = { lookup: () => new GitHubKeyHolderLookup() };

/** Answers per delivery: a handful of repositories and people at most. */
const MAX_CACHED = 16;

class GitHubKeyHolderLookup implements KeyHolderLookup {
  private readonly answers = new Map<string, Promise<ReadAccess>>();

  canRead(github: GitHub, repository: ReadTarget, person: Person, moderatorTeam: string | null, log: Logger): Promise<ReadAccess> {
    const key = `${repository.owner}/${repository.name}\u0000${person.login}\u0000${moderatorTeam ?? ""}`.toLowerCase();
    const known = this.answers.get(key);
    if (known) return known;
    const answer = check(github, repository, person, moderatorTeam, log);
    if (this.answers.size < MAX_CACHED) this.answers.set(key, answer);
    return answer;
  }
}

async function check(github: GitHub, repository: ReadTarget, person: Person, moderatorTeam: string | null, log: Logger): Promise<ReadAccess> {
  // A user account reads all of its own repositories (logins are unique across users and organisations).
  if (repository.owner.toLowerCase() === person.login.toLowerCase()) return { canRead: true, because: "owner-account" };
  // The three lookups are asked at once: none needs another's answer, so the check is one request deep.
  // A user account has no owners or teams: when that is already known, they are not asked.
  const userAccount = typeof repository.ownerType === "string" && repository.ownerType !== "Organization";
  const repo = { owner: repository.owner, repo: repository.name };
  const [ownerType, role, permission, team] = await Promise.allSettled([
    repository.ownerType,
    userAccount ? null : organizationRole(github, repository.owner, person.login),
    getPermission(github, repo, person.login),
    userAccount || !moderatorTeam ? false : isTeamMember(github, repository.owner, moderatorTeam, person.login),
  ]);
  // The privacy gate could not read the repository: it refuses the case and says why; "can read" stands meanwhile.
  if (ownerType.status === "rejected") return { canRead: true, because: "check-failed" };
  try {
    const organisation = ownerType.value === "Organization";
    if (organisation && answerOf(role) === "admin") return { canRead: true, because: "organisation-owner" };
    if (answerOf(permission) !== "none") return { canRead: true, because: "collaborator" };
    if (organisation && answerOf(team)) return { canRead: true, because: "moderator-team" };
    return { canRead: false };
  } catch (error) {
    log.warn(
      { err: error, owner: repository.owner, repo: repository.name },
      "could not check who can read a case repository; treating the reported person as able to read it",
    );
    return { canRead: true, because: "check-failed" };
  }
}

/** A lookup's answer; its failure is thrown here, where it is weighed (for a user account, the organisation's lookups are not). */
function answerOf<T>(settled: PromiseSettledResult<T>): T {
  if (settled.status === "rejected") throw settled.reason;
  return settled.value;
}
