import type { Transform } from "node:stream";
import { getTransformStream } from "@probot/pino";
import { pino, type DestinationStream, type Logger, type LoggerOptions } from "pino";
import type { LogSettings } from "./settings.js";

/**
 * Field paths that must never reach a log line, for objects that are not errors
 * (errors go through `safeError`, an allow-list):
 * - Probot's Octokit logs every request body at debug level, with the body's
 *   fields at the top level: case titles and bodies, GraphQL variables,
 *   file contents and commit messages of the resolution log;
 * - Probot logs each webhook's whole payload at debug level (`event.payload`):
 *   the reported words are in it;
 * - report form fields (description, contact) and the reporter's address;
 * - headers: only `LOGGED_HEADERS` are kept (see `censor`), so secrets and
 *   client addresses in headers never show, whatever proxy added them.
 */
export const REDACTED_PATHS = [
  "event.payload",
  "*.event.payload",
  "title",
  "body",
  "variables",
  "content",
  "message",
  "description",
  "contact",
  "ip",
  "ips",
  "*.description",
  "*.contact",
  "*.body",
  "*.variables",
  "*.ip",
  "*.ips",
  "remoteAddress",
  "*.remoteAddress",
  "remotePort",
  "*.remotePort",
  "headers",
  "*.headers",
  "err.request.body",
  "err.request.variables",
  "err.response.data",
];

/**
 * Headers that say where a request came from: never logged. Not a deny-list
 * (every header outside `LOGGED_HEADERS` is dropped); named so tests check each.
 */
export const CLIENT_ADDRESS_HEADERS = ["x-forwarded-for", "x-real-ip", "x-client-ip", "forwarded", "cf-connecting-ip", "true-client-ip"] as const;

/** The only request and response headers a log line may carry. */
export const LOGGED_HEADERS = new Set([
  "content-type",
  "content-length",
  "x-github-event",
  "x-github-delivery",
  "x-github-hook-id",
  "x-github-request-id",
  "retry-after",
]);

/** Status links carry a secret token in the path: keep the route, drop the token. */
export function withoutSecrets(url: string): string {
  return url.replace(/(\/call-in\/status\/)[^/?#\s]+/g, "$1[token]").replace(/([?&](?:code|state|token|access_token|client_secret)=)[^&#\s]+/g, "$1[redacted]");
}

function loggedHeaders(headers: unknown): Record<string, unknown> | string {
  if (typeof headers !== "object" || headers === null) return "[redacted]";
  const kept: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers)) if (LOGGED_HEADERS.has(name.toLowerCase())) kept[name] = value;
  return kept;
}

export const redaction: NonNullable<LoggerOptions["redact"]> = {
  paths: [...REDACTED_PATHS, "req.url"],
  censor: (value: unknown, path: unknown[]) => {
    const key = path.map((part) => (typeof part === "symbol" ? "" : String(part))).join(".");
    if (key === "req.url" && typeof value === "string") return withoutSecrets(value);
    if (key === "headers" || key.endsWith(".headers")) return loggedHeaders(value);
    return "[redacted]";
  },
};

const MAX_MESSAGE = 500;
const MAX_NESTED = 10;
const SAFE = Symbol("call-in.safe-error");

/**
 * An error message without what could be someone's words. Messages are free
 * text, but content reaches them quoted: GitHub's GraphQL validation errors
 * echo the invalid value in double quotes, REST 422 messages append the
 * `errors` array as JSON, JSON.parse quotes the input it choked on. Every
 * quoted run is dropped, and the rest is cut short.
 */
export function safeMessage(message: unknown): string {
  if (typeof message !== "string") return "";
  const unquoted = message
    .replace(/"(?:[^"\\\n]|\\.)*"?/g, '"…"')
    .replace(/`[^`\n]*`?/g, "`…`")
    .replace(/[“«][^”»\n]*[”»]?/g, "“…”");
  const clean = withoutSecrets(unquoted);
  return clean.length > MAX_MESSAGE ? `${clean.slice(0, MAX_MESSAGE)}…` : clean;
}

/** Stack frames only ("    at fn (file:line)"): the first line repeats the message, frames hold code locations. */
function safeStack(stack: unknown, type: string, message: string): string | undefined {
  if (typeof stack !== "string") return undefined;
  const frames = stack.split("\n").filter((line) => /^\s+at /.test(line));
  return [`${type}: ${message}`, ...frames].join("\n");
}

/** A request's method and URL without query, fragment or credentials; a GraphQL request's operation name. */
function safeRequest(request: unknown): { method?: string; url?: string; operation?: string } | undefined {
  if (typeof request !== "object" || request === null) return undefined;
  const { method, url, query } = request as { method?: unknown; url?: unknown; query?: unknown };
  const out: { method?: string; url?: string; operation?: string } = {};
  const operation = typeof query === "string" ? /^\s*(query|mutation)\s+(\w{1,80})/.exec(query) : null;
  if (operation) out.operation = `${operation[1]} ${operation[2]}`;
  if (typeof method === "string" && /^[A-Z]{3,7}$/.test(method)) out.method = method;
  if (typeof url === "string") {
    try {
      const parsed = new URL(url, "http://relative.invalid");
      out.url = withoutSecrets(parsed.origin === "http://relative.invalid" ? parsed.pathname : `${parsed.origin}${parsed.pathname}`);
    } catch {
      // An unparseable URL says nothing useful: leave it out.
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Which webhook delivery failed, never what it carried. */
function safeEvent(event: unknown): Record<string, unknown> | undefined {
  if (typeof event !== "object" || event === null) return undefined;
  const { id, name, payload } = event as { id?: unknown; name?: unknown; payload?: Record<string, unknown> };
  const out: Record<string, unknown> = {};
  if (typeof id === "string") out.id = id;
  if (typeof name === "string") out.name = name;
  if (payload && typeof payload === "object") {
    if (typeof payload.action === "string") out.action = payload.action;
    const repository = (payload.repository as { full_name?: unknown } | undefined)?.full_name;
    if (typeof repository === "string") out.repository = repository;
    const installation = (payload.installation as { id?: unknown } | undefined)?.id;
    if (typeof installation === "number") out.installation = installation;
  }
  return out;
}

function headerOf(headers: unknown, name: string): string | undefined {
  if (typeof headers !== "object" || headers === null) return undefined;
  const value = (headers as Record<string, unknown>)[name];
  return typeof value === "string" && /^[A-Za-z0-9:._-]{1,100}$/.test(value) ? value : undefined;
}

/**
 * What an error may say in a log line: an allow-list, so no payload, request
 * body, GraphQL variables, response data or header reaches a log whatever
 * attached it (Probot's `err.event`, Octokit's `err.request` and `err.response`,
 * @octokit/webhooks' AggregateError `errors[]`, causes):
 * type, message (see `safeMessage`), stack frames, status, code, the event's
 * name, delivery id, action, repository and installation, the request's method
 * and URL (a GraphQL operation's name), GitHub's request id, and the same for
 * nested errors.
 */
export function safeError(value: unknown, depth = 0): unknown {
  if (typeof value !== "object" || value === null) return typeof value === "string" ? safeMessage(value) : value;
  if ((value as { [SAFE]?: true })[SAFE]) return value;
  const error = value as Record<string, unknown> & { response?: { headers?: unknown }; headers?: unknown };
  const type = typeof error.name === "string" && /^\w{1,60}$/.test(error.name) ? error.name : value instanceof Error ? value.constructor.name : "Error";
  const message = safeMessage(error.message);
  const out: Record<string | symbol, unknown> = { type, message };
  const stack = safeStack(error.stack, type, message);
  if (stack) out.stack = stack;
  if (typeof error.status === "number") out.status = error.status;
  if ((typeof error.code === "string" && /^[\w.-]{1,40}$/.test(error.code)) || typeof error.code === "number") out.code = error.code;
  const event = safeEvent(error.event);
  if (event) out.event = event;
  const request = safeRequest(error.request);
  if (request) out.request = request;
  const requestId = headerOf(error.response?.headers, "x-github-request-id") ?? headerOf(error.headers, "x-github-request-id");
  if (requestId) out.requestId = requestId;
  if (depth < 3) {
    if (Array.isArray(error.errors)) out.errors = error.errors.slice(0, MAX_NESTED).map((inner: unknown) => safeNested(inner, depth + 1));
    if (error.cause !== undefined) out.cause = safeError(error.cause, depth + 1);
  }
  Object.defineProperty(out, SAFE, { value: true });
  return out;
}

/** `errors[]` holds Errors (AggregateError) or GraphQL's `{ type, message, path }` objects. */
function safeNested(inner: unknown, depth: number): unknown {
  if (inner instanceof Error) return safeError(inner, depth);
  if (typeof inner !== "object" || inner === null) return safeMessage(String(inner));
  const { type, message } = inner as { type?: unknown; message?: unknown };
  return { ...(typeof type === "string" && /^\w{1,60}$/.test(type) ? { type } : {}), message: safeMessage(message) };
}

/** Any Error logged under any key (and `err` whatever it holds) goes through `safeError`. */
function withSafeErrors(object: Record<string, unknown>): Record<string, unknown> {
  let out = object;
  for (const [key, value] of Object.entries(object)) {
    const error = value instanceof Error || (key === "err" && typeof value === "object" && value !== null);
    if (!error) continue;
    if (out === object) out = { ...object };
    out[key] = safeError(value);
  }
  return out;
}

export const serializers: NonNullable<LoggerOptions["serializers"]> = { err: safeError };

export const formatters: NonNullable<LoggerOptions["formatters"]> = { log: withSafeErrors };

/**
 * Messages are strings, which redaction paths do not reach: Probot's access log
 * writes "GET /call-in/status/<token> 200" as its message. Filter them too. An
 * error logged without a message would get its raw message as the line's
 * message (pino's rule): give it the filtered one instead.
 */
export const hooks: NonNullable<LoggerOptions["hooks"]> = {
  logMethod(args, method) {
    const [first, second] = args as unknown[];
    let cleaned = args.map((arg) => (typeof arg === "string" ? withoutSecrets(arg) : arg)) as typeof args;
    if (second === undefined) {
      const error = first instanceof Error ? first : typeof first === "object" && first !== null ? (first as { err?: unknown }).err : undefined;
      if (error instanceof Error || (typeof error === "object" && error !== null && "message" in error))
        cleaned = [first, safeMessage((error as { message?: unknown }).message)] as unknown as typeof args;
    }
    return method.apply(this, cleaned);
  },
};

/** Probot's log format (LOG_FORMAT pretty/json, LOG_LEVEL_IN_STRING, SENTRY_DSN), written to `out`. */
export async function probotLogFormat(settings: LogSettings, out: NodeJS.WritableStream = process.stdout): Promise<Transform> {
  const transform = await getTransformStream({ logFormat: settings.format, logLevelInString: settings.levelInString, sentryDsn: settings.sentryDsn });
  transform.pipe(out);
  return transform;
}

/**
 * The one logger factory: Probot's options (LOG_LEVEL, LOG_MESSAGE_KEY) with
 * Call-In's error allow-list, redaction and message filter. src/main.ts gives
 * it Probot's format; the tests give it a stream they read.
 */
export function createLogger(settings: Pick<LogSettings, "level" | "messageKey">, destination: DestinationStream | NodeJS.WritableStream): Logger {
  return pino(
    { level: settings.level ?? "info", name: "probot", messageKey: settings.messageKey, redact: redaction, hooks, serializers, formatters },
    destination as DestinationStream,
  );
}
