import type { Logger } from "pino";

/** A part of the app with work of its own (the spool's drainer, the clock sweep). */
export interface StoppablePart {
  name: string;
  /** Takes no new work and resolves when its work in progress is done. */
  finish(): Promise<void>;
  /** The bound passed: hand back what is left (claims go back to the queue) so another instance can take it at once. */
  abandon?(): Promise<void>;
}

/**
 * The running instance's way out. On shutdown it stops taking new webhooks and
 * reports (`accepting` turns false), waits for the work in flight (webhook
 * handlers, reports being accepted, filings, the sweep), then lets every part
 * finish; past the deadline it abandons what is left instead.
 */
export class Lifecycle {
  private stopping = false;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly parts: StoppablePart[] = [];

  /** False once shutdown has begun: new requests are refused with 503. */
  get accepting(): boolean {
    return !this.stopping;
  }

  /** Work that shutdown waits for (it settles either way). */
  track<T>(work: Promise<T>): Promise<T> {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.inFlight.add(settled);
    void settled.then(() => this.inFlight.delete(settled));
    return work;
  }

  register(part: StoppablePart): void {
    this.parts.push(part);
  }

  /**
   * Stops the instance: "clean" when everything finished before `deadline`
   * aborted, else "abandoned" (what was left has been handed back).
   */
  async shutdown(deadline: AbortSignal, log: Logger): Promise<"clean" | "abandoned"> {
    this.stopping = true;
    log.info(
      { inFlight: this.inFlight.size, parts: this.parts.map((p) => p.name) },
      "shutting down: refusing new webhooks and reports, finishing the work in flight",
    );
    const finished = (async () => {
      await Promise.all(this.parts.map((part) => part.finish()));
      while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
    })();
    const outcome = await Promise.race([finished.then(() => "clean" as const), aborted(deadline).then(() => "abandoned" as const)]);
    if (outcome === "abandoned") {
      log.warn({ inFlight: this.inFlight.size }, "shutdown ran out of time: handing back what is left");
      for (const part of this.parts) {
        try {
          await part.abandon?.();
        } catch (error) {
          log.error({ err: error, part: part.name }, "could not hand back work while shutting down");
        }
      }
    }
    return outcome;
  }
}

function aborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
}

export interface SignalOptions {
  lifecycle: Lifecycle;
  /** Closes the HTTP server (after the work in flight is done). */
  closeServer: () => Promise<void>;
  log: Logger;
  timeoutMs: number;
  exit: (code: number) => void;
}

/**
 * SIGTERM (and SIGINT) stop the instance gracefully: finish, release, close,
 * exit 0. A second signal, or the timeout, abandons what is left (claims go back
 * to the queue) and exits 1.
 */
export function stopOnSignals(options: SignalOptions): void {
  const { lifecycle, log } = options;
  let deadline: AbortController | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (deadline) {
      log.warn({ signal }, "second signal: stopping now");
      deadline.abort();
      return;
    }
    deadline = new AbortController();
    const controller = deadline;
    const timer = setTimeout(() => controller.abort(), options.timeoutMs);
    log.info({ signal, timeoutMs: options.timeoutMs }, "stop signal received");
    void (async () => {
      let code = 1;
      try {
        const outcome = await lifecycle.shutdown(controller.signal, log);
        await Promise.race([options.closeServer(), aborted(controller.signal)]);
        code = outcome === "clean" && !controller.signal.aborted ? 0 : 1;
        if (code === 0) log.info("stopped cleanly: nothing in flight, no claims held");
      } catch (error) {
        log.error({ err: error }, "shutdown failed");
      } finally {
        clearTimeout(timer);
        options.exit(code);
      }
    })();
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}
