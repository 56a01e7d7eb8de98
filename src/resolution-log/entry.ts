import { z } from "zod";
import { triggers } from "../cases/metadata.js";

/**
 * One line of the resolution log (`log/YYYY/MM.jsonl` in the case repository).
 * Versioned: a reader skips lines of a version it does not know instead of guessing.
 * Nothing here names the reported person: `pseudonym` is a keyed hash of their
 * GitHub user id (src/resolution-log/pseudonym.ts), so repeat behaviour shows without a name.
 */
export const LOG_ENTRY_VERSION = 1;

export const logEvents = ["resolved", "reopened"] as const;
export type LogEvent = (typeof logEvents)[number];

/**
 * An ISO 8601 UTC or offset timestamp as `Date#toISOString` writes it. A plain
 * regex rather than `z.iso.datetime()`: same shape, a third of the cost, which
 * matters when a report parses 100,000 lines (bench/transparency.bench.ts).
 */
export const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;
const isoTime = z.string().regex(ISO_TIME, "an ISO 8601 timestamp");

export const logEntrySchema = z.object({
  v: z.literal(LOG_ENTRY_VERSION),
  /** `<case code>:<event>:<at>`: the same event written twice is one entry (idempotency key). */
  entryId: z.string().min(1),
  event: z.enum(logEvents),
  /** When the event happened (the /resolve or /reopen); also picks the month shard. */
  at: isoTime,
  case: z.object({
    code: z.string(),
    number: z.number().int(),
    url: z.string(),
  }),
  trigger: z.enum(triggers),
  category: z.string().nullable(),
  /** The outcome of a resolution; for `reopened`, the outcome being withdrawn. */
  outcome: z.string().nullable(),
  openedAt: isoTime,
  acknowledgedAt: isoTime.nullable(),
  /** The resolution time (`at` of a `resolved` entry; the withdrawn one for `reopened`). */
  resolvedAt: isoTime.nullable(),
  /** `owner/name` of the source repository, or null when the config says `log.repository: redacted`. */
  repository: z.string().nullable(),
  /** HMAC-SHA256 of the reported person's user id (hex); null without PSEUDONYM_KEY or without an author. */
  pseudonym: z.string().nullable(),
  /** Moderator login, only with `log.includeModerators: true`. */
  moderator: z.string().nullable(),
  /** For `reopened`: the entryId of the resolution it corrects (null when unknown). */
  corrects: z.string().nullable(),
});

export type LogEntry = z.infer<typeof logEntrySchema>;

export function entryIdFor(code: string, event: LogEvent, at: string): string {
  return `${code}:${event}:${at}`;
}

/** The month shard an entry belongs to, by its event time in UTC: `log/2026/07.jsonl`. */
export function shardPathFor(at: string | Date): string {
  const date = typeof at === "string" ? new Date(at) : at;
  return shardPath(date.getUTCFullYear(), date.getUTCMonth() + 1);
}

export function shardPath(year: number, month: number): string {
  return `${LOG_FOLDER}/${year}/${String(month).padStart(2, "0")}.jsonl`;
}

export const LOG_FOLDER = "log";

export interface ParsedShard {
  entries: LogEntry[];
  /** Lines that are not a valid entry of a known version (kept in the file, left out of reports). */
  skipped: number;
}

/**
 * Parses JSON Lines. A damaged or unknown line is skipped and counted, never fatal:
 * one bad line must not hide a year of history.
 */
export function parseShard(text: string): ParsedShard {
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  // Fast path: one JSON.parse for the whole shard (much cheaper than one per line);
  // a damaged line makes it throw, and then each line is parsed on its own.
  let values: unknown[] | null = null;
  try {
    values = JSON.parse(`[${lines.join(",")}]`) as unknown[];
    if (values.length !== lines.length) values = null;
  } catch {
    values = null;
  }
  const entries: LogEntry[] = [];
  let skipped = 0;
  for (let i = 0; i < lines.length; i++) {
    let json: unknown;
    if (values) json = values[i];
    else {
      try {
        json = JSON.parse(lines[i]!);
      } catch {
        skipped++;
        continue;
      }
    }
    const entry = entryFromJson(json);
    if (entry) entries.push(entry);
    else skipped++;
  }
  return { entries, skipped };
}

/** One parsed JSON value as an entry (the written shape checked by hand, anything else by zod), or null. */
export function entryFromJson(json: unknown): LogEntry | null {
  if (isWrittenEntry(json)) return json;
  const parsed = logEntrySchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

const ENTRY_KEYS = Object.keys(logEntrySchema.shape);
const CASE_KEYS = ["code", "number", "url"];
const EVENTS: ReadonlySet<unknown> = new Set(logEvents);
const TRIGGERS: ReadonlySet<unknown> = new Set(triggers);

/**
 * The shape `serialiseEntry` writes, checked without zod: exactly the schema's
 * keys in the schema's order (so the value is what zod would return), each of
 * the schema's type. It accepts only what `logEntrySchema` accepts; anything
 * else (an extra or missing field, other key order, an old line edited by hand)
 * goes to zod, the validator of record. A report parses 100,000 lines, and
 * this is about a tenth of zod's cost per line (bench/transparency.bench.ts).
 */
function isWrittenEntry(value: unknown): value is LogEntry {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const entry = value as Record<string, unknown>;
  if (!sameKeys(entry, ENTRY_KEYS)) return false;
  const c = entry.case;
  if (typeof c !== "object" || c === null || Array.isArray(c) || !sameKeys(c as Record<string, unknown>, CASE_KEYS)) return false;
  const { code, number, url } = c as Record<string, unknown>;
  return (
    entry.v === LOG_ENTRY_VERSION &&
    typeof entry.entryId === "string" &&
    entry.entryId.length > 0 &&
    EVENTS.has(entry.event) &&
    isTime(entry.at) &&
    typeof code === "string" &&
    Number.isSafeInteger(number) &&
    typeof url === "string" &&
    TRIGGERS.has(entry.trigger) &&
    stringOrNull(entry.category) &&
    stringOrNull(entry.outcome) &&
    isTime(entry.openedAt) &&
    (entry.acknowledgedAt === null || isTime(entry.acknowledgedAt)) &&
    (entry.resolvedAt === null || isTime(entry.resolvedAt)) &&
    stringOrNull(entry.repository) &&
    stringOrNull(entry.pseudonym) &&
    stringOrNull(entry.moderator) &&
    stringOrNull(entry.corrects)
  );
}

function sameKeys(value: Record<string, unknown>, keys: readonly string[]): boolean {
  let i = 0;
  for (const key in value) {
    if (key !== keys[i++]) return false;
  }
  return i === keys.length;
}

function isTime(value: unknown): boolean {
  return typeof value === "string" && ISO_TIME.test(value);
}

function stringOrNull(value: unknown): boolean {
  return value === null || typeof value === "string";
}

/** True when the shard text already holds a line with this entryId (exact JSON field match). */
export function shardHasEntry(text: string, entryId: string): boolean {
  const needle = `"entryId":${JSON.stringify(entryId)}`;
  if (!text.includes(needle)) return false;
  return parseShard(text).entries.some((e) => e.entryId === entryId);
}

/** One JSON line, fields in schema order. */
export function serialiseEntry(entry: LogEntry): string {
  return JSON.stringify(logEntrySchema.parse(entry));
}
