import { stringify } from "csv-stringify/sync";
import type { LogEntry } from "./entry.js";
import { formatDuration } from "./stats.js";

/** The columns of a CSV export: every field of the entry, flattened. */
const CSV_COLUMNS = [
  "at",
  "event",
  "case",
  "case_url",
  "trigger",
  "category",
  "outcome",
  "opened_at",
  "acknowledged_at",
  "resolved_at",
  "repository",
  "pseudonym",
  "moderator",
  "corrects",
] as const;

/**
 * Spreadsheet programs run a cell that starts with = + - @ (or a tab/CR) as a
 * formula; category names come from config and could. Such cells get a leading '.
 */
function inert(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function entriesToCsv(entries: readonly LogEntry[]): string {
  const rows = entries.map((e) => [
    e.at,
    e.event,
    e.case.code,
    e.case.url,
    e.trigger,
    e.category ?? "",
    e.outcome ?? "",
    e.openedAt,
    e.acknowledgedAt ?? "",
    e.resolvedAt ?? "",
    e.repository ?? "",
    e.pseudonym ?? "",
    e.moderator ?? "",
    e.corrects ?? "",
  ]);
  return stringify(rows, { header: true, columns: [...CSV_COLUMNS], cast: { string: inert } });
}

/** Rows for people: short pseudonyms and durations instead of timestamps. */
export function entryRows(entries: readonly LogEntry[]): Array<Record<string, string>> {
  return entries.map((e) => ({
    at: e.at.slice(0, 16).replace("T", " "),
    event: e.event,
    case: e.case.code,
    trigger: e.trigger,
    category: e.category ?? "",
    outcome: e.outcome ?? "",
    repository: e.repository ?? "(redacted)",
    person: e.pseudonym ? e.pseudonym.slice(0, 10) : "",
    acknowledged: e.acknowledgedAt ? formatDuration(Date.parse(e.acknowledgedAt) - Date.parse(e.openedAt)) : "",
    resolved: e.resolvedAt ? formatDuration(Date.parse(e.resolvedAt) - Date.parse(e.openedAt)) : "",
  }));
}

/** A plain aligned text table for a terminal. */
export function entriesToTable(entries: readonly LogEntry[]): string {
  const rows = entryRows(entries);
  const headers = ["at", "event", "case", "trigger", "category", "outcome", "repository", "person", "acknowledged", "resolved"];
  const widths = headers.map((h) => Math.max(h.length, ...rows.map((r) => (r[h] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  return `${[line(headers), line(widths.map((w) => "-".repeat(w))), ...rows.map((r) => line(headers.map((h) => r[h] ?? "")))].join("\n")}\n`;
}

export interface EntryFilter {
  start?: Date;
  end?: Date;
  outcome?: string;
  category?: string;
}

/** Entries whose event time is in [start, end), with the given outcome/category (case-insensitive), oldest first. */
export function filterEntries(entries: readonly LogEntry[], filter: EntryFilter): LogEntry[] {
  const start = filter.start?.getTime() ?? Number.NEGATIVE_INFINITY;
  const end = filter.end?.getTime() ?? Number.POSITIVE_INFINITY;
  const outcome = filter.outcome?.toLowerCase();
  const category = filter.category?.toLowerCase();
  return entries
    .filter((e) => {
      const at = Date.parse(e.at);
      if (at < start || at >= end) return false;
      if (outcome && (e.outcome ?? "").toLowerCase() !== outcome) return false;
      if (category && (e.category ?? "").toLowerCase() !== category) return false;
      return true;
    })
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

export class DateBoundError extends Error {}

/**
 * `2026`, `2026-07` or `2026-07-15` (UTC) as a range bound. A start bound is the
 * first instant; an end bound ("until") includes the whole day, month or year.
 */
export function parseDateBound(input: string, side: "start" | "end"): Date {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(input.trim());
  if (!match) throw new DateBoundError(`"${input}" is not a date: use 2026-07-15, 2026-07 or 2026`);
  const year = Number(match[1]);
  const month = match[2] ? Number(match[2]) - 1 : 0;
  const day = match[3] ? Number(match[3]) : 1;
  const start = new Date(Date.UTC(year, month, day));
  if (month > 11 || start.getUTCDate() !== day) throw new DateBoundError(`"${input}" is not a date: use 2026-07-15, 2026-07 or 2026`);
  if (side === "start") return start;
  if (match[3]) return new Date(Date.UTC(year, month, day + 1));
  if (match[2]) return new Date(Date.UTC(year, month + 1, 1));
  return new Date(Date.UTC(year + 1, 0, 1));
}
