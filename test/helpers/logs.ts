import { Writable } from "node:stream";
import type { Logger } from "pino";
import { createLogger } from "../../src/logging.js";
import { readSettings } from "../../src/settings.js";

export type CapturedLine = Record<string, unknown>;

/**
 * Every line any test logs, through `captureLogs` or `logSink`: test/setup.ts
 * checks them after each test file against the canaries (`neverLog`).
 */
const suiteLines: string[] = [];

/** Strings (or patterns) no log line may ever contain, registered by tests and by test/setup.ts. */
const canaries: Array<string | RegExp> = [];

/** Registers words that must never appear in any log line of this test file (reported text, contacts, tokens...). */
export function neverLog(...values: Array<string | RegExp | null | undefined>): void {
  for (const value of values)
    if ((value instanceof RegExp || (typeof value === "string" && value.trim().length >= 6)) && !canaries.includes(value)) canaries.push(value);
}

/** Lines logged since the last check that contain a canary: `[canary, line]` pairs. Forgets what it returns. */
export function takeLeaks(): Array<[string, string]> {
  const leaks: Array<[string, string]> = [];
  for (const line of suiteLines) {
    for (const canary of canaries) {
      if (typeof canary === "string" ? line.includes(canary) : canary.test(line))
        leaks.push([String(canary), line.length > 600 ? `${line.slice(0, 600)}…` : line]);
    }
  }
  suiteLines.length = 0;
  canaries.length = 0;
  return leaks;
}

/** A stream that parses the logger's JSON lines into `lines` and copies each to the suite's sink. */
export function logSink(lines: CapturedLine[] = []): Writable {
  return new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n")) {
        if (!line.trim()) continue;
        suiteLines.push(line);
        lines.push(JSON.parse(line) as CapturedLine);
      }
      done();
    },
  });
}

/**
 * A logger whose lines a test can read (and assert what is NOT logged). Built
 * by the production factory, so tests prove what production logs leave out.
 */
export function captureLogs(level: "trace" | "debug" | "info" | "warn" | "error" | "fatal" = "debug"): {
  log: Logger;
  lines: CapturedLine[];
  text: () => string;
} {
  const lines: CapturedLine[] = [];
  const log = createLogger(readSettings({ LOG_LEVEL: level }).log, logSink(lines));
  return { log, lines, text: () => lines.map((l) => JSON.stringify(l)).join("\n") };
}
