import type { Logger } from "pino";
import type { CallInConfig } from "../config/schema.js";
import type { GitHub } from "../github/client.js";
import type { CaseSeal } from "./seal.js";
import { caseStoreFor, CaseStoreError, type CaseStore } from "./store.js";
import { getRepository, type RepositoryInfo } from "../github/repository.js";

export type CaseRepositoryCheck = { ok: true; repository: RepositoryInfo } | { ok: false; reason: "missing" | "public"; message: string };

/**
 * The privacy gate: every write of case content goes through this check first.
 * A repository the app cannot see answers 404 exactly like a missing one.
 * Not cached: a repository made public a minute ago must be refused now.
 */
export async function checkCaseRepository(github: GitHub, owner: string, name: string): Promise<CaseRepositoryCheck> {
  const repository = await getRepository(github, { owner, repo: name });
  if (!repository) {
    return {
      ok: false,
      reason: "missing",
      message: `The case repository ${owner}/${name} does not exist or Call-In is not installed on it. Create it as a private repository and add it to the app's installation, or set caseRepository in .github/call-in.yml.`,
    };
  }
  if (!repository.private) {
    return {
      ok: false,
      // "public" here means "not private": internal repositories are refused too.
      reason: "public",
      message:
        repository.visibility === "internal"
          ? `The case repository ${owner}/${name} is internal: every member of the enterprise can read it, so Call-In writes nothing there. Make it private, or point caseRepository at a private repository.`
          : `The case repository ${owner}/${name} is ${repository.visibility === "public" ? "public" : "not private"}, so Call-In writes nothing there. Make it private, or point caseRepository at a private repository.`,
    };
  }
  return { ok: true, repository };
}

export type PrivateCaseStore = { ok: true; store: CaseStore; repository: RepositoryInfo } | { ok: false; gate: "missing" | "public" | "store"; reason: string };

/**
 * The case store of an owner, behind the privacy gate: a missing, unreachable
 * or public case repository (gate "missing" or "public"), or a missing
 * discussion category (gate "store"), gives a reason instead of a store.
 */
export async function privateCaseStore(github: GitHub, owner: string, config: CallInConfig, log: Logger, seal: CaseSeal): Promise<PrivateCaseStore> {
  const check = await checkCaseRepository(github, owner, config.caseRepository);
  if (!check.ok) return { ok: false, gate: check.reason, reason: check.message };
  try {
    return { ok: true, store: await caseStoreFor(github, check.repository, config, seal), repository: check.repository };
  } catch (error) {
    if (!(error instanceof CaseStoreError)) throw error;
    log.error({ owner, caseRepository: config.caseRepository }, error.message);
    return { ok: false, gate: "store", reason: error.message };
  }
}
