import type { Logger } from "pino";
import type { CaseRecord } from "../cases/store.js";
import type { CallInConfig } from "../config/schema.js";
import type { GitHub, RepoRef } from "../github/client.js";

/** What the resolution log needs to know when a case is resolved or reopened. */
export interface ResolutionEvent {
  github: GitHub;
  caseRepository: RepoRef;
  case: CaseRecord;
  kind: "resolved" | "reopened";
  outcome: string | null;
  summary: string | null;
  actor: string;
  at: string;
  config: CallInConfig;
  log: Logger;
}

/** Records resolutions in the resolution log (implemented in src/log/). */
export interface ResolutionRecorder {
  record(event: ResolutionEvent): Promise<void>;
}
