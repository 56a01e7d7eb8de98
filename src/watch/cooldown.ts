import { LRUCache } from "lru-cache";
import type { CaseMeta } from "../cases/metadata.js";

/**
 * The per-thread cooldown: one heated thread opens one triage case.
 *
 * The rule that holds across replicas lives in the case itself: while a
 * thread's open case has `watchedAt` within the cooldown, further reports are
 * left alone (decided under the per-thread lock, see open-case.ts). This
 * cache only saves API calls for repeats that this replica has already seen;
 * it is bounded and forgets an entry when its cooldown ends.
 */
export class WatchCooldown {
  /** Thread key -> when its cooldown ends (ms since the epoch, by the app's clock). */
  private readonly endsAt = new LRUCache<string, number>({ max: 10_000 });

  /** True while this replica knows the thread is cooling down. */
  isCooling(threadKey: string, now: Date): boolean {
    const end = this.endsAt.get(threadKey);
    if (end === undefined) return false;
    if (end > now.getTime()) return true;
    this.endsAt.delete(threadKey);
    return false;
  }

  /** Remembers that the watch reached the thread's case at `at`, for `cooldownMs`. */
  remember(threadKey: string, at: Date, cooldownMs: number): void {
    this.endsAt.set(threadKey, at.getTime() + cooldownMs);
  }
}

/** True when the case heard from the watch less than `cooldownMs` ago. */
export function caseIsCooling(meta: CaseMeta, now: Date, cooldownMs: number): boolean {
  if (!meta.watchedAt) return false;
  const at = Date.parse(meta.watchedAt);
  return Number.isFinite(at) && now.getTime() - at < cooldownMs;
}
