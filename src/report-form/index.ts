import type { IncomingMessage, ServerResponse } from "node:http";
import type { Probot } from "probot";
import type { Logger } from "pino";
import type { FileCaseDeps } from "../cases/file-case.js";
import type { ConfigLoader } from "../config/load.js";
import type { ConfigProblemNotifier } from "../config/problem-note.js";
import { Drainer } from "../spool/drainer.js";
import { Sealer } from "../spool/sealed.js";
import { DEFAULT_LEASE_MS, Spool } from "../spool/spool.js";
import { BackgroundWork, timerDeadline, type Deadline } from "./deadline.js";
import { fileReport } from "./file-report.js";
import { probotAccess, type GitHubAccess } from "./github-access.js";
import { OwnerForms } from "./owner-forms.js";
import { ASSET_PATH, Pages } from "./pages.js";
import { LIMITS } from "./fields.js";
import { Lifecycle } from "../lifecycle/shutdown.js";
import { spooledReportOf, type SpooledReport } from "./report.js";
import { formSettingsFrom } from "./settings.js";
import { ReporterStatus } from "./status.js";
import { createReportWebApp, type WebLimits } from "./web.js";
import { REDACTED_PATHS } from "../logging.js";
import type { Settings } from "../settings.js";
import type { TemplateSet } from "../templates/engine.js";

/** What the form takes from the app's long-lived parts: what filing a case takes (the seal and the bundled templates among it), and the config loader and its notes. */
export interface ReportFormDeps extends FileCaseDeps {
  configs: ConfigLoader;
  configProblems: ConfigProblemNotifier;
}

/** Knobs with production defaults; tests and the bench shorten them. */
export interface ReportFormTuning extends WebLimits {
  /** A claim held on another machine lapses after this long without a heartbeat (its worker died); heartbeats come every third of it. */
  leaseMs: number;
  drainIntervalMs: number;
  baseBackoffMs: number;
  maxBackoffMs: number;
  /** Retry delay when the owner's side is not ready (not installed, case repository missing or public, bad config). */
  notReadyRetryMs: number;
  /** Time limit of every GitHub request the form and the spool make. */
  githubTimeoutMs: number;
  /** Owner pages one address may open per window that make the form ask GitHub. */
  ownerLookupsPerClient: number;
  ownerLookupWindowMs: number;
  /** Owner lookups all addresses together may cause per `ownerLookupWindowMs`. */
  ownerLookupBudget: number;
  /** Ends one GitHub request; default: `githubTimeoutMs` by the clock (tests end requests themselves). */
  githubRequestSignal?: () => AbortSignal;
  /** Replace GitHub access (tests). */
  github?: GitHubAccess;
  /** When a page stops waiting for GitHub; default: `lookupTimeoutMs` by the clock (tests pass one they control). */
  lookupDeadline?: Deadline;
  /** Called with the running form (tests and the bench stop it, wait for the spool). */
  onStart?: (form: RunningReportForm) => void;
}

export const DEFAULT_TUNING: ReportFormTuning = {
  reportsPerWindow: 10,
  windowMs: 15 * 60_000,
  statusPerMinute: 60,
  bodyBytes: 64 * 1024,
  lookupTimeoutMs: 3_000,
  trustProxy: 0,
  leaseMs: DEFAULT_LEASE_MS,
  drainIntervalMs: 30_000,
  baseBackoffMs: 5_000,
  maxBackoffMs: 60 * 60_000,
  notReadyRetryMs: 15 * 60_000,
  githubTimeoutMs: 10_000,
  ownerLookupsPerClient: 20,
  ownerLookupWindowMs: 10 * 60_000,
  ownerLookupBudget: 300,
};

export interface RunningReportForm {
  handler: (req: IncomingMessage, res: ServerResponse) => boolean;
  drainer: Drainer<SpooledReport>;
  spool: Spool<SpooledReport>;
  /** Lookups that went on after their page had answered (tests wait for them before closing). */
  background: BackgroundWork;
}

/** Only these paths belong to the form; every other request goes on to Probot's next handler. */
export function isReportFormPath(url: string | undefined): boolean {
  const path = (url ?? "").split("?")[0] ?? "";
  return /^\/call-in\/report(\/|$)/.test(path) || /^\/call-in\/status\//.test(path);
}

/**
 * Starts the private report form: the spool and its drainer, and a handler for
 * Probot's `addHandler`. Returns null (and logs why) when it must stay off:
 * production without REPORT_ENCRYPTION_KEY, or an invalid setting.
 */
export function startReportForm(
  app: Probot,
  deps: ReportFormDeps,
  appSettings: Settings,
  parentLog: Logger,
  tuning: Partial<ReportFormTuning> = {},
  lifecycle: Lifecycle = new Lifecycle(),
): RunningReportForm | null {
  const log = parentLog.child({ name: "report-form" }, { redact: { paths: REDACTED_PATHS, censor: "[redacted]" } });
  const t: ReportFormTuning = { ...DEFAULT_TUNING, trustProxy: appSettings.trustProxy, ...tuning };
  const result = formSettingsFrom(appSettings);
  if (!result.ok) {
    log.error(result.problem);
    return null;
  }
  for (const warning of result.warnings) log.warn(warning);
  const settings = result.settings;
  const github = t.github ?? probotAccess(app, t.githubRequestSignal ?? (() => AbortSignal.timeout(t.githubTimeoutMs)), log);
  const spool = new Spool<SpooledReport>({ dataDir: settings.dataDir, sealer: new Sealer(settings.spoolKey), leaseMs: t.leaseMs });
  const drainer = new Drainer<SpooledReport>({
    spool,
    log,
    intervalMs: t.drainIntervalMs,
    baseBackoffMs: t.baseBackoffMs,
    maxBackoffMs: t.maxBackoffMs,
    file: (id, report) =>
      fileReport(
        { cases: deps, configs: deps.configs, configProblems: deps.configProblems, github, spool, log, notReadyRetryMs: t.notReadyRetryMs },
        id,
        spooledReportOf(report),
      ),
  });
  const pages = new Pages(deps.templates.bundled, settings.webHost);
  const deadline = t.lookupDeadline ?? timerDeadline(t.lookupTimeoutMs);
  const background = new BackgroundWork();
  const web = createReportWebApp({
    settings,
    configs: deps.configs,
    github,
    spool,
    kick: () => drainer.kick(),
    owners: new OwnerForms(github, log, deadline, background, { lookupsPerWindow: t.ownerLookupBudget, windowMs: t.ownerLookupWindowMs }),
    status: new ReporterStatus(spool, github, log, deps.seal),
    pages,
    log,
    limits: t,
    deadline,
    background,
    ownerLookups: { perClient: t.ownerLookupsPerClient, windowMs: t.ownerLookupWindowMs },
  });
  spool
    .init()
    .catch((error: unknown) =>
      log.error({ err: error, dataDir: settings.dataDir }, "DATA_DIR cannot be used for the report spool; reports cannot be accepted"),
    );
  drainer.start();
  lifecycle.register({
    name: "report spool",
    // The filing under way finishes (its case is written, its claim completed or released); no new one starts.
    finish: async () => {
      drainer.stop();
      await drainer.idle();
      await spool.close();
    },
    // Out of time: the claims go back to the queue, for another replica (or the restart) to take at once.
    abandon: async () => {
      drainer.stop();
      const released = await drainer.releaseHeld();
      if (released.length > 0) log.warn({ reports: released }, "reports whose filing was cut short are back in the queue");
      await spool.close();
    },
  });
  const restarting = restartingPage(deps.templates.bundled, settings.webHost);
  const form: RunningReportForm = {
    spool,
    drainer,
    background,
    handler: (req, res) => {
      if (!isReportFormPath(req.url)) return false;
      if (!lifecycle.accepting) {
        void restarting(res);
        return true;
      }
      // A report being accepted is work in flight: a shutdown waits until its answer is sent.
      void lifecycle.track(new Promise((resolve) => res.once("close", resolve)));
      web(req as never, res as never);
      return true;
    },
  };
  t.onStart?.(form);
  return form;
}

/**
 * The page for requests that arrive while the instance stops: 503 with
 * Retry-After, so a reporter (or a load balancer) tries again rather than
 * believing a report was sent. Connection: close moves the browser to another instance.
 */
function restartingPage(templates: TemplateSet, webHost: string): (res: ServerResponse) => Promise<void> {
  return async (res) => {
    const page = await templates.render("report-restarting.html", {
      formUrl: "/call-in/report",
      assetUrl: ASSET_PATH,
      webHost,
      limits: LIMITS,
    });
    res
      .writeHead(503, {
        "content-type": "text/html; charset=utf-8",
        "retry-after": "60",
        "cache-control": "no-store",
        "referrer-policy": "no-referrer",
        "content-security-policy": "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'",
        connection: "close",
      })
      .end(page.text);
  };
}
