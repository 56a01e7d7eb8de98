// The period report reads the log's text with src/log/scan.ts instead of parsing every line into
// an entry. These tests hold it to the reference path, parseShard -> standingResolutions ->
// periodStats -> render, on a generated log with every kind of entry and line: the same entries,
// the same numbers in the same order, the same count of skipped lines and the same Markdown.
import fc from "fast-check";
import nock from "nock";
import { Octokit } from "@octokit/rest";
import { afterEach, describe, expect, it } from "vitest";
import { triggers } from "../src/cases/metadata.js";
import { configSchema } from "../src/config/schema.js";
import { parseShard, type LogEntry } from "../src/resolution-log/entry.js";
import { parsePeriod, type Period } from "../src/resolution-log/period.js";
import { standingResolutions } from "../src/resolution-log/resolutions.js";
import { indexLog, periodStatsFromText, periodStatsOfIndex, standingInPeriod } from "../src/resolution-log/scan.js";
import { periodStats, type PeriodStats } from "../src/resolution-log/stats.js";
import { renderPeriodStats, renderTransparencyReport, transparencyReport } from "../src/resolution-log/transparency.js";
import { FakeRepoContents } from "./helpers/contents.js";
import { captureLogs } from "./helpers/logs.js";
import { prng } from "./helpers/prng.js";

const HOUR = 3_600_000;
/** Instants on the edges of months, quarters, halves and years, where `< end` and `>= start` decide. */
const EDGES = [
  "2026-01-01T00:00:00.000Z",
  "2026-04-01T00:00:00.000Z",
  "2026-06-30T23:59:59.999Z",
  "2026-07-01T00:00:00.000Z",
  "2026-12-31T23:59:59.999Z",
  "2027-01-01T00:00:00.000Z",
];

interface GeneratedLog {
  shards: string[];
  /** How many lines of each kind went in, so the test can show that it covers them. */
  kinds: Record<string, number>;
}

/**
 * Cases with one to four events (resolved, reopened, resolved again, some at the same instant),
 * lines shuffled across shards, times in every shape the schema admits (offsets, no fraction,
 * nine digits, impossible dates), resolvedAt apart from at, strings with escapes, and lines that
 * the written shape does not describe: other key order, spaces, CRLF, numbers like 12.0, valid
 * JSON that is no entry, and lines that are not JSON at all.
 */
function generateLog(seed: number, caseCount: number): GeneratedLog {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const kinds: Record<string, number> = {};
  const count = (kind: string) => (kinds[kind] = (kinds[kind] ?? 0) + 1);
  const categories = [
    "Harassment",
    "Harassment",
    "Harassment",
    "Trolling",
    "Trolling",
    "Doxxing",
    'Said "go away"',
    "Tab\there",
    "Ünïcödé ✓",
    "",
    null,
    "rare",
  ];
  const outcomes = ["correction", "correction", "warning", "no-action", "temporary-ban", null];
  const start = Date.UTC(2025, 9, 1);
  const span = Date.UTC(2027, 3, 1) - start;
  const iso = (ms: number) => new Date(ms).toISOString();
  /** A time in one of the shapes a line may hold; mostly Date#toISOString's. */
  const shaped = (ms: number): string => {
    const r = random();
    const text = iso(ms);
    if (r < 0.85) return text;
    if (r < 0.89) return text.replace(".000Z", "Z").replace(/\.\d{3}Z$/, "Z");
    if (r < 0.92) return new Date(ms + 2 * HOUR).toISOString().replace("Z", "+02:00");
    if (r < 0.94) return text.replace("Z", "123456Z");
    if (r < 0.96) return text.replace(/^(\d{4})-\d{2}-\d{2}/, "$1-02-30");
    if (r < 0.98) return text.replace(/T\d{2}/, "T24");
    return text.replace(/^(\d{4})-\d{2}/, "$1-13");
  };
  const lines: { order: number; line: string }[] = [];
  const add = (line: string, kind: string) => {
    count(kind);
    lines.push({ order: random(), line });
  };

  for (let i = 0; i < caseCount; i++) {
    const code = `CI-${i.toString(36).toUpperCase().padStart(6, "0")}`;
    const opened = start + Math.floor(random() * span);
    let at = random() < 0.08 ? Date.parse(pick(EDGES)) : opened + Math.floor(random() * 40 * 24 * HOUR);
    const base = {
      case: { code, number: i + 1, url: `https://github.com/acme/moderation/issues/${i + 1}` },
      trigger: pick(triggers),
      category: pick(categories),
      openedAt: shaped(opened),
      acknowledgedAt: random() < 0.85 ? shaped(opened + Math.floor(random() * 30 * HOUR)) : null,
      repository: random() < 0.8 ? "acme/widgets" : null,
      pseudonym: random() < 0.1 ? null : random() < 0.05 ? "" : `p${Math.floor(random() * 60)}`,
      moderator: random() < 0.2 ? "mod-mia" : null,
    };
    const events = 1 + Math.floor(random() * random() * 4);
    let lastResolved: string | null = null;
    for (let e = 0; e < events; e++) {
      const event = e % 2 === 0 ? "resolved" : "reopened";
      const atText = shaped(at);
      const resolvedRoll = random();
      const resolvedAt =
        event === "reopened"
          ? lastResolved
          : resolvedRoll < 0.05
            ? null
            : resolvedRoll < 0.1
              ? iso(at + (random() < 0.5 ? -1 : 1) * Math.floor(random() * 90) * 24 * HOUR)
              : atText;
      const entry = {
        v: 1,
        entryId: `${code}:${event}:${atText}`,
        event,
        at: atText,
        ...base,
        outcome: pick(outcomes),
        resolvedAt,
        corrects: event === "reopened" && random() < 0.8 ? `${code}:resolved:${lastResolved}` : null,
      };
      // The schema's key order (serialiseEntry's), whatever order the object above was built in.
      const written = {
        v: entry.v,
        entryId: entry.entryId,
        event: entry.event,
        at: entry.at,
        case: entry.case,
        trigger: entry.trigger,
        category: entry.category,
        outcome: entry.outcome,
        openedAt: entry.openedAt,
        acknowledgedAt: entry.acknowledgedAt,
        resolvedAt: entry.resolvedAt,
        repository: entry.repository,
        pseudonym: entry.pseudonym,
        moderator: entry.moderator,
        corrects: entry.corrects,
      };
      const line = JSON.stringify(written);
      const r = random();
      if (r < 0.7) add(line, line.includes("\\") ? "written with escapes" : "written");
      else if (r < 0.73) {
        const { v, ...rest } = written;
        add(JSON.stringify({ ...rest, extra: 1, v }), "keys in another order, an extra field");
      } else if (r < 0.76) add(line.replace('"event":', '"event": '), "a space");
      else if (r < 0.79) add(`${line}\r`, "CRLF");
      else if (r < 0.81) add(line.replace(/"number":\d+/, '"number":12.0'), "number 12.0");
      else if (r < 0.82) add(line.replace(/"number":\d+/, '"number":-0'), "number -0");
      else if (r < 0.83) add(line.replace(/"number":\d+/, '"number":123456789012345'), "number of 15 digits");
      else if (r < 0.84) add(line.replace(/"number":\d+/, '"number":12345678901234567'), "number past safe integers");
      else if (r < 0.86) add(line.replace('"v":1', '"v":2'), "another version");
      else if (r < 0.88) add(line.replace(/"trigger":"[^"]+"/, '"trigger":"email"'), "unknown trigger");
      else if (r < 0.89) add(line.replace(/"at":"[^"]+"/, '"at":"yesterday"'), "time that is not ISO");
      else if (r < 0.9) add(line.replace('"outcome":', '"outcome":7,"x":'), "a number for a string");
      else add(line, "written");
      if (event === "resolved") lastResolved = atText;
      // Mostly later, sometimes at the very same instant (the later line decides), sometimes a year on.
      const step = random();
      at += step < 0.1 ? 0 : step < 0.2 ? 365 * 24 * HOUR : Math.floor(random() * 20 * 24 * HOUR);
    }
  }
  for (const extra of ["", "   ", "\t", "null", "42", "[1,2]", '"a string"', "{}"]) add(extra, extra.trim() === "" ? "blank" : "JSON that is no entry");

  lines.sort((a, b) => a.order - b.order);
  const shards: string[] = [];
  const size = Math.ceil(lines.length / 8);
  for (let s = 0; s < 8; s++)
    shards.push(
      lines
        .slice(s * size, (s + 1) * size)
        .map((l) => l.line)
        .join("\n") + (s % 2 === 0 ? "\n" : ""),
    );
  // Two shards get lines that are not JSON: one cut short, one a value spread over two lines
  // (which parseShard's joined read of a shard takes as one entry, and the scan must too).
  const damaged = shards[3]!.split("\n");
  damaged.splice(5, 0, damaged[4]!.slice(0, 40), `${damaged[6]}x`);
  shards[3] = damaged.join("\n");
  count("not JSON");
  count("not JSON");
  const spread = shards[6]!.split("\n");
  const whole = spread[2]!.startsWith('{"v":1,"entryId"') ? spread[2]! : JSON.stringify(JSON.parse(spread.find((l) => l.startsWith('{"v":1,"entryId"'))!));
  const cut = whole.indexOf(',"event"');
  spread.splice(2, 1, whole.slice(0, cut), whole.slice(cut + 1), "1,2");
  shards[6] = spread.join("\n");
  count("one entry over two lines");
  return { shards, kinds };
}

/** The reference: every line parsed, every case's standing resolution. */
function reference(shards: readonly string[]): { entries: LogEntry[]; standing: LogEntry[]; skipped: number } {
  const parsed = shards.map((s) => parseShard(s));
  const entries = parsed.flatMap((p) => p.entries);
  return { entries, standing: standingResolutions(entries), skipped: parsed.reduce((sum, p) => sum + p.skipped, 0) };
}

/** The standing resolutions the reference's periodStats counts in the period, in its order. */
function inPeriod(standing: readonly LogEntry[], period: Period): LogEntry[] {
  const from = period.start.getTime();
  const to = period.end.getTime();
  return standing.filter((e) => {
    const resolved = Date.parse(e.resolvedAt ?? e.at);
    return resolved >= from && resolved < to;
  });
}

/** Maps as lists, so that the order of their keys (which decides ties in the report's tables) is compared too. */
function comparable(stats: PeriodStats) {
  return { ...stats, byCategory: [...stats.byCategory], byOutcome: [...stats.byOutcome], byTrigger: [...stats.byTrigger] };
}

const PERIODS = [
  ...["2025", "2026", "2027"],
  ...["2025-H2", "2026-H1", "2026-H2", "2027-H1"],
  ...["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4", "2027-Q1"],
  ...Array.from({ length: 18 }, (_, i) => `${2025 + Math.floor((i + 9) / 12)}-${String(((i + 9) % 12) + 1).padStart(2, "0")}`),
].map(parsePeriod);

describe("the period report read from the log's text", () => {
  const log = generateLog(20261128, 2_500);

  it("covers every kind of line it was built to cover", () => {
    expect(Object.keys(log.kinds).sort()).toStrictEqual(
      [
        "written",
        "written with escapes",
        "keys in another order, an extra field",
        "a space",
        "CRLF",
        "number 12.0",
        "number -0",
        "number of 15 digits",
        "number past safe integers",
        "another version",
        "unknown trigger",
        "time that is not ISO",
        "a number for a string",
        "blank",
        "JSON that is no entry",
        "not JSON",
        "one entry over two lines",
      ].sort(),
    );
    expect(Math.min(...Object.values(log.kinds))).toBeGreaterThan(0);
    // Entries exactly on a period's edge, and same-instant events of one case, are in the log.
    const entries = log.shards.flatMap((s) => parseShard(s).entries);
    expect(entries.filter((e) => EDGES.includes(e.resolvedAt ?? e.at)).length).toBeGreaterThan(20);
    const instants = new Set<string>();
    let ties = 0;
    for (const e of entries) {
      const key = `${e.case.code} ${e.at}`;
      if (instants.has(key)) ties++;
      instants.add(key);
    }
    expect(ties).toBeGreaterThan(10);
    // The entry spread over two lines is one entry to parseShard (its lines joined into one array).
    const spread = log.shards[6]!.split("\n");
    const spreadCode = /"code":"([^"]+)"/.exec(spread[3]!)![1]!;
    expect(parseShard(log.shards[6]!).entries.filter((e) => e.case.code === spreadCode && e.entryId === JSON.parse(`${spread[2]}}`).entryId)).toHaveLength(1);
  });

  it("finds the same standing resolutions, numbers and skipped lines as parsing every line, for every period", () => {
    const expected = reference(log.shards);
    const index = indexLog(log.shards);
    expect(index.skipped).toBe(expected.skipped);
    expect(index.skipped).toBeGreaterThan(50);
    let counted = 0;
    for (const period of PERIODS) {
      const standing = standingInPeriod(index, period.start, period.end);
      const wanted = inPeriod(expected.standing, period);
      counted += wanted.length;
      expect({ period: period.label, standing }).toStrictEqual({ period: period.label, standing: wanted });
      // Key order too: an entry read back from its line is the object JSON.parse makes. And the
      // numbers counted straight from the lines are periodStats' over the reference's entries.
      expect(standing.map((e) => JSON.stringify(e))).toStrictEqual(wanted.map((e) => JSON.stringify(e)));
      expect({ period: period.label, stats: comparable(periodStatsOfIndex(index, period.start, period.end)) }).toStrictEqual({
        period: period.label,
        stats: comparable(periodStats(expected.standing, period.start, period.end)),
      });
    }
    expect(counted).toBeGreaterThan(3 * 1_000);
    // The whole path in one call, for one period.
    const year = parsePeriod("2026");
    const fromText = periodStatsFromText(log.shards, year.start, year.end);
    expect({ stats: comparable(fromText.stats), skipped: fromText.skipped }).toStrictEqual({
      stats: comparable(periodStats(expected.standing, year.start, year.end)),
      skipped: expected.skipped,
    });
  });

  it("renders the same Markdown, small counts hidden the same way, at the edges of periods", async () => {
    const now = new Date("2027-04-02T00:00:00Z");
    const entries = log.shards.flatMap((s) => parseShard(s).entries);
    const seen = { fewerThan: 0, shown: 0, tooFew: 0 };
    for (const [label, suppressBelow] of [
      ["2026", 3],
      ["2026-H2", 5],
      ["2026-Q3", 10],
      ["2026-07", 3],
      ["2026-12", 40],
      ["2027-03", 3],
      ["2026-01", 200],
    ] as const) {
      const period = parsePeriod(label);
      const config = configSchema.parse({ log: { suppressBelow } });
      const before = await renderTransparencyReport(entries, period, config, { now });
      const { stats } = periodStatsFromText(log.shards, period.start, period.end);
      const after = await renderPeriodStats(stats, period, config, { now });
      expect({ label, markdown: after.markdown }).toStrictEqual({ label, markdown: before.markdown });
      if (after.markdown.includes("| fewer than")) seen.fewerThan++;
      if (/\| \d+ \| [\d.]+% \|/.test(after.markdown)) seen.shown++;
      if (after.markdown.includes("cases were resolved in this period. To protect")) seen.tooFew++;
    }
    // Both sides of suppression were rendered, and a period with too few cases.
    expect(seen.fewerThan).toBeGreaterThan(0);
    expect(seen.shown).toBeGreaterThan(0);
    expect(seen.tooFew).toBeGreaterThan(0);
  });

  it("gives parseShard's verdict on any string values a written line may hold", () => {
    const value = fc.oneof(fc.string({ unit: "binary" }), fc.string(), fc.constantFrom("", '"', "\\", "\u2028", "\u0000", "\ud800", "a\nb", "a\tb"));
    const period = parsePeriod("2026");
    fc.assert(
      fc.property(value, value, value, fc.option(value), fc.option(value), (code, url, entryId, category, pseudonym) => {
        const line = JSON.stringify({
          v: 1,
          entryId,
          event: "resolved",
          at: "2026-05-01T00:00:00.000Z",
          case: { code, number: 1, url },
          trigger: "label",
          category,
          outcome: "warning",
          openedAt: "2026-04-30T00:00:00.000Z",
          acknowledgedAt: null,
          resolvedAt: "2026-05-01T00:00:00.000Z",
          repository: null,
          pseudonym,
          moderator: null,
          corrects: null,
        });
        // Written; twice; with something after the closing brace; and with the string values
        // unescaped (raw control characters, bare quotes: not JSON).
        const unescaped = line.replaceAll("\\\\", "\\").replaceAll('\\"', '"').replaceAll("\\n", "\n").replaceAll("\\t", "\t");
        for (const text of [line, `${line}\n${line}`, `${line} `, `${line}x`, `${line}\r\n`, unescaped]) {
          const expected = reference([text]);
          const index = indexLog([text]);
          expect(standingInPeriod(index, period.start, period.end)).toStrictEqual(inPeriod(expected.standing, period));
          expect(index.skipped).toBe(expected.skipped);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("transparencyReport (the command and the CLI) over shards with damaged lines", () => {
  let repo: FakeRepoContents | undefined;
  afterEach(() => {
    repo?.dispose();
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("counts and logs the lines it could not read, and reports the rest as the reference path does", async () => {
    const log = generateLog(7, 300);
    // Each generated shard becomes one month of 2026's second half.
    const files = Object.fromEntries(log.shards.slice(0, 6).map((text, i) => [`log/2026/${String(7 + i).padStart(2, "0")}.jsonl`, text]));
    repo = new FakeRepoContents("acme", "moderation", files);
    const logs = captureLogs();
    const github = new Octokit({ auth: "t", log: { debug() {}, info() {}, warn() {}, error() {} } });
    const period = parsePeriod("2026-H2");
    const now = new Date("2027-01-05T00:00:00Z");
    const config = configSchema.parse({});

    const report = await transparencyReport(github, { owner: "acme", repo: "moderation" }, config, period, { now, log: logs.log });

    const expected = reference(log.shards.slice(0, 6));
    expect(report.skipped).toBe(expected.skipped);
    expect(report.skipped).toBeGreaterThan(0);
    expect(report.markdown).toBe((await renderTransparencyReport(expected.entries, period, config, { now })).markdown);
    expect(report.markdown).toContain("cases were resolved.");
    expect(logs.lines.filter((l) => l.msg === "some log lines could not be read and are left out of the report")).toStrictEqual([
      expect.objectContaining({ level: 40, skipped: expected.skipped, shards: Object.keys(files) }),
    ]);
  });
});
