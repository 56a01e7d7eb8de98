import { snapshotOfComment, type Snapshot } from "../cases/snapshot.js";
import type { SourceRef } from "../cases/metadata.js";
import type { CommentEvent, CommentKind } from "../events/comment-event.js";
import type { EditedFrom } from "../events/payloads.js";
import type { ThreadEvent } from "../events/thread-event.js";

/**
 * Something written in public that the watch screens: a comment, a review, or
 * the opening post of an issue or discussion, in one shape.
 */
export interface WatchedPost {
  /** `null` when the post is the thread itself (an issue or discussion body). */
  commentKind: CommentKind | null;
  /** The post as evidence: the reporting comment. */
  snapshot: Snapshot;
  /** The thread it is in, and the thread as evidence. */
  source: SourceRef;
  threadSnapshot: Snapshot;
  /** The text screened: the title (threads only) and the body. */
  title: string | null;
  body: string;
  /** What the post said before this edit; null for new posts or when unknown. */
  previous: EditedFrom;
  /** The comment this one answers (review threads, discussion replies), by REST id. */
  inReplyTo: number | null;
  /** Host of the web UI (github.com or a GHES host), taken from the payload. */
  webHost: string;
  author: { login: string; type: string } | null;
}

/** A comment, a review or a discussion reply, as the watch screens it. */
export function postOfComment(event: CommentEvent): WatchedPost {
  return {
    commentKind: event.kind,
    snapshot: snapshotOfComment(event.kind, event.comment),
    source: event.source,
    threadSnapshot: event.threadSnapshot,
    title: null,
    body: event.comment.body,
    previous: event.previous,
    inReplyTo: event.inReplyTo,
    webHost: event.webHost,
    author: event.comment.author ? { login: event.comment.author.login, type: event.comment.author.type } : null,
  };
}

/** The opening post of an issue or discussion: the post is the thread. */
export function postOfThread(event: ThreadEvent): WatchedPost {
  return {
    commentKind: null,
    snapshot: event.snapshot,
    source: event.source,
    threadSnapshot: event.snapshot,
    title: event.title,
    body: event.body,
    previous: event.previous,
    inReplyTo: null,
    webHost: event.webHost,
    author: event.author,
  };
}
