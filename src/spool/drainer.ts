import type { Logger } from "pino";
import { statusOf } from "../github/client.js";
import { SealError, type Claim, type Spool } from "./spool.js";

/** What one attempt to file a report came to. */
export type FilingResult =
  | { status: "filed" }
  /** Not now (GitHub down, rate limited, not installed, case repository not ready): try again later. */
  | { status: "retry"; reason: string; afterMs?: number };

export interface DrainerOptions<T> {
  spool: Spool<T>;
  file: (id: string, item: T) => Promise<FilingResult>;
  log: Logger;
  /** How often the spool is looked at besides the kick after each accepted report. */
  intervalMs: number;
  /** How often a claim is renewed while a report is being filed (default: the spool's heartbeat period). */
  heartbeatMs?: number;
  /** First retry delay; doubles per attempt (with jitter) up to `maxBackoffMs`. */
  baseBackoffMs: number;
  maxBackoffMs: number;
  now?: () => number;
  random?: () => number;
  /** Runs `beat` every `ms` until the returned function is called (tests drive heartbeats by hand). */
  every?: (ms: number, beat: () => Promise<void>) => () => void;
}

/** setInterval, unref'd: a heartbeat never keeps the process alive. */
function everyMs(ms: number, beat: () => Promise<void>): () => void {
  const timer = setInterval(() => void beat(), ms);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Files spooled reports off the request path: kicked right after a report is
 * accepted, and on a timer (unref'd, so it never keeps a process alive).
 * Failures back off exponentially with jitter, honouring GitHub's
 * `retry-after` / `x-ratelimit-reset`; a report leaves the spool only once filed.
 */
export class Drainer<T> {
  private timer: NodeJS.Timeout | undefined;
  /** The next look at claims of other workers, when one of them could lapse. */
  private lapseTimer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  /** Attempts per report id in this process (bounded by the spool's size). */
  private readonly attempts = new Map<string, number>();
  /** Claims being filed right now (released at once when a shutdown runs out of time). */
  private readonly held = new Map<string, Claim<T>>();
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(private readonly options: DrainerOptions<T>) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.options.intervalMs);
    this.timer.unref();
    this.kick();
  }

  /** No new pass starts; a filing under way goes on (await `idle()` for it). */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.lapseTimer) clearTimeout(this.lapseTimer);
    this.timer = undefined;
    this.lapseTimer = undefined;
  }

  /**
   * Gives the claims being filed back to pending/ now, so another worker can take
   * them at once (shutdown out of time). Filing them twice is harmless: the case
   * remembers the report's id.
   */
  async releaseHeld(): Promise<string[]> {
    const released: string[] = [];
    for (const claim of this.held.values()) {
      try {
        await this.options.spool.release(claim, this.now());
        released.push(claim.id);
      } catch {
        // Already gone: completed, or taken over.
      }
    }
    this.held.clear();
    return released;
  }

  /** Looks at the spool now (or right after the pass that is running). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = undefined;
    });
  }

  /** Resolves when no pass is running (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.pass();
      } catch (error) {
        this.options.log.error({ err: error }, "the report spool could not be read; trying again later");
      }
    } while (this.again && !this.stopped);
  }

  private async pass(): Promise<void> {
    const { spool, log } = this.options;
    const { reclaimed, nextCheckAt } = await spool.reclaimStale(this.now());
    for (const reason of ["holder-stopped", "heartbeat-stopped"] as const) {
      const reports = reclaimed.filter((r) => r.reason === reason).map((r) => r.id);
      if (reports.length === 0) continue;
      if (reason === "holder-stopped")
        log.warn({ reports, reason }, "reports whose filing was interrupted (their process on this machine stopped) are back in the queue");
      else log.warn({ reports, reason }, "reports whose filing was interrupted (their worker missed its heartbeats for the lease) are back in the queue");
    }
    this.lookAgainAt(nextCheckAt);
    for (const id of await spool.due(this.now())) {
      if (this.stopped) return;
      let claim: Claim<T> | null;
      try {
        claim = await spool.claim(id, this.now());
      } catch (error) {
        if (error instanceof SealError) {
          log.error({ report: id }, "a spooled report cannot be opened with this REPORT_ENCRYPTION_KEY; it stays in the spool untouched");
          continue;
        }
        throw error;
      }
      if (claim) await this.fileOne(claim);
    }
  }

  /** A claim of another worker could lapse at `at`: look then, not only at the next interval. */
  private lookAgainAt(at: number | null): void {
    if (this.lapseTimer) clearTimeout(this.lapseTimer);
    this.lapseTimer = undefined;
    if (at === null || this.stopped) return;
    this.lapseTimer = setTimeout(() => this.kick(), Math.max(0, at - this.now()) + 10);
    this.lapseTimer.unref();
  }

  private async fileOne(claim: Claim<T>): Promise<void> {
    const { spool, log } = this.options;
    this.held.set(claim.id, claim);
    let lost = false;
    const stopBeating = (this.options.every ?? everyMs)(this.options.heartbeatMs ?? spool.heartbeatMs, async () => {
      if (lost || (await spool.heartbeat(claim, this.now()))) return;
      lost = true;
      log.warn(
        { report: claim.id },
        "another worker took over this report's claim (a heartbeat came too late); its filing goes on and the case is not doubled",
      );
    });
    let result: FilingResult;
    try {
      result = await this.options.file(claim.id, claim.item);
    } catch (error) {
      result = { status: "retry", reason: describeFailure(error), ...retryAfterOf(error, this.now()) };
      log.warn({ err: error, report: claim.id, status: statusOf(error) }, "filing a report failed; it stays in the spool");
    } finally {
      stopBeating();
    }
    if (!this.held.delete(claim.id)) return; // released by a shutdown that ran out of time
    if (result.status === "filed") {
      await spool.complete(claim);
      this.attempts.delete(claim.id);
      log.info({ report: claim.id }, "report filed; removed from the spool");
      return;
    }
    const attempt = (this.attempts.get(claim.id) ?? 0) + 1;
    this.attempts.set(claim.id, attempt);
    const delay = Math.max(this.backoff(attempt), result.afterMs ?? 0);
    try {
      await spool.release(claim, this.now() + delay);
    } catch (error) {
      if (lost) return; // the worker that took it over retries it
      throw error;
    }
    log.warn({ report: claim.id, attempt, retryInMs: delay, reason: result.reason }, "report not filed yet; will try again");
    const retry = setTimeout(() => this.kick(), delay + 10);
    retry.unref();
  }

  /** Exponential backoff with "equal jitter": half fixed, half random. */
  private backoff(attempt: number): number {
    const ceiling = Math.min(this.options.maxBackoffMs, this.options.baseBackoffMs * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + (ceiling / 2) * this.random());
  }
}

function isTimeout(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === "TimeoutError" || error.name === "AbortError") return true;
  // Octokit wraps fetch failures (a timed-out signal included) in a RequestError "500" with the cause attached.
  return error.cause !== undefined && isTimeout(error.cause);
}

function describeFailure(error: unknown): string {
  if (isTimeout(error)) return "GitHub did not answer in time";
  const status = statusOf(error);
  if (status !== undefined) return `GitHub answered ${status}`;
  return error instanceof Error ? error.name : "unknown error";
}

/** GitHub's own word on when to come back (secondary and primary rate limits). */
export function retryAfterOf(error: unknown, now: number): { afterMs?: number } {
  const headers = (error as { response?: { headers?: Record<string, string | undefined> } } | null)?.response?.headers;
  if (!headers) return {};
  const retryAfter = Number(headers["retry-after"]);
  if (Number.isFinite(retryAfter) && retryAfter > 0) return { afterMs: retryAfter * 1000 };
  if (headers["x-ratelimit-remaining"] === "0") {
    const reset = Number(headers["x-ratelimit-reset"]);
    if (Number.isFinite(reset)) return { afterMs: Math.max(0, reset * 1000 - now) };
  }
  return {};
}
