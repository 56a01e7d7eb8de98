import type { LogEntry } from "./entry.js";

/**
 * The resolutions that still stand: for each case, its events in time order;
 * a `reopened` entry withdraws the resolution before it, and a later `resolved`
 * entry is the case's new resolution. The log itself is never rewritten.
 */
export function standingResolutions(entries: readonly LogEntry[]): LogEntry[] {
  const ordered = entries
    .map((entry, index) => ({ entry, index, time: Date.parse(entry.at) }))
    .sort((a, b) => a.time - b.time || a.index - b.index);
  const current = new Map<string, LogEntry | null>();
  for (const { entry } of ordered) current.set(entry.case.code, entry.event === "resolved" ? entry : null);
  const standing: LogEntry[] = [];
  for (const entry of current.values()) if (entry) standing.push(entry);
  return standing;
}
