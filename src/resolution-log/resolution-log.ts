import { checkCaseRepository } from "../cases/case-repository.js";
import type { GitHub, RepoRef } from "../github/client.js";
import { appendLogEntry, LogAppendError, readShardAhead, type AppendResult, type ShardReadAhead } from "./append.js";
import { entryIdFor, type LogEntry } from "./entry.js";
import type { PersonHistory } from "./history.js";
import type { Pseudonymiser } from "./pseudonym.js";
import type { ResolutionEvent, ResolutionRecorder } from "./recorder.js";

/** Builds the log entry for a /resolve or /reopen. Only ids, times and the team's own labels: no names. */
export function logEntryFor(event: ResolutionEvent, pseudonyms: Pseudonymiser): LogEntry {
  const meta = event.case.meta;
  const reopened = event.kind === "reopened";
  return {
    v: 1,
    entryId: entryIdFor(meta.code, event.kind, event.at),
    event: event.kind,
    at: event.at,
    case: { code: meta.code, number: event.case.number, url: event.case.url },
    trigger: meta.trigger,
    category: meta.category,
    // A reopening withdraws the outcome that stood; a resolution records the new one.
    outcome: reopened ? (meta.outcome ?? event.outcome) : (event.outcome ?? meta.outcome),
    openedAt: meta.openedAt,
    acknowledgedAt: meta.acknowledgedAt,
    resolvedAt: reopened ? meta.resolvedAt : event.at,
    repository: event.config.log.repository === "full" ? `${meta.source.owner}/${meta.source.repo}` : null,
    pseudonym: pseudonyms.of(meta.subject.author?.id),
    moderator: event.config.log.includeModerators ? event.actor : null,
    corrects: reopened && meta.resolvedAt ? entryIdFor(meta.code, "resolved", meta.resolvedAt) : null,
  };
}

/**
 * The resolution log in the case repository (`log/YYYY/MM.jsonl`), as the case
 * commands see it: `/resolve` appends a `resolved` entry, `/reopen` a correcting
 * `reopened` entry. Writes go through the privacy gate like every case write.
 */
export class GitHubResolutionLog implements ResolutionRecorder {
  private warnedAboutKey = false;

  constructor(
    private readonly pseudonyms: Pseudonymiser,
    private readonly options: { history?: PersonHistory; sleep?: (ms: number) => Promise<void>; maxAttempts?: number } = {},
  ) {}

  async record(event: ResolutionEvent): Promise<void> {
    await this.append(event);
  }

  readAhead(github: GitHub, caseRepository: RepoRef, at: string): ShardReadAhead {
    return readShardAhead(github, caseRepository, at);
  }

  /** `record`, with what happened (for tests and the CLI). */
  async append(event: ResolutionEvent): Promise<AppendResult> {
    const { owner, repo } = event.caseRepository;
    // The gate's answer from earlier in this event stands, for exactly this repository; else ask it now.
    const passed = event.gate && event.gate.private && same(event.gate.owner, owner) && same(event.gate.name, repo);
    const check = passed ? { ok: true as const } : await checkCaseRepository(event.github, owner, repo);
    if (!check.ok) {
      event.log.error({ owner, caseRepository: repo, reason: check.reason, case: event.case.meta.code }, check.message);
      throw new LogAppendError(`the resolution of ${event.case.meta.code} was not logged: ${check.message}`);
    }
    if (!this.pseudonyms.enabled && !this.warnedAboutKey) {
      this.warnedAboutKey = true;
      event.log.warn("PSEUDONYM_KEY is not set: log entries carry no pseudonym, so repeat cases about one person cannot be seen");
    }
    const entry = logEntryFor(event, this.pseudonyms);
    const result = await appendLogEntry(event.github, event.caseRepository, entry, {
      log: event.log,
      ...(event.readAhead ? { readAhead: event.readAhead } : {}),
      ...(this.options.sleep ? { sleep: this.options.sleep } : {}),
      ...(this.options.maxAttempts ? { maxAttempts: this.options.maxAttempts } : {}),
    });
    this.options.history?.invalidate(event.caseRepository);
    event.log.info({ case: entry.case.code, event: entry.event, path: result.path, status: result.status }, "resolution log updated");
    return result;
  }
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
