import { addAssignees, removeAssignees } from "../../github/issues.js";
import { describeApiFailure } from "../../github/api-failure.js";
import { loginOf } from "./parse.js";
import { failed, invalid, type CaseCommand } from "./types.js";

function loginsOf(args: string[]): string[] | null {
  if (args.length === 0) return null;
  const logins = args.map(loginOf);
  return logins.every((l): l is string => l !== null) ? [...new Set(logins)] : null;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** `/assign @user...`: moderators working the case (also GitHub assignees on issue cases). */
export const assignCommand: CaseCommand = {
  name: "assign",
  usage: "/assign @user [@user...]",
  async run(ctx) {
    const logins = loginsOf(ctx.args);
    if (!logins) return invalid("assign.usage");
    const recused = logins.filter((l) => ctx.record.meta.recusals.some((r) => same(r.login, l)));
    if (recused.length > 0) return { outcome: "refused", key: "assign.recused", data: { logins: recused } };
    if (ctx.thread.format === "issue") {
      try {
        await addAssignees(ctx.github, ctx.caseRepo, ctx.thread.number, logins);
      } catch (error) {
        return failed("assign.failed", describeApiFailure(error, "issues: write"), { logins });
      }
    }
    return {
      outcome: "done",
      key: "assign.done",
      data: { logins },
      change: (meta) => ({ ...meta, assignees: [...meta.assignees, ...logins.filter((l) => !meta.assignees.some((a) => same(a, l)))] }),
    };
  },
};

/** `/unassign @user...`. */
export const unassignCommand: CaseCommand = {
  name: "unassign",
  usage: "/unassign @user [@user...]",
  async run(ctx) {
    const logins = loginsOf(ctx.args);
    if (!logins) return invalid("unassign.usage");
    if (ctx.thread.format === "issue") {
      try {
        await removeAssignees(ctx.github, ctx.caseRepo, ctx.thread.number, logins);
      } catch (error) {
        return failed("unassign.failed", describeApiFailure(error, "issues: write"), { logins });
      }
    }
    return {
      outcome: "done",
      key: "unassign.done",
      data: { logins },
      change: (meta) => ({ ...meta, assignees: meta.assignees.filter((a) => !logins.some((l) => same(a, l))) }),
    };
  },
};
