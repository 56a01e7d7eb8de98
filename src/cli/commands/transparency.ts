import { pino } from "pino";
import { parsePeriod } from "../../resolution-log/period.js";
import { commitTransparencyReport, transparencyReport } from "../../resolution-log/transparency.js";
import { TemplateSet } from "../../templates/engine.js";
import { OwnerTemplates } from "../../templates/overrides.js";
import type { CliCommand } from "../command.js";
import { githubForOwner } from "../github.js";
import { ownerConfig } from "../owner-config.js";

/** `call-in transparency --owner X --period 2026-H2 [--commit]` */
export const transparencyCommand: CliCommand = {
  summary: "Render a transparency report for a period; --commit writes it to reports/ in the case repository",
  options: {
    owner: { type: "string" },
    period: { type: "string" },
    commit: { type: "boolean", default: false },
  },
  async run(values, settings) {
    const owner = values.owner;
    if (typeof owner !== "string" || owner === "") throw new Error("--owner is required (the user or organisation whose log to read)");
    if (typeof values.period !== "string") throw new Error("--period is required: a year (2026), a half (2026-H2), a quarter (2026-Q3) or a month (2026-07)");
    const period = parsePeriod(values.period);
    const github = await githubForOwner(owner, settings);
    const { config, caseRepo } = await ownerConfig(github, owner);
    // Logs go to stderr, so stdout stays the report alone (pipe it into a file).
    const log = pino({ level: settings.log.level ?? "warn" }, pino.destination(2));
    const templates = await new OwnerTemplates(TemplateSet.bundled()).forOwner(github, owner, log);
    if (!values.commit) {
      const report = await transparencyReport(github, caseRepo, config, period, { templates, log });
      process.stdout.write(report.markdown);
      return 0;
    }
    const result = await commitTransparencyReport(github, caseRepo, config, period, log, { templates });
    if (result.status === "refused") {
      process.stderr.write(`${result.reason}\n`);
      return 1;
    }
    process.stdout.write(result.markdown);
    process.stderr.write(result.status === "committed" ? `Written to ${result.url ?? result.path}\n` : `${result.path} is already up to date.\n`);
    return 0;
  },
};
