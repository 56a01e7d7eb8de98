// parseShard checks the shape serialiseEntry writes without zod, and hands anything else to
// zod (the validator of record). Whatever path a line takes, the result must be zod's.
import { describe, expect, it } from "vitest";
import { logEntrySchema, parseShard, serialiseEntry, type LogEntry } from "../../../src/resolution-log/entry.js";

const written: LogEntry = logEntrySchema.parse({
  v: 1,
  entryId: "CI-7KQ3M2:resolved:2026-11-20T10:00:00.000Z",
  event: "resolved",
  at: "2026-11-20T10:00:00.000Z",
  case: { code: "CI-7KQ3M2", number: 12, url: "https://github.com/acme/moderation/issues/12" },
  trigger: "label",
  category: "Harassment or intimidation",
  outcome: "warning",
  openedAt: "2026-11-18T09:00:00.000Z",
  acknowledgedAt: null,
  resolvedAt: "2026-11-20T10:00:00.000Z",
  repository: "acme/widgets",
  pseudonym: "ab".repeat(32),
  moderator: null,
  corrects: null,
});

/** Each variant changes one thing about a written line. */
const variants: Record<string, (entry: Record<string, any>) => unknown> = {
  "as written": (e) => e,
  "keys in another order (zod reorders them)": ({ v, ...rest }) => ({ ...rest, v }),
  "an extra field (zod drops it)": (e) => ({ ...e, note: "added by hand" }),
  "an extra field in case (zod drops it)": (e) => ({ ...e, case: { ...e.case, title: "x" } }),
  "a missing field": ({ corrects: _, ...rest }) => rest,
  "another version": (e) => ({ ...e, v: 2 }),
  "an empty entryId": (e) => ({ ...e, entryId: "" }),
  "an unknown event": (e) => ({ ...e, event: "deleted" }),
  "an unknown trigger": (e) => ({ ...e, trigger: "email" }),
  "a time that is not ISO 8601": (e) => ({ ...e, at: "20 November 2026" }),
  "an openedAt that is not ISO 8601": (e) => ({ ...e, openedAt: "yesterday" }),
  "a null openedAt": (e) => ({ ...e, openedAt: null }),
  "an acknowledgedAt that is not a time": (e) => ({ ...e, acknowledgedAt: "soon" }),
  "an acknowledgedAt with an offset": (e) => ({ ...e, acknowledgedAt: "2026-11-19T09:00:00+02:00" }),
  "a resolvedAt that is a number": (e) => ({ ...e, resolvedAt: 1_763_632_800_000 }),
  "a fractional case number": (e) => ({ ...e, case: { ...e.case, number: 12.5 } }),
  "a case number past safe integers": (e) => ({ ...e, case: { ...e.case, number: 2 ** 60 } }),
  "a case number as text": (e) => ({ ...e, case: { ...e.case, number: "12" } }),
  "a case that is an array": (e) => ({ ...e, case: ["CI-7KQ3M2", 12, "u"] }),
  "a numeric category": (e) => ({ ...e, category: 3 }),
  "a numeric outcome": (e) => ({ ...e, outcome: 3 }),
  "a repository that is an object": (e) => ({ ...e, repository: { owner: "acme" } }),
  "a numeric pseudonym": (e) => ({ ...e, pseudonym: 42 }),
  "a moderator that is true": (e) => ({ ...e, moderator: true }),
  "corrects as a number": (e) => ({ ...e, corrects: 7 }),
  "an array instead of an entry": () => [1, 2, 3],
  "null instead of an entry": () => null,
};

describe("parsing log lines", () => {
  it("gives zod's verdict and zod's value for every line, whichever way it is checked", () => {
    const base = JSON.parse(serialiseEntry(written)) as Record<string, any>;
    const lines = Object.values(variants).map((change) => JSON.stringify(change(structuredClone(base))));
    const expected = lines.map((line) => logEntrySchema.safeParse(JSON.parse(line)));

    // One shard of every variant (the fast path for the whole shard), and each line alone.
    const together = parseShard(lines.join("\n"));
    expect(together.entries).toStrictEqual(expected.filter((r) => r.success).map((r) => r.data));
    expect(together.skipped).toBe(expected.filter((r) => !r.success).length);
    Object.keys(variants).forEach((name, i) => {
      const alone = parseShard(lines[i]!);
      const zod = expected[i]!;
      expect({ name, entries: alone.entries, skipped: alone.skipped }).toStrictEqual({
        name,
        entries: zod.success ? [zod.data] : [],
        skipped: zod.success ? 0 : 1,
      });
      // Key order too: a report or an export sees the same object either way.
      if (zod.success) expect(Object.keys(alone.entries[0]!)).toStrictEqual(Object.keys(zod.data));
    });
    // The variants cover both verdicts.
    expect(together.entries.length).toBeGreaterThan(2);
    expect(together.skipped).toBeGreaterThan(10);
  });
});
