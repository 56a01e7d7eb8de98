import type { Logger } from "pino";
import type { CallInConfig } from "../config/schema.js";
import type { GitHub } from "../github/client.js";
import type { Services } from "../services.js";
import { privateCaseStore, type PrivateCaseStore } from "./case-repository.js";
import { caseRepositoryKey } from "./snapshot-index.js";
import { openOrUpdateCase, type CaseRequest, type CaseResult } from "./open-case.js";
import { issueCaseStore, type CaseStore } from "./store.js";

export interface FileCaseContext {
  github: GitHub;
  owner: string;
  config: CallInConfig;
  log: Logger;
}

export type FileCaseOutcome = CaseResult | { status: "refused"; reason: string };

/** The privacy gate said no: carries its answer out of the lock. */
class GateRefusal extends Error {
  constructor(readonly refusal: Extract<PrivateCaseStore, { ok: false }>) {
    super(refusal.reason);
  }
}

/**
 * The one way every trigger (label, command, watch, report form) writes a case:
 * privacy gate first, then find-or-open under the per-thread lock.
 * A refusal is logged with what to do about it and nothing is written anywhere.
 *
 * The reads do not wait for each other: the gate, the owner's templates, the
 * person's history, the app's identity and (for issue cases, whose store needs only the
 * repository's name) the open-case lookup under the lock are asked together.
 * Nothing is written before the gate's answer is in (open-case.ts).
 */
export async function fileCase(services: Services, ctx: FileCaseContext, request: Omit<CaseRequest, "store" | "gate" | "lateSections">): Promise<FileCaseOutcome> {
  const caseRepo = { owner: ctx.owner, repo: ctx.config.caseRepository };
  const gate = privateCaseStore(ctx.github, ctx.owner, ctx.config, ctx.log, services.seal).then((opened) => {
    if (!opened.ok) throw new GateRefusal(opened);
    return opened.store;
  });
  // Its answer is read under the lock, maybe after a wait there: marked handled now, so a refusal meanwhile is no unhandled rejection.
  gate.catch(() => undefined);
  const templates = services.templates.forOwner(ctx.github, ctx.owner, ctx.log);
  // The lookup recognises cases by the app's identity (`GET /app`, asked once per process): asked beside it, not after it.
  // A failure here is the lookup's to report (it asks again).
  const identity = services.seal.app().catch(() => undefined);
  // Earlier cases about the same person (by pseudonym), so the team sees patterns. Never blocks the case.
  const history = services.personHistory.sectionFor(ctx.github, caseRepo, request.snapshot.subject.author?.id, ctx.log, services.now()).then((section) => (section ? { history: section } : {}));
  try {
    let lookup: { store: CaseStore; gate?: Promise<CaseStore> };
    if (ctx.config.caseFormat === "issue") lookup = { store: issueCaseStore(ctx.github, caseRepo, services.seal), gate };
    // A discussion store needs the gate's answer (the repository's id, its category) before it can read.
    else lookup = { store: await gate };
    const result = await openOrUpdateCase({ templates, locks: services.locks, log: ctx.log, now: services.now }, { ...request, ...lookup, lateSections: history });
    // Edits and deletions of what this case snapshotted are noted on it (cases/snapshot-changes.ts).
    services.snapshots.add(caseRepositoryKey(ctx.owner, ctx.config.caseRepository), result.case.meta);
    return result;
  } catch (error) {
    if (!(error instanceof GateRefusal)) throw error;
    const { refusal } = error;
    if (refusal.gate !== "store") ctx.log.error({ owner: ctx.owner, caseRepository: ctx.config.caseRepository, reason: refusal.gate }, refusal.reason);
    return { status: "refused", reason: refusal.reason };
  } finally {
    // Reads started beside the gate finish before the event does, whatever the gate said.
    await Promise.allSettled([gate, templates, history, identity]);
  }
}
