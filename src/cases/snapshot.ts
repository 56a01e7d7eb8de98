import type { CommentRecord } from "../github/comments.js";
import type { SourceRef, SubjectKind, SubjectRef } from "./metadata.js";

/**
 * Evidence: what the reported content said when the case opened. The original
 * may be edited or deleted later; the case keeps this copy.
 */
export interface Snapshot {
  subject: SubjectRef;
  authorType: string | null;
  /** The thread's title when the subject is the thread itself. */
  title: string | null;
  body: string;
  createdAt: string | null;
  updatedAt: string | null;
}

type PayloadUser = { login: string; id: number; type?: string } | null | undefined;

/** The issue, pull request or discussion object of a webhook payload (or REST response). */
export interface ThreadLike {
  number: number;
  title: string;
  body?: string | null;
  html_url: string;
  node_id: string;
  user?: PayloadUser;
  created_at: string;
  updated_at: string;
}

export function sourceOf(input: { owner: string; repo: string; repoId?: number; number: number; threadKind: SourceRef["threadKind"]; url: string }): SourceRef {
  return {
    // Issues, pull requests and discussions share one number sequence per repository.
    key: `${input.owner}/${input.repo}#${input.number}`.toLowerCase(),
    owner: input.owner,
    repo: input.repo,
    ...(input.repoId !== undefined ? { repoId: input.repoId } : {}),
    number: input.number,
    threadKind: input.threadKind,
    url: input.url,
  };
}

function person(user: PayloadUser): SubjectRef["author"] {
  return user ? { login: user.login, id: user.id } : null;
}

export function snapshotOfThread(kind: "issue" | "pull_request" | "discussion", thread: ThreadLike): Snapshot {
  return {
    subject: { kind, url: thread.html_url, id: null, nodeId: thread.node_id, author: person(thread.user) },
    authorType: thread.user?.type ?? null,
    title: thread.title,
    body: thread.body ?? "",
    createdAt: thread.created_at,
    updatedAt: thread.updated_at,
  };
}

export function snapshotOfComment(kind: Exclude<SubjectKind, "issue" | "pull_request" | "discussion">, comment: CommentRecord): Snapshot {
  return {
    subject: {
      kind,
      url: comment.url,
      id: comment.id,
      nodeId: comment.nodeId,
      author: comment.author ? { login: comment.author.login, id: comment.author.id } : null,
    },
    authorType: comment.author?.type ?? null,
    title: null,
    body: comment.body,
    createdAt: comment.createdAt || null,
    updatedAt: comment.updatedAt || null,
  };
}

/** Comment fields of a webhook payload in the shape the GitHub wrappers return. */
export function commentRecordOf(comment: {
  id: number;
  node_id: string;
  html_url: string;
  body?: string | null;
  user: PayloadUser;
  created_at?: string | null;
  updated_at?: string | null;
  submitted_at?: string | null;
}): CommentRecord {
  return {
    id: comment.id,
    nodeId: comment.node_id,
    url: comment.html_url,
    body: comment.body ?? "",
    author: comment.user ? { login: comment.user.login, id: comment.user.id, type: comment.user.type ?? "User" } : null,
    createdAt: comment.created_at ?? comment.submitted_at ?? "",
    updatedAt: comment.updated_at ?? comment.submitted_at ?? "",
  };
}
