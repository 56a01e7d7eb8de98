import type { ApplicationFunction } from "probot";
import { COMMENT_CREATED_EVENTS, onCommentCreated } from "./handlers/comment-created.js";
import { onLabeled } from "./handlers/labeled.js";
import { startReportForm } from "./report-form/index.js";
import { createServices, type ServiceOptions } from "./services.js";

/**
 * Call-In's table of contents: which event or route goes to which handler.
 * `createApp` lets tests replace clocks and locks; Probot loads the default export.
 */
export function createApp(overrides: Partial<ServiceOptions> = {}): ApplicationFunction {
  return (app, { addHandler }) => {
    const services = createServices({ log: app.log, ...overrides });

    // A maintainer's label or command opens a private case.
    app.on(["issues.labeled", "pull_request.labeled"], onLabeled(services));
    app.on([...COMMENT_CREATED_EVENTS], onCommentCreated(services));

    // Anyone can report a concern privately; reports wait in the encrypted spool until filed.
    const form = startReportForm(app, services, overrides.env ?? process.env, app.log, overrides.reportForm);
    if (form) addHandler(form.handler);
  };
}

export default createApp();
