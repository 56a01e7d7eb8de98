import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/config/load.js";
import { configSchema, type WatchConfig } from "../../../src/config/schema.js";
import { isAllowedPath, isAllowedUser } from "../../../src/watch/allow.js";
import { compileWatchRules } from "../../../src/watch/rules.js";
import { readableText, screen } from "../../../src/watch/screen.js";

function watchConfig(watch: Record<string, unknown> = {}): WatchConfig {
  return configSchema.parse({ watch: { enabled: true, ...watch } }).watch;
}

const defaults = compileWatchRules(watchConfig(), "octo-org", "moderators");
const MB = 1_000_000;

describe("screening: what counts as a report", () => {
  it("finds a default phrase case-insensitively, across line breaks and emphasis", () => {
    expect(screen(defaults, "I think this breaks our Code\nof **Conduct**.")).toMatchObject({
      kind: "phrase",
      rule: 'phrase "code of conduct"',
      matched: "Code of Conduct",
    });
    expect(screen(defaults, "THIS IS HARASSMENT")).toMatchObject({ kind: "phrase", matched: "THIS IS HARASSMENT" });
  });

  it("matches whole words only", () => {
    expect(screen(defaults, "the barcode of conducts table")).toBeNull();
    expect(screen(defaults, "a CoC violationist")).toBeNull();
    expect(screen(defaults, "(CoC violation)")).toMatchObject({ kind: "phrase", matched: "CoC violation" });
  });

  it("ignores phrases inside fenced code, indented code, inline code, HTML comments and quotes of others", () => {
    const body = [
      "Here is the new check:",
      "",
      "```yaml",
      "rules: code of conduct",
      "```",
      "",
      "~~~",
      "this is harassment",
      "~~~",
      "",
      "    violates the CoC",
      "",
      "It greps for `CoC violation` in titles. <!-- report this behaviour -->",
      "",
      "> this is harassment, they said",
      "> > and code of conduct",
    ].join("\n");
    expect(screen(defaults, body)).toBeNull();
    expect(readableText(body).quotes).toStrictEqual(["this is harassment, they said and code of conduct"]);
  });

  it("finds the moderator team and configured handles as mentions, not as parts of other names", () => {
    const rules = compileWatchRules(watchConfig({ handles: ["@alice", "octo-org/safety"] }), "octo-org", "moderators");
    expect(screen(rules, "cc @octo-org/moderators please")).toMatchObject({ kind: "moderator-team", matched: "@octo-org/moderators" });
    expect(screen(rules, "@Alice, can you look?")).toMatchObject({ kind: "handle", rule: "mention of @alice" });
    expect(screen(rules, "ping @octo-org/safety.")).toMatchObject({ kind: "handle" });
    expect(screen(rules, "@alicex and @octo-org/moderators-bots and me@alice")).toBeNull();
    const noTeam = compileWatchRules(watchConfig({ mentionModeratorTeam: false }), "octo-org", "moderators");
    expect(screen(noTeam, "cc @octo-org/moderators")).toBeNull();
  });

  it("adds extraPhrases to the defaults, and replaces the defaults with phrases", () => {
    const extra = compileWatchRules(watchConfig({ extraPhrases: ["not okay here"] }), "o", undefined);
    expect(screen(extra, "That is NOT okay here.")).toMatchObject({ kind: "phrase", rule: 'phrase "not okay here"' });
    expect(screen(extra, "code of conduct")).toMatchObject({ kind: "phrase" });
    const replaced = compileWatchRules(watchConfig({ phrases: ["flag this"] }), "o", undefined);
    expect(screen(replaced, "code of conduct")).toBeNull();
    expect(screen(replaced, "please flag this")).toMatchObject({ rule: 'phrase "flag this"' });
  });

  it("treats regex characters in phrases literally", () => {
    const rules = compileWatchRules(watchConfig({ phrases: ["a.b (c)", "x+y"] }), "o", undefined);
    expect(screen(rules, "see a.b (c) now")).toMatchObject({ matched: "a.b (c)" });
    expect(screen(rules, "see aXb (c) now")).toBeNull();
    expect(screen(rules, "x+y")).toMatchObject({ matched: "x+y" });
  });

  it("screens words and RE2 patterns only when screening is enabled", () => {
    const settings = { words: ["nincompoop"], patterns: ["\\bdumb\\s*ass\\b"] };
    const off = compileWatchRules(watchConfig({ screening: settings, phrases: [] }), "o", undefined);
    expect(screen(off, "you nincompoop")).toBeNull();
    expect(off.isEmpty).toBe(true);
    const on = compileWatchRules(watchConfig({ screening: { enabled: true, ...settings }, phrases: [] }), "o", undefined);
    expect(screen(on, "you NINCOMPOOP!")).toMatchObject({ kind: "screening-word", index: 0, matched: "NINCOMPOOP" });
    expect(screen(on, "what a Dumb Ass move")).toMatchObject({ kind: "screening-pattern", index: 0, matched: "Dumb Ass" });
    expect(screen(on, "`dumbass` in code")).toBeNull();
  });
});

describe("screening patterns in the config", () => {
  it("refuses a pattern RE2 cannot run, with a message the owner understands", () => {
    const result = parseConfig({ watch: { screening: { patterns: ["(a)\\1", "ok+"] } } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem).toContain('"(a)\\\\1": not a valid RE2 regular expression');
    expect(result.problem).toContain("no backreferences");
    expect(result.problem).toContain("watch.screening.patterns[0]");
    expect(result.problem).not.toContain("patterns[1]");
  });

  it("refuses lookarounds and oversized programs", () => {
    const lookbehind = parseConfig({ watch: { screening: { patterns: ["(?<=x)y"] } } });
    expect(lookbehind.ok).toBe(false);
    const huge = parseConfig({ watch: { screening: { patterns: ["[a-z]{1000}[0-9]{1000}[a-z]{1000}[0-9]{1000}[a-z]{1000}[a-z]{1000}"] } } });
    expect(huge.ok).toBe(false);
    if (!huge.ok) expect(huge.problem).toContain("too large");
  });

  it("refuses handles that are not GitHub names", () => {
    const result = parseConfig({ watch: { handles: ["not a handle"] } });
    expect(result.ok).toBe(false);
  });
});

describe("screening stays linear on hostile input", () => {
  it("answers for a 1 MB comment with and without a report in it", () => {
    const filler = "Thanks for the patch, I left a few notes on the tests. ".repeat(MB / 55);
    expect(filler.length).toBeGreaterThan(990_000);
    expect(screen(defaults, filler)).toBeNull();
    expect(screen(defaults, `${filler}\n\nThis violates the CoC.`)).toMatchObject({ kind: "phrase", matched: "violates the CoC" });
  });

  it("runs an exponential-backtracking pattern such as (a+)+$ in linear time under RE2", () => {
    const rules = compileWatchRules(watchConfig({ phrases: [], screening: { enabled: true, patterns: ["(x|xx)+y", "(a+)+$", "(a|aa)+!"] } }), "o", undefined);
    // With a backtracking engine, 30 characters of these take seconds; here a megabyte is screened.
    expect(screen(rules, `${"a".repeat(MB)}?`)).toBeNull();
    expect(screen(rules, `${"x".repeat(MB / 10)}!`)).toBeNull();
    expect(screen(rules, `${"a".repeat(MB / 10)}!`)).toMatchObject({ kind: "screening-pattern", index: 2 });
  });

  it("survives Markdown built to slow parsers down", () => {
    const hostile = [
      `x ${"`".repeat(50_000)} code of conduct`,
      "[".repeat(100_000),
      `${"> ".repeat(50_000)}nested`,
      "*a ".repeat(100_000),
      "<!--".repeat(50_000),
      "```\n".repeat(10_000),
    ];
    for (const text of hostile) expect(() => readableText(text)).not.toThrow();
    expect(screen(defaults, hostile[0]!)).toMatchObject({ kind: "phrase" });
  });

  it("a long list of near-identical phrases is still one pass", () => {
    const phrases = Array.from({ length: 500 }, (_, i) => `${"a".repeat(190)}${i}`);
    const rules = compileWatchRules(watchConfig({ phrases }), "o", undefined);
    expect(screen(rules, "a".repeat(MB))).toBeNull();
    expect(screen(rules, `${"a".repeat(189)} ${"a".repeat(190)}499`)).toMatchObject({ index: 499 });
  });
});

describe("allow-lists", () => {
  const watch = watchConfig({ allowUsers: ["@Dependabot", "release-bot"], allowPaths: ["sandbox", "octo-org/experiments-*", "*/docs"] });
  it("skips listed people, case-insensitively", () => {
    expect(isAllowedUser(watch, "dependabot")).toBe(true);
    expect(isAllowedUser(watch, "release-bot")).toBe(true);
    expect(isAllowedUser(watch, "someone")).toBe(false);
  });
  it("skips listed repositories, by name or owner/name with wildcards", () => {
    expect(isAllowedPath(watch, "octo-org", "Sandbox")).toBe(true);
    expect(isAllowedPath(watch, "octo-org", "experiments-2026")).toBe(true);
    expect(isAllowedPath(watch, "other", "experiments-2026")).toBe(false);
    expect(isAllowedPath(watch, "anyone", "docs")).toBe(true);
    expect(isAllowedPath(watch, "octo-org", "website")).toBe(false);
  });
});
