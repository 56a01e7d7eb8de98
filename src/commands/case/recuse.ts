import { escalateCase, type EscalationReason } from "../../cases/escalate.js";
import type { CaseMeta } from "../../cases/metadata.js";
import { removeAssignees } from "../../github/issues.js";
import { listTeamMembers } from "../../github/installations.js";
import { describeApiFailure } from "../../github/api-failure.js";
import type { CaseCommand, CaseCommandContext, CommandDeps } from "./types.js";

const same = (a: string | null | undefined, b: string | null | undefined) => !!a && !!b && a.toLowerCase() === b.toLowerCase();

/**
 * Whether the usual team must hand the case over: the reported person or the
 * reporter is on the moderator team, or everyone who could handle it has
 * recused (the whole team, or every assignee when there is no team).
 */
async function escalationReason(ctx: CaseCommandContext, meta: CaseMeta): Promise<EscalationReason | null> {
  // Already with the escalation team: there is nowhere further to move it.
  if (meta.escalated || ctx.caseRepo.repo.toLowerCase() === ctx.config.escalationRepository?.toLowerCase()) return null;
  const recused = (login: string) => meta.recusals.some((r) => same(r.login, login));
  if (ctx.config.moderatorTeam) {
    const team = await listTeamMembers(ctx.github, ctx.caseRepo.owner, ctx.config.moderatorTeam);
    if (team.some((m) => same(m, meta.subject.author?.login))) return "reported-is-moderator";
    if (team.some((m) => same(m, meta.reporterLogin))) return "reporter-is-moderator";
    if (team.length > 0 && team.every(recused)) return "all-recused";
    return null;
  }
  // No team: the assignees are the team. The last assignee stepping aside leaves no one.
  if (ctx.record.meta.assignees.length > 0 && meta.assignees.length === 0) return "all-recused";
  return null;
}

/**
 * `/recuse [reason]`: the person steps aside (a conflict of interest) and is
 * unassigned. When the usual team cannot handle the case, it moves to
 * `escalationRepository`. The reason is written in the case comment only.
 */
export const recuseCommand: CaseCommand<Pick<CommandDeps, "locks">> = {
  name: "recuse",
  usage: "/recuse [reason]",
  async run(ctx, { locks }) {
    const reason = ctx.rest.trim() || null;
    const change = (meta: CaseMeta): CaseMeta => ({
      ...meta,
      recusals: meta.recusals.some((r) => same(r.login, ctx.actor)) ? meta.recusals : [...meta.recusals, { login: ctx.actor, at: ctx.now }],
      assignees: meta.assignees.filter((a) => !same(a, ctx.actor)),
    });
    const wasAssigned = ctx.record.meta.assignees.some((a) => same(a, ctx.actor));
    if (wasAssigned && ctx.thread.format === "issue") {
      try {
        await removeAssignees(ctx.github, ctx.caseRepo, ctx.thread.number, [ctx.actor]);
      } catch (error) {
        ctx.log.warn({ err: error, case: ctx.record.meta.code }, "could not remove the recused person from the case's assignees");
      }
    }
    let escalation: EscalationReason | null = null;
    try {
      escalation = await escalationReason(ctx, change(ctx.record.meta));
    } catch (error) {
      return { outcome: "done", key: "recuse.done", data: { reason, teamFailure: describeApiFailure(error, "members: read") }, change };
    }
    if (!escalation) return { outcome: "done", key: "recuse.done", data: { reason }, change };
    const moved = await escalateCase({
      github: ctx.github,
      config: ctx.config,
      log: ctx.log,
      templates: ctx.templates,
      locks,
      thread: ctx.thread,
      reason: escalation,
      at: ctx.now,
      change: (meta) => {
        const next = change(meta);
        return {
          ...next,
          deliveries: [...next.deliveries, ctx.deliveryId],
          actions: [...next.actions, { at: ctx.now, actor: ctx.actor, command: "recuse", outcome: "done" }],
        };
      },
    });
    if (moved.status === "moved") return { outcome: "done", key: "recuse.moved", finished: true };
    return {
      outcome: "done",
      key: moved.status === "not-configured" ? "recuse.no-escalation" : "recuse.escalation-refused",
      data: { reason, escalation, message: moved.status === "refused" ? moved.message : null },
      change,
    };
  },
};
