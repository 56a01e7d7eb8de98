// The process entry point (`npm start`, the Docker image): Probot's server with Call-In loaded,
// a logger that keeps case and report content out of every line (see logging.ts), and a graceful stop on SIGTERM.
// Without an app yet (no APP_ID or private key, outside production): the first-run set-up instead (setup/first-run.ts).
import { resolve } from "node:path";
import { run } from "probot";
import { createApp } from "./index.js";
import { Lifecycle, stopOnSignals } from "./lifecycle/shutdown.js";
import { createLogger, probotLogFormat } from "./logging.js";
import { readSettings, type Settings } from "./settings.js";
import { applyEnvFile } from "./setup/env-file.js";
import { startFirstRun } from "./setup/first-run.js";

let settings: Settings;
let needsSetUp: boolean;
try {
  // `.env` first, as Probot's run() does, so these settings and Probot's agree on whether there is an app yet.
  applyEnvFile(resolve(".env"));
  // The logger's and the stop's settings, checked before anything listens.
  settings = readSettings(process.env);
  // In production Probot's run() refuses to start without them, with its own message.
  needsSetUp = !settings.production && (!settings.appId || !settings.privateKey());
} catch (error) {
  // A set-up mistake: say it plainly on the terminal and stop, before anything listens.
  console.error((error as Error).message);
  process.exit(1);
}

const log = createLogger(settings.log, await probotLogFormat(settings.log));
if (needsSetUp) {
  const server = await startFirstRun(settings, log);
  stopOnSignals({
    lifecycle: new Lifecycle(),
    closeServer: () => server.stop(),
    log,
    timeoutMs: settings.shutdownTimeoutMs,
    exit: (code) => process.exit(code),
  });
} else {
  await startApp(settings);
}

async function startApp(settings: Settings): Promise<void> {
  const lifecycle = new Lifecycle();
  const timeoutMs = settings.shutdownTimeoutMs;
  const probotSigint = new Set(process.listeners("SIGINT"));
  const server = await run(createApp({}, lifecycle), { log });
  // Probot's own SIGINT handler exits as soon as the port closes, before filings finish: ours replaces it.
  for (const listener of process.listeners("SIGINT")) if (!probotSigint.has(listener)) process.off("SIGINT", listener);
  stopOnSignals({ lifecycle, closeServer: () => server.stop(), log, timeoutMs, exit: (code) => process.exit(code) });
}
