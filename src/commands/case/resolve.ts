import type { CaseMeta } from "../../cases/metadata.js";
import { archiveRepository } from "../../github/rooms.js";
import type { ShardReadAhead } from "../../resolution-log/append.js";
import type { ResolutionRecorder } from "../../resolution-log/recorder.js";
import { describeApiFailure, type ApiFailure } from "../../github/api-failure.js";
import { invalid, type CaseCommand, type CaseCommandContext, type CommandDeps } from "./types.js";

/** The Contributor Covenant's enforcement ladder, plus "not a violation" and "handed to another body". */
export const OUTCOMES = ["correction", "warning", "temporary-ban", "permanent-ban", "no-action", "referred"] as const;

/** Outcomes after which the team is reminded to follow up (`clocks.followUpAfter`). */
export const FOLLOW_UP_OUTCOMES: readonly string[] = ["correction", "warning"];

/**
 * Starts reading the log shard the entry goes to, so the read overlaps the metadata write.
 * Only a read: the entry itself is appended after the metadata is written (`recordInLog`).
 */
function readLogAhead(resolutionLog: ResolutionRecorder, ctx: CaseCommandContext): ShardReadAhead | null {
  return resolutionLog.readAhead?.(ctx.github, ctx.caseRepo, ctx.now) ?? null;
}

/**
 * Records the resolution (or reopening) in the resolution log, after the metadata is written:
 * a log line never describes a resolution the case does not record (a failed metadata write
 * stops the command before this; a failed append is said in the case and the case stays
 * resolved). The privacy gate this command passed stands for the append.
 */
async function recordInLog(
  resolutionLog: ResolutionRecorder,
  ctx: CaseCommandContext,
  meta: CaseMeta,
  kind: "resolved" | "reopened",
  summary: string | null,
  readAhead: ShardReadAhead | null,
): Promise<ApiFailure | null> {
  try {
    await resolutionLog.record({
      github: ctx.github,
      caseRepository: ctx.caseRepo,
      case: { ...ctx.record, meta },
      kind,
      outcome: meta.outcome,
      summary,
      actor: ctx.actor,
      at: ctx.now,
      config: ctx.config,
      log: ctx.log,
      gate: ctx.caseRepository,
      ...(readAhead ? { readAhead } : {}),
    });
    return null;
  } catch (error) {
    ctx.log.error({ err: error, case: meta.code }, "the resolution log could not be written");
    return describeApiFailure(error, "contents: write");
  }
}

async function closeCase(ctx: CaseCommandContext): Promise<ApiFailure | null> {
  try {
    await ctx.thread.close(ctx.record);
    return null;
  } catch (error) {
    return describeApiFailure(error);
  }
}

async function reopenCase(ctx: CaseCommandContext): Promise<ApiFailure | null> {
  try {
    await ctx.thread.reopen(ctx.record);
    return null;
  } catch (error) {
    return describeApiFailure(error);
  }
}

/**
 * `/resolve <outcome> [summary]`: records the outcome, writes the resolution
 * log, closes the case and archives the conversation room.
 */
export const resolveCommand: CaseCommand<Pick<CommandDeps, "resolutionLog">> = {
  name: "resolve",
  usage: `/resolve ${OUTCOMES.join("|")} [summary]`,
  async run(ctx, { resolutionLog }) {
    const outcome = OUTCOMES.find((o) => o === ctx.args[0]?.toLowerCase());
    if (!outcome) return invalid("resolve.usage", { outcomes: OUTCOMES });
    if (ctx.record.meta.state === "resolved") return invalid("resolve.already", { outcome: ctx.record.meta.outcome });
    const summary = ctx.rest.slice(ctx.args[0]!.length).trim() || null;
    const readAhead = readLogAhead(resolutionLog, ctx);
    const room = ctx.record.meta.room;
    let roomFailure: ApiFailure | null = null;
    let roomArchived = false;
    if (room && !room.archivedAt && !room.deletedAt) {
      try {
        await archiveRepository(ctx.github, { owner: room.owner, repo: room.repo });
        roomArchived = true;
      } catch (error) {
        roomFailure = describeApiFailure(error, "administration: write");
      }
    }
    const wasAppeal = ctx.record.meta.state === "appeal";
    return {
      outcome: "done",
      key: "resolve.done",
      data: {
        outcome,
        summary,
        wasAppeal,
        room: room?.url ?? null,
        roomArchived,
        roomFailure,
        followUp: FOLLOW_UP_OUTCOMES.includes(outcome) ? ctx.config.clocks.followUpAfter : null,
      },
      change: (meta) => ({
        ...meta,
        state: "resolved",
        resolvedAt: ctx.now,
        outcome,
        resolvedBy: ctx.actor,
        appeal: meta.appeal && !meta.appeal.decidedAt ? { ...meta.appeal, outcome, decidedAt: ctx.now } : meta.appeal,
        room: meta.room && roomArchived ? { ...meta.room, archivedAt: ctx.now } : meta.room,
      }),
      async after(meta) {
        // Both follow the metadata write and neither needs the other: the log line and the closing go out together.
        const [logFailure, closeFailure] = await Promise.all([recordInLog(resolutionLog, ctx, meta, "resolved", summary, readAhead), closeCase(ctx)]);
        return { logFailure, closeFailure };
      },
    };
  },
};

/** `/reopen`: the case is worked on again; the log records the reopening. */
export const reopenCommand: CaseCommand<Pick<CommandDeps, "resolutionLog">> = {
  name: "reopen",
  usage: "/reopen",
  async run(ctx, { resolutionLog }) {
    if (ctx.record.meta.state !== "resolved") return invalid("reopen.not-resolved", { state: ctx.record.meta.state });
    const readAhead = readLogAhead(resolutionLog, ctx);
    return {
      outcome: "done",
      key: "reopen.done",
      data: { previousOutcome: ctx.record.meta.outcome },
      change: (meta) => ({ ...meta, state: meta.acknowledgedAt ? "acknowledged" : "open", resolvedAt: null, outcome: null }),
      async after(meta) {
        const [logFailure, reopenFailure] = await Promise.all([recordInLog(resolutionLog, ctx, meta, "reopened", null, readAhead), reopenCase(ctx)]);
        return { logFailure, reopenFailure };
      },
    };
  },
};
