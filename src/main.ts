// The process entry point (`npm start`, the Docker image): Probot's server with Call-In loaded,
// a logger that keeps case and report content out of every line (see logging.ts), and a graceful stop on SIGTERM.
import { run } from "probot";
import { createApp } from "./index.js";
import { Lifecycle, stopOnSignals } from "./lifecycle/shutdown.js";
import { createLogger, probotLogFormat } from "./logging.js";
import { readSettings, type Settings } from "./settings.js";

let settings: Settings;
try {
  // The logger's and the stop's settings, checked before anything listens. Probot applies `.env`
  // only inside run(), so createApp reads the settings again when Probot loads it, as it always did.
  settings = readSettings(process.env);
} catch (error) {
  // A set-up mistake: say it plainly on the terminal and stop, before anything listens.
  console.error((error as Error).message);
  process.exit(1);
}

const log = createLogger(settings.log, await probotLogFormat(settings.log));
const lifecycle = new Lifecycle();
const timeoutMs = settings.shutdownTimeoutMs;
const probotSigint = new Set(process.listeners("SIGINT"));
const server = await run(createApp({}, lifecycle), { log });
// Probot's own SIGINT handler exits as soon as the port closes, before filings finish: ours replaces it.
for (const listener of process.listeners("SIGINT")) if (!probotSigint.has(listener)) process.off("SIGINT", listener);
stopOnSignals({ lifecycle, closeServer: () => server.stop(), log, timeoutMs, exit: (code) => process.exit(code) });
