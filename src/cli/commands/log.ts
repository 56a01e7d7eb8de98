import { entriesToCsv, entriesToTable, filterEntries, parseDateBound } from "../../resolution-log/export.js";
import { readLog } from "../../resolution-log/read.js";
import type { CliCommand } from "../command.js";
import { githubForOwner } from "../github.js";
import { ownerConfig } from "../owner-config.js";

const FORMATS = ["table", "csv", "json"] as const;

/** `call-in log --owner X [--since --until --outcome --category] --format table|csv|json` */
export const logCommand: CliCommand = {
  summary: "Print the resolution log (table, CSV or JSON)",
  options: {
    owner: { type: "string" },
    since: { type: "string" },
    until: { type: "string" },
    outcome: { type: "string" },
    category: { type: "string" },
    format: { type: "string", default: "table" },
  },
  async run(values, settings) {
    const owner = values.owner;
    if (typeof owner !== "string" || owner === "") throw new Error("--owner is required (the user or organisation whose log to read)");
    const format = String(values.format ?? "table");
    if (!(FORMATS as readonly string[]).includes(format)) throw new Error(`--format must be one of ${FORMATS.join(", ")}`);
    const start = typeof values.since === "string" ? parseDateBound(values.since, "start") : undefined;
    const end = typeof values.until === "string" ? parseDateBound(values.until, "end") : undefined;
    const github = await githubForOwner(owner, settings);
    const { caseRepo } = await ownerConfig(github, owner);
    const read = await readLog(github, caseRepo, { ...(start ? { start } : {}), ...(end ? { end } : {}) });
    const entries = filterEntries(read.entries, {
      ...(start ? { start } : {}),
      ...(end ? { end } : {}),
      ...(typeof values.outcome === "string" ? { outcome: values.outcome } : {}),
      ...(typeof values.category === "string" ? { category: values.category } : {}),
    });
    if (format === "json") process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
    else if (format === "csv") process.stdout.write(entriesToCsv(entries));
    else process.stdout.write(entriesToTable(entries));
    if (read.skipped > 0) process.stderr.write(`${read.skipped} line(s) of the log could not be read and were left out.\n`);
    return 0;
  },
};
