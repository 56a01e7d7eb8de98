import type { Logger } from "pino";
import type { CaseRecord } from "../cases/store.js";
import type { CallInConfig } from "../config/schema.js";
import type { GitHub, RepoRef } from "../github/client.js";
import type { RepositoryInfo } from "../github/repository.js";
import type { ShardReadAhead } from "./append.js";

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
  /**
   * The case repository as the privacy gate let it through earlier in the same event (a case
   * command asks the gate once, before it writes anything); without it the log asks the gate.
   */
  gate?: RepositoryInfo;
  /** The shard read while the metadata was written (`ResolutionRecorder.readAhead`). */
  readAhead?: ShardReadAhead;
}

/** Records resolutions in the resolution log (implemented in src/resolution-log/). */
export interface ResolutionRecorder {
  record(event: ResolutionEvent): Promise<void>;
  /** Starts reading what an entry at `at` will be appended to; `record` takes it as `readAhead`. */
  readAhead?(github: GitHub, caseRepository: RepoRef, at: string): ShardReadAhead;
}
