/**
 * The open cases of each issue-format case repository, kept between lookups
 * so that a lookup asks GitHub only what changed since the last one.
 *
 * "One case per thread" rests on the lookup under the per-thread lock seeing
 * every open case, including one another replica (or an earlier delivery)
 * opened a moment before the lock was taken. So every lookup still asks
 * GitHub, after the caller took its lock:
 * - with no index (first use, after a restart, after a failed write, every
 *   `FULL_LISTING_EVERY_MS`): every open issue, as before;
 * - otherwise the issues updated since the last listing began, by GitHub's
 *   `since` filter, open and closed: opening, editing, commenting and closing
 *   all move `updated_at`. Closed ones leave the index.
 * "Since" is GitHub's own time (the `Date` header of the last listing's first
 * page), never this machine's clock, minus `SINCE_MARGIN_MS` for what one
 * listing may not yet show (a case being written while the listing was served,
 * GitHub's replicas catching up, the header's whole seconds).
 *
 * Unchanged bodies are not checked again: the seal's verdict on a body does
 * not change (its author cannot, and the keys are the seal's). Discussion
 * cases keep the full listing (store.ts): the Discussions API has no `since`.
 */
import { LRUCache } from "lru-cache";
import type { GitHub, RepoRef } from "../github/client.js";
import { listIssuesChangedSince, listOpenIssuesServed, type IssueRecord } from "../github/issues.js";
import type { CaseSeal } from "./seal.js";
import type { CaseRecord } from "./case-record.js";

/** How far before the last listing's `Date` the next one asks from. */
export const SINCE_MARGIN_MS = 60_000;
/** A full listing at least this often heals what `since` cannot show (a deleted or transferred issue). */
export const FULL_LISTING_EVERY_MS = 15 * 60_000;
/** Case repositories kept (least recently used goes first). */
const MAX_REPOSITORIES = 500;
/** Body characters kept over all repositories; a repository over it is listed in full each time, as without an index. */
const MAX_INDEXED_CHARS = 32 * 1_048_576;
/** A listing of several pages is checked (and repeated) at most this many times. */
const FULL_LISTING_ATTEMPTS = 3;

export interface OpenCaseIndexOptions {
  marginMs?: number;
  fullListingEveryMs?: number;
  /** A monotonic clock in ms, used only to space full listings (never compared with GitHub's times). */
  monotonicNow?: () => number;
}

/** The seal's verdict on an issue: its case, or null (not a case, or metadata not trusted). */
export type VerifyIssue = (issue: IssueRecord) => Promise<CaseRecord | null>;

interface Entry {
  body: string;
  record: CaseRecord | null;
}

class RepositoryIndex {
  private entries = new Map<number, Entry>();
  /** GitHub's time when the last listing's first page was served. */
  private cursor: string | null = null;
  private fullListingAt = -Infinity;
  /** The sync that has not started yet: callers arriving now share it. */
  private pending: Promise<void> | null = null;
  private last: Promise<void> = Promise.resolve();

  constructor(
    private readonly repo: RepoRef,
    private readonly options: Required<OpenCaseIndexOptions>,
  ) {}

  get chars(): number {
    let chars = 0;
    for (const entry of this.entries.values()) chars += entry.body.length + 64;
    return chars;
  }

  openCases(): CaseRecord[] {
    const cases: CaseRecord[] = [];
    for (const entry of this.entries.values()) if (entry.record) cases.push(entry.record);
    return cases.sort((a, b) => b.number - a.number);
  }

  /**
   * Brings the index up to what GitHub shows now. Syncs run one at a time;
   * a caller joins only a sync that has not started yet, so what it reads was
   * asked after the caller arrived (after it took its lock).
   */
  sync(github: GitHub, verify: VerifyIssue): Promise<void> {
    if (this.pending) return this.pending;
    const run = this.last
      .catch(() => undefined)
      .then(() => {
        this.pending = null;
        return this.syncNow(github, verify);
      });
    this.pending = run;
    this.last = run;
    return run;
  }

  private async syncNow(github: GitHub, verify: VerifyIssue): Promise<void> {
    const due = this.options.monotonicNow() - this.fullListingAt >= this.options.fullListingEveryMs;
    if (this.cursor === null || due) return this.listAll(github, verify);
    await this.listChanges(github, verify);
  }

  private async listAll(github: GitHub, verify: VerifyIssue): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const listing = await listOpenIssuesServed(github, this.repo);
      const entries = new Map<number, Entry>();
      for (const issue of listing.issues) entries.set(issue.number, await this.entryFor(issue, verify));
      this.entries = entries;
      this.cursor = listing.servedAt;
      this.fullListingAt = this.options.monotonicNow();
      if (listing.pages <= 1 || this.cursor === null || attempt === FULL_LISTING_ATTEMPTS) return;
      // Pages are read one after another: an issue closed meanwhile shifts the later pages up,
      // and an open case could fall between two pages. A listed issue now closed shows that.
      if (!(await this.listChanges(github, verify))) return;
    }
  }

  /** Applies what changed since the cursor; true if an issue the index held as open was closed. */
  private async listChanges(github: GitHub, verify: VerifyIssue): Promise<boolean> {
    const since = new Date(Date.parse(this.cursor!) - this.options.marginMs).toISOString().replace(/\.\d{3}Z$/, "Z");
    const listing = await listIssuesChangedSince(github, this.repo, since);
    let closedListed = false;
    for (const issue of listing.issues) {
      if (issue.state !== "open") closedListed = this.entries.delete(issue.number) || closedListed;
      else this.entries.set(issue.number, await this.entryFor(issue, verify));
    }
    // Without a Date header the cursor stays where it was: earlier, so the next listing asks more, not less.
    if (listing.servedAt) this.cursor = listing.servedAt;
    return closedListed;
  }

  private async entryFor(issue: IssueRecord, verify: VerifyIssue): Promise<Entry> {
    const known = this.entries.get(issue.number);
    if (known && known.body === issue.body)
      return { body: issue.body, record: known.record && { ...known.record, title: issue.title, url: issue.url, nodeId: issue.nodeId } };
    return { body: issue.body, record: await verify(issue) };
  }
}

/** The indexes of one app instance, one per case repository, bounded in repositories and in characters kept. */
export class OpenCaseIndex {
  private readonly options: Required<OpenCaseIndexOptions>;
  private readonly repositories = new LRUCache<string, RepositoryIndex>({
    max: MAX_REPOSITORIES,
    maxSize: MAX_INDEXED_CHARS,
    sizeCalculation: (index) => Math.max(1, index.chars),
  });

  constructor(options: OpenCaseIndexOptions = {}) {
    this.options = {
      marginMs: options.marginMs ?? SINCE_MARGIN_MS,
      fullListingEveryMs: options.fullListingEveryMs ?? FULL_LISTING_EVERY_MS,
      monotonicNow: options.monotonicNow ?? (() => performance.now()),
    };
  }

  /** The open cases of `repo`, newest first, as GitHub shows them after this call began. */
  async listOpen(github: GitHub, repo: RepoRef, verify: VerifyIssue): Promise<CaseRecord[]> {
    const key = repositoryKey(repo);
    let index = this.repositories.get(key);
    if (!index) {
      index = new RepositoryIndex(repo, this.options);
      this.repositories.set(key, index);
    }
    await index.sync(github, verify);
    // Sized again after the change; one forgotten meanwhile stays forgotten.
    if (this.repositories.peek(key) === index) this.repositories.set(key, index);
    return index.openCases();
  }

  /** Drops what is known of `repo`: its next lookup lists every open issue again. */
  forget(repo: RepoRef): void {
    this.repositories.delete(repositoryKey(repo));
  }
}

function repositoryKey(repo: RepoRef): string {
  return `${repo.owner}/${repo.repo}`.toLowerCase();
}

const bySeal = new WeakMap<CaseSeal, OpenCaseIndex>();

/**
 * The index of the app instance that `seal` belongs to. It keeps the seal's
 * verdicts, so it lives exactly as long as that seal: every instance (and
 * every test app) has its own, and a restart starts with none.
 */
export function openCaseIndexOf(seal: CaseSeal): OpenCaseIndex {
  let index = bySeal.get(seal);
  if (!index) {
    index = new OpenCaseIndex();
    bySeal.set(seal, index);
  }
  return index;
}
