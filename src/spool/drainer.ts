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
  /** How often a claim is renewed while a report is being filed (well under the spool's lease). */
  heartbeatMs: number;
  /** First retry delay; doubles per attempt (with jitter) up to `maxBackoffMs`. */
  baseBackoffMs: number;
  maxBackoffMs: number;
  now?: () => number;
  random?: () => number;
}

/**
 * Files spooled reports off the request path: kicked right after a report is
 * accepted, and on a timer (unref'd, so it never keeps a process alive).
 * Failures back off exponentially with jitter, honouring GitHub's
 * `retry-after` / `x-ratelimit-reset`; a report leaves the spool only once filed.
 */
export class Drainer<T> {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  /** Attempts per report id in this process (bounded by the spool's size). */
  private readonly attempts = new Map<string, number>();
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

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
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
    const reclaimed = await spool.reclaimStale(this.now());
    if (reclaimed.length > 0) log.warn({ reports: reclaimed }, "reports whose filing was interrupted (a worker stopped) are back in the queue");
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

  private async fileOne(claim: Claim<T>): Promise<void> {
    const { spool, log } = this.options;
    const heartbeat = setInterval(() => void spool.heartbeat(claim, this.now()), this.options.heartbeatMs);
    heartbeat.unref();
    let result: FilingResult;
    try {
      result = await this.options.file(claim.id, claim.item);
    } catch (error) {
      result = { status: "retry", reason: describeFailure(error), ...retryAfterOf(error, this.now()) };
      log.warn({ err: error, report: claim.id, status: statusOf(error) }, "filing a report failed; it stays in the spool");
    } finally {
      clearInterval(heartbeat);
    }
    if (result.status === "filed") {
      await spool.complete(claim);
      this.attempts.delete(claim.id);
      log.info({ report: claim.id }, "report filed; removed from the spool");
      return;
    }
    const attempt = (this.attempts.get(claim.id) ?? 0) + 1;
    this.attempts.set(claim.id, attempt);
    const delay = Math.max(this.backoff(attempt), result.afterMs ?? 0);
    await spool.release(claim, this.now() + delay);
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
