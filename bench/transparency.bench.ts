// Transparency report over 100,000 log entries: parse (JSON Lines -> validated entries),
// aggregate (standing resolutions, counts, percentiles, suppression) and render (Liquid).
// Budget: under 1 s. Prints ms per phase and the ratio to the budget.
import { parseShard } from "../src/log/entry.js";
import { parsePeriod } from "../src/log/period.js";
import { standingResolutions } from "../src/log/resolutions.js";
import { periodStats } from "../src/log/stats.js";
import { renderTransparencyReport } from "../src/log/transparency.js";
import { TemplateSet } from "../src/templates/engine.js";

const ENTRIES = 100_000;
const BUDGET_MS = 1_000;
const RUNS = 5;

/** mulberry32: a tiny seeded PRNG, so every run benchmarks the same log. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generateLog(count: number): string {
  const random = prng(20261122);
  const categories = ["Harassment or intimidation", "Discriminatory or demeaning language", "Sexualised language or imagery", "Personal or political attacks", "Publishing private information", "Trolling or disruptive behaviour", "Other conduct concern"];
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
        pseudonym: Math.floor(random() * 20_000).toString(16).padStart(64, "0"),
        moderator: null,
        corrects: null,
      }),
    );
  }
  return `${lines.join("\n")}\n`;
}

export default async function transparencyBench(): Promise<void> {
  const text = generateLog(ENTRIES);
  const period = parsePeriod("2026");
  const config = { log: { repository: "full" as const, includeModerators: false, suppressBelow: 3 } };
  const templates = TemplateSet.bundled();
  const now = new Date("2027-01-05T00:00:00Z");
  console.log(`log: ${ENTRIES.toLocaleString("en")} entries, ${(text.length / 1_048_576).toFixed(1)} MB of JSON Lines; period ${period.label}`);

  const totals: number[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const t0 = performance.now();
    const { entries, skipped } = parseShard(text);
    const t1 = performance.now();
    const stats = periodStats(standingResolutions(entries), period.start, period.end);
    const t2 = performance.now();
    const { markdown } = await renderTransparencyReport(entries, period, config, { templates, now });
    const t3 = performance.now();
    // renderTransparencyReport aggregates again (it is the whole public path); time it as one.
    const total = t1 - t0 + (t3 - t2);
    totals.push(total);
    console.log(
      `run ${run}: parse ${(t1 - t0).toFixed(0)} ms, aggregate ${(t2 - t1).toFixed(0)} ms, aggregate+render ${(t3 - t2).toFixed(0)} ms; ` +
        `parse+aggregate+render ${total.toFixed(0)} ms (${stats.total} cases in ${period.label}, ${skipped} skipped, report ${markdown.length} chars)`,
    );
  }
  const sorted = [...totals].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  console.log(`transparency report over ${ENTRIES.toLocaleString("en")} entries: median ${median.toFixed(0)} ms, best ${sorted[0]!.toFixed(0)} ms; ratio to the ${BUDGET_MS} ms budget: ${(median / BUDGET_MS).toFixed(2)}`);
}
