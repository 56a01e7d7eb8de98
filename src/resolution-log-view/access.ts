import { LRUCache } from "lru-cache";
import { Octokit } from "@octokit/rest";
import { loadOwnerConfig } from "../config/load.js";
import type { CallInConfig } from "../config/schema.js";
import { statusOf, type GitHub, type RepoRef } from "../github/client.js";
import type { ConfigCapableGitHub } from "../github/config-file.js";
import { installationIdForOwner } from "../github/apps.js";
import { getRepository } from "../github/repository.js";

export interface OwnerSetup {
  installationId: number;
  caseRepo: RepoRef;
  config: CallInConfig;
  /** The installation's client (template overrides). */
  github: ConfigCapableGitHub;
}

/**
 * Which case repository an owner uses, from the app's side: its installation and
 * its owner-wide config. Null for owners without the app or without a valid config;
 * the page then answers 404 exactly as for an owner the person cannot see.
 * Cached for a minute per owner (config changes apply as quickly as for webhooks).
 */
export class OwnerDirectory {
  private readonly cache = new LRUCache<string, { setup: OwnerSetup | null }>({ max: 1_000, ttl: 60_000 });

  constructor(private readonly auth: (installationId?: number) => Promise<ConfigCapableGitHub>) {}

  async setupFor(owner: string): Promise<OwnerSetup | null> {
    const key = owner.toLowerCase();
    const cached = this.cache.get(key);
    if (cached) return cached.setup;
    const installationId = await installationIdForOwner(await this.auth(), owner);
    let setup: OwnerSetup | null = null;
    if (installationId !== null) {
      const github = await this.auth(installationId);
      const result = await loadOwnerConfig(github, owner);
      if (result.ok) setup = { installationId, caseRepo: { owner, repo: result.config.caseRepository }, config: result.config, github };
    }
    this.cache.set(key, { setup });
    return setup;
  }
}

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** A client acting as the signed-in person (their user-to-server token). */
export function userGitHub(token: string, apiBaseUrl: string): GitHub {
  return new Octokit({ auth: token, baseUrl: apiBaseUrl, log: quiet });
}

/**
 * The access rule of the log view: the person may see an owner's log exactly when
 * their own token can see the (private) case repository. GitHub answers 404 for a
 * repository someone cannot see; 401/403 (revoked token, SSO not authorised) are
 * treated the same, so no answer tells anyone which owners use Call-In.
 */
export async function personCanSee(github: GitHub, caseRepo: RepoRef): Promise<boolean> {
  try {
    const repository = await getRepository(github, caseRepo);
    return repository !== null && repository.private;
  } catch (error) {
    const status = statusOf(error);
    if (status === 401 || status === 403) return false;
    throw error;
  }
}
