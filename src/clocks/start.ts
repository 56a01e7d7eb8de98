import type { Probot } from "probot";
import type { Lifecycle } from "../lifecycle/shutdown.js";
import { ownersOfApp } from "./app-owners.js";
import { scheduleSweep, type ScheduledSweep } from "./schedule.js";
import type { Settings } from "../settings.js";
import { sweep, type SweepDeps } from "./sweep.js";

/** The lock that keeps replicas from sweeping at the same moment (per-case locks make overlaps harmless anyway). */
export const SWEEP_LOCK = "sweep:clocks";

/**
 * Starts the periodic sweep inside the app (`REMINDER_INTERVAL`, default 15m; `off` disables it).
 * On shutdown the timer stops and a sweep under way finishes (each reminder is recorded in its case before it is posted).
 */
export function startClockSweep(
  app: Pick<Probot, "auth" | "log">,
  deps: SweepDeps,
  { reminderIntervalMs: intervalMs }: Pick<Settings, "reminderIntervalMs">,
  lifecycle?: Lifecycle,
): ScheduledSweep | null {
  if (intervalMs === null) return null;
  const log = app.log.child({ name: "clocks" });
  const scheduled = scheduleSweep(
    intervalMs,
    async () => {
      try {
        await deps.locks.withLock(SWEEP_LOCK, () => sweep(deps, ownersOfApp(app), log));
      } catch (error) {
        if (error instanceof Error && /timed out waiting for the lock/.test(error.message)) {
          log.debug("another replica is sweeping; skipping this tick");
          return;
        }
        throw error;
      }
    },
    log,
  );
  lifecycle?.register({
    name: "clock sweep",
    finish: async () => {
      scheduled.stop();
      await scheduled.current();
    },
  });
  return scheduled;
}
