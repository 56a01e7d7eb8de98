import type { Logger } from "pino";
import type { LockLease, LockProvider } from "../concurrency/locks.js";
import type { TemplateSet } from "../templates/engine.js";
import { truncate } from "../text/neutralise.js";
import { newCaseCode } from "./code.js";
import { caseMetaSchema, rememberDelivery, type CaseMeta, type SourceRef, type Trigger } from "./metadata.js";
import type { Snapshot } from "./snapshot.js";
import type { CaseRecord, CaseStore } from "./store.js";

/** GitHub refuses issue bodies over 65,536 characters; quoted evidence gets at most this much. */
export const SNAPSHOT_MAX_CHARS = 20_000;

export interface CaseDeps {
  /** May still be loading: it is awaited only when something is rendered. */
  templates: TemplateSet | Promise<TemplateSet>;
  locks: LockProvider;
  log: Logger;
  now?: () => Date;
}

export interface CaseRequest {
  /** Where the open-case lookup reads (and, without `gate`, where the case is written). */
  store: CaseStore;
  /**
   * The privacy gate, already asked: resolves to the store to write with, or
   * rejects, and then nothing is written. It is awaited under the per-thread
   * lock together with the open-case lookup (the two do not depend on each
   * other), and before any write.
   */
  gate?: Promise<CaseStore>;
  /** Template data still being read (e.g. the person's history), awaited before rendering. */
  lateSections?: Promise<Record<string, unknown>>;
  source: SourceRef;
  snapshot: Snapshot;
  trigger: Trigger;
  /** `triage` for automatic detections, `open` for people's decisions. */
  state: "open" | "triage";
  triggeredBy: string | null;
  reason: string | null;
  /** The webhook delivery id, or another id that makes the request idempotent (e.g. `report:<id>`). */
  deliveryId: string;
  category?: string | null;
  /** Extra template data a trigger brings (e.g. `report`, `watch`, `history`). */
  sections?: Record<string, unknown>;
  /** Extra metadata fields a trigger needs later (kept by the loose metadata schema). */
  metaExtras?: Record<string, unknown>;
  /**
   * Decided under the per-thread lock, with the thread's open case in hand:
   * true leaves that case alone (e.g. the watch's per-thread cooldown).
   */
  leaveOpenCase?: (existing: CaseRecord) => boolean;
  /** Metadata changes this trigger makes when it adds to an existing case. */
  metaOnUpdate?: (meta: CaseMeta) => CaseMeta;
  /**
   * The request to write instead, decided under the lock with the thread's open
   * case in hand (null: none) and this request as resolved there (the gated
   * store, the late sections): a key-holder case stays minimal whatever the new
   * trigger would write. It may wait for reads asked beside the gate (the
   * key-holder check), and may throw: then nothing is written.
   */
  adaptTo?: (existing: CaseRecord | null, resolved: CaseRequest) => CaseRequest | Promise<CaseRequest>;
  /** Runs under the lock once the case code is known, before anything is written to GitHub. */
  beforeWrite?: (code: string) => Promise<void>;
}

export type CaseResult =
  | { status: "opened"; case: CaseRecord; warnings: string[] }
  | { status: "updated"; case: CaseRecord; warnings: string[] }
  | { status: "already-applied"; case: CaseRecord; warnings: string[] }
  /** The thread's open case was left alone because `leaveOpenCase` said so. */
  | { status: "left-alone"; case: CaseRecord; warnings: string[] };

/** The data every case template receives. */
export function caseTemplateData(request: CaseRequest, code: string, openedAt: string): Record<string, unknown> {
  const { text, omitted } = truncate(request.snapshot.body, SNAPSHOT_MAX_CHARS);
  return {
    code,
    openedAt,
    state: request.state,
    trigger: request.trigger,
    triggeredBy: request.triggeredBy,
    reason: request.reason,
    category: request.category ?? null,
    source: request.source,
    snapshot: {
      ...request.snapshot,
      body: text,
      omitted,
      author: request.snapshot.subject.author?.login ?? null,
      kind: request.snapshot.subject.kind,
      url: request.snapshot.subject.url,
    },
    templateWarnings: [],
    ...request.sections,
  };
}

/**
 * Finds the open case for the source thread or opens one, under a per-thread lock.
 * - a delivery already applied to the case changes nothing (redelivery);
 * - another trigger on the same thread adds a comment to the open case;
 * - otherwise a new case is written in one request, metadata included, so
 *   there is never a half-written case.
 */
export async function openOrUpdateCase(deps: CaseDeps, request: CaseRequest): Promise<CaseResult> {
  const now = (deps.now ?? (() => new Date()))().toISOString();
  return deps.locks.withLock(request.source.key, async (lease) => {
    const { store, open } = await lookupBehindGate(request);
    const late = await request.lateSections;
    const templates = await deps.templates;
    return findOrOpen({ ...deps, templates }, { ...request, store, ...(late ? { sections: { ...request.sections, ...late } } : {}) }, open, lease, now);
  });
}

/**
 * The open cases of the case repository, read while the privacy gate is asked;
 * the gate's answer is looked at first, so a refusal wins over anything the
 * lookup saw. If the gate names the case repository differently (a renamed
 * repository), the lookup is repeated there.
 */
async function lookupBehindGate(request: CaseRequest): Promise<{ store: CaseStore; open: CaseRecord[] }> {
  if (!request.gate) return { store: request.store, open: await request.store.listOpen() };
  const [gated, listed] = await Promise.allSettled([request.gate, request.store.listOpen()]);
  if (gated.status === "rejected") throw gated.reason;
  const store = gated.value;
  if (repoKey(store.repo) !== repoKey(request.store.repo)) return { store, open: await store.listOpen() };
  if (listed.status === "rejected") throw listed.reason;
  return { store, open: listed.value };
}

function repoKey(repo: { owner: string; repo: string }): string {
  return `${repo.owner}/${repo.repo}`.toLowerCase();
}

/** Under the lock, the gate passed, the thread's open cases in hand: redelivery, add, or open. */
async function findOrOpen(
  deps: CaseDeps & { templates: TemplateSet },
  request: CaseRequest,
  open: CaseRecord[],
  lease: LockLease,
  now: string,
): Promise<CaseResult> {
  const existing = open.find((c) => c.meta.source.key === request.source.key);
  if (existing) {
    if (existing.meta.deliveries.includes(request.deliveryId)) {
      deps.log.info({ case: existing.meta.code, deliveryId: request.deliveryId }, "delivery already applied to the case; nothing to do");
      return { status: "already-applied", case: existing, warnings: [] };
    }
    if (request.leaveOpenCase?.(existing)) {
      deps.log.info({ case: existing.meta.code, trigger: request.trigger, source: request.source.key }, "the thread's open case is left alone");
      return { status: "left-alone", case: existing, warnings: [] };
    }
    const adapted = request.adaptTo ? await request.adaptTo(existing, request) : request;
    await adapted.beforeWrite?.(existing.meta.code);
    return addToCase(deps, adapted, existing, now);
  }
  return openNew(deps, request.adaptTo ? await request.adaptTo(null, request) : request, lease, now);
}

/** A new case, written in one request, metadata included. */
async function openNew(deps: CaseDeps & { templates: TemplateSet }, request: CaseRequest, lease: LockLease, now: string): Promise<CaseResult> {
  const code = newCaseCode();
  await request.beforeWrite?.(code);
  const data = caseTemplateData(request, code, now);
  const title = await deps.templates.render("case-title.md", data);
  const body = await deps.templates.render("case.md", data);
  // Parsed, so fields added to the schema later get their defaults here too.
  const meta: CaseMeta = caseMetaSchema.parse({
    v: 1,
    code,
    state: request.state,
    trigger: request.trigger,
    source: request.source,
    subject: request.snapshot.subject,
    related: [],
    category: request.category ?? null,
    openedAt: now,
    acknowledgedAt: null,
    resolvedAt: null,
    outcome: null,
    reportId: null,
    statusTokenHash: null,
    reporterMessage: null,
    watchedAt: null,
    reporting: [],
    ...request.metaExtras,
    deliveries: [request.deliveryId],
  });
  const fullBody = request.store.withMeta(body.text, meta);
  // With Redis, the lock may have been lost meanwhile (Redis restarted): another replica may be opening this case.
  await lease.assertHeld();
  const created = await request.store.create(title.text.trim(), fullBody);
  deps.log.info({ case: code, caseNumber: created.number, trigger: request.trigger, source: request.source.key }, "case opened");
  return {
    status: "opened",
    case: { format: request.store.format, number: created.number, nodeId: created.nodeId, url: created.url, title: title.text.trim(), body: fullBody, meta },
    warnings: [...title.warnings, ...body.warnings],
  };
}

async function addToCase(deps: CaseDeps & { templates: TemplateSet }, request: CaseRequest, existing: CaseRecord, now: string): Promise<CaseResult> {
  const sameSubject = existing.meta.subject.url === request.snapshot.subject.url || existing.meta.related.some((s) => s.url === request.snapshot.subject.url);
  const data = { ...caseTemplateData(request, existing.meta.code, existing.meta.openedAt), at: now, sameSubject, existingState: existing.meta.state };
  const comment = await deps.templates.render("case-retriggered.md", data);
  // Comment first, metadata second: if the second write fails, a redelivery repeats
  // the comment (visible, harmless) instead of losing it.
  await request.store.comment(existing, comment.text);
  let meta = rememberDelivery(existing.meta, request.deliveryId);
  if (!sameSubject) meta = { ...meta, related: [...meta.related, request.snapshot.subject] };
  if (meta.state === "triage" && request.state === "open") meta = { ...meta, state: "open" };
  if (request.metaOnUpdate) meta = request.metaOnUpdate(meta);
  const body = request.store.withMeta(existing.body, meta);
  await request.store.updateBody(existing, body);
  deps.log.info({ case: meta.code, trigger: request.trigger, source: request.source.key }, "case updated by a new trigger");
  return { status: "updated", case: { ...existing, body, meta }, warnings: comment.warnings };
}
