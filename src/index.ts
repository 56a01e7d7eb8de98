import type { ApplicationFunction } from "probot";
import { COMMENT_DELETED_EVENTS, COMMENT_EDITED_EVENTS, onCommentChanged } from "./webhooks/comment-changed.js";
import { startClockSweep } from "./clocks/start.js";
import { COMMENT_CREATED_EVENTS, onCommentCreated } from "./webhooks/comment-created.js";
import { onLabeled } from "./webhooks/labeled.js";
import { onThreadPosted, THREAD_POSTED_EVENTS } from "./webhooks/thread-posted.js";
import { startReportForm, type ReportFormTuning } from "./report-form/index.js";
import { logViewHandler } from "./resolution-log-view/routes.js";
import { createServices, type ServiceOptions } from "./services.js";
import { fetchAppIdentity } from "./github/app-identity.js";
import type { GitHub } from "./github/client.js";
import { Lifecycle } from "./lifecycle/shutdown.js";
import { gateWebhooks } from "./lifecycle/webhooks.js";
import { readSettings } from "./settings.js";

/**
 * Call-In's table of contents: which event or route goes to which handler.
 * `createApp` lets tests replace clocks and locks; Probot loads the default export.
 * `lifecycle` is how the process stops it (main.ts wires it to SIGTERM).
 * The environment (`overrides.env` in tests, else the process's) is read once, here.
 */
/** What `createApp` may replace: the services' parts, the report form's timings, and the environment (`env`, read into `settings`) or the settings themselves. */
export interface AppOptions extends Partial<ServiceOptions> {
  env?: NodeJS.ProcessEnv;
  /** The report form's timings and limits (tests and the bench shorten them). */
  reportForm?: Partial<ReportFormTuning>;
}

export function createApp(overrides: AppOptions = {}, lifecycle: Lifecycle = new Lifecycle()): ApplicationFunction {
  return (app, { addHandler }) => {
    const { env, reportForm, ...serviceOverrides } = overrides;
    const settings = overrides.settings ?? readSettings(env ?? process.env);
    // Case metadata is trusted only in issues and discussions by the app's own bot (cases/seal.ts).
    const services = createServices({
      settings,
      log: app.log,
      appIdentity: async () => fetchAppIdentity(await app.auth()),
      // Reports about key-holders may go to another account's installation (keyHolderReports).
      apps: { app: async () => (await app.auth()) as unknown as GitHub, installation: async (id) => (await app.auth(id)) as unknown as GitHub },
      ...serviceOverrides,
    });
    // Deliveries are work in flight for a graceful stop, and refused once it began.
    gateWebhooks(app, lifecycle);

    // A maintainer's label or command opens a private case.
    app.on(["issues.labeled", "pull_request.labeled"], onLabeled(services));
    // A new comment: a maintainer's `/call-in`, or else watched for public reports.
    app.on([...COMMENT_CREATED_EVENTS], onCommentCreated(services));
    // New or edited opening posts are watched for public reports too.
    app.on([...THREAD_POSTED_EVENTS], onThreadPosted(services));
    // Edited or deleted comments: notes on cases that snapshotted them; edits are watched.
    app.on([...COMMENT_EDITED_EVENTS, ...COMMENT_DELETED_EVENTS], onCommentChanged(services));

    // Anyone can report a concern privately; reports wait in the encrypted spool until filed.
    const form = startReportForm(app, services, settings, app.log, reportForm, lifecycle);
    if (form) addHandler(form.handler);

    // The team's resolution log in the browser, behind "Sign in with GitHub".
    // Sealed reports (about someone who can read the case repository) behind the same sign-in.
    const sealed = { reports: services.sealedReports, seal: services.seal, now: services.now };
    addHandler(logViewHandler({ settings, log: app.log, auth: (id?: number) => app.auth(id), templates: services.templates, now: services.now, sealed }));

    // Clocks: reminders, temporary blocks, room retention, on a timer off the webhook path.
    startClockSweep(app, services, settings, lifecycle);
  };
}

export default createApp();
