import type { Context } from "probot";
import { parseCallInCommand } from "../commands/call-in-command.js";
import { commentEventOf } from "../events/comment-event.js";
import type { Services } from "../services.js";
import { callInFromCommand } from "../triggers/command.js";
import { parseCaseCommand } from "../commands/case/parse.js";
import { isPrivateWorkspace, onCaseComment } from "./case-comment.js";
import { configFor } from "./config.js";

export const COMMENT_CREATED_EVENTS = [
  "issue_comment.created",
  "pull_request_review_comment.created",
  "pull_request_review.submitted",
  "discussion_comment.created",
] as const;

type CommentContext = Context<(typeof COMMENT_CREATED_EVENTS)[number]>;

/**
 * A new comment anywhere. Routing:
 * - in the case repository: case commands (the private working space);
 * - `/call-in` on its first line: a maintainer opens a case;
 * - anything else: watched for public reports (when `watch.enabled`).
 */
export function onCommentCreated(services: Services) {
  return async (context: CommentContext): Promise<void> => {
    if (context.isBot) return;
    const event = commentEventOf(context.name, context.payload as Record<string, any>);
    if (!event) return;
    const command = parseCallInCommand(event.comment.body);
    // Case work: a slash command in the case repository (or /appeal in a room) goes to the case-command dispatcher.
    const maybeCaseCommand = parseCaseCommand(event.comment.body) !== null;
    if (!command && !maybeCaseCommand) return;
    const config = await configFor(services, context as unknown as Context);
    if (!config) return;
    if (isPrivateWorkspace(event, config)) {
      await onCaseComment(services, { github: context.octokit, config, log: context.log, deliveryId: context.id, event });
      return;
    }
    if (!command) return;
    await callInFromCommand(services, { github: context.octokit, config, log: context.log, deliveryId: context.id, event, command });
  };
}
