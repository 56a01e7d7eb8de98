import { describe, expect, it } from "vitest";
import { parsePeriod } from "../../../src/resolution-log/period.js";
import type { PeriodStats } from "../../../src/resolution-log/stats.js";
import { protectBreakdown, protectCount } from "../../../src/resolution-log/suppression.js";
import { transparencyReportData } from "../../../src/resolution-log/transparency.js";

/**
 * The edges of small-count suppression, for several thresholds: one case
 * either side of `suppressBelow` must fall on the right side. The exhaustive
 * test in transparency.test.ts checks that published breakdowns are safe; these
 * check that the threshold itself is not off by one.
 */
const PERIOD = parsePeriod("2026-H2");
const AT = new Date("2027-01-02T00:00:00Z");
const HOUR = 3_600_000;

/** `total` cases, all in one category, outcome and trigger, every one acknowledged and resolved in `hours`. */
function stats(total: number, repeatPseudonyms = 0): PeriodStats {
  const times = { count: total, medianMs: total > 0 ? 5 * HOUR : null, p90Ms: total > 0 ? 9 * HOUR : null };
  return {
    total,
    byCategory: new Map([["Harassment", total]]),
    byOutcome: new Map([["warning", total]]),
    byTrigger: new Map([["label", total]]),
    acknowledge: times,
    resolve: times,
    repeatPseudonyms,
  };
}

describe("transparency suppression at the threshold", () => {
  for (const threshold of [2, 3, 5]) {
    it(`suppressBelow ${threshold}: no detail at all at ${threshold - 1} cases`, () => {
      const data = transparencyReportData(stats(threshold - 1, 1), PERIOD, threshold, AT);
      expect(data).toMatchObject({ enough: false, total: null, categories: null, outcomes: null, triggers: null, repeat: null });
      expect(data.acknowledge).toStrictEqual({ enough: false, median: null, p90: null, medianHours: null, p90Hours: null });
      expect(data.resolve).toMatchObject({ enough: false, median: null });
    });

    it(`suppressBelow ${threshold}: detail and times at exactly ${threshold} cases`, () => {
      const data = transparencyReportData(stats(threshold), PERIOD, threshold, AT);
      expect(data).toMatchObject({ enough: true, total: threshold });
      expect(data.categories).not.toBeNull();
      expect(data.acknowledge).toMatchObject({ enough: true, medianHours: 5, p90Hours: 9 });
    });

    it(`suppressBelow ${threshold}: a single count of ${threshold - 1} is "fewer than", ${threshold} is exact`, () => {
      expect(protectCount(threshold - 1, threshold)).toStrictEqual({ count: null, fewerThan: true });
      expect(protectCount(threshold, threshold)).toStrictEqual({ count: threshold, fewerThan: false });
      expect(protectCount(1, threshold)).toStrictEqual({ count: null, fewerThan: true });
      expect(protectCount(0, threshold)).toStrictEqual({ count: 0, fewerThan: false });
    });

    it(`suppressBelow ${threshold}: the repeat count in a report follows the same edge`, () => {
      const total = threshold * 4;
      expect(transparencyReportData(stats(total, threshold - 1), PERIOD, threshold, AT).repeat).toStrictEqual({ count: null, fewerThan: true });
      expect(transparencyReportData(stats(total, threshold), PERIOD, threshold, AT).repeat).toStrictEqual({ count: threshold, fewerThan: false });
    });

    it(`suppressBelow ${threshold}: in a breakdown, ${threshold - 1} is never printed and ${threshold} may be`, () => {
      const big = threshold * 3;
      const small = protectBreakdown(
        new Map([
          ["a", big],
          ["b", big],
          ["c", threshold - 1],
        ]),
        2 * big + threshold - 1,
        threshold,
      );
      expect(small.cells.find((c) => c.label === "c")).toMatchObject({ visibility: "fewer-than", count: null, percent: null });
      const edge = protectBreakdown(
        new Map([
          ["a", big],
          ["b", threshold],
        ]),
        big + threshold,
        threshold,
      );
      expect(edge.cells.find((c) => c.label === "b")).toMatchObject({ visibility: "shown", count: threshold });
    });
  }
});
