import type { LockProvider } from "../concurrency/locks.js";
import type { GitHub, RepoRef } from "../github/client.js";
import { addDiscussionComment, closeDiscussion, getDiscussion, reopenDiscussion, updateDiscussionBody } from "../github/discussions.js";
import { addIssueComment, getIssue, setIssueState, updateIssueBody } from "../github/issues.js";
import { MAX_ACTIONS, type CaseMeta } from "./metadata.js";
import type { CaseSeal, UnverifiedReason } from "./seal.js";
import type { CaseRecord } from "./store.js";

/** What a case thread holds: a case the app can trust, something else, or metadata that failed its check. */
export type CaseInspection =
  | { kind: "case"; record: CaseRecord & { closed: boolean } }
  | { kind: "not-a-case" }
  | { kind: "unverified"; reason: UnverifiedReason; nodeId: string };

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
    readonly seal: CaseSeal,
  ) {}

  /** The case as it is now, or null when it is gone, carries no metadata, or its metadata failed the check. */
  async read(): Promise<(CaseRecord & { closed: boolean }) | null> {
    const found = await this.inspect();
    return found.kind === "case" ? found.record : null;
  }

  /** Like `read`, but says why something is not a case the app may act on. */
  async inspect(): Promise<CaseInspection> {
    if (this.format === "issue") {
      const issue = await getIssue(this.github, this.repo, this.number);
      if (!issue) return { kind: "not-a-case" };
      const checked = await this.seal.check(this.repo, issue);
      if (!checked) return { kind: "not-a-case" };
      if (!checked.ok) return { kind: "unverified", reason: checked.reason, nodeId: issue.nodeId };
      const meta = checked.meta;
      return {
        kind: "case",
        record: {
          format: "issue",
          number: issue.number,
          nodeId: issue.nodeId,
          url: issue.url,
          title: issue.title,
          body: issue.body,
          meta,
          closed: issue.state === "closed",
        },
      };
    }
    const discussion = await getDiscussion(this.github, this.repo, this.number);
    if (!discussion) return { kind: "not-a-case" };
    const checked = await this.seal.check(this.repo, discussion);
    if (!checked) return { kind: "not-a-case" };
    if (!checked.ok) return { kind: "unverified", reason: checked.reason, nodeId: discussion.id };
    const meta = checked.meta;
    return {
      kind: "case",
      record: {
        format: "discussion",
        number: discussion.number,
        nodeId: discussion.id,
        url: discussion.url,
        title: discussion.title,
        body: discussion.body,
        meta,
        closed: discussion.closed,
      },
    };
  }

  /** `body` with `meta` as its metadata block, sealed for this case repository. */
  withMeta(body: string, meta: CaseMeta): string {
    return this.seal.withMeta(this.repo, body, meta);
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
    if (!current)
      throw new CaseGoneError(`case ${thread.repo.owner}/${thread.repo.repo}#${thread.number} is gone or its metadata is unreadable or not trusted`);
    const next = change(current.meta);
    if (!next) return { before: current.meta, after: current.meta, changed: false };
    const bounded = { ...next, actions: next.actions.slice(-MAX_ACTIONS) };
    await thread.writeBody(current, thread.withMeta(current.body, bounded));
    return { before: current.meta, after: bounded, changed: true };
  });
}
