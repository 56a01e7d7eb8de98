import { LRUCache } from "lru-cache";
import type { CaseMeta, SubjectRef } from "./metadata.js";

/** How the index names a case repository: `owner/name`. */
export function caseRepositoryKey(owner: string, name: string): string {
  return `${owner}/${name}`.toLowerCase();
}

/** Every snapshotted subject of a case: the reported content, later ones, and (watch) the reporting comments. */
export function snapshottedSubjects(meta: CaseMeta): SubjectRef[] {
  return [meta.subject, ...meta.related, ...meta.reporting];
}

function keysOf(subject: Pick<SubjectRef, "kind" | "id" | "url">): string[] {
  return [...(subject.id !== null ? [`${subject.kind}:${subject.id}`] : []), `url:${subject.url}`];
}

interface OwnerSnapshots {
  /** Source threads of open cases (`owner/repo#n`). */
  threads: Set<string>;
  /** `kind:id` and `url:...` of every snapshotted subject of open cases. */
  comments: Set<string>;
  /** When this was read from the case repository (ms, the app's clock). */
  readAt: number;
}

export type SnapshotLookup = "unknown" | "not-snapshotted" | "maybe-snapshotted";

/**
 * Which comments open cases hold a snapshot of, per case repository, so an
 * edit or deletion of an ordinary comment costs no API call. Filled from one
 * listing of open cases and trusted for `freshForMs`; this replica adds the
 * cases it writes at once. A comment in a thread that has an open case is
 * always looked up for real, so only a case opened on another replica in the
 * last `freshForMs` can be missed, and only when the edited comment is in
 * another thread than the case's. Bounded by the number of owners.
 */
export class SnapshotIndex {
  private readonly byCaseRepository = new LRUCache<string, OwnerSnapshots>({ max: 2_000 });

  constructor(private readonly freshForMs = 60_000) {}

  lookup(caseRepository: string, threadKey: string, comment: Pick<SubjectRef, "kind" | "id" | "url">, now: Date): SnapshotLookup {
    const known = this.byCaseRepository.get(caseRepository.toLowerCase());
    if (!known || now.getTime() - known.readAt >= this.freshForMs) return "unknown";
    if (known.threads.has(threadKey)) return "maybe-snapshotted";
    return keysOf(comment).some((key) => known.comments.has(key)) ? "maybe-snapshotted" : "not-snapshotted";
  }

  /** Replaces what is known of a case repository with its open cases (none when it cannot hold cases). */
  replace(caseRepository: string, cases: CaseMeta[], now: Date): void {
    const entry: OwnerSnapshots = { threads: new Set(), comments: new Set(), readAt: now.getTime() };
    for (const meta of cases) add(entry, meta);
    this.byCaseRepository.set(caseRepository.toLowerCase(), entry);
  }

  /** A case this replica just opened or updated. */
  add(caseRepository: string, meta: CaseMeta): void {
    const known = this.byCaseRepository.get(caseRepository.toLowerCase());
    if (known) add(known, meta);
  }
}

function add(entry: OwnerSnapshots, meta: CaseMeta): void {
  entry.threads.add(meta.source.key);
  for (const subject of snapshottedSubjects(meta)) for (const key of keysOf(subject)) entry.comments.add(key);
}

/** Whether `comment` is one of the case's snapshots, and in which role. */
export function snapshotRole(meta: CaseMeta, comment: Pick<SubjectRef, "kind" | "id" | "url">): "reported" | "reporting" | null {
  const same = (s: SubjectRef) => (s.id !== null && s.id === comment.id && s.kind === comment.kind) || s.url === comment.url;
  if (same(meta.subject) || meta.related.some(same)) return "reported";
  if (meta.reporting.some(same)) return "reporting";
  return null;
}
