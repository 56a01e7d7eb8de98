// The process entry point (`npm start`, the Docker image): Probot's server with Call-In loaded,
// a logger that redacts case and report content (see logging.ts), and a graceful stop on SIGTERM.
import { run } from "probot";
import { createApp } from "./index.js";
import { Lifecycle, shutdownTimeoutMs, stopOnSignals } from "./lifecycle/shutdown.js";
import { createLogger } from "./logging.js";

const log = await createLogger();
const lifecycle = new Lifecycle();
const timeoutMs = shutdownTimeoutMs(process.env);
const probotSigint = new Set(process.listeners("SIGINT"));
const server = await run(createApp({}, lifecycle), { log });
// Probot's own SIGINT handler exits as soon as the port closes, before filings finish: ours replaces it.
for (const listener of process.listeners("SIGINT")) if (!probotSigint.has(listener)) process.off("SIGINT", listener);
stopOnSignals({ lifecycle, closeServer: () => server.stop(), log, timeoutMs, exit: (code) => process.exit(code) });
