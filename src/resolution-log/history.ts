import { LRUCache } from "lru-cache";
import type { Logger } from "pino";
import type { GitHub, RepoRef } from "../github/client.js";
import type { LogEntry } from "./entry.js";
import type { Pseudonymiser } from "./pseudonym.js";
import { readLog } from "./read.js";
import { standingResolutions } from "./resolutions.js";

/** What a new case shows about earlier cases concerning the same person (template data). */
export interface HistorySection {
  count: number;
  /** `correction 2026-03, warning 2026-07`: outcome and month, oldest first (a compact list for overrides; the bundled template words its own). */
  summary: string;
  entries: Array<{ code: string; url: string | null; outcome: string | null; category: string | null; month: string; resolvedAt: string }>;
}

export interface PersonHistoryOptions {
  /** How many months back to look (this month included). */
  months?: number;
  /** How long one owner's recent log is reused. */
  ttlMs?: number;
}

/**
 * "Has this person been here before?" for a case that is opening: the standing
 * resolutions in the month shards of the last `months` months, matched by pseudonym.
 * Bounded: at most a few listings plus `months` reads per owner, cached briefly,
 * so a burst of new cases costs one read of the log. A resolution logged by this
 * instance clears the owner's entry (see GitHubResolutionLog).
 */
export class PersonHistory {
  private readonly cache: LRUCache<string, LogEntry[]>;
  private readonly months: number;

  constructor(
    readonly pseudonyms: Pseudonymiser,
    options: PersonHistoryOptions = {},
  ) {
    this.months = options.months ?? 12;
    this.cache = new LRUCache<string, LogEntry[]>({ max: 500, ttl: options.ttlMs ?? 2 * 60_000 });
  }

  /** Null when there is nothing to say (no key, no author, no earlier case) or the log cannot be read. */
  async sectionFor(
    github: GitHub,
    caseRepo: RepoRef,
    authorId: number | null | undefined,
    log: Logger,
    now: Date = new Date(),
  ): Promise<HistorySection | null> {
    const pseudonym = this.pseudonyms.of(authorId);
    if (!pseudonym) return null;
    let standing: LogEntry[];
    try {
      standing = await this.recent(github, caseRepo, now);
    } catch (error) {
      // History is a help, not a precondition: the case opens without it.
      log.warn(
        { err: error, caseRepository: `${caseRepo.owner}/${caseRepo.repo}` },
        "could not read the resolution log for earlier cases; the case opens without them",
      );
      return null;
    }
    const earlier = standing.filter((e) => e.pseudonym === pseudonym).sort((a, b) => Date.parse(a.resolvedAt ?? a.at) - Date.parse(b.resolvedAt ?? b.at));
    if (earlier.length === 0) return null;
    const entries = earlier.map((e) => {
      const resolvedAt = e.resolvedAt ?? e.at;
      // The log is a file people with write access can edit: link only to web addresses.
      const url = /^https:\/\/[^\s()<>]+$/.test(e.case.url) ? e.case.url : null;
      return { code: e.case.code, url, outcome: e.outcome, category: e.category, month: resolvedAt.slice(0, 7), resolvedAt };
    });
    return { count: entries.length, summary: entries.map((e) => `${e.outcome ?? "?"} ${e.month}`).join(", "), entries };
  }

  /** Forget an owner's cached log (after this instance appended to it). */
  invalidate(caseRepo: RepoRef): void {
    this.cache.delete(keyOf(caseRepo));
  }

  private async recent(github: GitHub, caseRepo: RepoRef, now: Date): Promise<LogEntry[]> {
    const key = keyOf(caseRepo);
    const cached = this.cache.get(key);
    if (cached) return cached;
    // This month and the (months - 1) before it: at most `months` shard reads.
    const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (this.months - 1), 1));
    const read = await readLog(github, caseRepo, { start });
    const standing = standingResolutions(read.entries);
    this.cache.set(key, standing);
    return standing;
  }
}

function keyOf(ref: RepoRef): string {
  return `${ref.owner}/${ref.repo}`.toLowerCase();
}
