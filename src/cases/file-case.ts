import type { Logger } from "pino";
import type { CallInConfig } from "../config/schema.js";
import type { GitHub } from "../github/client.js";
import type { Services } from "../services.js";
import { privateCaseStore } from "./case-repository.js";
import { caseRepositoryKey } from "./snapshot-index.js";
import { openOrUpdateCase, type CaseRequest, type CaseResult } from "./open-case.js";

export interface FileCaseContext {
  github: GitHub;
  owner: string;
  config: CallInConfig;
  log: Logger;
}

export type FileCaseOutcome = CaseResult | { status: "refused"; reason: string };

/**
 * The one way every trigger (label, command, watch, report form) writes a case:
 * privacy gate first, then find-or-open under the per-thread lock.
 * A refusal is logged with what to do about it and nothing is written anywhere.
 */
export async function fileCase(services: Services, ctx: FileCaseContext, request: Omit<CaseRequest, "store">): Promise<FileCaseOutcome> {
  const opened = await privateCaseStore(ctx.github, ctx.owner, ctx.config, ctx.log, services.seal);
  if (!opened.ok) {
    if (opened.gate !== "store") ctx.log.error({ owner: ctx.owner, caseRepository: ctx.config.caseRepository, reason: opened.gate }, opened.reason);
    return { status: "refused", reason: opened.reason };
  }
  const { store } = opened;
  const templates = await services.templates.forOwner(ctx.github, ctx.owner, ctx.log);
  // Earlier cases about the same person (by pseudonym), so the team sees patterns. Never blocks the case.
  const history = await services.personHistory.sectionFor(ctx.github, store.repo, request.snapshot.subject.author?.id, ctx.log, services.now());
  const sections = history ? { ...request.sections, history } : request.sections;
  const result = await openOrUpdateCase({ templates, locks: services.locks, log: ctx.log, now: services.now }, { ...request, ...(sections ? { sections } : {}), store });
  // Edits and deletions of what this case snapshotted are noted on it (cases/snapshot-changes.ts).
  services.snapshots.add(caseRepositoryKey(ctx.owner, ctx.config.caseRepository), result.case.meta);
  return result;
}
