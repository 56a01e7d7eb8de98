import type { CommentRecord } from "../github/comments.js";
import { commentRecordOf, sourceOf, snapshotOfThread, type Snapshot } from "../cases/snapshot.js";
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

/** The payload's comment (a review counts as one) in the app's records; the event is told apart by what the payload holds. */
export function commentEventOf(payload: CommentPayload): CommentEvent {
  const repository = repositoryOf(payload);
  const common = { sender: senderOf(payload) };
  if ("review" in payload) {
    const pr = payload.pull_request;
    const comment = commentRecordOf(payload.review);
    return {
      ...common,
      kind: "review",
      comment,
      source: sourceOf({ ...repository, number: pr.number, threadKind: "pull_request", url: pr.html_url }),
      threadSnapshot: snapshotOfThread("pull_request", pr),
      inReplyTo: null,
      webHost: new URL(payload.review.html_url).host,
      previous: editedFromOf(payload.action === "edited" ? payload.changes : undefined, null, comment.body),
    };
  }
  const comment = commentRecordOf(payload.comment);
  const previous = editedFromOf(payload.action === "edited" ? payload.changes : undefined, null, comment.body);
  const webHost = new URL(payload.comment.html_url).host;
  if ("issue" in payload) {
    const issue = payload.issue;
    const threadKind = issue.pull_request ? "pull_request" : "issue";
    return {
      ...common,
      kind: "issue_comment",
      comment,
      source: sourceOf({ ...repository, number: issue.number, threadKind, url: issue.html_url }),
      threadSnapshot: snapshotOfThread(threadKind, issue),
      inReplyTo: null,
      webHost,
      previous,
    };
  }
  if ("discussion" in payload) {
    const discussion = payload.discussion;
    return {
      ...common,
      kind: "discussion_comment",
      comment,
      source: sourceOf({ ...repository, number: discussion.number, threadKind: "discussion", url: discussion.html_url }),
      threadSnapshot: snapshotOfThread("discussion", discussion),
      inReplyTo: payload.comment.parent_id ?? null,
      webHost,
      previous,
    };
  }
  const pr = payload.pull_request;
  return {
    ...common,
    kind: "review_comment",
    comment,
    source: sourceOf({ ...repository, number: pr.number, threadKind: "pull_request", url: pr.html_url }),
    threadSnapshot: snapshotOfThread("pull_request", pr),
    inReplyTo: payload.comment.in_reply_to_id ?? null,
    webHost,
    previous,
  };
}
