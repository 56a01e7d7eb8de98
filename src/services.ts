import type { Logger } from "pino";
import { Redis } from "ioredis";
import { ConfigLoader } from "./config/load.js";
import { ConfigProblemNotifier } from "./config/problem-note.js";
import { InProcessLocks, RedisLocks, type LockProvider } from "./concurrency/locks.js";
import { TemplateSet } from "./templates/engine.js";
import { OwnerTemplates } from "./templates/overrides.js";
import { PersonHistory } from "./log/history.js";
import { Pseudonymiser } from "./log/pseudonym.js";
import type { ResolutionRecorder } from "./log/recorder.js";
import { GitHubResolutionLog } from "./log/resolution-log.js";

/** Long-lived parts shared by all handlers of one app instance. Created once in index.ts. */
export interface Services {
  configs: ConfigLoader;
  configProblems: ConfigProblemNotifier;
  templates: OwnerTemplates;
  locks: LockProvider;
  now: () => Date;
  /** Appends /resolve and /reopen to the resolution log in the case repository. */
  resolutionLog: ResolutionRecorder;
  /** Earlier cases about the same person (by pseudonym), shown in a new case. */
  personHistory: PersonHistory;
}

export interface ServiceOptions {
  env?: NodeJS.ProcessEnv;
  log: Logger;
  locks?: LockProvider;
  now?: () => Date;
}

export function createServices(options: ServiceOptions): Services {
  const env = options.env ?? process.env;
  const bundled = TemplateSet.bundled();
  const pseudonyms = Pseudonymiser.fromEnv(env);
  const personHistory = new PersonHistory(pseudonyms);
  return {
    configs: new ConfigLoader(),
    configProblems: new ConfigProblemNotifier(bundled),
    templates: new OwnerTemplates(bundled),
    locks: options.locks ?? locksFor(env, options.log),
    now: options.now ?? (() => new Date()),
    resolutionLog: new GitHubResolutionLog(pseudonyms, { history: personHistory }),
    personHistory,
  };
}

/** In-process locks for one instance; Redis locks when REDIS_URL says there may be several. */
function locksFor(env: NodeJS.ProcessEnv, log: Logger): LockProvider {
  if (!env.REDIS_URL) return new InProcessLocks();
  log.info("REDIS_URL is set: per-thread locks are shared through Redis");
  return new RedisLocks(new Redis(env.REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 3 }));
}
