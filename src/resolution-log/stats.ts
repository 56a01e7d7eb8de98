import type { LogEntry } from "./entry.js";

/**
 * Percentiles as used in the transparency report:
 * - median: the middle value; with an even count, the mean of the two middle values;
 * - p90: nearest rank, the value at position ceil(0.9 * n) in ascending order
 *   (so it is always a time that really occurred).
 */
export function median(sorted: ArrayLike<number>): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const mid = Math.floor(n / 2);
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function nearestRank(sorted: ArrayLike<number>, percent: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil((percent / 100) * n));
  return sorted[rank - 1]!;
}

export interface DurationStats {
  count: number;
  medianMs: number | null;
  p90Ms: number | null;
}

export function durationStats(values: number[]): DurationStats {
  // A typed array sorts numerically, and much faster than Array#sort with a comparator.
  const sorted = Float64Array.from(values.filter((v) => Number.isFinite(v) && v >= 0)).sort();
  return { count: sorted.length, medianMs: median(sorted), p90Ms: nearestRank(sorted, 90) };
}

export interface PeriodStats {
  /** Standing resolutions whose resolution time falls in the period. */
  total: number;
  byCategory: Map<string, number>;
  byOutcome: Map<string, number>;
  byTrigger: Map<string, number>;
  /** From opening to acknowledgement (cases that were acknowledged). */
  acknowledge: DurationStats;
  /** From opening to resolution. */
  resolve: DurationStats;
  /** Pseudonyms with two or more cases resolved in the period. */
  repeatPseudonyms: number;
}

/** Label used for entries without a category or outcome (a data value, the template names it for people). */
export const NONE = "(none)";

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Aggregates standing resolutions (see resolutions.ts) whose `resolvedAt` is in [start, end). */
export function periodStats(standing: readonly LogEntry[], start: Date, end: Date): PeriodStats {
  const from = start.getTime();
  const to = end.getTime();
  const tally = new PeriodTally();
  for (const entry of standing) {
    const resolved = Date.parse(entry.resolvedAt ?? entry.at);
    if (!(resolved >= from && resolved < to)) continue;
    tally.add(
      entry.trigger,
      entry.category,
      entry.outcome,
      Date.parse(entry.openedAt),
      entry.acknowledgedAt ? Date.parse(entry.acknowledgedAt) : null,
      resolved,
      entry.pseudonym,
    );
  }
  return tally.stats();
}

/**
 * The counting behind periodStats, one standing resolution at a time (times already parsed),
 * so that the report's reader of the log's text (scan.ts) counts without building entries.
 */
export class PeriodTally {
  private total = 0;
  private readonly byCategory = new Map<string, number>();
  private readonly byOutcome = new Map<string, number>();
  private readonly byTrigger = new Map<string, number>();
  private readonly toAcknowledge: number[] = [];
  private readonly toResolve: number[] = [];
  private readonly perPseudonym = new Map<string, number>();

  /** `acknowledged` is null when the entry has no (or an empty) acknowledgement time. */
  add(
    trigger: string,
    category: string | null,
    outcome: string | null,
    opened: number,
    acknowledged: number | null,
    resolved: number,
    pseudonym: string | null,
  ): void {
    this.total++;
    bump(this.byCategory, category ?? NONE);
    bump(this.byOutcome, outcome ?? NONE);
    bump(this.byTrigger, trigger);
    this.toResolve.push(resolved - opened);
    if (acknowledged !== null) this.toAcknowledge.push(acknowledged - opened);
    if (pseudonym) bump(this.perPseudonym, pseudonym);
  }

  stats(): PeriodStats {
    let repeatPseudonyms = 0;
    for (const count of this.perPseudonym.values()) if (count >= 2) repeatPseudonyms++;
    return {
      total: this.total,
      byCategory: this.byCategory,
      byOutcome: this.byOutcome,
      byTrigger: this.byTrigger,
      acknowledge: durationStats(this.toAcknowledge),
      resolve: durationStats(this.toResolve),
      repeatPseudonyms,
    };
  }
}

/** `3d 4h`, `5h 20m`, `45m`: compact and unambiguous in every language's report. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return "";
  const minutes = Math.round(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return hours > 0 ? `${days}d ${hours}h` : `${days}d`;
  if (hours > 0) return mins > 0 ? `${hours}h ${mins}m` : `${hours}h`;
  return `${mins}m`;
}
