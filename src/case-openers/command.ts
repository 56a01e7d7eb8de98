import type { Logger } from "pino";
import { isMaintainer } from "../auth/maintainers.js";
import { fileCase, type FileCaseDeps, type FileCaseOutcome } from "../cases/file-case.js";
import { snapshotOfLinkedComment, snapshotOfRepliedTo } from "../cases/fetch-snapshot.js";
import type { Snapshot } from "../cases/snapshot.js";
import type { CallInCommand } from "../commands/call-in-command.js";
import { parseCommentLink } from "../github/comment-link.js";
import type { CallInConfig } from "../config/schema.js";
import type { CommentEvent } from "../events/comment-event.js";
import type { GitHub, RepoRef } from "../github/client.js";
import { deleteIssueComment, deleteReviewComment, minimizeComment, updateReviewBody } from "../github/comments.js";
import { deleteDiscussionComment } from "../github/discussions.js";
import { isPrivateWorkspace } from "../cases/workspaces.js";

export interface CommandTrigger {
  github: GitHub;
  config: CallInConfig;
  log: Logger;
  deliveryId: string;
  event: CommentEvent;
  command: CallInCommand;
}

export type CommandOutcome = FileCaseOutcome | { status: "not-permitted" | "private-workspace" } | { status: "subject-not-found"; link: string };

/**
 * `/call-in [link] [reason]` by a maintainer opens a case about the linked
 * comment, else the comment replied to, else the thread. Anyone else's command
 * is ignored without a public word (a debug line only).
 */
export async function callInFromCommand(deps: FileCaseDeps, trigger: CommandTrigger): Promise<CommandOutcome> {
  const { event, github, log } = trigger;
  const repo: RepoRef = { owner: event.source.owner, repo: event.source.repo };
  if (isPrivateWorkspace(trigger.config, repo.repo)) {
    log.debug({ owner: repo.owner, repo: repo.repo }, "/call-in in a private workspace opens nothing");
    return { status: "private-workspace" };
  }
  if (!(await isMaintainer(github, repo, event.sender.login, trigger.config.moderatorTeam, log))) {
    log.debug({ login: event.sender.login, owner: repo.owner, repo: repo.repo }, "/call-in by someone who is not a maintainer; ignored");
    return { status: "not-permitted" };
  }
  const snapshot = await subjectOf(github, event, trigger.command, trigger.config, log);
  if (!snapshot) {
    log.warn({ link: trigger.command.link }, "/call-in names a comment that could not be found in this thread's repository; nothing was opened");
    return { status: "subject-not-found", link: trigger.command.link ?? "" };
  }
  const outcome = await fileCase(
    deps,
    { github, owner: repo.owner, config: trigger.config, log },
    {
      source: event.source,
      snapshot,
      trigger: "command",
      state: "open",
      triggeredBy: event.sender.login,
      reason: trigger.command.reason,
      deliveryId: trigger.deliveryId,
    },
  );
  if (outcome.status !== "refused" && trigger.config.deleteCommandComment) {
    await removeCommand(github, repo, event, log);
  }
  return outcome;
}

/** What the command reports: the linked comment, the comment replied to, or the thread. */
async function subjectOf(github: GitHub, event: CommentEvent, command: CallInCommand, config: CallInConfig, log: Logger): Promise<Snapshot | null> {
  const repo: RepoRef = { owner: event.source.owner, repo: event.source.repo };
  if (command.link) {
    const link = parseCommentLink(command.link, event.webHost);
    const sameRepo = link && link.owner.toLowerCase() === repo.owner.toLowerCase() && link.repo.toLowerCase() === repo.repo.toLowerCase();
    if (!link || !sameRepo || isPrivateWorkspace(config, link.repo)) {
      log.debug({ link: command.link }, "the /call-in link is not a comment of this repository, or points into a private workspace");
      return null;
    }
    return snapshotOfLinkedComment(github, repo, link);
  }
  const repliedTo = await snapshotOfRepliedTo(github, repo, event.kind, event.source.number, event.inReplyTo, log);
  if (repliedTo) return repliedTo;
  return event.threadSnapshot;
}

/**
 * Removes the command from public view. Submitted reviews cannot be deleted
 * through the API: the command line is cut from the review's text, and a review
 * that held nothing else is minimized as outdated.
 */
async function removeCommand(github: GitHub, repo: RepoRef, event: CommentEvent, log: Logger): Promise<void> {
  try {
    switch (event.kind) {
      case "issue_comment":
        return await deleteIssueComment(github, repo, event.comment.id);
      case "review_comment":
        return await deleteReviewComment(github, repo, event.comment.id);
      case "discussion_comment":
        return await deleteDiscussionComment(github, event.comment.nodeId);
      case "review": {
        const rest = event.comment.body.split(/\r?\n/).slice(1).join("\n").trim();
        if (rest.length > 0) return await updateReviewBody(github, repo, event.source.number, event.comment.id, rest);
        return await minimizeComment(github, event.comment.nodeId, "OUTDATED");
      }
    }
  } catch (error) {
    // The case is open; failing to tidy up must not fail the delivery (it would be redelivered).
    log.error(
      { err: error, kind: event.kind, commentId: event.comment.id },
      "the case is open, but the /call-in command could not be removed from public view; remove it by hand",
    );
  }
}
