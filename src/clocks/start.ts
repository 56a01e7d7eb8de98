import type { Probot } from "probot";
import type { Services } from "../services.js";
import { ownersOfApp } from "./app-owners.js";
import { reminderIntervalMs, scheduleSweep, type ScheduledSweep } from "./schedule.js";
import { sweep } from "./sweep.js";

/** The lock that keeps replicas from sweeping at the same moment (per-case locks make overlaps harmless anyway). */
export const SWEEP_LOCK = "sweep:clocks";

/** Starts the periodic sweep inside the app (`REMINDER_INTERVAL`, default 15m; `off` disables it). */
export function startClockSweep(app: Pick<Probot, "auth" | "log">, services: Services, env: NodeJS.ProcessEnv): ScheduledSweep | null {
  const intervalMs = reminderIntervalMs(env);
  if (intervalMs === null) return null;
  const log = app.log.child({ name: "clocks" });
  return scheduleSweep(
    intervalMs,
    async () => {
      try {
        await services.locks.withLock(SWEEP_LOCK, () => sweep(services, ownersOfApp(app), log));
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
}
