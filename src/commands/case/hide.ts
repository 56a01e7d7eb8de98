import { minimizeComment } from "../../github/comments.js";
import { unminimizeComment, type MinimizeClassifier } from "../../github/moderation.js";
import type { SubjectRef } from "../../cases/metadata.js";
import { describeApiFailure } from "../../github/api-failure.js";
import { failed, invalid, type CaseCommand, type CaseCommandContext, type CommandResult } from "./types.js";

/** `/hide` reasons and GitHub's classifiers. The reason is shown publicly next to the hidden comment. */
export const HIDE_REASONS: Record<string, MinimizeClassifier> = {
  spam: "SPAM",
  abuse: "ABUSE",
  "off-topic": "OFF_TOPIC",
  outdated: "OUTDATED",
  duplicate: "DUPLICATE",
  resolved: "RESOLVED",
};

/** The gentlest public label by default: it describes the comment, not the person. */
const DEFAULT_HIDE_REASON = "off-topic";

const MINIMIZABLE = new Set<SubjectRef["kind"]>(["issue_comment", "review_comment", "review", "discussion_comment"]);

/** The app permission that covers minimizing this kind of comment (named when GitHub refuses). */
export function permissionToHide(ctx: CaseCommandContext): string {
  const { subject, source } = ctx.record.meta;
  if (subject.kind === "discussion_comment") return "discussions: write";
  if (subject.kind === "review_comment" || subject.kind === "review" || source.threadKind === "pull_request") return "pull_requests: write";
  return "issues: write";
}

/** The reported comment, or why it cannot be hidden (thread bodies cannot be minimized). */
function hideTarget(ctx: CaseCommandContext): { nodeId: string; subject: SubjectRef } | CommandResult {
  const subject = ctx.record.meta.subject;
  if (!MINIMIZABLE.has(subject.kind)) return { outcome: "invalid", key: "hide.body", data: { kind: subject.kind } };
  if (!subject.nodeId) return { outcome: "invalid", key: "hide.no-node", data: {} };
  return { nodeId: subject.nodeId, subject };
}

export const hideCommand: CaseCommand = {
  name: "hide",
  usage: "/hide [spam|abuse|off-topic|outdated|duplicate|resolved]",
  async run(ctx) {
    const reason = (ctx.args[0] ?? DEFAULT_HIDE_REASON).toLowerCase();
    const classifier = HIDE_REASONS[reason];
    if (!classifier || ctx.args.length > 1) return invalid("hide.usage", { reasons: Object.keys(HIDE_REASONS) });
    const target = hideTarget(ctx);
    if ("outcome" in target) return target;
    const data = { reason, url: target.subject.url };
    if (ctx.config.dryRun) return { outcome: "dry-run", key: "hide.dry-run", data };
    try {
      await minimizeComment(ctx.github, target.nodeId, classifier);
    } catch (error) {
      return failed("hide.failed", describeApiFailure(error, permissionToHide(ctx)), data);
    }
    return { outcome: "done", key: "hide.done", data };
  },
};

export const unhideCommand: CaseCommand = {
  name: "unhide",
  usage: "/unhide",
  async run(ctx) {
    const target = hideTarget(ctx);
    if ("outcome" in target) return target;
    const data = { url: target.subject.url };
    if (ctx.config.dryRun) return { outcome: "dry-run", key: "unhide.dry-run", data };
    try {
      await unminimizeComment(ctx.github, target.nodeId);
    } catch (error) {
      return failed("unhide.failed", describeApiFailure(error, permissionToHide(ctx)), data);
    }
    return { outcome: "done", key: "unhide.done", data };
  },
};
