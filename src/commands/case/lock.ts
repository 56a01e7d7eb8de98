import {
  getDiscussionNodeId,
  lockIssue,
  lockLockable,
  unlockIssue,
  unlockLockable,
  type GraphQLLockReason,
  type IssueLockReason,
} from "../../github/moderation.js";
import { describeApiFailure } from "../../github/api-failure.js";
import { failed, invalid, type CaseCommand, type CaseCommandContext } from "./types.js";

/** `/lock` reasons: REST takes them as written ("too heated" with a space), GraphQL as enum values. */
export const LOCK_REASONS: Record<IssueLockReason, GraphQLLockReason> = {
  "off-topic": "OFF_TOPIC",
  "too heated": "TOO_HEATED",
  resolved: "RESOLVED",
  spam: "SPAM",
};

function parseReason(args: string[]): IssueLockReason | null | undefined {
  if (args.length === 0) return null;
  const words = args.join(" ").toLowerCase().replace(/_/g, " ");
  const normalised = words === "too-heated" ? "too heated" : words;
  return normalised in LOCK_REASONS ? (normalised as IssueLockReason) : undefined;
}

async function discussionId(ctx: CaseCommandContext): Promise<string> {
  const { meta } = ctx.record;
  if (meta.subject.kind === "discussion" && meta.subject.nodeId) return meta.subject.nodeId;
  const id = await getDiscussionNodeId(ctx.github, { owner: meta.source.owner, repo: meta.source.repo }, meta.source.number);
  if (!id) throw Object.assign(new Error("the discussion was not found"), { status: 404 });
  return id;
}

/** The app permission that covers locking this kind of thread (named when GitHub refuses). */
function permissionToLock(threadKind: string): string {
  return threadKind === "discussion" ? "discussions: write" : threadKind === "pull_request" ? "pull_requests: write" : "issues: write";
}

/** `/lock [reason]`: locks the public thread (issues and PRs through REST, discussions through GraphQL). */
export const lockCommand: CaseCommand = {
  name: "lock",
  usage: "/lock [off-topic|too heated|resolved|spam]",
  async run(ctx) {
    const reason = parseReason(ctx.args);
    if (reason === undefined) return invalid("lock.usage", { reasons: Object.keys(LOCK_REASONS) });
    const { source } = ctx.record.meta;
    const data = { reason, url: source.url, threadKind: source.threadKind };
    if (ctx.config.dryRun) return { outcome: "dry-run", key: "lock.dry-run", data };
    try {
      if (source.threadKind === "discussion") await lockLockable(ctx.github, await discussionId(ctx), reason ? LOCK_REASONS[reason] : null);
      else await lockIssue(ctx.github, source, source.number, reason);
    } catch (error) {
      return failed("lock.failed", describeApiFailure(error, permissionToLock(source.threadKind)), data);
    }
    return { outcome: "done", key: "lock.done", data };
  },
};

export const unlockCommand: CaseCommand = {
  name: "unlock",
  usage: "/unlock",
  async run(ctx) {
    const { source } = ctx.record.meta;
    const data = { url: source.url, threadKind: source.threadKind };
    if (ctx.config.dryRun) return { outcome: "dry-run", key: "unlock.dry-run", data };
    try {
      if (source.threadKind === "discussion") await unlockLockable(ctx.github, await discussionId(ctx));
      else await unlockIssue(ctx.github, source, source.number);
    } catch (error) {
      return failed("unlock.failed", describeApiFailure(error, permissionToLock(source.threadKind)), data);
    }
    return { outcome: "done", key: "unlock.done", data };
  },
};
