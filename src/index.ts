import type { ApplicationFunction } from "probot";
import { startClockSweep } from "./clocks/start.js";
import { COMMENT_CREATED_EVENTS, onCommentCreated } from "./handlers/comment-created.js";
import { onLabeled } from "./handlers/labeled.js";
import { createServices, type ServiceOptions } from "./services.js";

/**
 * Call-In's table of contents: which event or route goes to which handler.
 * `createApp` lets tests replace clocks and locks; Probot loads the default export.
 */
export function createApp(overrides: Partial<ServiceOptions> = {}): ApplicationFunction {
  return (app) => {
    const services = createServices({ log: app.log, ...overrides });

    // A maintainer's label or command opens a private case.
    app.on(["issues.labeled", "pull_request.labeled"], onLabeled(services));
    app.on([...COMMENT_CREATED_EVENTS], onCommentCreated(services));

    // Clocks: reminders, temporary blocks, room retention, on a timer off the webhook path.
    startClockSweep(app, services, overrides.env ?? process.env);
  };
}

export default createApp();
