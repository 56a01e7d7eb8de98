import type { Logger } from "pino";
import type { LockProvider } from "../concurrency/locks.js";
import type { CallInConfig } from "../config/schema.js";
import type { TemplateSet } from "../templates/engine.js";
import { findRepoInstallation } from "../github/installations.js";
import type { GitHub } from "../github/client.js";
import type { RepositoryInfo } from "../github/repository.js";
import { checkCaseRepository } from "./case-repository.js";
import { readTargetOf, type KeyHolderLookup, type Person } from "./key-holders.js";
import type { KeyHolderMark } from "./metadata.js";
import { openOrUpdateCase, type CaseRequest, type CaseResult } from "./open-case.js";
import type { CaseSeal } from "./seal.js";
import { caseStoreFor } from "./store.js";

/** The app's own (JWT) client, and the client of one of its installations: how another account's repository is reached. */
export interface AppAccess {
  app(): Promise<GitHub>;
  installation(id: number): Promise<GitHub>;
}

/** The organisation whose case is routed away, its config, and the log. */
export interface OutsideContext {
  owner: string;
  config: CallInConfig;
  log: Logger;
}

/** What writing a case in the outside repository takes: its seal, the per-thread locks, the clock. */
export interface OutsideCaseDeps {
  seal: CaseSeal;
  locks: LockProvider;
  now: () => Date;
}

export interface OutsideInput {
  reported: Person | null;
  templates: TemplateSet;
  request: Omit<CaseRequest, "store">;
}

export type OutsideTarget = { ok: true; github: GitHub; repository: RepositoryInfo; installationId: number } | { ok: false; why: string };

/**
 * The owner's `keyHolderReports` repository, if it may take this case: another
 * account's repository, where the app is installed, private, and not readable
 * by the reported person. Any failure on the way is a "no" (the case is then
 * sealed at home instead): a target that cannot be checked is not trusted.
 */
export async function outsideTarget(apps: AppAccess | null, ctx: OutsideContext, lookup: KeyHolderLookup, reported: Person | null): Promise<OutsideTarget> {
  const setting = ctx.config.keyHolderReports;
  if (!setting) return { ok: false, why: "not configured" };
  const [owner = "", repo = ""] = setting.repository.split("/");
  if (owner.toLowerCase() === ctx.owner.toLowerCase())
    return { ok: false, why: "keyHolderReports must be a repository of another account: every owner of this one can read it" };
  if (!apps) return { ok: false, why: "the app's own credentials are not available to reach another installation" };
  try {
    const installationId = await findRepoInstallation(await apps.app(), { owner, repo });
    if (installationId === null) return { ok: false, why: "Call-In is not installed on the keyHolderReports repository" };
    const github = await apps.installation(installationId);
    const check = await checkCaseRepository(github, owner, repo);
    if (!check.ok) return { ok: false, why: check.message };
    // The outside account's own teams are not the organisation's moderator team; its collaborators and owners are checked.
    const access = reported ? await lookup.canRead(github, readTargetOf(check.repository), reported, null, ctx.log) : { canRead: false as const };
    if (access.canRead) return { ok: false, why: `the reported person can read the keyHolderReports repository too (${access.because})` };
    return { ok: true, github, repository: check.repository, installationId };
  } catch (error) {
    ctx.log.warn({ err: error, keyHolderReports: setting.repository }, "could not check the keyHolderReports repository");
    return { ok: false, why: "the keyHolderReports repository could not be checked" };
  }
}

/**
 * Writes the whole case in the owner's `keyHolderReports` repository, which
 * passed its checks (`outsideTarget`), and nothing in the organisation.
 * Outside cases are always issues.
 */
export async function openOutside(
  deps: OutsideCaseDeps,
  ctx: OutsideContext,
  target: Extract<OutsideTarget, { ok: true }>,
  input: OutsideInput,
): Promise<CaseResult> {
  const store = await caseStoreFor(target.github, target.repository, { ...ctx.config, caseFormat: "issue" }, deps.seal);
  const mark: KeyHolderMark = { route: "outside", reported: input.reported };
  const result = await openOrUpdateCase(
    { templates: input.templates, locks: deps.locks, log: ctx.log, now: deps.now },
    { ...input.request, store, metaExtras: { ...input.request.metaExtras, keyHolder: mark } },
  );
  ctx.log.info(
    { case: result.case.meta.code, status: result.status, keyHolderReports: `${target.repository.owner}/${target.repository.name}` },
    "a case about a key-holder was written in the keyHolderReports repository",
  );
  return result;
}
