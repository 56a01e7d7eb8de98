import type { Logger } from "pino";
import type { GitHub, RepoRef } from "../github/client.js";
import { addIssueComment } from "../github/issues.js";
import { replyToReviewComment } from "../github/comments.js";
import { addDiscussionReply } from "../github/discussions.js";
import type { TemplateSet } from "../templates/engine.js";
import type { WatchedPost } from "./post.js";

/** The owner's private report form, when the app knows its public address. */
export function reportFormUrl(publicUrl: string | null, owner: string): string | null {
  return publicUrl ? `${publicUrl}/call-in/report/${encodeURIComponent(owner)}` : null;
}

/**
 * `watch.publicReply`: a short, kind reply under the report that thanks the
 * person and points to the private form. It carries nothing of the case
 * (no code, no link to it, no rule), mentions nobody, and never touches the
 * reporter's comment.
 */
export async function replyPublicly(github: GitHub, templates: TemplateSet, post: WatchedPost, formUrl: string | null, log: Logger): Promise<void> {
  const repo: RepoRef = { owner: post.source.owner, repo: post.source.repo };
  try {
    const reply = await templates.render("watch-public-reply.md", { formUrl, owner: repo.owner });
    const discussionId = post.threadSnapshot.subject.nodeId;
    switch (post.commentKind) {
      case "review_comment":
        await replyToReviewComment(github, repo, post.source.number, post.snapshot.subject.id ?? 0, reply.text);
        break;
      case "discussion_comment":
      case null:
        if (post.source.threadKind === "discussion" && discussionId) {
          // Replies can only hang under a top-level comment; a reply to a reply goes to the discussion.
          const replyTo = post.commentKind === "discussion_comment" && post.inReplyTo === null ? post.snapshot.subject.nodeId : null;
          await addDiscussionReply(github, discussionId, reply.text, replyTo);
          break;
        }
        await addIssueComment(github, repo, post.source.number, reply.text);
        break;
      default:
        await addIssueComment(github, repo, post.source.number, reply.text);
    }
    log.info({ source: post.source.key }, "watch: replied publicly with the report form");
  } catch (error) {
    // The case is open; a failed courtesy reply must not fail the delivery (GitHub would redeliver it).
    log.error({ err: error, source: post.source.key }, "watch: the public reply could not be posted");
  }
}
