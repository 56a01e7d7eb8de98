// Transparency report over 100,000 log entries (five years of JSON Lines, one period of them),
// in three phases: parse (each line checked, each case's latest event found), aggregate (the
// period's standing resolutions: counts, percentiles) and render (suppression, Liquid).
// Budget: under 1 s. Each run times the report's path (src/resolution-log/scan.ts) and, in the same run,
// the path before it (parseShard -> standingResolutions -> periodStats), checks that both give
// the same Markdown, and prints the ratio between them and the machine's load.
import { loadavg } from "node:os";
import { parseShard } from "../src/resolution-log/entry.js";
import { parsePeriod } from "../src/resolution-log/period.js";
import { standingResolutions } from "../src/resolution-log/resolutions.js";
import { indexLog, periodStatsOfIndex } from "../src/resolution-log/scan.js";
import { periodStats, type PeriodStats } from "../src/resolution-log/stats.js";
import { renderPeriodStats } from "../src/resolution-log/transparency.js";
import { TemplateSet } from "../src/templates/engine.js";
import { prng } from "../test/helpers/prng.js";

const ENTRIES = 100_000;
const BUDGET_MS = 1_000;
const RUNS = 7;

function generateLog(count: number): string {
  const random = prng(20261122);
  const categories = [
    "Harassment or intimidation",
    "Discriminatory or demeaning language",
    "Sexualised language or imagery",
    "Personal or political attacks",
    "Publishing private information",
    "Trolling or disruptive behaviour",
    "Other conduct concern",
  ];
  const outcomes = ["correction", "correction", "correction", "warning", "warning", "no-action", "temporary-ban", "permanent-ban", "referred"];
  const triggers = ["label", "command", "watch", "report-form"];
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!;
  const start = Date.UTC(2022, 0, 1);
  const span = Date.UTC(2027, 0, 1) - start;
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const opened = start + Math.floor(random() * span);
    const acknowledged = random() < 0.9 ? opened + Math.floor(random() * 72 * 3_600_000) : null;
    const at = opened + Math.floor(random() * 60 * 86_400_000);
    const reopened = random() < 0.03;
    const code = `CI-${i.toString(36).toUpperCase().padStart(6, "0")}`;
    const event = reopened ? "reopened" : "resolved";
    lines.push(
      JSON.stringify({
        v: 1,
        entryId: `${code}:${event}:${new Date(at).toISOString()}`,
        event,
        at: new Date(at).toISOString(),
        case: { code, number: i + 1, url: `https://github.com/acme/moderation/issues/${i + 1}` },
        trigger: pick(triggers),
        category: pick(categories),
        outcome: pick(outcomes),
        openedAt: new Date(opened).toISOString(),
        acknowledgedAt: acknowledged === null ? null : new Date(acknowledged).toISOString(),
        resolvedAt: new Date(at).toISOString(),
        repository: "acme/widgets",
        pseudonym: Math.floor(random() * 20_000)
          .toString(16)
          .padStart(64, "0"),
        moderator: null,
        corrects: null,
      }),
    );
  }
  return `${lines.join("\n")}\n`;
}

interface Phases {
  parse: number;
  aggregate: number;
  render: number;
  total: number;
  /** CPU time of the whole report: on a shared machine, less disturbed by the others' load than the wall clock. */
  cpu: number;
  markdown: string;
}

type Render = (stats: PeriodStats) => Promise<string>;

/** The report's path: one pattern per line, and the period's standing resolutions counted from their lines. */
function scanPath(text: string, period: ReturnType<typeof parsePeriod>, render: Render): Promise<Phases> {
  return timed(
    () => indexLog([text]),
    (index) => periodStatsOfIndex(index, period.start, period.end),
    render,
  );
}

/** The path before: every line parsed into an entry, every case's standing resolution, then the period's. */
function parsePath(text: string, period: ReturnType<typeof parsePeriod>, render: Render): Promise<Phases> {
  return timed(
    () => parseShard(text).entries,
    (entries) => periodStats(standingResolutions(entries), period.start, period.end),
    render,
  );
}

/** Milliseconds of CPU this process used (all its threads, the garbage collector's included). */
function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1_000;
}

async function timed<T>(parse: () => T, aggregate: (parsed: T) => PeriodStats, render: Render): Promise<Phases> {
  const c0 = cpuMs();
  const t0 = performance.now();
  const parsed = parse();
  const t1 = performance.now();
  const stats = aggregate(parsed);
  const t2 = performance.now();
  const markdown = await render(stats);
  const t3 = performance.now();
  return { parse: t1 - t0, aggregate: t2 - t1, render: t3 - t2, total: t3 - t0, cpu: cpuMs() - c0, markdown };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (value: number) => `${value.toFixed(0)} ms`;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

export default async function transparencyBench(): Promise<void> {
  const text = generateLog(ENTRIES);
  const period = parsePeriod("2026");
  const config = { log: { repository: "full" as const, includeModerators: false, suppressBelow: 3 } };
  const templates = TemplateSet.bundled();
  const now = new Date("2027-01-05T00:00:00Z");
  const render: Render = async (stats) => (await renderPeriodStats(stats, period, config, { templates, now })).markdown;
  console.log(
    `log: ${ENTRIES.toLocaleString("en")} entries, ${(text.length / 1_048_576).toFixed(1)} MB of JSON Lines; period ${period.label}; load average ${load()}`,
  );

  const scans: Phases[] = [];
  const parses: Phases[] = [];
  for (let run = 1; run <= RUNS; run++) {
    // Alternate which path goes first, so neither always inherits the other's garbage.
    const first = run % 2 === 1 ? "scan" : "parse";
    const a = await (first === "scan" ? scanPath : parsePath)(text, period, render);
    const b = await (first === "scan" ? parsePath : scanPath)(text, period, render);
    const [scan, parse] = first === "scan" ? [a, b] : [b, a];
    if (scan.markdown !== parse.markdown) throw new Error("the two paths rendered different reports");
    scans.push(scan);
    parses.push(parse);
    const phases = (p: Phases) => `parse ${ms(p.parse)}, aggregate ${ms(p.aggregate)}, render ${ms(p.render)}: ${ms(p.total)} (cpu ${ms(p.cpu)})`;
    console.log(`run ${run} (load ${load()}): report ${phases(scan)}; before ${phases(parse)}; same report (${scan.markdown.length} chars)`);
  }
  const line = (name: string, runs: Phases[]) =>
    `${name}: median ${ms(median(runs.map((r) => r.total)))} (parse ${ms(median(runs.map((r) => r.parse)))}, aggregate ${ms(median(runs.map((r) => r.aggregate)))}, render ${ms(median(runs.map((r) => r.render)))}), best ${ms(Math.min(...runs.map((r) => r.total)))}; cpu median ${ms(median(runs.map((r) => r.cpu)))}`;
  console.log(line("transparency report over 100,000 entries", scans));
  console.log(line("the path before this change, same runs", parses));
  const reportMedian = median(scans.map((r) => r.total));
  console.log(
    `ratio to the ${BUDGET_MS} ms budget: ${(reportMedian / BUDGET_MS).toFixed(2)}; to the path before: ${(reportMedian / median(parses.map((r) => r.total))).toFixed(2)} ` +
      `(medians of each run's ratio: ${median(scans.map((r, i) => r.total / parses[i]!.total)).toFixed(2)}); load average ${load()}`,
  );
}
