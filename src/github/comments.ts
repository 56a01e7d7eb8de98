import { NOT_FOUND, orNullWhenMissing, orWhenMissing, type GitHub, type RepoRef } from "./client.js";
import { MINIMIZE_COMMENT } from "./graphql-documents.js";

/** What the app needs to know of a comment it snapshots or removes. */
export interface CommentRecord {
  id: number;
  nodeId: string;
  url: string;
  body: string;
  author: { login: string; id: number; type: string } | null;
  createdAt: string;
  updatedAt: string;
}

type RestComment = {
  id: number;
  node_id: string;
  html_url: string;
  body?: string | null;
  user: { login: string; id: number; type: string } | null;
  created_at: string;
  updated_at: string;
};

function toRecord(data: RestComment): CommentRecord {
  return {
    id: data.id,
    nodeId: data.node_id,
    url: data.html_url,
    body: data.body ?? "",
    author: data.user ? { login: data.user.login, id: data.user.id, type: data.user.type } : null,
    createdAt: data.created_at,
    updatedAt: data.updated_at,
  };
}

export async function getIssueComment(github: GitHub, ref: RepoRef, commentId: number): Promise<CommentRecord | null> {
  const found = await orNullWhenMissing(NOT_FOUND, () => github.rest.issues.getComment({ owner: ref.owner, repo: ref.repo, comment_id: commentId }));
  return found && toRecord(found.data as RestComment);
}

export async function getReviewComment(github: GitHub, ref: RepoRef, commentId: number): Promise<CommentRecord | null> {
  const found = await orNullWhenMissing(NOT_FOUND, () => github.rest.pulls.getReviewComment({ owner: ref.owner, repo: ref.repo, comment_id: commentId }));
  return found && toRecord(found.data as RestComment);
}

export async function getReview(github: GitHub, ref: RepoRef, pullNumber: number, reviewId: number): Promise<CommentRecord | null> {
  const found = await orNullWhenMissing(NOT_FOUND, () =>
    github.rest.pulls.getReview({ owner: ref.owner, repo: ref.repo, pull_number: pullNumber, review_id: reviewId }),
  );
  if (!found) return null;
  const { data } = found;
  return toRecord({ ...data, created_at: data.submitted_at ?? "", updated_at: data.submitted_at ?? "" } as RestComment);
}

/** Deletes an issue or pull request conversation comment; one already gone is fine. */
export async function deleteIssueComment(github: GitHub, ref: RepoRef, commentId: number): Promise<void> {
  await orWhenMissing(NOT_FOUND, undefined, () => github.rest.issues.deleteComment({ owner: ref.owner, repo: ref.repo, comment_id: commentId }));
}

/** Deletes a pull request review (diff) comment; one already gone is fine. */
export async function deleteReviewComment(github: GitHub, ref: RepoRef, commentId: number): Promise<void> {
  await orWhenMissing(NOT_FOUND, undefined, () => github.rest.pulls.deleteReviewComment({ owner: ref.owner, repo: ref.repo, comment_id: commentId }));
}

/** Submitted reviews cannot be deleted; the app can only replace their text. */
export async function updateReviewBody(github: GitHub, ref: RepoRef, pullNumber: number, reviewId: number, body: string): Promise<void> {
  await github.rest.pulls.updateReview({ owner: ref.owner, repo: ref.repo, pull_number: pullNumber, review_id: reviewId, body });
}

/** Hides a comment or review behind "This comment was minimized" (the classifier is shown publicly). */
export async function minimizeComment(
  github: GitHub,
  subjectId: string,
  classifier: "ABUSE" | "DUPLICATE" | "OFF_TOPIC" | "OUTDATED" | "RESOLVED" | "SPAM",
): Promise<void> {
  await github.graphql(MINIMIZE_COMMENT, { subjectId, classifier });
}

/**
 * The first `limit` conversation comments of an issue or pull request (oldest
 * first), in pages of 100. Bounded so a huge thread costs a few requests at most.
 */
export async function listThreadComments(github: GitHub, ref: RepoRef, number: number, limit = 300): Promise<CommentRecord[]> {
  const found: CommentRecord[] = [];
  for await (const page of github.paginate.iterator(github.rest.issues.listComments, {
    owner: ref.owner,
    repo: ref.repo,
    issue_number: number,
    per_page: 100,
  })) {
    found.push(...page.data.map((c) => toRecord(c as RestComment)));
    if (found.length >= limit) break;
  }
  return found.slice(0, limit);
}

/** Answers a pull request review comment in its own thread. */
export async function replyToReviewComment(
  github: GitHub,
  ref: RepoRef,
  pullNumber: number,
  commentId: number,
  body: string,
): Promise<{ id: number; url: string }> {
  const { data } = await github.rest.pulls.createReplyForReviewComment({
    owner: ref.owner,
    repo: ref.repo,
    pull_number: pullNumber,
    comment_id: commentId,
    body,
  });
  return { id: data.id, url: data.html_url };
}
