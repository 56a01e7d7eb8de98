import type { ApplicationFunction } from "probot";
import { COMMENT_CREATED_EVENTS, onCommentCreated } from "./handlers/comment-created.js";
import { onLabeled } from "./handlers/labeled.js";
import { logViewHandler } from "./log-view/routes.js";
import { createServices, type ServiceOptions } from "./services.js";

/**
 * Call-In's table of contents: which event or route goes to which handler.
 * `createApp` lets tests replace clocks and locks; Probot loads the default export.
 */
export function createApp(overrides: Partial<ServiceOptions> = {}): ApplicationFunction {
  return (app, options) => {
    const services = createServices({ log: app.log, ...overrides });

    // A maintainer's label or command opens a private case.
    app.on(["issues.labeled", "pull_request.labeled"], onLabeled(services));
    app.on([...COMMENT_CREATED_EVENTS], onCommentCreated(services));

    // The team's resolution log in the browser, behind "Sign in with GitHub".
    options?.addHandler?.(
      logViewHandler({ env: overrides.env ?? process.env, log: app.log, auth: (id?: number) => app.auth(id), templates: services.templates, now: services.now }),
    );
  };
}

export default createApp();
