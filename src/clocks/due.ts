import type { CaseMeta } from "../cases/metadata.js";
import type { CallInConfig } from "../config/schema.js";
import { FOLLOW_UP_OUTCOMES } from "../commands/case/resolve.js";
import { durationMs } from "../util/duration.js";

/** The three clocks of a case (config `clocks`). */
export type Threshold = "acknowledge" | "resolve" | "follow-up";

export interface DueReminder {
  threshold: Threshold;
  /** What is remembered in `remindersSent`: one reminder per threshold (per resolution, for follow-ups). */
  key: string;
  clock: string;
}

const WORKING_STATES = new Set<CaseMeta["state"]>(["triage", "open", "acknowledged", "appeal"]);

/** Reminders a case is due now and has not had yet. Pure: the sweep and the tests share it. */
export function dueReminders(meta: CaseMeta, clocks: CallInConfig["clocks"], now: Date): DueReminder[] {
  const due: DueReminder[] = [];
  const since = (iso: string | null) => (iso ? now.getTime() - Date.parse(iso) : -1);
  if ((meta.state === "triage" || meta.state === "open") && !meta.acknowledgedAt && since(meta.openedAt) >= durationMs(clocks.acknowledgeWithin)) {
    due.push({ threshold: "acknowledge", key: "acknowledge", clock: clocks.acknowledgeWithin });
  }
  if (WORKING_STATES.has(meta.state) && since(meta.openedAt) >= durationMs(clocks.resolveWithin)) {
    due.push({ threshold: "resolve", key: "resolve", clock: clocks.resolveWithin });
  }
  if (meta.state === "resolved" && meta.outcome && FOLLOW_UP_OUTCOMES.includes(meta.outcome) && since(meta.resolvedAt) >= durationMs(clocks.followUpAfter)) {
    due.push({ threshold: "follow-up", key: `follow-up:${meta.resolvedAt}`, clock: clocks.followUpAfter });
  }
  return due.filter((d) => !meta.remindersSent.includes(d.key));
}

/** Temporary blocks whose time is up. */
export function blocksToLift(meta: CaseMeta, now: Date): CaseMeta["blocks"] {
  return meta.blocks.filter((b) => b.until && !b.liftedAt && Date.parse(b.until) <= now.getTime());
}

/** Whether the case's archived room has outlived `roomRetention`. */
export function roomToDelete(meta: CaseMeta, roomRetention: string, now: Date): boolean {
  const room = meta.room;
  if (!room || room.deletedAt || !room.archivedAt || meta.state !== "resolved" || !meta.resolvedAt) return false;
  return now.getTime() - Date.parse(meta.resolvedAt) >= durationMs(roomRetention);
}
