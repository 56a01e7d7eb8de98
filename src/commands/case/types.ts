import type { Logger } from "pino";
import type { CaseThread } from "../../cases/case-thread.js";
import type { CaseMeta } from "../../cases/metadata.js";
import type { CaseRecord } from "../../cases/store.js";
import type { CallInConfig } from "../../config/schema.js";
import type { GitHub, RepoRef } from "../../github/client.js";
import type { RepositoryInfo } from "../../github/repository.js";
import type { LockProvider } from "../../concurrency/locks.js";
import type { ResolutionRecorder } from "../../resolution-log/recorder.js";
import type { TemplateSet } from "../../templates/engine.js";
import type { ApiFailure } from "../../github/api-failure.js";

/** What every case command gets: plain inputs, no Probot context. */
export interface CaseCommandContext {
  github: GitHub;
  config: CallInConfig;
  log: Logger;
  templates: TemplateSet;
  /** The case repository (passed the privacy gate for this command). */
  caseRepository: RepositoryInfo;
  caseRepo: RepoRef;
  thread: CaseThread;
  /** The case as read when the command arrived. */
  record: CaseRecord;
  actor: string;
  command: string;
  args: string[];
  rest: string;
  /** ISO time of the command. */
  now: string;
  deliveryId: string;
}

/** What a command did, for the action log and the result comment (templates/command-result.md). */
export interface CommandResult {
  outcome: "done" | "dry-run" | "failed" | "refused" | "invalid";
  /** Selects the sentence in command-result.md, e.g. `hide.done`. */
  key: string;
  data?: Record<string, unknown>;
  error?: ApiFailure;
  /** The metadata change, applied to the case as it is when written (under the lock). */
  change?: (meta: CaseMeta) => CaseMeta;
  /** Runs after the metadata is written; what it returns joins the result comment's data. */
  after?: (meta: CaseMeta) => Promise<Record<string, unknown> | void>;
  /** The command wrote everything itself (the escalation move): record nothing more here. */
  finished?: boolean;
}

/** The app's long-lived parts a command may take; each command declares the ones it does (`CaseCommand<Deps>`), most none. */
export interface CommandDeps {
  /** The per-thread locks: `/recuse` moves the case under its lock when it escalates. */
  locks: LockProvider;
  /** The resolution log `/resolve` and `/reopen` append to. */
  resolutionLog: ResolutionRecorder;
}

export interface CaseCommand<Deps extends Partial<CommandDeps> = Record<never, never>> {
  name: string;
  /** Syntax only; what it does is worded in templates/command-help.md. */
  usage: string;
  run(ctx: CaseCommandContext, deps: Deps): Promise<CommandResult>;
}

/** A failed GitHub call as a result. */
export function failed(key: string, error: ApiFailure, data: Record<string, unknown> = {}): CommandResult {
  return { outcome: "failed", key, error, data };
}

export function invalid(key: string, data: Record<string, unknown> = {}): CommandResult {
  return { outcome: "invalid", key, data };
}
