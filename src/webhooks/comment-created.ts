import type { Context } from "probot";
import { parseCallInCommand } from "../commands/call-in-command.js";
import { commentEventOf } from "../events/comment-event.js";
import { callInFromCommand } from "../case-openers/command.js";
import { postOfComment } from "../watch/post.js";
import { watchPost, type WatchDeps } from "../watch/triage.js";
import { parseCaseCommand } from "../commands/case/parse.js";
import { isPrivateWorkspace } from "../cases/workspaces.js";
import { onCaseComment, type CaseCommentDeps } from "./case-comment.js";
import { configFor, type ConfigDeps } from "./config.js";

export const COMMENT_CREATED_EVENTS = [
  "issue_comment.created",
  "pull_request_review_comment.created",
  "pull_request_review.submitted",
  "discussion_comment.created",
] as const;

type CommentContext = Context<(typeof COMMENT_CREATED_EVENTS)[number]>;

/**
 * A new comment anywhere. Routing:
 * - in a private workspace (case or escalation repository, room): case commands, else nothing;
 * - `/call-in` on its first line: a maintainer opens a case;
 * - anything else: watched for public reports (when `watch.enabled`).
 */
export function onCommentCreated(deps: ConfigDeps & CaseCommentDeps & WatchDeps) {
  return async (context: CommentContext): Promise<void> => {
    if (context.isBot) return;
    const event = commentEventOf(context.payload);
    const config = await configFor(deps, context);
    if (!config) return;
    // The case repository, the escalation repository and conversation rooms are private
    // workspaces: slash commands there are case work (`/call-in` there is no new case); nothing there is watched.
    if (isPrivateWorkspace(config, event.source.repo)) {
      if (parseCaseCommand(event.comment.body) !== null) {
        await onCaseComment(deps, { github: context.octokit, config, log: context.log, deliveryId: context.id, event });
      }
      return;
    }
    const command = parseCallInCommand(event.comment.body);
    if (command) {
      await callInFromCommand(deps, { github: context.octokit, config, log: context.log, deliveryId: context.id, event, command });
      return;
    }
    await watchPost(deps, { github: context.octokit, config, log: context.log, deliveryId: context.id, post: postOfComment(event) });
  };
}
