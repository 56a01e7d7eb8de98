import { triggers } from "../cases/metadata.js";
import { entryFromJson, ISO_TIME, LOG_ENTRY_VERSION, logEvents, parseShard, type LogEntry, type LogEvent } from "./entry.js";
import { isoTimeIn, isoTimeMs } from "./iso-time.js";
import { PeriodTally, type PeriodStats } from "./stats.js";

/**
 * A period's standing resolutions and their numbers straight from the log's text, without
 * building an object for every line. The results are those of parseShard ->
 * standingResolutions -> periodStats, entry for entry, count for count and in the same order
 * (test/log-scan.test.ts compares them): every line is still checked and counted as before,
 * but a line in the exact shape `serialiseEntry` writes is checked by one regular expression
 * instead of JSON.parse and read by position, and only the period's lines are read again for
 * their counts. A period report over 100,000 lines spent most of its time in JSON.parse
 * (bench/transparency.bench.ts).
 */

/** A JSON string's content without escapes or control characters: JSON.parse returns it as it stands. */
const TEXT = String.raw`[^"\\\x00-\x1f]*`;
const TIME = ISO_TIME.source.slice(1, -1);
/** Integers of up to 15 digits are safe integers, and Number() reads them as JSON.parse does. */
const INTEGER = String.raw`-?(?:0|[1-9]\d{0,14})`;

type Open = "(" | "(?:";
type ValuePattern = (open: Open) => string;
const text: ValuePattern = (open) => `"${open}${TEXT})"`;
const nonEmptyText: ValuePattern = (open) => `"${open}${TEXT.slice(0, -1)}+)"`;
const textOrNull: ValuePattern = (open) => `(?:null|"${open}${TEXT})")`;
const time: ValuePattern = (open) => `"${open}${TIME})"`;
const timeOrNull: ValuePattern = (open) => `(?:null|"${open}${TIME})")`;
const integer: ValuePattern = (open) => `${open}${INTEGER})`;
const oneOf =
  (values: readonly string[]): ValuePattern =>
  (open) =>
    `"${open}${values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})"`;

/**
 * The line `serialiseEntry` writes: the schema's keys in the schema's order, no spaces, strings
 * without escapes. Every line it matches is one isWrittenEntry accepts; a line it does not match
 * (escapes, spaces, other key order, a CR before the newline, anything invalid) is parsed on its
 * own as before. `captured` names the fields to capture (groups in line order).
 */
const WRITTEN_FIELDS: readonly (readonly [string, ValuePattern])[] = [
  ["v", () => String(LOG_ENTRY_VERSION)],
  ["entryId", nonEmptyText],
  ["event", oneOf(logEvents)],
  ["at", time],
  ["case.code", text],
  ["case.number", integer],
  ["case.url", text],
  ["trigger", oneOf(triggers)],
  ["category", textOrNull],
  ["outcome", textOrNull],
  ["openedAt", time],
  ["acknowledgedAt", timeOrNull],
  ["resolvedAt", timeOrNull],
  ["repository", textOrNull],
  ["pseudonym", textOrNull],
  ["moderator", textOrNull],
  ["corrects", textOrNull],
];

function writtenLine(captured: ReadonlySet<string>): RegExp {
  const parts = WRITTEN_FIELDS.map(([name, value]) => `"${name.replace(/^case\./, "")}":${value(captured.has(name) ? "(" : "(?:")}`);
  const caseStart = WRITTEN_FIELDS.findIndex(([name]) => name.startsWith("case."));
  const caseParts = parts.splice(caseStart, 3);
  parts.splice(caseStart, 0, `"case":\\{${caseParts.join(",")}\\}`);
  // Sticky: tried at each line's start. The newline (or the end) must follow the closing brace.
  return new RegExp(`\\{${parts.join(",")}\\}(?=\\n|$)`, "y");
}

/** No groups: a line it matches is read by position (below), which allocates far less than captures. */
const WRITTEN_LINE = writtenLine(new Set());
/** Groups: every field but `v`, in line order. */
const ENTRY_LINE = writtenLine(new Set(WRITTEN_FIELDS.slice(1).map(([name]) => name)));

/**
 * Where a field's value starts in a line WRITTEN_LINE matched: its key's first occurrence after
 * the line's start. In such a line no string value holds a quote, so a key pattern, quotes
 * included, cannot occur inside a value, and the keys come in the schema's order.
 */
const EVENT_KEY = '"event":"';
const AT_KEY = '"at":"';
const CODE_KEY = '"case":{"code":"';
const RESOLVED_AT_KEY = '"resolvedAt":';

/** What ordering a case's events and picking a period need of an entry; the rest is read only for the report's entries. */
interface CaseEvent {
  code: string;
  resolved: boolean;
  /** `at`, parsed as Date.parse does. */
  time: number;
  /** `resolvedAt ?? at`, parsed as Date.parse does: the time periodStats counts a resolution at. */
  resolvedTime: number;
  /** The entry, when its line was parsed whole; otherwise it is read again from `text` at `start`. */
  entry: LogEntry | null;
  text: string;
  start: number;
}

export interface LogIndex {
  /** Each case's latest event (by `at`; on a tie, the later line), in order of each case's first line. */
  latest: Map<string, CaseEvent>;
  /** Lines that are not a valid entry of a known version, as parseShard counts them. */
  skipped: number;
}

/** Each case's latest event over the shards' texts (in shard order): the first half of standingResolutions. */
export function indexLog(texts: readonly string[]): LogIndex {
  const latest = new Map<string, CaseEvent>();
  let skipped = 0;
  for (const shard of texts) {
    const events: CaseEvent[] = [];
    let shardSkipped = scanShard(shard, events);
    if (shardSkipped === null) {
      // A line that is not JSON: parseShard reads such a shard in its own way (the lines
      // joined into one array first), so the shard is handed to it to get its very answer.
      events.length = 0;
      const parsed = parseShard(shard);
      for (const entry of parsed.entries) events.push(parsedEvent(entry));
      shardSkipped = parsed.skipped;
    }
    skipped += shardSkipped;
    for (const event of events) {
      const seen = latest.get(event.code);
      // The same comparison as standingResolutions, NaN included.
      if (!seen || event.time >= seen.time) latest.set(event.code, event);
    }
  }
  return { latest, skipped };
}

/**
 * The standing resolutions whose resolution time (`resolvedAt`, else `at`) is in [start, end), in
 * standingResolutions' order, as entries (for a caller that needs them; the report counts with
 * periodStatsOfIndex, which builds none).
 */
export function standingInPeriod(index: LogIndex, start: Date, end: Date): LogEntry[] {
  const from = start.getTime();
  const to = end.getTime();
  const standing: LogEntry[] = [];
  for (const event of index.latest.values()) {
    if (!event.resolved || !(event.resolvedTime >= from && event.resolvedTime < to)) continue;
    standing.push(event.entry ?? writtenEntryAt(event.text, event.start));
  }
  return standing;
}

/** `periodStats(standingResolutions(entries), start, end)` over the shards' entries, with parseShard's count of skipped lines. */
export function periodStatsFromText(texts: readonly string[], start: Date, end: Date): { stats: PeriodStats; skipped: number } {
  const index = indexLog(texts);
  return { stats: periodStatsOfIndex(index, start, end), skipped: index.skipped };
}

/**
 * periodStats(standingInPeriod(index, start, end), start, end), counted straight from the
 * lines: the fields it counts are read by position and the times in place, and no entry is built.
 */
export function periodStatsOfIndex(index: LogIndex, start: Date, end: Date): PeriodStats {
  const from = start.getTime();
  const to = end.getTime();
  const tally = new PeriodTally();
  for (const event of index.latest.values()) {
    if (!event.resolved || !(event.resolvedTime >= from && event.resolvedTime < to)) continue;
    const entry = event.entry;
    if (entry) {
      const acknowledged = entry.acknowledgedAt ? isoTimeMs(entry.acknowledgedAt) : null;
      tally.add(entry.trigger, entry.category, entry.outcome, isoTimeMs(entry.openedAt), acknowledged, event.resolvedTime, entry.pseudonym);
      continue;
    }
    const line = event.text;
    const trigger = valueAfter(line, TRIGGER_KEY, event.start);
    const category = valueAfter(line, CATEGORY_KEY, trigger.end);
    const outcome = valueAfter(line, OUTCOME_KEY, category.end);
    const openedAt = valueAfter(line, OPENED_AT_KEY, outcome.end);
    const acknowledgedAt = valueAfter(line, ACKNOWLEDGED_AT_KEY, openedAt.end);
    const pseudonym = valueAfter(line, PSEUDONYM_KEY, acknowledgedAt.end);
    tally.add(
      line.slice(trigger.start, trigger.end),
      category.start < 0 ? null : line.slice(category.start, category.end),
      outcome.start < 0 ? null : line.slice(outcome.start, outcome.end),
      isoTimeIn(line, openedAt.start, openedAt.end),
      // A written time is never empty, so "not null" is what periodStats' truthiness check sees.
      acknowledgedAt.start < 0 ? null : isoTimeIn(line, acknowledgedAt.start, acknowledgedAt.end),
      event.resolvedTime,
      pseudonym.start < 0 ? null : line.slice(pseudonym.start, pseudonym.end),
    );
  }
  return tally.stats();
}

const TRIGGER_KEY = '"trigger":';
const CATEGORY_KEY = '"category":';
const OUTCOME_KEY = '"outcome":';
const OPENED_AT_KEY = '"openedAt":';
const ACKNOWLEDGED_AT_KEY = '"acknowledgedAt":';
const PSEUDONYM_KEY = '"pseudonym":';

/**
 * The value after `key` (searched from `from`) in a line WRITTEN_LINE matched: a string's content
 * as [start, end), or start -1 for null (end is then just past `null`, where the next search may begin).
 */
function valueAfter(line: string, key: string, from: number): { start: number; end: number } {
  const at = line.indexOf(key, from) + key.length;
  if (line.charCodeAt(at) === 110 /* n */) return { start: -1, end: at + 4 };
  return { start: at + 1, end: line.indexOf('"', at + 1) };
}

/** Lines of one shard as parseShard splits them, or null when a line is not JSON at all. */
function scanShard(shard: string, events: CaseEvent[]): number | null {
  let skipped = 0;
  let start = 0;
  while (start < shard.length) {
    let end = shard.indexOf("\n", start);
    if (end < 0) end = shard.length;
    WRITTEN_LINE.lastIndex = start;
    if (WRITTEN_LINE.test(shard)) {
      const eventStart = shard.indexOf(EVENT_KEY, start) + EVENT_KEY.length;
      const atStart = shard.indexOf(AT_KEY, eventStart) + AT_KEY.length;
      const time = isoTimeIn(shard, atStart, shard.indexOf('"', atStart));
      const codeStart = shard.indexOf(CODE_KEY, atStart) + CODE_KEY.length;
      const code = shard.slice(codeStart, shard.indexOf('"', codeStart));
      const resolvedAtStart = shard.indexOf(RESOLVED_AT_KEY, codeStart) + RESOLVED_AT_KEY.length;
      // `null`, or the time in quotes.
      const resolvedTime =
        shard.charCodeAt(resolvedAtStart) === 110 /* n */ ? time : isoTimeIn(shard, resolvedAtStart + 1, shard.indexOf('"', resolvedAtStart + 1));
      events.push({ code, resolved: shard.startsWith('resolved"', eventStart), time, resolvedTime, entry: null, text: shard, start });
    } else {
      const line = shard.slice(start, end);
      if (line.trim() !== "") {
        let json: unknown;
        try {
          json = JSON.parse(line);
        } catch {
          return null;
        }
        const entry = entryFromJson(json);
        if (entry) events.push(parsedEvent(entry));
        else skipped++;
      }
    }
    start = end + 1;
  }
  return skipped;
}

function parsedEvent(entry: LogEntry): CaseEvent {
  const time = isoTimeMs(entry.at);
  return {
    code: entry.case.code,
    resolved: entry.event === "resolved",
    time,
    resolvedTime: entry.resolvedAt === null ? time : isoTimeMs(entry.resolvedAt),
    entry,
    text: "",
    start: -1,
  };
}

/** The entry of a written line, as JSON.parse would return it (keys in the schema's order). */
function writtenEntryAt(shard: string, start: number): LogEntry {
  ENTRY_LINE.lastIndex = start;
  const m = ENTRY_LINE.exec(shard);
  if (!m) throw new Error("a written log line no longer matches its own pattern");
  return {
    v: LOG_ENTRY_VERSION,
    entryId: m[1]!,
    event: m[2] as LogEvent,
    at: m[3]!,
    case: { code: m[4]!, number: Number(m[5]), url: m[6]! },
    trigger: m[7] as LogEntry["trigger"],
    category: m[8] ?? null,
    outcome: m[9] ?? null,
    openedAt: m[10]!,
    acknowledgedAt: m[11] ?? null,
    resolvedAt: m[12] ?? null,
    repository: m[13] ?? null,
    pseudonym: m[14] ?? null,
    moderator: m[15] ?? null,
    corrects: m[16] ?? null,
  };
}
