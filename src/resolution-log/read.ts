import type { GitHub, RepoRef } from "../github/client.js";
import { listFolderEntries, readLargeTextFile } from "../github/contents.js";
import { LOG_FOLDER, parseShard, shardPath, type LogEntry } from "./entry.js";

export interface Shard {
  year: number;
  month: number;
  path: string;
}

export interface LogRead {
  entries: LogEntry[];
  /** Lines that could not be read as entries (damaged or from a newer version). */
  skipped: number;
  shards: string[];
}

/** A time range, start inclusive and end exclusive; either side open when missing. */
export interface TimeRange {
  start?: Date;
  end?: Date;
}

/**
 * The month shards that exist in the range, oldest first: one listing of `log/`
 * and one per year folder that overlaps the range.
 */
export async function listShards(github: GitHub, repo: RepoRef, range: TimeRange = {}): Promise<Shard[]> {
  const years = (await listFolderEntries(github, repo, LOG_FOLDER)).filter((e) => {
    if (e.type !== "dir" || !/^\d{4}$/.test(e.name)) return false;
    const year = Number(e.name);
    return (!range.start || year >= range.start.getUTCFullYear()) && (!range.end || Date.UTC(year, 0, 1) < range.end.getTime());
  });
  const shards: Shard[] = [];
  for (const year of years.sort((a, b) => a.name.localeCompare(b.name))) {
    const files = await listFolderEntries(github, repo, year.path);
    for (const file of files) {
      const match = /^(\d{2})\.jsonl$/.exec(file.name);
      if (file.type !== "file" || !match) continue;
      const y = Number(year.name);
      const m = Number(match[1]);
      if (m >= 1 && m <= 12) shards.push({ year: y, month: m, path: shardPath(y, m) });
    }
  }
  return shards.sort((a, b) => a.year - b.year || a.month - b.month);
}

/** Does any instant of the shard's month fall in the range? */
export function shardOverlaps(shard: Pick<Shard, "year" | "month">, range: TimeRange): boolean {
  const monthStart = Date.UTC(shard.year, shard.month - 1, 1);
  const monthEnd = Date.UTC(shard.year, shard.month, 1);
  if (range.end && monthStart >= range.end.getTime()) return false;
  if (range.start && monthEnd <= range.start.getTime()) return false;
  return true;
}

/** Reads shards' texts (a few at a time), in shard order; a missing shard reads as empty. */
export async function readShardTexts(github: GitHub, repo: RepoRef, shards: Shard[]): Promise<string[]> {
  const texts: string[] = new Array(shards.length).fill("");
  const CONCURRENCY = 4;
  for (let i = 0; i < shards.length; i += CONCURRENCY) {
    const batch = shards.slice(i, i + CONCURRENCY);
    const results = await Promise.all(batch.map((s) => readLargeTextFile(github, repo, s.path)));
    results.forEach((r, j) => (texts[i + j] = r?.text ?? ""));
  }
  return texts;
}

/** Reads shards (a few at a time) and parses them, in shard order. */
export async function readShards(github: GitHub, repo: RepoRef, shards: Shard[]): Promise<LogRead> {
  const texts = await readShardTexts(github, repo, shards);
  const entries: LogEntry[] = [];
  let skipped = 0;
  for (const text of texts) {
    const parsed = parseShard(text);
    for (const entry of parsed.entries) entries.push(entry);
    skipped += parsed.skipped;
  }
  return { entries, skipped, shards: shards.map((s) => s.path) };
}

/** The texts of the shards that overlap the range, unparsed (a period report reads only what it needs of them). */
export async function readLogTexts(github: GitHub, repo: RepoRef, range: TimeRange = {}): Promise<{ texts: string[]; shards: string[] }> {
  const shards = (await listShards(github, repo, range)).filter((s) => shardOverlaps(s, range));
  return { texts: await readShardTexts(github, repo, shards), shards: shards.map((s) => s.path) };
}

/** The log entries of the shards that overlap the range (entries are not filtered by time here). */
export async function readLog(github: GitHub, repo: RepoRef, range: TimeRange = {}): Promise<LogRead> {
  const shards = (await listShards(github, repo, range)).filter((s) => shardOverlaps(s, range));
  return readShards(github, repo, shards);
}
