// The process entry point (`npm start`, the Docker image): Probot's server with Call-In loaded,
// and a logger that keeps case and report content out of every line (see logging.ts).
import { run } from "probot";
import app from "./index.js";
import { createLogger, probotLogFormat } from "./logging.js";
import { trustProxySetting } from "./util/trust-proxy.js";

try {
  trustProxySetting(process.env);
} catch (error) {
  // A set-up mistake: say it plainly on the terminal and stop, before anything listens.
  console.error((error as Error).message);
  process.exit(1);
}

await run(app, { log: createLogger(process.env, await probotLogFormat(process.env)) });
