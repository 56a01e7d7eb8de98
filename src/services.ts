import type { Logger } from "pino";
import { Redis } from "ioredis";
import { ConfigLoader } from "./config/load.js";
import { ConfigProblemNotifier } from "./config/problem-note.js";
import { InProcessLocks, RedisLocks, type LockProvider } from "./concurrency/locks.js";
import { LoggingResolutionRecorder } from "./log/logging-recorder.js";
import type { ResolutionRecorder } from "./log/recorder.js";
import { TemplateSet } from "./templates/engine.js";
import { OwnerTemplates } from "./templates/overrides.js";

/** Long-lived parts shared by all handlers of one app instance. Created once in index.ts. */
export interface Services {
  configs: ConfigLoader;
  configProblems: ConfigProblemNotifier;
  templates: OwnerTemplates;
  locks: LockProvider;
  now: () => Date;
  /** Where `/resolve` and `/reopen` are recorded (src/log/). */
  resolutionLog: ResolutionRecorder;
}

export interface ServiceOptions {
  env?: NodeJS.ProcessEnv;
  log: Logger;
  locks?: LockProvider;
  now?: () => Date;
  resolutionLog?: ResolutionRecorder;
}

export function createServices(options: ServiceOptions): Services {
  const env = options.env ?? process.env;
  const bundled = TemplateSet.bundled();
  return {
    configs: new ConfigLoader(),
    configProblems: new ConfigProblemNotifier(bundled),
    templates: new OwnerTemplates(bundled),
    locks: options.locks ?? locksFor(env, options.log),
    now: options.now ?? (() => new Date()),
    resolutionLog: options.resolutionLog ?? new LoggingResolutionRecorder(),
  };
}

/** In-process locks for one instance; Redis locks when REDIS_URL says there may be several. */
function locksFor(env: NodeJS.ProcessEnv, log: Logger): LockProvider {
  if (!env.REDIS_URL) return new InProcessLocks();
  log.info("REDIS_URL is set: per-thread locks are shared through Redis");
  return new RedisLocks(new Redis(env.REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 3 }));
}
