import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseShard } from "../src/resolution-log/entry.js";
import { parsePeriod, PeriodError } from "../src/resolution-log/period.js";
import { standingResolutions } from "../src/resolution-log/resolutions.js";
import { median, nearestRank, periodStats } from "../src/resolution-log/stats.js";
import { hiddenCountsAreProtected, protectBreakdown, type PublishedBreakdown } from "../src/resolution-log/suppression.js";
import { commitTransparencyReport, renderTransparencyReport } from "../src/resolution-log/transparency.js";
import { Octokit } from "@octokit/rest";
import nock from "nock";
import { mockGitHub } from "./helpers/github.js";
import { captureLogs } from "./helpers/logs.js";
import { configSchema } from "../src/config/schema.js";

const FIXTURE = readFileSync(new URL("./fixtures/log-sample.jsonl", import.meta.url), "utf8");
const HOUR = 3_600_000;

describe("periods", () => {
  it("parses years, halves, quarters and months in UTC", () => {
    const iso = (s: string) => {
      const p = parsePeriod(s);
      return [p.label, p.start.toISOString(), p.end.toISOString()];
    };
    expect(iso("2026")).toStrictEqual(["2026", "2026-01-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z"]);
    expect(iso("2026-h2")).toStrictEqual(["2026-H2", "2026-07-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z"]);
    expect(iso("2026-Q2")).toStrictEqual(["2026-Q2", "2026-04-01T00:00:00.000Z", "2026-07-01T00:00:00.000Z"]);
    expect(iso("2026-12")).toStrictEqual(["2026-12", "2026-12-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z"]);
    expect(() => parsePeriod("2026-13")).toThrow(PeriodError);
    expect(() => parsePeriod("2026-H3")).toThrow(/is not a period/);
    expect(() => parsePeriod("../etc")).toThrow(/is not a period/);
  });
});

describe("percentiles", () => {
  it("uses the mean of the middle pair for an even median and nearest rank for p90", () => {
    expect(median([1, 2, 3, 4])).toBe(2.5);
    expect(median([5])).toBe(5);
    expect(nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90)).toBe(10);
    expect(median([])).toBeNull();
  });
});

/*
 * test/fixtures/log-sample.jsonl, checked by hand for 2026-H2 (2026-07-01 to 2026-12-31 UTC):
 * 20 lines, 17 cases. Left out: CI-AAAA14 (resolved, then reopened and never resolved again),
 * CI-AAAA15 (resolved in June), CI-AAAA16 (resolved 2027-01-02). CI-AAAA13 was resolved as a
 * correction, reopened, and resolved again as a warning 100 h after opening: it counts once, as a
 * warning. CI-AAAA17 was resolved 2026-12-31T23:00Z, inside the period. So 14 cases.
 *
 * Categories: Harassment 1,2,3,6,9,12,13 = 7; Trolling 4,5,8,11,17 = 5; Discriminatory language 7 = 1;
 *   Publishing private information 10 = 1. (7+5+1+1 = 14.)
 * Outcomes: correction 1,2,4,5,7,9,12,17 = 8; warning 3,8,13 = 3; no-action 6,11 = 2; temporary-ban 10 = 1.
 * Triggers: label 1,5,6,8,11,17 = 6; command 2,7,12,13 = 4; report-form 3,9,10 = 3; watch 4 = 1.
 * Hours to acknowledge (CI-AAAA07 never acknowledged), 13 values sorted:
 *   1,1,1,2,2,3,3,4,5,6,8,10,12 -> median = 7th = 3 h; p90 = rank ceil(0.9*13)=12 -> 10 h.
 * Hours to resolve, 14 values sorted:
 *   6,12,24,24,24,30,36,48,60,72,96,100,120,240 -> median = (36+48)/2 = 42 h ("1d 18h");
 *   p90 = rank ceil(0.9*14)=13 -> 120 h ("5d").
 * Pseudonyms with 2+ cases in the period: pseud-1 (1,3,7), pseud-2 (2,9), pseud-3 (4,17) = 3
 *   (pseud-1's June case and pseud-2's January case are outside).
 * Suppression at 3: categories: Discriminatory 1 and Publishing 1 are small; alone their sum (2)
 *   would pin both to 1, so Trolling (the smallest count that suffices) is withheld: then
 *   14 - 7 = 7 = Trolling (>= 3) + two counts that can each be 1 or 2.
 *   Outcomes: no-action 2 and temporary-ban 1 hidden, sum 3 = 1+2 or 2+1: safe as is.
 *   Triggers: watch 1 alone would be total - shown; command (4) is withheld: 5 = command + watch,
 *   watch 1 or 2 (report-form, 3, would not be enough: 3 + watch = 4 forces watch = 1).
 */
describe("the transparency report on the fixed log fixture", () => {
  const { entries, skipped } = parseShard(FIXTURE);
  const period = parsePeriod("2026-H2");

  it("computes the numbers checked by hand", () => {
    expect(entries).toHaveLength(20);
    expect(skipped).toBe(0);
    const stats = periodStats(standingResolutions(entries), period.start, period.end);
    expect(stats.total).toBe(14);
    expect(Object.fromEntries(stats.byCategory)).toStrictEqual({
      Harassment: 7,
      Trolling: 5,
      "Discriminatory language": 1,
      "Publishing private information": 1,
    });
    expect(Object.fromEntries(stats.byOutcome)).toStrictEqual({ correction: 8, warning: 3, "no-action": 2, "temporary-ban": 1 });
    expect(Object.fromEntries(stats.byTrigger)).toStrictEqual({ label: 6, command: 4, "report-form": 3, watch: 1 });
    expect(stats.acknowledge).toStrictEqual({ count: 13, medianMs: 3 * HOUR, p90Ms: 10 * HOUR });
    expect(stats.resolve).toStrictEqual({ count: 14, medianMs: 42 * HOUR, p90Ms: 120 * HOUR });
    expect(stats.repeatPseudonyms).toBe(3);
  });

  it("renders them as Markdown with Mermaid charts and small counts suppressed", async () => {
    const { markdown } = await renderTransparencyReport(entries, period, configSchema.parse({}), { now: new Date("2027-01-05T00:00:00Z") });
    expect(markdown).toContain("# Code of Conduct transparency report: 2026-H2");
    expect(markdown).toContain("Covering 2026-07-01 to 2026-12-31 (UTC).");
    expect(markdown).toContain("- **14** cases were resolved.");
    expect(markdown).toContain("Time to a first response from the team: median **3h**, 90% within **10h**.\n");
    // 14 resolved, 13 acknowledged: printing 13 would reveal that exactly one case was never acknowledged.
    expect(markdown).not.toContain("13");
    expect(markdown).toContain("median **1d 18h**, 90% within **5d**");
    expect(markdown).toContain("People involved in more than one case in this period: 3.");
    expect(markdown).toContain(
      "| Harassment | 7 | 50% |\n| Trolling | not shown |  |\n| Discriminatory language | fewer than 3 |  |\n| Publishing private information | fewer than 3 |  |",
    );
    expect(markdown).toContain("| correction | 8 | 57.1% |\n| warning | 3 | 21.4% |\n| no-action | fewer than 3 |  |\n| temporary-ban | fewer than 3 |  |");
    expect(markdown).toContain(
      "| a maintainer's label | 6 |\n| the private report form | 3 |\n| a maintainer's command | not shown |\n| noticed in a public thread | fewer than 3 |",
    );
    expect(markdown).toContain('```mermaid\npie showData title Cases by category\n    "Harassment" : 7\n    "Smaller categories together" : 7\n```');
    expect(markdown).toContain('x-axis ["correction", "warning"]\n    y-axis "Cases" 0 --> 8\n    bar [8, 3]');
    expect(markdown).toContain("Report generated 2027-01-05 00:00 UTC.");
    // No pseudonym, case code or repository reaches a report.
    expect(markdown).not.toMatch(/pseud-|CI-AAAA|acme\/widgets/);
  });

  it("shows no detail at all when fewer cases than the threshold were resolved", async () => {
    const { markdown } = await renderTransparencyReport(entries, parsePeriod("2026-06"), configSchema.parse({}), { now: new Date("2027-01-05T00:00:00Z") });
    expect(markdown).toContain("Fewer than 3 cases were resolved in this period.");
    expect(markdown).not.toContain("| Harassment");
    expect(markdown).not.toContain("```mermaid");
  });

  it("uses the configured threshold", async () => {
    const { markdown } = await renderTransparencyReport(entries, period, configSchema.parse({ log: { suppressBelow: 6 } }), {
      now: new Date("2027-01-05T00:00:00Z"),
    });
    expect(markdown).toContain("| Harassment | 7 | 50% |");
    // warning 3, no-action 2 and temporary-ban 1 add up to 6, which leaves each of them only 1..4
    // of 1..5: correction (8), the only count left, is withheld too.
    expect(markdown).toContain(
      "| correction | not shown |  |\n| no-action | fewer than 6 |  |\n| temporary-ban | fewer than 6 |  |\n| warning | fewer than 6 |  |",
    );
    expect(markdown).toContain("People involved in more than one case in this period: fewer than 6.");
  });
});

/** Every assignment of hidden counts consistent with what a breakdown publishes; the values each hidden cell can take. */
function possibleValues(published: PublishedBreakdown, total: number, threshold: number): number[][] {
  const hidden = published.cells.filter((c) => c.visibility !== "shown");
  const rest = total - published.cells.reduce((sum, c) => sum + (c.count ?? 0), 0);
  const values = hidden.map(() => new Set<number>());
  const pick = (index: number, remaining: number, chosen: number[]): void => {
    if (index === hidden.length) {
      if (remaining === 0) chosen.forEach((v, i) => values[i]!.add(v));
      return;
    }
    const cell = hidden[index]!;
    const [low, high] = cell.visibility === "fewer-than" ? [1, threshold - 1] : [threshold, remaining];
    for (let v = low; v <= Math.min(high, remaining); v++) pick(index + 1, remaining - v, [...chosen, v]);
  };
  pick(0, rest, []);
  return values.map((set) => [...set].sort((a, b) => a - b));
}

describe("small-count suppression", () => {
  it("never lets a hidden count be worked out from the total and the shown counts", () => {
    // Every breakdown of up to 5 categories with counts 1..5, at thresholds 2..4 (exhaustive).
    let checked = 0;
    const problems: string[] = [];
    for (const threshold of [2, 3, 4]) {
      const counts: number[] = [];
      const visit = (depth: number) => {
        if (counts.length > 0) {
          const total = counts.reduce((a, b) => a + b, 0);
          const published = protectBreakdown(new Map(counts.map((c, i) => [`c${i}`, c])), total, threshold);
          checked++;
          const where = `${counts} at ${threshold}`;
          if (published.published) {
            const possible = possibleValues(published, total, threshold);
            const full = Array.from({ length: threshold - 1 }, (_, k) => k + 1).join(",");
            published.cells
              .filter((c) => c.visibility !== "shown")
              .forEach((cell, i) => {
                if (cell.visibility === "fewer-than" && possible[i]!.join(",") !== full) problems.push(`${where}: ${cell.label} can only be ${possible[i]}`);
              });
            for (const cell of published.cells) {
              const original = counts[Number(cell.label.slice(1))]!;
              if (cell.visibility === "shown" ? cell.count !== original : cell.count !== null) problems.push(`${where}: ${cell.label} printed wrongly`);
              if (cell.visibility === "fewer-than" && original >= threshold) problems.push(`${where}: ${cell.label} is not small`);
            }
          } else if (published.cells.length > 0) {
            problems.push(`${where}: unpublished breakdown has cells`);
          }
        }
        if (depth === 5) return;
        for (let c = 1; c <= 5; c++) {
          counts.push(c);
          visit(depth + 1);
          counts.pop();
        }
      };
      visit(0);
    }
    expect(problems).toStrictEqual([]);
    expect(checked).toBe(3 * (5 + 25 + 125 + 625 + 3125));
  });

  it("withholds a larger count only when it must, and the smallest one that suffices", () => {
    const published = protectBreakdown(
      new Map([
        ["a", 1],
        ["b", 4],
        ["c", 9],
        ["d", 20],
      ]),
      34,
      3,
    );
    expect(published.cells.map((c) => [c.label, c.visibility, c.count])).toStrictEqual([
      ["d", "shown", 20],
      ["c", "shown", 9],
      ["b", "withheld", null],
      ["a", "fewer-than", null],
    ]);
    expect(
      protectBreakdown(
        new Map([
          ["a", 5],
          ["b", 4],
        ]),
        9,
        3,
      ).cells.every((c) => c.visibility === "shown"),
    ).toBe(true);
    expect(
      protectBreakdown(
        new Map([
          ["a", 1],
          ["b", 1],
        ]),
        2,
        3,
      ).published,
    ).toBe(false);
    expect(hiddenCountsAreProtected(2, 0, 3, 3)).toBe(true);
    expect(hiddenCountsAreProtected(2, 0, 2, 3)).toBe(false);
  });
});

describe("commitTransparencyReport (the /transparency <period> command)", () => {
  it("writes nothing when the case repository is public", async () => {
    mockGitHub().repository("acme", "moderation", { private: false });
    const logs = captureLogs();
    const github = new Octokit({ auth: "t", log: { debug() {}, info() {}, warn() {}, error() {} } });
    const result = await commitTransparencyReport(github, { owner: "acme", repo: "moderation" }, configSchema.parse({}), "2026-H2", logs.log);
    expect(result).toStrictEqual({
      status: "refused",
      reason:
        "The case repository acme/moderation is public, so Call-In writes nothing there. Make it private, or point caseRepository at a private repository.",
    });
    expect(nock.pendingMocks()).toStrictEqual([]);
  });
});
