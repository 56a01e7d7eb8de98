import { RE2JS } from "re2js";
import { z } from "zod";

/**
 * The one source of truth for `.github/call-in.yml`: types, defaults and the
 * documentation shown in editors (config.schema.json is generated from it).
 * Every optional field has a `.default()`, so a parsed config is complete.
 * Array defaults live here, never in `context.config` (which concatenates arrays).
 */

/** A duration such as `24h`, `3d`, `1w`, `1mo`. Parsed by `src/util/duration.ts`. */
export const durationString = z.string().regex(/^\d+(m|h|d|w|mo)$/, "use a number and a unit: m (minutes), h, d, w or mo, e.g. 24h or 14d");

const repoName = z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, "a repository name of the same owner, without the owner (e.g. moderation)");

const teamSlug = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/i, "a team slug such as community-team (no @ and no org)");

/** The most RE2 instructions one screening pattern may compile to: keeps matching fast (cost is length x program size). */
export const MAX_PATTERN_PROGRAM = 5_000;

/**
 * Why a screening pattern cannot be used, or null when it can. Patterns run on
 * RE2 (re2js): linear time in the comment's length, so no pattern can make
 * screening catastrophic; RE2 has no backreferences or lookarounds.
 */
export function patternProblem(pattern: string): string | null {
  try {
    const compiled = RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
    if (compiled.programSize() > MAX_PATTERN_PROGRAM) return "this pattern is too large; split it or use `words` instead";
    return null;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return `not a valid RE2 regular expression (${reason}); RE2 has no backreferences (\\1) and no lookarounds ((?=...), (?<=...))`;
  }
}

const screeningPattern = z
  .string()
  .min(1)
  .max(1_000)
  .superRefine((pattern, ctx) => {
    const problem = patternProblem(pattern);
    if (problem) ctx.addIssue({ code: "custom", message: `${JSON.stringify(pattern)}: ${problem}` });
  });

/** A phrase or word: plain text, matched literally (no regex), at word boundaries. */
const phrase = z.string().trim().min(2).max(200);

/** `@name` or `@org/team` (the `@` is optional). */
const handle = z
  .string()
  .regex(/^@?[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\/[A-Za-z0-9_.-]{1,100})?$/, "a GitHub login or org/team, e.g. @octocat or @my-org/moderators");

export const watchSchema = z
  .object({
    enabled: z
      .boolean()
      .default(true)
      .describe("Watch public posts for explicit reports (report phrases, mentions of the moderator team) and open private triage cases."),
    dryRun: z.boolean().default(false).describe("Log what would happen and write nothing."),
    mentionModeratorTeam: z.boolean().default(true).describe("A mention of `moderatorTeam` (as @owner/team) is a report."),
    handles: z.array(handle).max(100).default([]).describe("Extra @handles (people or org/team) whose mention is a report."),
    phrases: z
      .array(phrase)
      .max(500)
      .default(["code of conduct", "CoC violation", "this is harassment", "violates the CoC", "report this behaviour", "report this behavior"])
      .describe("Report phrases, matched case-insensitively at word boundaries (any run of spaces or line breaks counts as one space)."),
    extraPhrases: z.array(phrase).max(500).default([]).describe("Phrases added to the default list (so the defaults need not be repeated)."),
    screening: z
      .object({
        enabled: z.boolean().default(false).describe("Screen for abusive language (off by default: noisy)."),
        words: z.array(phrase).max(1_000).default([]).describe("Words or phrases, matched case-insensitively at word boundaries."),
        patterns: z
          .array(screeningPattern)
          .max(50)
          .default([])
          .describe("Regular expressions (RE2 syntax: linear time, no backreferences or lookarounds), matched case-insensitively."),
      })
      .prefault({}),
    allowUsers: z.array(z.string()).default([]).describe("Logins whose comments are never screened."),
    allowPaths: z.array(z.string()).default([]).describe("Repositories (name or owner/name, `*` wildcard) that are never screened."),
    cooldown: durationString.default("1h").describe("One heated thread opens one triage case within this time."),
    publicReply: z.boolean().default(false).describe("Reply publicly with a short thank-you pointing to the private report form (PUBLIC_URL)."),
  })
  .prefault({});

export const formSchema = z
  .object({
    enabled: z.boolean().default(true).describe("Accept reports for this owner through the private report form."),
    title: z.string().max(120).optional().describe("Heading shown on this owner's form (defaults to the owner's name)."),
    codeOfConductUrl: z.string().url().optional().describe("Link to your Code of Conduct, shown on the form."),
    keyHolderContact: z
      .string()
      .trim()
      .min(1)
      .max(500)
      .optional()
      .describe(
        "In your own words: who receives reports about this project's maintainers, moderators or owners (e.g. a foundation's Code of Conduct committee). Shown on the form next to the box \"This concerns a maintainer, moderator or owner of this project\".",
      ),
    categories: z
      .array(z.string().min(1).max(80))
      .default([
        "Harassment or intimidation",
        "Discriminatory or demeaning language",
        "Sexualised language or imagery",
        "Personal or political attacks",
        "Publishing private information",
        "Trolling or disruptive behaviour",
        "Other conduct concern",
      ])
      .describe("Categories offered on the form (default: the Contributor Covenant's examples)."),
  })
  .prefault({});

export const clocksSchema = z
  .object({
    acknowledgeWithin: durationString.default("24h").describe("Remind the team when a case is not acknowledged within this time."),
    resolveWithin: durationString.default("14d").describe("Remind the team when a case is not resolved within this time."),
    followUpAfter: durationString.default("30d").describe("Remind the team to follow up this long after a correction or warning."),
  })
  .prefault({});

export const logSchema = z
  .object({
    repository: z.enum(["full", "redacted"]).default("full").describe("How log entries name the source repository."),
    includeModerators: z.boolean().default(false).describe("Record moderator logins in log entries."),
    suppressBelow: z.number().int().min(1).default(3).describe("Transparency reports print counts under this as 'fewer than N'."),
  })
  .prefault({});

export const configSchema = z
  .object({
    caseRepository: repoName.default("moderation").describe("Private repository of the same owner where cases are opened."),
    allowedCaseRepositories: z
      .array(repoName)
      .max(50)
      .default([])
      .describe(
        "Owner's file only: other private case repositories a repository's own call-in.yml may choose as its caseRepository. Without this, a repository file cannot move its cases elsewhere.",
      ),
    triggerLabel: z.string().min(1).max(50).default("call-in").describe("Label that opens a case for an issue or pull request."),
    removeTriggerLabel: z.boolean().default(true).describe("Remove the trigger label once the case is open."),
    deleteCommandComment: z.boolean().default(true).describe("Delete the `/call-in` comment once the case is open."),
    moderatorTeam: teamSlug.optional().describe("Team (slug) whose members may use commands besides people with write access."),
    caseFormat: z.enum(["issue", "discussion"]).default("issue").describe("Open cases as issues or as discussions in the case repository."),
    discussionCategory: z.string().min(1).default("Cases").describe("Discussion category for cases when caseFormat is discussion."),
    dryRun: z.boolean().default(false).describe("Case commands report what they would do instead of acting on public threads."),
    escalationRepository: repoName.optional().describe("Second private repository for cases the usual team must not see (conflicts of interest)."),
    keyHolderReports: z
      .object({
        repository: z
          .string()
          .regex(/^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9_.-]{1,100}$/, "owner/name of a private repository of another account, e.g. coc-committee/reports")
          .describe("Private repository of ANOTHER account where Call-In is installed too (e.g. a foundation's Code of Conduct committee)."),
      })
      .nullable()
      .default(null)
      .describe(
        "Owner's file only: where a case goes when the reported person can read the case repository (an owner, an admin, a moderator). Without it, such a case is opened in the case repository with the reporter's and maintainers' words sealed away.",
      ),
    allowBlock: z.boolean().default(false).describe("Allow `/block` (organization blocks)."),
    conversationRooms: z.boolean().default(false).describe("Allow `/room`: a private repository for the call-in conversation."),
    roomPrefix: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,40}$/)
      .default("call-in")
      .describe("Name prefix of conversation rooms."),
    roomRetention: durationString.default("90d").describe("Delete an archived room this long after the case is resolved."),
    appealWithin: durationString.default("20d").describe("How long after a resolution the person may appeal."),
    clocks: clocksSchema,
    watch: watchSchema,
    form: formSchema,
    log: logSchema,
    /** Probot's way to inherit another file (`_extends: .github`); resolved before validation. */
    _extends: z.string().optional().describe("Inherit settings from another repository's call-in.yml, e.g. `.github` or `other-repo:.github/call-in.yml`."),
  })
  .strict();

export type CallInConfig = z.infer<typeof configSchema>;

/**
 * What the owner's file (`<owner>/.github/.github/call-in.yml`) decides alone
 * when it exists: where cases go and in which form, who counts as the moderator
 * team, what a private workspace is, who and what the watch skips, and whether
 * reports are accepted at all. A repository's own file cannot change them (it
 * may pick a `caseRepository` from the owner's `allowedCaseRepositories`).
 */
export const OWNER_DECIDES = [
  "caseRepository",
  "allowedCaseRepositories",
  "escalationRepository",
  "keyHolderReports",
  "caseFormat",
  "discussionCategory",
  "moderatorTeam",
  "triggerLabel",
  "roomPrefix",
  "watch",
  "form.enabled",
] as const;
export type WatchConfig = CallInConfig["watch"];
export type FormConfig = CallInConfig["form"];

/** The config file name under `.github/`. */
export const CONFIG_FILE = "call-in.yml";
