import type { Logger } from "pino";
import type { CommentLink } from "../github/comment-link.js";
import type { CommentKind } from "../events/comment-event.js";
import type { GitHub, RepoRef } from "../github/client.js";
import { getIssueComment, getReview, getReviewComment } from "../github/comments.js";
import { findDiscussionComment } from "../github/discussions.js";
import { snapshotOfComment, type Snapshot } from "./snapshot.js";

/** A snapshot of the comment a link points at (already checked to be in `repo`); null when it is gone. */
export async function snapshotOfLinkedComment(github: GitHub, repo: RepoRef, link: CommentLink): Promise<Snapshot | null> {
  switch (link.kind) {
    case "issue_comment": {
      const c = await getIssueComment(github, repo, link.id);
      return c && snapshotOfComment("issue_comment", c);
    }
    case "review_comment": {
      const c = await getReviewComment(github, repo, link.id);
      return c && snapshotOfComment("review_comment", c);
    }
    case "review": {
      const c = await getReview(github, repo, link.number, link.id);
      return c && snapshotOfComment("review", c);
    }
    case "discussion_comment": {
      const c = await findDiscussionComment(github, repo, link.number, link.id);
      return c && snapshotOfComment("discussion_comment", c);
    }
  }
}

/**
 * A snapshot of the comment a review comment or discussion reply answers;
 * null when there is none or it is gone (the caller falls back to the thread).
 */
export async function snapshotOfRepliedTo(
  github: GitHub,
  repo: RepoRef,
  kind: CommentKind,
  threadNumber: number,
  inReplyTo: number | null,
  log: Logger,
): Promise<Snapshot | null> {
  if (inReplyTo === null) return null;
  if (kind === "review_comment") {
    const c = await getReviewComment(github, repo, inReplyTo);
    return c && snapshotOfComment("review_comment", c);
  }
  if (kind === "discussion_comment") {
    const c = await findDiscussionComment(github, repo, threadNumber, inReplyTo);
    if (!c) log.debug({ inReplyTo }, "the discussion comment replied to was not among the first 100 comments and replies");
    return c && snapshotOfComment("discussion_comment", c);
  }
  return null;
}
