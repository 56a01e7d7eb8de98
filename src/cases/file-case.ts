import type { Logger } from "pino";
import type { CallInConfig } from "../config/schema.js";
import type { GitHub } from "../github/client.js";
import type { PersonHistory } from "../resolution-log/history.js";
import type { SealedReports, SealedText } from "../sealed/store.js";
import type { OwnerTemplates } from "../templates/overrides.js";
import { privateCaseStore, type PrivateCaseStore } from "./case-repository.js";
import type { KeyHolders, Person, ReadAccess } from "./key-holders.js";
import type { CaseMeta, KeyHolderMark } from "./metadata.js";
import { openOutside, outsideTarget, type AppAccess, type OutsideCaseDeps, type OutsideTarget } from "./outside-route.js";
import { caseRepositoryKey, type SnapshotIndex } from "./snapshot-index.js";
import { openOrUpdateCase, type CaseDeps, type CaseRequest, type CaseResult } from "./open-case.js";
import { issueCaseStore, type CaseRecord, type CaseStore } from "./store.js";

/** What filing a case takes from the app's long-lived parts (the seal, the locks and the clock: `OutsideCaseDeps`). */
export interface FileCaseDeps extends OutsideCaseDeps {
  templates: OwnerTemplates;
  /** Earlier cases about the same person, shown in the new case. */
  personHistory: PersonHistory;
  /** "Can the reported person read the case repository?" */
  keyHolders: KeyHolders;
  /** Remembers what an open case snapshotted, so edits of it are noted (snapshot-changes.ts). */
  snapshots: SnapshotIndex;
  /** Where the words of a report about a key-holder are sealed; null when no report key is usable. */
  sealedReports: () => SealedReports | null;
  /** Reaches the owner's keyHolderReports repository of another account; null when the app's own credentials are unknown. */
  apps: AppAccess | null;
  /** The sealed page is `${publicUrl}/call-in/sealed/...`; null when PUBLIC_URL is not set. */
  publicUrl: string | null;
}

export interface FileCaseContext {
  github: GitHub;
  owner: string;
  config: CallInConfig;
  log: Logger;
}

/** Where the case was written: the case repository, or another account's (`installationId` then names its installation). */
export interface CaseLocation {
  owner: string;
  repository: string;
  /** null: the installation the trigger came through. */
  installationId: number | null;
}

export type FileCaseOutcome = (CaseResult & { location: CaseLocation }) | { status: "refused"; reason: string };

/** What a trigger brings that is never written into an organisation whose key-holder the case is about. */
export interface PrivateParts {
  reporterWords?: string | null;
  reporterContact?: string | null;
}

export type FileCaseRequest = Omit<CaseRequest, "store" | "gate" | "lateSections" | "adaptTo" | "beforeWrite"> & {
  /** The reporter said the report concerns a maintainer, moderator or owner (report form). */
  concernsKeyHolder?: boolean;
  /** The reporter's words and contact as this trigger has them (`reason` is the maintainer's). */
  privateParts?: PrivateParts;
};

/** Metadata a minimal (sealed) case keeps from a trigger's extras: ids and clocks, never who reported. */
const MINIMAL_META_EXTRAS = ["watchedAt", "reportId", "statusTokenHash"] as const;

/** The privacy gate said no: carries its answer out of the lock. */
class GateRefusal extends Error {
  constructor(readonly refusal: Extract<PrivateCaseStore, { ok: false }>) {
    super(refusal.reason);
  }
}

/** Where a case goes when the reported person can read the case repository (`outside`: null when no target is set). */
type Route = { away: false } | { away: true; outside: OutsideTarget | null };

/** The case goes to the owner's keyHolderReports repository, which passed its checks: nothing is written here. Carried out of the lock. */
class RoutedOutside extends Error {
  constructor(readonly target: Extract<OutsideTarget, { ok: true }>) {
    super("the case is routed to the keyHolderReports repository");
  }
}

/** A key-holder case needs the sealed store and no report key is usable: nothing is written. Carried out of the lock. */
class CannotSeal extends Error {
  constructor() {
    super("no key to seal the report");
  }
}

/**
 * The one way every trigger (label, command, watch, report form) writes a case:
 * privacy gate, key-holder check, then find-or-open under the per-thread lock.
 * A refusal is logged with what to do about it and nothing is written anywhere.
 *
 * The reads do not wait for each other: the gate, the key-holder check's
 * lookups, the owner's templates, the person's history, the app's identity and
 * (for issue cases, whose store needs only the repository's name) the
 * open-case lookup under the lock are asked together. Nothing is written before
 * the gate's answer and the case's route are in (open-case.ts `adaptTo`).
 *
 * When the reported person can read the case repository (an owner, an admin,
 * a moderator; or the reporter says so), the case goes to the owner's
 * `keyHolderReports` repository of another account, whole, and nothing is
 * written here; else a minimal case is opened here and the words are sealed
 * (sealed/store.ts).
 */
export async function fileCase(deps: FileCaseDeps, ctx: FileCaseContext, request: FileCaseRequest): Promise<FileCaseOutcome> {
  const caseRepo = { owner: ctx.owner, repo: ctx.config.caseRepository };
  const opened = privateCaseStore(ctx.github, ctx.owner, ctx.config, ctx.log, deps.seal).then((result) => {
    if (!result.ok) throw new GateRefusal(result);
    return result;
  });
  const gate = opened.then((result) => result.store);
  // Its answer is read under the lock, maybe after a wait there: marked handled now, so a refusal meanwhile is no unhandled rejection.
  gate.catch(() => undefined);
  const templates = deps.templates.forOwner(ctx.github, ctx.owner, ctx.log);
  // The lookup recognises cases by the app's identity (`GET /app`, asked once per process): asked beside it, not after it.
  // A failure here is the lookup's to report (it asks again).
  const identity = deps.seal.app().catch(() => undefined);
  const reported = request.snapshot.subject.author ?? null;
  // Earlier cases about the same person (by pseudonym), so the team sees patterns. Never blocks the case.
  const history = deps.personHistory
    .sectionFor(ctx.github, caseRepo, reported?.id, ctx.log, deps.now())
    .then((section) => (section ? { history: section } : {}));
  // Can the reported person read the case repository? The check's lookups need only names: asked beside the gate, whose
  // answer tells whether the owner is an organisation. A refused gate fails the check too (closed), and refuses the case anyway.
  const lookup = deps.keyHolders.lookup();
  const ownerType = opened.then((result) => result.repository.ownerType);
  // A refused gate is reported by the gate; a check that never looks at the owner's type (tests' stand-in) leaves it unread.
  ownerType.catch(() => undefined);
  const target = { owner: ctx.owner, name: ctx.config.caseRepository, ownerType };
  const access: Promise<ReadAccess> = reported
    ? lookup.canRead(ctx.github, target, reported, ctx.config.moderatorTeam ?? null, ctx.log)
    : Promise.resolve({ canRead: false });
  // The route, once the gate passed and the check answered. With an outside target set, that target's own checks
  // (installation, privacy, the person's access there) start then, while the open-case lookup may still be running.
  const decision = Promise.all([opened, access]).then(async ([, answer]): Promise<Route> => {
    if (!answer.canRead && request.concernsKeyHolder !== true) return { away: false };
    ctx.log.info(
      { source: request.source.key, because: answer.canRead ? answer.because : "reporter-says" },
      "the reported person can read the case repository: the case is routed away from them",
    );
    return { away: true, outside: ctx.config.keyHolderReports ? await outsideTarget(deps.apps, ctx, lookup, reported) : null };
  });
  decision.catch(() => undefined);
  const full = withoutRouting(request);
  const caseDeps: CaseDeps = { templates, locks: deps.locks, log: ctx.log, now: deps.now };
  const here: CaseLocation = { owner: ctx.owner, repository: ctx.config.caseRepository, installationId: null };
  // Decided under the lock, once the gate passed and before any write: the whole case here, a minimal one, or nothing here.
  const route = async (existing: CaseRecord | null, resolved: CaseRequest): Promise<CaseRequest> => {
    const decided = await decision;
    if (decided.away && decided.outside) {
      if (decided.outside.ok) throw new RoutedOutside(decided.outside);
      ctx.log.error(
        { keyHolderReports: ctx.config.keyHolderReports?.repository, problem: decided.outside.why },
        "keyHolderReports cannot take the case; it is opened here with the report sealed",
      );
    }
    // A case already about a key-holder stays minimal, whatever this trigger would add.
    const sealedFor = decided.away ? { reported } : existing?.meta.keyHolder?.route === "sealed" ? { reported: existing.meta.keyHolder.reported } : null;
    if (!sealedFor) return resolved;
    if (!deps.sealedReports()) throw new CannotSeal();
    return sealedRequest(deps, ctx, request, sealedFor.reported, resolved);
  };
  try {
    let lookupStore: { store: CaseStore; gate?: Promise<CaseStore> };
    if (ctx.config.caseFormat === "issue") lookupStore = { store: issueCaseStore(ctx.github, caseRepo, deps.seal), gate };
    // A discussion store needs the gate's answer (the repository's id, its category) before it can read.
    else lookupStore = { store: await gate };
    const result = await openOrUpdateCase(caseDeps, { ...full, ...lookupStore, lateSections: history, adaptTo: route });
    // Edits and deletions of what this case snapshotted are noted on it (cases/snapshot-changes.ts); not on a key-holder case.
    if (!result.case.meta.keyHolder) deps.snapshots.add(caseRepositoryKey(ctx.owner, ctx.config.caseRepository), result.case.meta);
    return { ...result, location: here };
  } catch (error) {
    if (error instanceof RoutedOutside) {
      // Out of the organisation's lock: the outside repository's case has its own (outside-route.ts).
      const { target } = error;
      const result = await openOutside(deps, ctx, target, {
        reported,
        templates: await templates,
        request: { ...full, sections: { ...full.sections, ...(await history) } },
      });
      return { ...result, location: { owner: target.repository.owner, repository: target.repository.name, installationId: target.installationId } };
    }
    if (error instanceof CannotSeal) {
      ctx.log.error(
        { source: request.source.key },
        "a report about someone who can read the case repository cannot be sealed (no report key): nothing was filed",
      );
      return { status: "refused", reason: error.message };
    }
    if (!(error instanceof GateRefusal)) throw error;
    const { refusal } = error;
    if (refusal.gate !== "store") ctx.log.error({ owner: ctx.owner, caseRepository: ctx.config.caseRepository, reason: refusal.gate }, refusal.reason);
    return { status: "refused", reason: refusal.reason };
  } finally {
    // Reads started beside the gate finish before the event does, whatever the gate said.
    await Promise.allSettled([gate, templates, history, identity, access, decision]);
  }
}

function withoutRouting(request: FileCaseRequest): Omit<CaseRequest, "store"> {
  const { concernsKeyHolder: _flag, privateParts: _parts, ...rest } = request;
  return rest;
}

/**
 * The minimal case about a key-holder: the code, the (inert) link, the public
 * snapshot and a line that a report is sealed. The reporter's words and
 * contact, a maintainer's reason and who reported (the watch) go to the sealed
 * store before anything is written to GitHub.
 */
function sealedRequest(
  deps: Pick<FileCaseDeps, "sealedReports" | "publicUrl" | "now">,
  ctx: FileCaseContext,
  original: FileCaseRequest,
  reported: Person | null,
  full: CaseRequest,
): CaseRequest {
  const key = (code: string) => ({ owner: ctx.owner, caseRepository: ctx.config.caseRepository, code });
  const publicUrl = deps.publicUrl;
  const mark: KeyHolderMark = { route: "sealed", reported };
  const extras = Object.fromEntries(MINIMAL_META_EXTRAS.filter((k) => full.metaExtras?.[k] !== undefined).map((k) => [k, full.metaExtras?.[k]]));
  const text: SealedText = {
    reporterWords: original.privateParts?.reporterWords ?? null,
    reporterContact: original.privateParts?.reporterContact ?? null,
    maintainerReason: original.reason,
  };
  const history = full.sections?.history;
  return {
    store: full.store,
    source: full.source,
    snapshot: full.snapshot,
    trigger: full.trigger,
    state: full.state,
    triggeredBy: full.triggeredBy,
    reason: null,
    deliveryId: full.deliveryId,
    category: full.category ?? null,
    // The sealed page's address without the code; templates/case-sealed.md adds it.
    sections: {
      keyHolder: { sealedPagePrefix: publicUrl ? `${publicUrl}/call-in/sealed/${encodeURIComponent(ctx.owner)}/` : null, notPublic: notPublicOf(full) },
      ...(history ? { history } : {}),
    },
    metaExtras: { ...extras, keyHolder: mark },
    ...(full.leaveOpenCase ? { leaveOpenCase: full.leaveOpenCase } : {}),
    // Who reported (the watch's `reporting`) stays as it was: it is sealed, not written.
    metaOnUpdate: (meta: CaseMeta) => ({ ...(full.metaOnUpdate?.(meta) ?? meta), reporting: meta.reporting, keyHolder: meta.keyHolder ?? mark }),
    beforeWrite: async (code) => {
      const sealedReports = deps.sealedReports();
      if (!sealedReports) throw new Error("a key-holder case cannot be sealed without a report key");
      const earlier = await sealedReports.get(key(code));
      await sealedReports.put(key(code), {
        text: earlier ? joinTexts(earlier.text, text) : text,
        reported: earlier?.reported ?? reported,
        sealedAt: deps.now().toISOString(),
      });
      ctx.log.info({ case: code }, "the words of a report about a key-holder were sealed");
    },
  };
}

/** A report about a repository that is not public copied nothing; the minimal case says so too. */
function notPublicOf(request: CaseRequest): boolean {
  const report = request.sections?.report as { notPublic?: boolean } | undefined;
  return report?.notPublic === true;
}

/** A later report adds to what is sealed; nothing sealed earlier is dropped. */
function joinTexts(earlier: SealedText, later: SealedText): SealedText {
  const join = (a: string | null, b: string | null) => (a && b ? `${a}\n\n---\n\n${b}` : (a ?? b));
  return {
    reporterWords: join(earlier.reporterWords, later.reporterWords),
    reporterContact: join(earlier.reporterContact, later.reporterContact),
    maintainerReason: join(earlier.maintainerReason, later.maintainerReason),
  };
}
