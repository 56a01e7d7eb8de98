import type { ResolutionEvent, ResolutionRecorder } from "./recorder.js";

/**
 * A stand-in for the resolution log: logs that a resolution happened (code,
 * kind, outcome; never the summary, which may quote the case). The real log
 * (JSON Lines in the case repository) replaces it when that feature is merged.
 */
export class LoggingResolutionRecorder implements ResolutionRecorder {
  async record(event: ResolutionEvent): Promise<void> {
    event.log.info({ case: event.case.meta.code, kind: event.kind, outcome: event.outcome, at: event.at }, "resolution recorded (logging recorder)");
  }
}
