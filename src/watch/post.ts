import { snapshotOfComment, snapshotOfThread, sourceOf, type Snapshot, type ThreadLike } from "../cases/snapshot.js";
import type { SourceRef } from "../cases/metadata.js";
import { commentEventOf, type CommentKind } from "../events/comment-event.js";

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
  previous: { title: string | null; body: string } | null;
  /** The comment this one answers (review threads, discussion replies), by REST id. */
  inReplyTo: number | null;
  /** Host of the web UI (github.com or a GHES host), taken from the payload. */
  webHost: string;
  author: { login: string; type: string } | null;
}

type AnyPayload = Record<string, any>;

/** `changes.body.from` / `changes.title.from` of an `.edited` payload. */
function previousOf(payload: AnyPayload, title: string | null, body: string): WatchedPost["previous"] {
  const changes = payload.changes as { body?: { from?: string | null }; title?: { from?: string | null } } | undefined;
  if (payload.action !== "edited" || !changes) return null;
  return { title: changes.title ? (changes.title.from ?? null) : title, body: changes.body ? (changes.body.from ?? "") : body };
}

/** `issue_comment`, `pull_request_review_comment`, `pull_request_review` and `discussion_comment` payloads. */
export function postOfComment(eventName: string, payload: AnyPayload): WatchedPost | null {
  const event = commentEventOf(eventName, payload);
  if (!event) return null;
  const snapshot = snapshotOfComment(event.kind, event.comment);
  return {
    commentKind: event.kind,
    snapshot,
    source: event.source,
    threadSnapshot: event.threadSnapshot,
    title: null,
    body: event.comment.body,
    previous: previousOf(payload, null, event.comment.body),
    inReplyTo: event.inReplyTo,
    webHost: event.webHost,
    author: event.comment.author ? { login: event.comment.author.login, type: event.comment.author.type } : null,
  };
}

/** `issues.opened/edited` and `discussion.created` payloads: the opening post is the report. */
export function postOfThread(eventName: string, payload: AnyPayload): WatchedPost | null {
  const threadKind = eventName === "issues" ? "issue" : eventName === "discussion" ? "discussion" : null;
  if (!threadKind) return null;
  const thread = (threadKind === "issue" ? payload.issue : payload.discussion) as ThreadLike | undefined;
  if (!thread) return null;
  const repository = payload.repository as { owner: { login: string }; name: string; id: number };
  const snapshot = snapshotOfThread(threadKind, thread);
  const body = thread.body ?? "";
  return {
    commentKind: null,
    snapshot,
    source: sourceOf({ owner: repository.owner.login, repo: repository.name, repoId: repository.id, number: thread.number, threadKind, url: thread.html_url }),
    threadSnapshot: snapshot,
    title: thread.title,
    body,
    previous: previousOf(payload, thread.title, body),
    inReplyTo: null,
    webHost: new URL(thread.html_url).host,
    author: thread.user ? { login: thread.user.login, type: thread.user.type ?? "User" } : null,
  };
}
