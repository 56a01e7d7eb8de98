import type { Context } from "probot";
import { noteCommentChange, type ChangeDeps, type CommentChange } from "../cases/snapshot-changes.js";
import { commentEventOf } from "../events/comment-event.js";
import { postOfComment } from "../watch/post.js";
import { watchPost, type WatchDeps } from "../watch/triage.js";
import { isPrivateWorkspace } from "../cases/workspaces.js";
import { configFor, type ConfigDeps } from "./config.js";

export const COMMENT_EDITED_EVENTS = ["issue_comment.edited", "pull_request_review_comment.edited", "discussion_comment.edited"] as const;
export const COMMENT_DELETED_EVENTS = ["issue_comment.deleted", "pull_request_review_comment.deleted", "discussion_comment.deleted"] as const;

type ChangedContext = Context<(typeof COMMENT_EDITED_EVENTS)[number] | (typeof COMMENT_DELETED_EVENTS)[number]>;

/**
 * A comment was edited or deleted. Open cases that hold a snapshot of it get
 * a note (whoever changed it, bots included: a moderation bot's deletion
 * matters too). An edit is also watched, like a new comment.
 */
export function onCommentChanged(deps: ConfigDeps & ChangeDeps & WatchDeps) {
  return async (context: ChangedContext): Promise<void> => {
    const event = commentEventOf(context.payload);
    if (event.kind === "review") return;
    const config = await configFor(deps, context);
    if (!config) return;
    // Nothing in a private workspace is snapshotted (so there is nothing to note) or watched.
    if (isPrivateWorkspace(config, event.source.repo)) return;

    const action = context.payload.action === "deleted" ? "deleted" : "edited";
    const change: CommentChange = {
      action,
      kind: event.kind,
      id: event.comment.id,
      url: event.comment.url,
      threadKey: event.source.key,
      body: event.comment.body,
      at: action === "edited" && event.comment.updatedAt ? event.comment.updatedAt : deps.now().toISOString(),
      by: event.sender.login || null,
    };
    const ctx = { github: context.octokit, owner: event.source.owner, config, log: context.log, deliveryId: context.id };
    await noteCommentChange(deps, ctx, change);

    if (action === "deleted" || context.isBot) return;
    await watchPost(deps, { ...ctx, post: postOfComment(event) });
  };
}
