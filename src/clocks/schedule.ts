import type { Logger } from "pino";

export interface ScheduledSweep {
  stop(): void;
  /** The run in progress, if any (tests await it). */
  current(): Promise<void> | null;
}

/**
 * Runs `run` every `intervalMs`, never two at once in this process (a slow
 * sweep makes the next tick skip). The timer is unref'd: it never keeps the
 * process alive on its own. Several replicas are safe because every reminder
 * is recorded in its case under the case's lock before it is posted.
 */
export function scheduleSweep(intervalMs: number, run: () => Promise<unknown>, log: Logger): ScheduledSweep {
  let inFlight: Promise<void> | null = null;
  const tick = () => {
    if (inFlight) {
      log.debug("the previous reminder sweep is still running; skipping this tick");
      return;
    }
    inFlight = run()
      .then(() => undefined)
      .catch((error: unknown) => log.error({ err: error }, "the reminder sweep failed; the next tick tries again"))
      .finally(() => {
        inFlight = null;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer), current: () => inFlight };
}
