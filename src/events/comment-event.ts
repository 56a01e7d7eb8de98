import type { CommentRecord } from "../github/comments.js";
import { commentRecordOf, sourceOf, snapshotOfThread, type Snapshot, type ThreadLike } from "../cases/snapshot.js";
import type { SourceRef } from "../cases/metadata.js";

/** The four events where a comment can carry a command or a report, in one shape. */
export type CommentKind = "issue_comment" | "review_comment" | "review" | "discussion_comment";

export interface CommentEvent {
  kind: CommentKind;
  comment: CommentRecord;
  /** The thread the comment is in. */
  source: SourceRef;
  /** The thread itself as evidence (when nothing more specific is reported). */
  threadSnapshot: Snapshot;
  /** The comment this one answers (review threads, discussion replies), by REST id. */
  inReplyTo: number | null;
  /** Host of the web UI (github.com or a GHES host), taken from the payload. */
  webHost: string;
  sender: { login: string; id: number; type: string };
}

type AnyPayload = Record<string, any>;

function repoOf(payload: AnyPayload) {
  return { owner: payload.repository.owner.login as string, repo: payload.repository.name as string, repoId: payload.repository.id as number };
}

function threadSource(payload: AnyPayload, thread: ThreadLike, threadKind: SourceRef["threadKind"]): SourceRef {
  return sourceOf({ ...repoOf(payload), number: thread.number, threadKind, url: thread.html_url });
}

/** Normalises `issue_comment`, `pull_request_review_comment`, `pull_request_review` and `discussion_comment` payloads. */
export function commentEventOf(eventName: string, payload: AnyPayload): CommentEvent | null {
  const sender = { login: payload.sender?.login ?? "", id: payload.sender?.id ?? 0, type: payload.sender?.type ?? "User" };
  const common = { sender };
  switch (eventName) {
    case "issue_comment": {
      const issue = payload.issue as ThreadLike & { pull_request?: unknown };
      const threadKind = issue.pull_request ? "pull_request" : "issue";
      return {
        ...common,
        kind: "issue_comment",
        comment: commentRecordOf(payload.comment),
        source: threadSource(payload, issue, threadKind),
        threadSnapshot: snapshotOfThread(threadKind, issue),
        inReplyTo: null,
        webHost: new URL(payload.comment.html_url).host,
      };
    }
    case "pull_request_review_comment": {
      const pr = payload.pull_request as ThreadLike;
      return {
        ...common,
        kind: "review_comment",
        comment: commentRecordOf(payload.comment),
        source: threadSource(payload, pr, "pull_request"),
        threadSnapshot: snapshotOfThread("pull_request", pr),
        inReplyTo: payload.comment.in_reply_to_id ?? null,
        webHost: new URL(payload.comment.html_url).host,
      };
    }
    case "pull_request_review": {
      const pr = payload.pull_request as ThreadLike;
      return {
        ...common,
        kind: "review",
        comment: commentRecordOf(payload.review),
        source: threadSource(payload, pr, "pull_request"),
        threadSnapshot: snapshotOfThread("pull_request", pr),
        inReplyTo: null,
        webHost: new URL(payload.review.html_url).host,
      };
    }
    case "discussion_comment": {
      const discussion = payload.discussion as ThreadLike;
      return {
        ...common,
        kind: "discussion_comment",
        comment: commentRecordOf(payload.comment),
        source: threadSource(payload, discussion, "discussion"),
        threadSnapshot: snapshotOfThread("discussion", discussion),
        inReplyTo: payload.comment.parent_id ?? null,
        webHost: new URL(payload.comment.html_url).host,
      };
    }
    default:
      return null;
  }
}
