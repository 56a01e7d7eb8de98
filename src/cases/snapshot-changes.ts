import type { Logger } from "pino";
import type { CallInConfig } from "../config/schema.js";
import type { GitHub } from "../github/client.js";
import type { LockProvider } from "../concurrency/locks.js";
import type { OwnerTemplates } from "../templates/overrides.js";
import { truncate } from "../text/neutralise.js";
import { privateCaseStore } from "./case-repository.js";
import { rememberDelivery, type SubjectKind } from "./metadata.js";
import { SNAPSHOT_MAX_CHARS } from "./open-case.js";
import type { CaseSeal } from "./seal.js";
import { caseRepositoryKey, snapshotRole, type SnapshotIndex } from "./snapshot-index.js";

/** A comment that was edited or deleted in public; it may be snapshotted in open cases. */
export interface CommentChange {
  action: "edited" | "deleted";
  kind: Extract<SubjectKind, "issue_comment" | "review_comment" | "discussion_comment">;
  id: number;
  url: string;
  /** The thread the comment is in (`owner/repo#n`, lower case). */
  threadKey: string;
  /** The new text (edits). */
  body: string;
  at: string;
  /** Who edited or deleted it (the event's sender). */
  by: string | null;
}

/** What noting a change takes: which cases snapshotted what, the seal the case store checks, locks, templates, the clock. */
export interface ChangeDeps {
  snapshots: SnapshotIndex;
  seal: CaseSeal;
  locks: LockProvider;
  templates: OwnerTemplates;
  now: () => Date;
}

export interface ChangeContext {
  github: GitHub;
  owner: string;
  config: CallInConfig;
  log: Logger;
  deliveryId: string;
}

export type ChangeOutcome = { status: "not-snapshotted" } | { status: "refused"; reason: string } | { status: "noted"; cases: string[] };

/**
 * Notes on every open case that holds a snapshot of the comment that it was
 * edited (with the new text) or deleted; the snapshot itself is never changed.
 * Costs nothing for comments no open case holds (see SnapshotIndex), and each
 * note is written under the thread's lock and remembered by delivery id, so a
 * redelivery adds no second note.
 */
export async function noteCommentChange(deps: ChangeDeps, ctx: ChangeContext, change: CommentChange): Promise<ChangeOutcome> {
  const caseRepository = caseRepositoryKey(ctx.owner, ctx.config.caseRepository);
  const now = deps.now();
  if (deps.snapshots.lookup(caseRepository, change.threadKey, change, now) === "not-snapshotted") return { status: "not-snapshotted" };

  const opened = await privateCaseStore(ctx.github, ctx.owner, ctx.config, ctx.log, deps.seal);
  if (!opened.ok) {
    // No case can hold it; remember that for a while so ordinary edits cost one request a minute at most.
    if (opened.gate !== "store") {
      deps.snapshots.replace(caseRepository, [], now);
      ctx.log.debug({ owner: ctx.owner, reason: opened.gate }, "no usable case repository; edits are not looked up");
    }
    return { status: "refused", reason: opened.reason };
  }
  const { store } = opened;
  const open = await store.listOpen();
  deps.snapshots.replace(
    caseRepository,
    open.map((c) => c.meta),
    now,
  );
  const holding = open.filter((c) => snapshotRole(c.meta, change) !== null);
  if (holding.length === 0) return { status: "not-snapshotted" };

  const templates = await deps.templates.forOwner(ctx.github, ctx.owner, ctx.log);
  const name = change.action === "edited" ? "case-snapshot-edited.md" : "case-snapshot-deleted.md";
  const noted: string[] = [];
  for (const found of holding) {
    await deps.locks.withLock(found.meta.source.key, async () => {
      // Read again under the lock: another event may have changed the case meanwhile.
      const current = (await store.listOpen()).find((c) => c.number === found.number);
      const role = current && snapshotRole(current.meta, change);
      if (!current || !role) return;
      if (current.meta.deliveries.includes(ctx.deliveryId)) return;
      const { text, omitted } = truncate(change.body, SNAPSHOT_MAX_CHARS);
      const note = await templates.render(name, { change: { ...change, body: text, omitted, role }, code: current.meta.code });
      // Note first, metadata second: a failure in between repeats the note on redelivery rather than losing it.
      await store.comment(current, note.text);
      await store.updateBody(current, store.withMeta(current.body, rememberDelivery(current.meta, ctx.deliveryId)));
      noted.push(current.meta.code);
      ctx.log.info({ case: current.meta.code, action: change.action, kind: change.kind, role }, "a snapshotted comment changed; noted on the case");
    });
  }
  return noted.length > 0 ? { status: "noted", cases: noted } : { status: "not-snapshotted" };
}
