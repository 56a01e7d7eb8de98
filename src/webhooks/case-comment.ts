import type { Logger } from "pino";
import { parseCaseCommand } from "../commands/case/parse.js";
import { runCaseCommand, type CaseCommandDeps } from "../commands/case/run.js";
import type { CallInConfig } from "../config/schema.js";
import type { CommentEvent } from "../events/comment-event.js";
import type { GitHub } from "../github/client.js";
import { appealFromRoom, type AppealDeps } from "../rooms/appeal.js";
import { isPrivateWorkspace } from "../cases/workspaces.js";

/** What a comment in a private workspace can lead to: a case command, or an appeal in a room. */
export type CaseCommentDeps = CaseCommandDeps & AppealDeps;

interface CaseCommentInput {
  github: GitHub;
  config: CallInConfig;
  log: Logger;
  deliveryId: string;
  event: CommentEvent;
}

/** The case repository, the escalation repository or another case repository the owner allows: where case commands run. */
function isCaseRepository(repo: string, config: CallInConfig): boolean {
  const name = repo.toLowerCase();
  return [config.caseRepository, config.escalationRepository, ...config.allowedCaseRepositories].some((store) => store?.toLowerCase() === name);
}

/**
 * Only for comments in a private workspace (`isPrivateWorkspace`). A comment in
 * a case repository whose first line starts with `/` is a case command;
 * `/appeal` in a conversation room is the person's appeal. Other comments
 * there are conversation, and nothing happens.
 */
export async function onCaseComment(deps: CaseCommentDeps, input: CaseCommentInput): Promise<void> {
  const { event } = input;
  const command = parseCaseCommand(event.comment.body);
  if (!command || (event.kind !== "issue_comment" && event.kind !== "discussion_comment")) return;
  if (!isPrivateWorkspace(input.config, event.source.repo)) return;
  if (event.source.threadKind === "pull_request") return;
  const owner = event.source.owner;
  if (isCaseRepository(event.source.repo, input.config)) {
    await runCaseCommand(deps, {
      github: input.github,
      config: input.config,
      log: input.log,
      deliveryId: input.deliveryId,
      caseRepo: { owner, repo: event.source.repo },
      format: event.source.threadKind === "discussion" ? "discussion" : "issue",
      number: event.source.number,
      actor: event.sender.login,
      command,
    });
    return;
  }
  if (command.name === "appeal" && event.kind === "issue_comment") {
    await appealFromRoom(deps, {
      github: input.github,
      config: input.config,
      log: input.log,
      deliveryId: input.deliveryId,
      room: { owner, repo: event.source.repo },
      issueNumber: event.source.number,
      sender: event.sender.login,
      text: command.rest,
    });
  }
}
