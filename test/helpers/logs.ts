import { Writable } from "node:stream";
import { pino, type Logger } from "pino";
import { hooks, redaction } from "../../src/logging.js";

/** A pino logger whose lines a test can read (and assert what is NOT logged). */
export function captureLogs(level: pino.Level = "debug"): { log: Logger; lines: Array<Record<string, unknown>>; text: () => string } {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n")) if (line.trim()) lines.push(JSON.parse(line));
      done();
    },
  });
  // The production redaction rules, so tests prove what production logs leave out.
  const log = pino({ level, redact: redaction, hooks }, stream);
  return { log, lines, text: () => lines.map((l) => JSON.stringify(l)).join("\n") };
}
