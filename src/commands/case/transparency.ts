import { parsePeriod, PeriodError } from "../../resolution-log/period.js";
import { commitTransparencyReport } from "../../resolution-log/transparency.js";
import { describeApiFailure } from "../../github/api-failure.js";
import { failed, invalid, type CaseCommand } from "./types.js";

/**
 * `/transparency <period>`: writes the anonymised transparency report for a
 * period (2026, 2026-H2, 2026-Q3, 2026-07) to `reports/<period>.md` in the case
 * repository, exactly as `call-in transparency --commit` does.
 */
export const transparencyCommand: CaseCommand = {
  name: "transparency",
  usage: "/transparency <period>",
  async run(ctx) {
    const period = ctx.args[0];
    if (!period) return invalid("transparency.usage");
    let parsed;
    try {
      parsed = parsePeriod(period);
    } catch (error) {
      if (error instanceof PeriodError) return invalid("transparency.period", { problem: error.message });
      throw error;
    }
    try {
      const result = await commitTransparencyReport(ctx.github, ctx.caseRepo, ctx.config, parsed, ctx.log, {
        templates: ctx.templates,
        now: new Date(ctx.now),
      });
      if (result.status === "refused") return { outcome: "refused", key: "transparency.refused", data: { reason: result.reason } };
      return {
        outcome: "done",
        key: result.status === "unchanged" ? "transparency.unchanged" : "transparency.done",
        data: { path: result.path, url: result.url },
      };
    } catch (error) {
      return failed("transparency.failed", describeApiFailure(error, "contents: write"));
    }
  },
};
