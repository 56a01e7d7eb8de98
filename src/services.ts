import type { Logger } from "pino";
import { Redis } from "ioredis";
import { ConfigLoader } from "./config/load.js";
import { ConfigProblemNotifier } from "./config/problem-note.js";
import { SnapshotIndex } from "./cases/snapshot-index.js";
import { InProcessLocks, RedisLocks, type LockProvider } from "./concurrency/locks.js";
import type { ResolutionRecorder } from "./resolution-log/recorder.js";
import { TemplateSet } from "./templates/engine.js";
import { OwnerTemplates } from "./templates/overrides.js";
import { CodeOfConductThreads } from "./watch/coc-thread.js";
import { WatchCooldown } from "./watch/cooldown.js";
import { WatchRulesCache } from "./watch/rules.js";
import { PersonHistory } from "./resolution-log/history.js";
import { Pseudonymiser } from "./resolution-log/pseudonym.js";
import { GitHubResolutionLog } from "./resolution-log/resolution-log.js";
import { CaseSeal } from "./cases/seal.js";
import { SealKeys } from "./cases/seal-keys.js";
import { UnverifiedCaseNotes } from "./cases/unverified.js";
import { cachedIdentity, type AppIdentity } from "./github/app-identity.js";
import { gitHubKeyHolders, type KeyHolders } from "./cases/key-holders.js";
import type { AppAccess } from "./cases/outside-route.js";
import type { WatchState } from "./watch/triage.js";
import { sealedReportsFrom } from "./sealed/from-env.js";
import type { SealedReports } from "./sealed/store.js";
import type { Settings } from "./settings.js";

/**
 * Long-lived parts shared by all handlers of one app instance. Created once in index.ts,
 * which hands this one object to every module; each module declares the few parts it
 * takes (e.g. `FileCaseDeps`, `SweepDeps`) and never imports this file.
 */
export interface Services {
  configs: ConfigLoader;
  configProblems: ConfigProblemNotifier;
  templates: OwnerTemplates;
  locks: LockProvider;
  now: () => Date;
  /** Which comments open cases hold snapshots of, so edits of other comments cost nothing. */
  snapshots: SnapshotIndex;
  watch: WatchState;
  /** `${PUBLIC_URL}/call-in/...` are the report form and the sealed page; null when PUBLIC_URL is not set. */
  publicUrl: string | null;
  /** Appends /resolve and /reopen to the resolution log in the case repository. */
  resolutionLog: ResolutionRecorder;
  /** Earlier cases about the same person (by pseudonym), shown in a new case. */
  personHistory: PersonHistory;
  /** Seals case metadata when the app writes it, and checks author and seal whenever it is read. */
  seal: CaseSeal;
  /** The one note on an issue or discussion whose metadata failed the check. */
  unverified: UnverifiedCaseNotes;
  /** "Can the reported person read this repository?" (cases/key-holders.ts). */
  keyHolders: KeyHolders;
  /** What a key-holder case must not write into the organisation; null when no spool key is usable. Made on first use. */
  sealedReports: () => SealedReports | null;
  /** The app's own clients, to reach another account's installation (keyHolderReports); null when unknown. */
  apps: AppAccess | null;
}

export interface ServiceOptions {
  /** The environment, read once (settings.ts). */
  settings: Settings;
  log: Logger;
  locks?: LockProvider;
  now?: () => Date;
  /** Replaces the resolution log (tests). */
  resolutionLog?: ResolutionRecorder;
  /** Who the app is (`GET /app` with its JWT); asked once. */
  appIdentity?: () => Promise<AppIdentity>;
  /** The app's own clients (index.ts gives Probot's). */
  apps?: AppAccess;
  /** Replaces the key-holder check (tests whose subject is not about it). */
  keyHolders?: KeyHolders;
}

export function createServices(options: ServiceOptions): Services {
  const { settings } = options;
  const bundled = TemplateSet.bundled();
  const pseudonyms = Pseudonymiser.withKey(settings.pseudonymKey);
  const personHistory = new PersonHistory(pseudonyms);
  return {
    configs: new ConfigLoader(),
    configProblems: new ConfigProblemNotifier(bundled),
    templates: new OwnerTemplates(bundled),
    locks: options.locks ?? locksFor(settings.redisUrl, options.log),
    now: options.now ?? (() => new Date()),
    snapshots: new SnapshotIndex(),
    watch: { rules: new WatchRulesCache(), cooldown: new WatchCooldown(), codeOfConduct: new CodeOfConductThreads() },
    publicUrl: settings.publicUrl.value,
    resolutionLog: options.resolutionLog ?? new GitHubResolutionLog(pseudonyms, { history: personHistory }),
    personHistory,
    seal: new CaseSeal(sealKeysFor(settings, options.log), cachedIdentity(options.appIdentity ?? unknownIdentity)),
    unverified: new UnverifiedCaseNotes(),
    keyHolders: options.keyHolders ?? gitHubKeyHolders,
    sealedReports: once(() => sealedReportsFrom(settings, options.log)),
    apps: options.apps ?? null,
  };
}

function once<T>(make: () => T): () => T {
  let made: { value: T } | null = null;
  return () => (made ??= { value: make() }).value;
}

/** Without a key nothing is trusted (and no case can be sealed): say so once, loudly. */
function sealKeysFor(settings: Settings, log: Logger): SealKeys {
  const keys = SealKeys.from(settings);
  if (!keys.primary) log.error({ problem: keys.problem }, "case metadata cannot be sealed or checked: no case is opened or acted on until a key is set");
  else if (keys.problem) log.warn({ problem: keys.problem }, "case metadata: a configured key is not usable");
  return keys;
}

async function unknownIdentity(): Promise<AppIdentity> {
  throw new Error("the app's identity is unknown: Call-In needs the app's own credentials (APP_ID and the private key) to recognise its cases");
}

/** In-process locks for one instance; Redis locks when REDIS_URL says there may be several. */
function locksFor(redisUrl: string | null, log: Logger): LockProvider {
  if (!redisUrl) return new InProcessLocks();
  log.info("REDIS_URL is set: per-thread locks are shared through Redis");
  return new RedisLocks(redisClient(redisUrl, log), { log });
}

/**
 * The locks' Redis connection. It reconnects for ever (every 100 ms growing to
 * 2 s), and a command fails within about 2 s while Redis is away instead of
 * queueing: a lock that cannot be taken fails its work (fail closed) rather
 * than holding a webhook past GitHub's 10 s. An outage is logged once, and its end once.
 */
export function redisClient(url: string, log: Logger): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    commandTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
  });
  let down = false;
  redis.on("error", (error: Error) => {
    if (down) return;
    down = true;
    log.error({ err: error }, "Redis is unreachable: case work and report filing wait until it is back (webhooks answer 500)");
  });
  redis.on("ready", () => {
    if (!down) return;
    down = false;
    log.info("Redis is reachable again");
  });
  return redis;
}
