import { LRUCache } from "lru-cache";
import { RE2JS } from "re2js";
import type { WatchConfig } from "../config/schema.js";

/** Which kind of rule matched: the case shows it, logs name only the kind and its index. */
export type RuleKind = "moderator-team" | "handle" | "phrase" | "screening-word" | "screening-pattern";

export interface RuleMatch {
  kind: RuleKind;
  /** Position of the rule in its list (phrases, handles, words, patterns), for logs. */
  index: number;
  /** What the rule is, for people: `phrase "code of conduct"`. */
  rule: string;
  /** The words in the comment that matched (at most 200 characters). */
  matched: string;
}

/** Which rules take part; all by default. */
export interface ScreenOptions {
  phrases?: boolean;
}

/** A list of literal strings, found case-insensitively at word boundaries. */
interface LiteralMatcher {
  regex: RegExp;
  labels: string[];
}

/**
 * The compiled `watch:` rules of one owner's config. Default rules (mentions,
 * phrases, words) are escaped literals in one native regular expression per
 * list: no quantifier at all, so no input can make it backtrack; cost is
 * linear in the text (times the list's size). User patterns are RE2 (re2js):
 * linear time whatever the pattern.
 */
export class WatchRules {
  constructor(
    private readonly moderatorTeam: LiteralMatcher | null,
    private readonly handles: LiteralMatcher | null,
    private readonly phrases: LiteralMatcher | null,
    private readonly words: LiteralMatcher | null,
    private readonly patterns: Array<{ source: string; regex: RE2JS }>,
  ) {}

  get isEmpty(): boolean {
    return !this.moderatorTeam && !this.handles && !this.phrases && !this.words && this.patterns.length === 0;
  }

  /**
   * The first rule `text` matches, in this order: moderator team, handles, phrases, screening words, screening patterns.
   * `phrases: false` leaves the report phrases out (a thread about the Code of Conduct, see coc-thread.ts).
   */
  firstMatch(text: string, options: ScreenOptions = {}): RuleMatch | null {
    return (
      findLiteral(this.moderatorTeam, text, "moderator-team", (l) => `mention of the moderator team ${l}`) ??
      findLiteral(this.handles, text, "handle", (l) => `mention of ${l}`) ??
      findLiteral(options.phrases === false ? null : this.phrases, text, "phrase", (l) => `phrase "${l}"`) ??
      findLiteral(this.words, text, "screening-word", (l) => `screening word "${l}"`) ??
      this.findPattern(text)
    );
  }

  private findPattern(text: string): RuleMatch | null {
    for (const [index, pattern] of this.patterns.entries()) {
      const matcher = pattern.regex.matcher(text);
      if (matcher.find()) return { kind: "screening-pattern", index, rule: `screening pattern /${pattern.source}/`, matched: excerpt(matcher.group() ?? "") };
    }
    return null;
  }
}

function excerpt(text: string): string {
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

function findLiteral(matcher: LiteralMatcher | null, text: string, kind: RuleKind, describe: (label: string) => string): RuleMatch | null {
  if (!matcher) return null;
  const match = matcher.regex.exec(text);
  if (!match) return null;
  // One capture group per literal: the defined one says which literal matched.
  const index = match.findIndex((group, i) => i > 0 && group !== undefined) - 1;
  const label = matcher.labels[index] ?? "";
  return { kind, index, rule: describe(label), matched: excerpt(match[0]) };
}

/** Escapes every character that means something in a regular expression. */
export function escapeLiteral(text: string): string {
  // Only syntax characters: with the `u` flag, escaping anything else (e.g. `-`) is an error.
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** Phrases are compared with white space squashed (see screen.ts), so the phrase is squashed too. */
function normalisePhrase(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Not inside a word: no letter, digit or underscore on either side (Unicode-aware, unlike `\b`). */
const WORD_BEFORE = "(?<![\\p{L}\\p{N}_])";
const WORD_AFTER = "(?![\\p{L}\\p{N}_])";
/** A mention ends where a login or team slug could not go on. */
const MENTION_BEFORE = "(?<![\\p{L}\\p{N}_@/-])";
const MENTION_AFTER = "(?![\\p{L}\\p{N}_/-])";

function literalMatcher(items: string[], before: string, after: string): LiteralMatcher | null {
  const labels = [...new Set(items.map(normalisePhrase).filter((item) => item.length > 0))];
  if (labels.length === 0) return null;
  const alternatives = labels.map((label) => `(${escapeLiteral(label)})`).join("|");
  return { regex: new RegExp(`${before}(?:${alternatives})${after}`, "iu"), labels };
}

function mentionsOf(handles: string[]): string[] {
  return handles.map((h) => `@${h.replace(/^@/, "")}`);
}

/** Compiles the rules; patterns were validated by the config schema, so they compile. */
export function compileWatchRules(watch: WatchConfig, owner: string, moderatorTeam: string | undefined): WatchRules {
  const team = watch.mentionModeratorTeam && moderatorTeam ? literalMatcher([`@${owner}/${moderatorTeam}`], MENTION_BEFORE, MENTION_AFTER) : null;
  const screening = watch.screening.enabled;
  return new WatchRules(
    team,
    literalMatcher(mentionsOf(watch.handles), MENTION_BEFORE, MENTION_AFTER),
    literalMatcher([...watch.phrases, ...watch.extraPhrases], WORD_BEFORE, WORD_AFTER),
    screening ? literalMatcher(watch.screening.words, WORD_BEFORE, WORD_AFTER) : null,
    screening ? watch.screening.patterns.map((source) => ({ source, regex: RE2JS.compile(source, RE2JS.CASE_INSENSITIVE) })) : [],
  );
}

/**
 * Compiled rules by owner and settings: configs are re-read every minute, and
 * compiling on every comment would waste time. Bounded by owner count.
 */
export class WatchRulesCache {
  private readonly cache = new LRUCache<string, WatchRules>({ max: 500 });

  rulesFor(watch: WatchConfig, owner: string, moderatorTeam: string | undefined): WatchRules {
    const key = JSON.stringify([
      owner.toLowerCase(),
      moderatorTeam ?? null,
      watch.mentionModeratorTeam,
      watch.handles,
      watch.phrases,
      watch.extraPhrases,
      watch.screening,
    ]);
    let rules = this.cache.get(key);
    if (!rules) {
      rules = compileWatchRules(watch, owner, moderatorTeam);
      this.cache.set(key, rules);
    }
    return rules;
  }
}
