// The process entry point (`npm start`, the Docker image): Probot's server with Call-In loaded,
// and a logger that redacts case and report content (see logging.ts).
import { run } from "probot";
import app from "./index.js";
import { createLogger } from "./logging.js";

await run(app, { log: await createLogger() });
