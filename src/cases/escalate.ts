import type { Logger } from "pino";
import type { LockProvider } from "../concurrency/locks.js";
import type { CallInConfig } from "../config/schema.js";
import type { GitHub } from "../github/client.js";
import { deleteIssueComment } from "../github/comments.js";
import { closeDiscussion, deleteDiscussionComment, listDiscussionComments, replaceDiscussion } from "../github/discussions.js";
import { listIssueComments, replaceIssue } from "../github/issues.js";
import type { TemplateSet } from "../templates/engine.js";
import { checkCaseRepository } from "./case-repository.js";
import { CaseGoneError, type CaseThread } from "./case-thread.js";
import type { CaseMeta } from "./metadata.js";
import { caseStoreFor, CaseStoreError } from "./store.js";

/** Why a case leaves the usual team. */
export type EscalationReason = "reported-is-moderator" | "reporter-is-moderator" | "all-recused";

export interface EscalationInput {
  github: GitHub;
  config: CallInConfig;
  log: Logger;
  templates: TemplateSet;
  locks: LockProvider;
  thread: CaseThread;
  reason: EscalationReason;
  at: string;
  /** The change that led here (the recusal), applied to the case as it is now. */
  change: (meta: CaseMeta) => CaseMeta;
}

export type EscalationOutcome =
  | { status: "moved"; url: string; number: number; deleted: number; notDeleted: number }
  | { status: "not-configured" }
  | { status: "refused"; message: string };

/** Quoted earlier comments are cut to this, so the history comment stays under GitHub's body limit. */
const HISTORY_MAX_CHARS = 50_000;

/**
 * Moves a case to `escalationRepository`, for conflicts of interest:
 * 1. opens the case there with its full body and metadata (nothing is lost);
 * 2. copies the earlier comments into it;
 * 3. reduces the original to a pointer (only the case code), clears its
 *    assignees and closes it; the pointer has no metadata, so nothing in the
 *    usual repository names the thread, the people or the report any more;
 * 4. deletes the original's comments, and says in the new case what could not
 *    be removed (GitHub keeps the edit history of a body and the old title in
 *    the timeline; only deleting the issue removes those).
 * All under the case's per-thread lock, so no command writes in between.
 */
export async function escalateCase(input: EscalationInput): Promise<EscalationOutcome> {
  const { github, config, log, templates, thread } = input;
  if (!config.escalationRepository) return { status: "not-configured" };
  const owner = thread.repo.owner;
  const check = await checkCaseRepository(github, owner, config.escalationRepository);
  if (!check.ok) {
    log.error({ owner, escalationRepository: config.escalationRepository, reason: check.reason }, check.message);
    return { status: "refused", message: check.message };
  }
  let store;
  try {
    store = await caseStoreFor(github, check.repository, config, thread.seal);
  } catch (error) {
    if (!(error instanceof CaseStoreError)) throw error;
    return { status: "refused", message: error.message };
  }
  const first = await thread.read();
  if (!first) throw new CaseGoneError("the case to escalate is gone");
  return input.locks.withLock(first.meta.source.key, async () => {
    const current = await thread.read();
    if (!current) throw new CaseGoneError("the case to escalate is gone");
    const meta: CaseMeta = { ...input.change(current.meta), escalated: { at: input.at, reason: input.reason } };
    // A move cut short after the copy was made (GitHub failed, or its answer was lost) left that copy
    // open there: finish that move, so repeating the command never makes a second copy.
    const earlier = (await store.listOpen()).find((c) => c.meta.code === meta.code && c.meta.escalated);
    if (earlier) await store.updateBody(earlier, store.withMeta(current.body, meta));
    const created = earlier ?? (await store.create(current.title, store.withMeta(current.body, meta)));
    const target = { format: store.format, number: created.number, nodeId: created.nodeId, url: created.url, title: current.title, body: "", meta };

    const comments =
      thread.format === "issue" ? await listIssueComments(github, thread.repo, thread.number) : await listDiscussionComments(github, current.nodeId);
    const quoted = comments.map((c) => ({ author: c.author, createdAt: c.createdAt, body: c.body }));
    const history = fitHistory(quoted);
    const historyText = await templates.render("escalation-history.md", {
      code: meta.code,
      reason: input.reason,
      from: `${thread.repo.owner}/${thread.repo.repo}`,
      ...history,
    });
    await store.comment(target, historyText.text);

    const pointerTitle = (await templates.render("escalation-pointer-title.md", { code: meta.code })).text.trim();
    const pointer = (await templates.render("escalation-pointer.md", { code: meta.code })).text;
    if (thread.format === "issue") {
      await replaceIssue(github, thread.repo, thread.number, { title: pointerTitle, body: pointer, state: "closed" });
    } else {
      await replaceDiscussion(github, current.nodeId, pointerTitle, pointer);
      await closeDiscussion(github, current.nodeId);
    }

    let deleted = 0;
    let notDeleted = 0;
    for (const comment of comments) {
      try {
        if (thread.format === "issue") await deleteIssueComment(github, thread.repo, (comment as { id: number }).id);
        else await deleteDiscussionComment(github, (comment as { id: string }).id);
        deleted++;
      } catch (error) {
        notDeleted++;
        log.warn({ err: error, case: meta.code }, "an earlier comment of the escalated case could not be deleted");
      }
    }
    const cleanup = await templates.render("escalation-cleanup.md", {
      code: meta.code,
      from: `${thread.repo.owner}/${thread.repo.repo}`,
      number: thread.number,
      format: thread.format,
      deleted,
      notDeleted,
    });
    await store.comment(target, cleanup.text);
    log.info(
      { case: meta.code, reason: input.reason, escalationRepository: config.escalationRepository, deleted, notDeleted },
      "case moved to the escalation repository",
    );
    return { status: "moved", url: created.url, number: created.number, deleted, notDeleted };
  });
}

/** Keeps the newest comments that fit, and says how many older ones were left out. */
function fitHistory<T extends { body: string }>(comments: T[]): { comments: T[]; omitted: number } {
  const kept: T[] = [];
  let size = 0;
  for (const comment of [...comments].reverse()) {
    size += comment.body.length + 200;
    if (size > HISTORY_MAX_CHARS) break;
    kept.unshift(comment);
  }
  return { comments: kept, omitted: comments.length - kept.length };
}
