import type { Logger } from "pino";
import { fileCase, type FileCaseDeps, type FileCaseOutcome } from "../cases/file-case.js";
import type { CaseMeta, SubjectRef } from "../cases/metadata.js";
import { SNAPSHOT_MAX_CHARS } from "../cases/open-case.js";
import type { CallInConfig } from "../config/schema.js";
import type { GitHub } from "../github/client.js";
import { truncate } from "../text/neutralise.js";
import { durationMs } from "../util/duration.js";
import { isPrivateWorkspace } from "../cases/workspaces.js";
import { isAllowedPath, isAllowedUser } from "./allow.js";
import { caseIsCooling, type WatchCooldown } from "./cooldown.js";
import { pointedAtOf } from "./pointed-at.js";
import type { WatchedPost } from "./post.js";
import { replyPublicly, reportFormUrl } from "./public-reply.js";
import type { RuleMatch, ScreenOptions, WatchRules, WatchRulesCache } from "./rules.js";
import { screen } from "./screen.js";
import type { CodeOfConductThreads } from "./coc-thread.js";

/** What the watch keeps between events: compiled rules and this replica's per-thread cooldown. */
export interface WatchState {
  rules: WatchRulesCache;
  cooldown: WatchCooldown;
  /** Which pull requests change the Code of Conduct (their report phrases are the topic, not reports). */
  codeOfConduct: CodeOfConductThreads;
}

/** What watching a post takes: its state, and what filing a triage case takes (the public reply points at `publicUrl`'s form). */
export interface WatchDeps extends FileCaseDeps {
  watch: WatchState;
}

export interface WatchInput {
  github: GitHub;
  config: CallInConfig;
  log: Logger;
  deliveryId: string;
  post: WatchedPost;
}

export type WatchOutcome =
  | { status: "off" | "workspace" | "allowed" | "no-match" | "about-the-code" | "already-matched" | "cooling-down" }
  | { status: "dry-run"; match: RuleMatch }
  | (FileCaseOutcome & { match: RuleMatch });

/** The title (threads) and the body, screened as one text would be; a title is plain text. */
function screenPost(rules: WatchRules, title: string | null, body: string, options: ScreenOptions = {}): RuleMatch | null {
  return (title ? rules.firstMatch(title, options) : null) ?? screen(rules, body, options);
}

/**
 * A public post that looks like a report of a Code of Conduct concern opens (or
 * updates) a private triage case: the report and what it points at are both
 * snapshotted. Each step is cheap before the next costs an API call: the
 * switches, the allow-lists, screening, an edit that matched before, this
 * replica's cooldown; then the case's own cooldown, under the thread's lock.
 */
export async function watchPost(deps: WatchDeps, input: WatchInput): Promise<WatchOutcome> {
  const { config, post, log } = input;
  const watch = config.watch;
  if (!watch.enabled) return { status: "off" };
  // Handlers skip workspaces already; this keeps every caller from quoting one into a triage case.
  if (isPrivateWorkspace(config, post.source.repo)) return { status: "workspace" };
  if (isAllowedUser(watch, post.author?.login) || isAllowedPath(watch, post.source.owner, post.source.repo)) return { status: "allowed" };

  const rules = deps.watch.rules.rulesFor(watch, post.source.owner, config.moderatorTeam);
  let options: ScreenOptions = {};
  let match = screenPost(rules, post.title, post.body);
  if (!match) return { status: "no-match" };
  // In a thread about the Code of Conduct itself, its name and the report phrases are the topic: phrases alone are no report there.
  if (match.kind === "phrase" && (await deps.watch.codeOfConduct.isAbout(input.github, post, log))) {
    options = { phrases: false };
    match = screenPost(rules, post.title, post.body, options);
    if (!match) {
      log.debug({ source: post.source.key }, "watch: a report phrase in a thread about the Code of Conduct; no triage case");
      return { status: "about-the-code" };
    }
  }
  const logged = { rule: match.kind, ruleIndex: match.index, source: post.source.key };
  if (post.previous && screenPost(rules, post.previous.title, post.previous.body, options)) {
    log.debug(logged, "watch: the post matched before this edit too; already handled");
    return { status: "already-matched" };
  }
  const now = deps.now();
  const cooldownMs = durationMs(watch.cooldown);
  if (deps.watch.cooldown.isCooling(post.source.key, now)) {
    log.debug(logged, "watch: the thread is cooling down; no new triage case");
    return { status: "cooling-down" };
  }
  if (watch.dryRun) {
    log.info(logged, "watch (dry run): would open or update a triage case for this thread; nothing was written");
    return { status: "dry-run", match };
  }

  const pointedAt = await pointedAtOf(input.github, post, log);
  const reportIsSubject = !pointedAt && post.commentKind === null;
  const snapshot = pointedAt?.snapshot ?? post.threadSnapshot;
  const reporting: SubjectRef[] = reportIsSubject ? [] : [post.snapshot.subject];
  const watchedAt = now.toISOString();
  const report = truncate(post.body, SNAPSHOT_MAX_CHARS);
  const outcome = await fileCase(
    deps,
    { github: input.github, owner: post.source.owner, config, log },
    {
      source: post.source,
      snapshot,
      trigger: "watch",
      state: "triage",
      triggeredBy: null,
      reason: null,
      deliveryId: input.deliveryId,
      sections: {
        watch: {
          rule: match.rule,
          kind: match.kind,
          matched: match.matched,
          pointedAt: pointedAt?.how ?? "thread",
          publicReply: watch.publicReply,
          reportIsSubject,
          report: {
            ...post.snapshot,
            kind: post.snapshot.subject.kind,
            url: post.snapshot.subject.url,
            author: post.snapshot.subject.author?.login ?? null,
            body: report.text,
            omitted: report.omitted,
          },
        },
      },
      metaExtras: { watchedAt, reporting },
      // The report is public, but in a case about a key-holder who reported it is sealed, not written (cases/file-case.ts).
      privateParts: { reporterWords: report.text, reporterContact: post.author?.login ?? null },
      leaveOpenCase: (existing) => caseIsCooling(existing.meta, now, cooldownMs),
      metaOnUpdate: (meta: CaseMeta) => ({
        ...meta,
        watchedAt,
        reporting: [...meta.reporting, ...reporting.filter((r) => !meta.reporting.some((known) => known.url === r.url))],
      }),
    },
  );
  if (outcome.status === "refused") return { ...outcome, match };

  const lastWatched = outcome.case.meta.watchedAt ? new Date(outcome.case.meta.watchedAt) : now;
  deps.watch.cooldown.remember(post.source.key, lastWatched, cooldownMs);
  log.info({ ...logged, case: outcome.case.meta.code, status: outcome.status }, "watch: a public report reached a triage case");

  if (outcome.status === "opened" && watch.publicReply) {
    const templates = await deps.templates.forOwner(input.github, post.source.owner, log);
    await replyPublicly(input.github, templates, post, reportFormUrl(deps.publicUrl, post.source.owner), log);
  }
  return { ...outcome, match };
}
