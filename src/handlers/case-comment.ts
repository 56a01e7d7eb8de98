import type { Logger } from "pino";
import { parseCaseCommand } from "../commands/case/parse.js";
import { runCaseCommand } from "../commands/case/run.js";
import type { CallInConfig } from "../config/schema.js";
import type { CommentEvent } from "../events/comment-event.js";
import type { GitHub } from "../github/client.js";
import { appealFromRoom, codeOfRoom } from "../rooms/appeal.js";
import type { Services } from "../services.js";

interface CaseCommentInput {
  github: GitHub;
  config: CallInConfig;
  log: Logger;
  deliveryId: string;
  event: CommentEvent;
}

/** The case repository or the escalation repository: where case commands run. */
function isCaseRepository(repo: string, config: CallInConfig): boolean {
  const name = repo.toLowerCase();
  return name === config.caseRepository.toLowerCase() || name === config.escalationRepository?.toLowerCase();
}

/** True for comments in a case (or escalation) repository or in a conversation room: the private working spaces. */
export function isPrivateWorkspace(event: CommentEvent, config: CallInConfig): boolean {
  return isCaseRepository(event.source.repo, config) || (config.conversationRooms && codeOfRoom(config.roomPrefix, event.source.repo) !== null);
}

/**
 * A comment in the case repository whose first line starts with `/` is a case
 * command; `/appeal` in a conversation room is the person's appeal. Other
 * comments there are conversation, and nothing happens.
 */
export async function onCaseComment(services: Services, input: CaseCommentInput): Promise<void> {
  const { event } = input;
  const command = parseCaseCommand(event.comment.body);
  if (!command || event.kind !== "issue_comment" && event.kind !== "discussion_comment") return;
  if (event.source.threadKind === "pull_request") return;
  const owner = event.source.owner;
  if (isCaseRepository(event.source.repo, input.config)) {
    await runCaseCommand(services, {
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
    await appealFromRoom(services, {
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
