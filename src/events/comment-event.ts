import type { CommentRecord } from "../github/comments.js";
import { commentRecordOf, sourceOf, snapshotOfThread, type Snapshot, type ThreadLike } from "../cases/snapshot.js";
import type { SourceRef } from "../cases/metadata.js";
import { editedFromOf, repositoryOf, senderOf, type EditedFrom, type PayloadOf, type Sender } from "./payloads.js";

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
  sender: Sender;
  /** What the comment said before this edit (`.edited` deliveries), else null. */
  previous: EditedFrom;
}

/** Every payload of `issue_comment`, `pull_request_review_comment`, `pull_request_review` and `discussion_comment`. */
export type CommentPayload = PayloadOf<"issue_comment" | "pull_request_review_comment" | "pull_request_review" | "discussion_comment">;

/** The payload's comment (a review counts as one) in the app's records. */
export function commentEventOf(payload: CommentPayload): CommentEvent {
  const parts = partsOf(payload);
  const comment = commentRecordOf(parts.comment);
  return {
    kind: parts.kind,
    comment,
    source: sourceOf({ ...repositoryOf(payload), number: parts.thread.number, threadKind: parts.threadKind, url: parts.thread.html_url }),
    threadSnapshot: snapshotOfThread(parts.threadKind, parts.thread),
    inReplyTo: parts.inReplyTo,
    webHost: new URL(parts.comment.html_url).host,
    sender: senderOf(payload),
    previous: editedFromOf(payload.action === "edited" ? payload.changes : undefined, null, comment.body),
  };
}

interface CommentParts {
  kind: CommentKind;
  comment: Parameters<typeof commentRecordOf>[0];
  thread: ThreadLike;
  threadKind: SourceRef["threadKind"];
  inReplyTo: number | null;
}

/** Where each event keeps its comment and thread: told apart by what the payload holds, which Probot's types follow. */
function partsOf(payload: CommentPayload): CommentParts {
  if ("review" in payload) return { kind: "review", comment: payload.review, thread: payload.pull_request, threadKind: "pull_request", inReplyTo: null };
  if ("issue" in payload) {
    return {
      kind: "issue_comment",
      comment: payload.comment,
      thread: payload.issue,
      threadKind: payload.issue.pull_request ? "pull_request" : "issue",
      inReplyTo: null,
    };
  }
  if ("discussion" in payload) {
    return {
      kind: "discussion_comment",
      comment: payload.comment,
      thread: payload.discussion,
      threadKind: "discussion",
      inReplyTo: payload.comment.parent_id ?? null,
    };
  }
  return {
    kind: "review_comment",
    comment: payload.comment,
    thread: payload.pull_request,
    threadKind: "pull_request",
    inReplyTo: payload.comment.in_reply_to_id ?? null,
  };
}
