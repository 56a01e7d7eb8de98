import type { LockProvider } from "../concurrency/locks.js";
import type { GitHub, RepoRef } from "../github/client.js";
import { addDiscussionComment, closeDiscussion, getDiscussion, reopenDiscussion, updateDiscussionBody } from "../github/discussions.js";
import { addIssueComment, getIssue, setIssueState, updateIssueBody } from "../github/issues.js";
import { MAX_ACTIONS, parseMeta, withMeta, type CaseMeta } from "./metadata.js";
import type { CaseRecord } from "./store.js";

/**
 * One existing case (issue or discussion) in a case repository, addressed by
 * number: what commands, reminders and appeals read and write. Callers have
 * passed the privacy gate (src/cases/case-repository.ts) for `repo` first.
 */
export class CaseThread {
  constructor(
    readonly github: GitHub,
    readonly repo: RepoRef,
    readonly format: "issue" | "discussion",
    readonly number: number,
  ) {}

  /** The case as it is now, or null when it is gone or carries no readable metadata. */
  async read(): Promise<(CaseRecord & { closed: boolean }) | null> {
    if (this.format === "issue") {
      const issue = await getIssue(this.github, this.repo, this.number);
      const meta = parseMeta(issue?.body);
      if (!issue || !meta) return null;
      return { format: "issue", number: issue.number, nodeId: issue.nodeId, url: issue.url, title: issue.title, body: issue.body, meta, closed: issue.state === "closed" };
    }
    const discussion = await getDiscussion(this.github, this.repo, this.number);
    const meta = parseMeta(discussion?.body);
    if (!discussion || !meta) return null;
    return { format: "discussion", number: discussion.number, nodeId: discussion.id, url: discussion.url, title: discussion.title, body: discussion.body, meta, closed: discussion.closed };
  }

  async comment(record: Pick<CaseRecord, "nodeId">, body: string): Promise<void> {
    if (this.format === "issue") await addIssueComment(this.github, this.repo, this.number, body);
    else await addDiscussionComment(this.github, record.nodeId, body);
  }

  async close(record: Pick<CaseRecord, "nodeId">): Promise<void> {
    if (this.format === "issue") await setIssueState(this.github, this.repo, this.number, "closed", "completed");
    else await closeDiscussion(this.github, record.nodeId);
  }

  async reopen(record: Pick<CaseRecord, "nodeId">): Promise<void> {
    if (this.format === "issue") await setIssueState(this.github, this.repo, this.number, "open");
    else await reopenDiscussion(this.github, record.nodeId);
  }

  async writeBody(record: Pick<CaseRecord, "nodeId">, body: string): Promise<void> {
    if (this.format === "issue") await updateIssueBody(this.github, this.repo, this.number, body);
    else await updateDiscussionBody(this.github, record.nodeId, body);
  }
}

export class CaseGoneError extends Error {}

/**
 * The one way metadata of an existing case changes: under the case's per-thread
 * lock (the same key that opening a case uses), re-read the body, apply
 * `change` to what is there NOW, and write it back. Two commands at once each
 * see the other's result instead of overwriting it. `change` may return null
 * for "nothing to change" (no write happens).
 */
export async function updateCaseMeta(
  locks: LockProvider,
  thread: CaseThread,
  key: string,
  change: (meta: CaseMeta) => CaseMeta | null,
): Promise<{ before: CaseMeta; after: CaseMeta; changed: boolean }> {
  return locks.withLock(key, async () => {
    const current = await thread.read();
    if (!current) throw new CaseGoneError(`case ${thread.repo.owner}/${thread.repo.repo}#${thread.number} is gone or its metadata is unreadable`);
    const next = change(current.meta);
    if (!next) return { before: current.meta, after: current.meta, changed: false };
    const bounded = { ...next, actions: next.actions.slice(-MAX_ACTIONS) };
    await thread.writeBody(current, withMeta(current.body, bounded));
    return { before: current.meta, after: bounded, changed: true };
  });
}
