import { getTransformStream, type LogLevel } from "@probot/pino";
import { pino, type Logger, type LoggerOptions } from "pino";

/**
 * What must never reach a log line, wherever it comes from:
 * - Probot's Octokit logs every request body at debug level, with the body's
 *   fields at the top level: case titles and bodies, GraphQL variables,
 *   file contents and commit messages of the resolution log;
 * - Probot logs each webhook's whole payload at debug level (`event.payload`):
 *   the reported words are in it;
 * - report form fields (description, contact) and the reporter's address;
 * - secrets in headers.
 */
export const REDACTED_PATHS = [
  "event.payload",
  "title",
  "body",
  "variables",
  "content",
  "message",
  "description",
  "contact",
  "ip",
  "*.description",
  "*.contact",
  "*.body",
  "*.ip",
  "remoteAddress",
  "*.remoteAddress",
  "err.request.body",
  "req.body",
  "res.body",
  "req.remoteAddress",
  "req.remotePort",
  'req.headers["x-forwarded-for"]',
  'req.headers["x-real-ip"]',
  "req.headers.cookie",
  "req.headers.authorization",
  'res.headers["set-cookie"]',
];

/** Status links carry a secret token in the path: keep the route, drop the token. */
export function withoutSecrets(url: string): string {
  return url.replace(/(\/call-in\/status\/)[^/?#\s]+/g, "$1[token]").replace(/([?&](?:code|state|token)=)[^&#\s]+/g, "$1[redacted]");
}

export const redaction: NonNullable<LoggerOptions["redact"]> = {
  paths: [...REDACTED_PATHS, "req.url"],
  censor: (value: unknown, path: unknown[]) => (path.map((part) => (typeof part === "symbol" ? "" : String(part))).join(".") === "req.url" && typeof value === "string" ? withoutSecrets(value) : "[redacted]"),
};

/**
 * Messages are strings, which redaction paths do not reach: Probot's access log
 * writes "GET /call-in/status/<token> 200" as its message. Filter them too.
 */
export const hooks: NonNullable<LoggerOptions["hooks"]> = {
  logMethod(args, method) {
    const cleaned = args.map((arg) => (typeof arg === "string" ? withoutSecrets(arg) : arg)) as typeof args;
    return method.apply(this, cleaned);
  },
};

/**
 * The app's logger: Probot's format (LOG_FORMAT pretty/json, LOG_LEVEL) with redaction.
 * Used by src/main.ts; `probot run` offers no way to pass redaction to its own logger.
 */
export async function createLogger(env: NodeJS.ProcessEnv = process.env): Promise<Logger> {
  const transform = await getTransformStream({
    logFormat: env.LOG_FORMAT === "json" ? "json" : env.LOG_FORMAT === "pretty" ? "pretty" : undefined,
    logLevelInString: env.LOG_LEVEL_IN_STRING === "true",
    sentryDsn: env.SENTRY_DSN,
  });
  transform.pipe(pino.destination(1) as unknown as NodeJS.WritableStream);
  return pino({ level: (env.LOG_LEVEL as LogLevel | undefined) ?? "info", name: "probot", messageKey: env.LOG_MESSAGE_KEY ?? "msg", redact: redaction, hooks }, transform);
}
