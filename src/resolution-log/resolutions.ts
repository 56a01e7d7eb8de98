import type { LogEntry } from "./entry.js";

/**
 * The resolutions that still stand: for each case, its events in time order;
 * a `reopened` entry withdraws the resolution before it, and a later `resolved`
 * entry is the case's new resolution. The log itself is never rewritten.
 */
export function standingResolutions(entries: readonly LogEntry[]): LogEntry[] {
  // One pass: each case's latest event (by time; on a tie, the later line) decides. No sort needed.
  const latest = new Map<string, { entry: LogEntry; time: number }>();
  for (const entry of entries) {
    const time = Date.parse(entry.at);
    const seen = latest.get(entry.case.code);
    if (!seen || time >= seen.time) latest.set(entry.case.code, { entry, time });
  }
  const standing: LogEntry[] = [];
  for (const { entry } of latest.values()) if (entry.event === "resolved") standing.push(entry);
  return standing;
}
