import type { Logger } from "pino";
import { durationMs } from "../util/duration.js";

/** How often the sweep runs unless `REMINDER_INTERVAL` says otherwise. */
export const DEFAULT_REMINDER_INTERVAL = "15m";

export interface ScheduledSweep {
  stop(): void;
  /** The run in progress, if any (tests await it). */
  current(): Promise<void> | null;
}

/** `REMINDER_INTERVAL` (e.g. `15m`, `1h`), or null for `off`/`0`. */
export function reminderIntervalMs(env: NodeJS.ProcessEnv): number | null {
  const value = (env.REMINDER_INTERVAL ?? DEFAULT_REMINDER_INTERVAL).trim();
  if (value === "off" || value === "0") return null;
  return durationMs(value);
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
