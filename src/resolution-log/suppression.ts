/**
 * Small-count suppression for published breakdowns (counts by category, by outcome).
 *
 * A count under the threshold N is shown as "fewer than N". That alone is not
 * enough when the report also shows the exact total: with one hidden count,
 * total minus the shown counts gives it away; with two hidden counts that add
 * up to 2 (N = 3), both must be 1. So a breakdown is published only when every
 * hidden count could still be ANY value from 1 to N-1 given everything printed
 * (the total, the shown counts and the labels). When that does not hold, more
 * counts are withheld ("not shown": they are N or more), and if even that cannot
 * protect the small ones, the breakdown is left out altogether.
 *
 * Why the check is exact: hidden small counts lie in [1, N-1], withheld counts
 * in [N, infinity), and together they sum to R = total - shown. The other hidden
 * counts can reach every sum between their minimum and maximum, so one small
 * count can take every value in [1, N-1] exactly when both R-1 and R-(N-1) lie
 * in [min, max] of the others' sum.
 */
export type CellVisibility = "shown" | "fewer-than" | "withheld";

export interface PublishedCell {
  label: string;
  visibility: CellVisibility;
  /** The exact count, only when shown. */
  count: number | null;
  /** Share of the total in percent (one decimal), only when shown. */
  percent: number | null;
}

export interface PublishedBreakdown {
  /** False when no safe way to publish it exists: the report says so instead. */
  published: boolean;
  cells: PublishedCell[];
  /** Sum of hidden and withheld counts (derivable from the total anyway; used for a chart's "not shown" slice). */
  hiddenSum: number;
}

/** Can every hidden small count take every value in [1, n-1], given the sum of all hidden counts? */
export function hiddenCountsAreProtected(small: number, withheld: number, hiddenSum: number, threshold: number): boolean {
  if (small === 0) return true;
  const othersMin = small - 1 + withheld * threshold;
  const othersMax = withheld > 0 ? Number.POSITIVE_INFINITY : (small - 1) * (threshold - 1);
  const fits = (rest: number) => rest >= othersMin && rest <= othersMax;
  return fits(hiddenSum - 1) && fits(hiddenSum - (threshold - 1));
}

export function protectBreakdown(counts: ReadonlyMap<string, number>, total: number, threshold: number): PublishedBreakdown {
  const cells = [...counts.entries()].filter(([, count]) => count > 0).map(([label, count]) => ({ label, count }));
  const small = cells.filter((c) => c.count < threshold);
  const withheld: typeof cells = [];
  let shown = cells.filter((c) => c.count >= threshold).sort((a, b) => a.count - b.count || a.label.localeCompare(b.label));
  const hiddenSum = () => [...small, ...withheld].reduce((sum, c) => sum + c.count, 0);
  let published = true;
  while (!hiddenCountsAreProtected(small.length, withheld.length, hiddenSum(), threshold)) {
    if (shown.length === 0) {
      published = false;
      break;
    }
    // The smallest shown count that is enough on its own; otherwise the largest (it adds the most slack).
    const enough = shown.find((c) => hiddenCountsAreProtected(small.length, withheld.length + 1, hiddenSum() + c.count, threshold));
    const next = enough ?? shown.at(-1)!;
    withheld.push(next);
    shown = shown.filter((c) => c !== next);
  }
  if (!published) return { published: false, cells: [], hiddenSum: total };
  const visibility = (cell: (typeof cells)[number]): CellVisibility => (small.includes(cell) ? "fewer-than" : withheld.includes(cell) ? "withheld" : "shown");
  const ordered = [...cells].sort((a, b) => {
    const rank = (c: (typeof cells)[number]) => ({ shown: 0, withheld: 1, "fewer-than": 2 })[visibility(c)];
    return rank(a) - rank(b) || (visibility(a) === "shown" ? b.count - a.count : 0) || a.label.localeCompare(b.label);
  });
  return {
    published: true,
    hiddenSum: hiddenSum(),
    cells: ordered.map((cell) => {
      const v = visibility(cell);
      return {
        label: cell.label,
        visibility: v,
        count: v === "shown" ? cell.count : null,
        percent: v === "shown" && total > 0 ? Math.round((cell.count / total) * 1000) / 10 : null,
      };
    }),
  };
}

/** A single count on its own (e.g. people with repeat cases): exact, or "fewer than N". */
export function protectCount(count: number, threshold: number): { count: number | null; fewerThan: boolean } {
  if (count > 0 && count < threshold) return { count: null, fewerThan: true };
  return { count, fewerThan: false };
}
