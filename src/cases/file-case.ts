import type { Logger } from "pino";
import type { CallInConfig } from "../config/schema.js";
import type { GitHub } from "../github/client.js";
import type { Services } from "../services.js";
import type { SealedText } from "../sealed/store.js";
import { privateCaseStore } from "./case-repository.js";
import type { KeyHolderLookup, Person, ReadAccess } from "./key-holders.js";
import type { CaseMeta, KeyHolderMark } from "./metadata.js";
import { openOutside } from "./outside-route.js";
import { caseRepositoryKey } from "./snapshot-index.js";
import { openOrUpdateCase, type CaseRequest, type CaseResult } from "./open-case.js";
import type { CaseStore } from "./store.js";
import type { TemplateSet } from "../templates/engine.js";

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

export type FileCaseRequest = Omit<CaseRequest, "store" | "adaptTo" | "beforeWrite"> & {
  /** The reporter said the report concerns a maintainer, moderator or owner (report form). */
  concernsKeyHolder?: boolean;
  /** The reporter's words and contact as this trigger has them (`reason` is the maintainer's). */
  privateParts?: PrivateParts;
};

/** Metadata a minimal (sealed) case keeps from a trigger's extras: ids and clocks, never who reported. */
const MINIMAL_META_EXTRAS = ["watchedAt", "reportId", "statusTokenHash"] as const;

/**
 * The one way every trigger (label, command, watch, report form) writes a case:
 * privacy gate first, then the key-holder check, then find-or-open under the
 * per-thread lock. A refusal is logged with what to do about it and nothing is
 * written anywhere.
 *
 * When the reported person can read the case repository (an owner, an admin,
 * a moderator; or the reporter says so), the case goes to the owner's
 * `keyHolderReports` repository of another account, whole; else a minimal case
 * is opened here and the words are sealed (sealed/store.ts).
 */
export async function fileCase(services: Services, ctx: FileCaseContext, request: FileCaseRequest): Promise<FileCaseOutcome> {
  const opened = await privateCaseStore(ctx.github, ctx.owner, ctx.config, ctx.log, services.seal);
  if (!opened.ok) {
    if (opened.gate !== "store") ctx.log.error({ owner: ctx.owner, caseRepository: ctx.config.caseRepository, reason: opened.gate }, opened.reason);
    return { status: "refused", reason: opened.reason };
  }
  const { store, repository } = opened;
  const templates = await services.templates.forOwner(ctx.github, ctx.owner, ctx.log);
  const reported = request.snapshot.subject.author;
  const lookup = services.keyHolders.lookup();
  const access: ReadAccess = reported ? await lookup.canRead(ctx.github, repository, reported, ctx.config.moderatorTeam ?? null, ctx.log) : { canRead: false };
  // Earlier cases about the same person (by pseudonym), so the team sees patterns. Never blocks the case.
  const history = await services.personHistory.sectionFor(ctx.github, store.repo, reported?.id, ctx.log, services.now());
  const sections = history ? { ...request.sections, history } : request.sections;
  const full: Omit<CaseRequest, "store"> = { ...withoutRouting(request), ...(sections ? { sections } : {}) };
  const here: CaseLocation = { owner: ctx.owner, repository: ctx.config.caseRepository, installationId: null };

  if (access.canRead || request.concernsKeyHolder) {
    ctx.log.info({ source: request.source.key, because: access.canRead ? access.because : "reporter-says" }, "the reported person can read the case repository: the case is routed away from them");
    if (ctx.config.keyHolderReports) {
      const outside = await openOutside(services, ctx, { lookup, reported, templates, request: full });
      if (outside) return outside;
    }
    const sealedReports = services.sealedReports();
    if (!sealedReports) {
      ctx.log.error({ source: request.source.key }, "a report about someone who can read the case repository cannot be sealed (no report key): nothing was filed");
      return { status: "refused", reason: "no key to seal the report" };
    }
    const result = await openOrUpdateCase(deps(services, ctx, templates), sealedRequest(services, ctx, request, reported, store, { ...full, store }));
    return { ...result, location: here };
  }

  const result = await openOrUpdateCase(deps(services, ctx, templates), {
    ...full,
    store,
    // A case already about a key-holder stays minimal, whatever this trigger would add.
    adaptTo: (existing) => (existing.meta.keyHolder?.route === "sealed" ? sealedRequest(services, ctx, request, existing.meta.keyHolder.reported, store, { ...full, store }) : { ...full, store }),
  });
  // Edits and deletions of what this case snapshotted are noted on it (cases/snapshot-changes.ts).
  if (!result.case.meta.keyHolder) services.snapshots.add(caseRepositoryKey(ctx.owner, ctx.config.caseRepository), result.case.meta);
  return { ...result, location: here };
}

function deps(services: Services, ctx: FileCaseContext, templates: TemplateSet) {
  return { templates, locks: services.locks, log: ctx.log, now: services.now };
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
function sealedRequest(services: Services, ctx: FileCaseContext, original: FileCaseRequest, reported: Person | null, store: CaseStore, full: CaseRequest): CaseRequest {
  const key = (code: string) => ({ owner: ctx.owner, caseRepository: ctx.config.caseRepository, code });
  const publicUrl = services.watch.publicUrl;
  const mark: KeyHolderMark = { route: "sealed", reported };
  const extras = Object.fromEntries(MINIMAL_META_EXTRAS.filter((k) => full.metaExtras?.[k] !== undefined).map((k) => [k, full.metaExtras?.[k]]));
  const text: SealedText = {
    reporterWords: original.privateParts?.reporterWords ?? null,
    reporterContact: original.privateParts?.reporterContact ?? null,
    maintainerReason: original.reason,
  };
  const history = full.sections?.history;
  return {
    store,
    source: full.source,
    snapshot: full.snapshot,
    trigger: full.trigger,
    state: full.state,
    triggeredBy: full.triggeredBy,
    reason: null,
    deliveryId: full.deliveryId,
    category: full.category ?? null,
    // The sealed page's address without the code; templates/case-sealed.md adds it.
    sections: { keyHolder: { sealedPagePrefix: publicUrl ? `${publicUrl}/call-in/sealed/${encodeURIComponent(ctx.owner)}/` : null, notPublic: notPublicOf(full) }, ...(history ? { history } : {}) },
    metaExtras: { ...extras, keyHolder: mark },
    ...(full.leaveOpenCase ? { leaveOpenCase: full.leaveOpenCase } : {}),
    // Who reported (the watch's `reporting`) stays as it was: it is sealed, not written.
    metaOnUpdate: (meta: CaseMeta) => ({ ...(full.metaOnUpdate?.(meta) ?? meta), reporting: meta.reporting, keyHolder: meta.keyHolder ?? mark }),
    beforeWrite: async (code) => {
      const sealedReports = services.sealedReports();
      if (!sealedReports) throw new Error("a key-holder case cannot be sealed without a report key");
      const earlier = await sealedReports.get(key(code));
      await sealedReports.put(key(code), {
        text: earlier ? joinTexts(earlier.text, text) : text,
        reported: earlier?.reported ?? reported,
        sealedAt: services.now().toISOString(),
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
