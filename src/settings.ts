import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { LogLevel } from "@probot/pino";
import { z } from "zod";
import { durationMs } from "./util/duration.js";

/**
 * Every environment variable Call-In and its CLI use, read and checked once by
 * one zod schema (as Probot's own `bin/read-env-options.ts` reads its own), and
 * handed down as one typed `Settings` object. The schema is also the documentation: the table in
 * docs/install.md is generated from it (`npm run docs:env`, scripts/write-env-table.ts).
 *
 * A bad value of a variable the whole process depends on stops it with the
 * operator's message (TRUST_PROXY, SHUTDOWN_TIMEOUT_SECONDS, REMINDER_INTERVAL);
 * a bad value that only concerns one feature is carried as that feature's
 * `problem` (PUBLIC_URL and REPORT_ENCRYPTION_KEY turn the report form off and
 * say why), as before this file existed.
 */

/** How a variable is listed in the docs. */
type VariableDoc = {
  /** What it does, one or two sentences. */
  description: string;
  /** The default as the docs show it; absent: no default (unset means off or derived, as the description says). */
  default?: string;
  /** When it must be set, e.g. "yes" or "production". */
  required?: string;
  /** Probot reads it itself; Call-In reads it too only where the description says so. */
  probot?: boolean;
};

/** A variable taken as written (or absent). */
function variable(doc: VariableDoc) {
  return z.string().optional().meta(doc);
}

/** A variable turned into its typed value by `read`; what `read` throws becomes the schema's issue, with its message. */
function parsed<T>(doc: VariableDoc, read: (value: string | undefined) => T) {
  return z
    .string()
    .optional()
    .transform((value, ctx) => {
      try {
        return read(value);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error as Error).message });
        return z.NEVER;
      }
    })
    .meta(doc);
}

/** A value that concerns one feature: the value, or why that feature cannot use it. */
export interface Checked<T> {
  value: T | null;
  problem: string | null;
}

/** Probot's default webhook path (the one @octokit/webhooks defines). */
const DEFAULT_WEBHOOK_PATH = "/api/github/webhooks";
/** How often the clock sweep runs unless REMINDER_INTERVAL says otherwise. */
const DEFAULT_REMINDER_INTERVAL = "15m";
/** How long a stopping instance may take, unless SHUTDOWN_TIMEOUT_SECONDS says otherwise (Kubernetes waits 30 s before SIGKILL). */
const DEFAULT_SHUTDOWN_TIMEOUT_SECONDS = 25;

/** Every variable, how it is read and checked, and its documentation. Order is the docs' order. */
export const environmentSchema = z.object({
  APP_ID: variable({
    description: "The GitHub App's id. The CLI uses it with the private key for the app's own client.",
    required: "yes (CLI: unless GITHUB_TOKEN)",
    probot: true,
  }),
  PRIVATE_KEY: variable({
    description:
      "The GitHub App's private key (PEM, `\\n` escapes allowed, or base64). The key that seals case metadata is derived from it unless CASE_METADATA_KEY is set.",
    required: "this or PRIVATE_KEY_PATH",
    probot: true,
  }),
  PRIVATE_KEY_PATH: variable({ description: "A file holding the private key, instead of PRIVATE_KEY.", probot: true }),
  WEBHOOK_SECRET: variable({ description: "The secret GitHub signs webhook deliveries with.", required: "yes", probot: true }),
  WEBHOOK_PATH: variable({ description: "Where webhooks are received.", default: `\`${DEFAULT_WEBHOOK_PATH}\``, probot: true }),
  WEBHOOK_PROXY_URL: parsed(
    {
      description:
        "A webhook proxy channel (e.g. `https://smee.io/…`) that forwards GitHub's deliveries to this process in development. The first-run set-up registers the app with PUBLIC_URL when set, else with this channel, else creates one with smee-client and writes it to `.env`.",
      probot: true,
    },
    trimmedOrNull,
  ),
  GH_ORG: parsed(
    { description: "First-run set-up only: register the app for this organisation instead of your personal account.", probot: true },
    trimmedOrNull,
  ),
  PORT: parsed({ description: "The HTTP port.", default: "`3000`", probot: true }, (value) => Number(value) || 3000),
  HOST: parsed({ description: "The address to listen on.", default: "`localhost` (`0.0.0.0` in the image)", probot: true }, (value) => value || "localhost"),
  NODE_ENV: parsed(
    {
      description:
        "`production` requires REPORT_ENCRYPTION_KEY (else the report form stays off) and makes cookies Secure when PUBLIC_URL is unset; otherwise a development report key is kept in DATA_DIR.",
    },
    (value) => value === "production",
  ),
  GHE_HOST: variable({
    description: "GitHub Enterprise Server's host name: the API is `${GHE_PROTOCOL}://${GHE_HOST}/api/v3`, and the report form accepts links to this host.",
    default: "github.com",
    probot: true,
  }),
  GHE_PROTOCOL: variable({ description: "The protocol for GHE_HOST.", default: "`https`", probot: true }),
  PUBLIC_URL: parsed(
    {
      description:
        "The app's public base URL, e.g. `https://call-in.example.org`: links to the report form and sealed reports, the reporter's status link, the log view's sign-in callback. With `https`, cookies are Secure and HSTS is sent. Must be an http(s) URL: otherwise the report form stays off (and logs why) and no link is given.",
      default: "the request's host (report form only)",
    },
    publicUrlOf,
  ),
  DATA_DIR: parsed(
    { description: "The report spool, receipts and sealed reports. A persistent volume shared by all replicas.", default: "`./data` (`/data` in the image)" },
    (value) => resolve(value || "./data"),
  ),
  REPORT_ENCRYPTION_KEY: parsed(
    {
      description:
        "32 random bytes, base64 or hex (`openssl rand -base64 32`): seals the spool, receipts and sealed reports (AES-256-GCM, subkeys by HKDF). Without it the report form is off in production (and logs why); elsewhere a development key is generated once and kept in `DATA_DIR/development-report-key` (mode 0600), with a warning at every start; to move to a real key without losing waiting reports, set the variable to that file's contents. Keep it: spooled reports cannot be read with another key.",
      required: "production",
    },
    reportKeyOf,
  ),
  CSRF_SECRET: variable({
    description: "Secret for the report form's CSRF tokens; derived with HKDF by default, so every replica agrees without one more secret.",
    default: "derived from REPORT_ENCRYPTION_KEY",
  }),
  TRUST_PROXY: parsed(
    {
      description:
        "How many reverse proxies stand in front of Call-In (e.g. `1`), so rate limits count the client's address. Only a hop count: `true` would let clients choose their address with X-Forwarded-For, so Call-In refuses to start with it.",
      default: "`0`",
    },
    trustProxyOf,
  ),
  SHUTDOWN_TIMEOUT_SECONDS: parsed(
    {
      description: "How long a stopping instance may take to finish its work; keep it under the platform's grace period.",
      default: `\`${DEFAULT_SHUTDOWN_TIMEOUT_SECONDS}\``,
    },
    shutdownTimeoutOf,
  ),
  REMINDER_INTERVAL: parsed(
    {
      description:
        "How often the clocks (reminders, blocks, room retention) run inside the app, e.g. `15m`, `1h`; `off` leaves them to `call-in remind` in cron.",
      default: `\`${DEFAULT_REMINDER_INTERVAL}\``,
    },
    reminderIntervalOf,
  ),
  REDIS_URL: variable({
    description: "One Redis for all replicas: per-thread locks (Call-In) and Octokit's rate limiting (Probot). Unset: one instance, in-process locks.",
    probot: true,
  }),
  CASE_METADATA_KEY: parsed(
    { description: "Pins the key that seals case metadata (32 or more bytes, base64 or hex), so it survives a rotation of the private key." },
    trimmedOrNull,
  ),
  PSEUDONYM_KEY: parsed(
    {
      description:
        "A long random secret for pseudonyms in the resolution log and per-person history (`openssl rand -hex 32`); never change it. Unset: no pseudonyms.",
    },
    trimmedOrNull,
  ),
  GITHUB_CLIENT_ID: variable({ description: "The GitHub App's client id, for the log view's sign-in (Probot's set-up writes it)." }),
  GITHUB_CLIENT_SECRET: variable({ description: "The GitHub App's client secret, for the log view's sign-in." }),
  SESSION_SECRET: variable({
    description: "Key material for the log view's session cookies; change it to sign everyone out.",
    default: "GITHUB_CLIENT_SECRET",
  }),
  GITHUB_TOKEN: variable({
    description: "CLI only: a token used instead of the app's installation (`call-in remind` still needs APP_ID and the private key).",
  }),
  LOG_LEVEL: parsed(
    { description: "`trace`, `debug`, `info`, `warn`, `error` or `fatal`.", default: "`info` (`call-in transparency`: `warn`)", probot: true },
    (value) => (value as LogLevel | undefined) ?? null,
  ),
  LOG_FORMAT: parsed({ description: "`json` or `pretty`.", probot: true }, (value) => (value === "json" || value === "pretty" ? value : undefined)),
  LOG_LEVEL_IN_STRING: parsed({ description: "`true` writes the level as a word.", probot: true }, (value) => value === "true"),
  LOG_MESSAGE_KEY: variable({ description: "The JSON key of a log line's message.", default: "`msg`", probot: true }),
  SENTRY_DSN: variable({ description: "Sends errors to Sentry.", probot: true }),
});

/** The variables as read and checked. */
export type Environment = z.output<typeof environmentSchema>;
export type VariableName = keyof Environment;

/** Logging, as Probot reads it (LOG_*, SENTRY_DSN). */
export interface LogSettings {
  /** LOG_LEVEL as given; each entry point has its own default. */
  level: LogLevel | null;
  messageKey: string;
  format: "json" | "pretty" | undefined;
  levelInString: boolean;
  sentryDsn: string | undefined;
}

/** What the log view's "Sign in with GitHub" needs; all three required parts, or nothing. */
export interface SignInSettings {
  clientId: string;
  clientSecret: string;
  sessionSecret: string;
}

/** The one typed view of the environment, handed down from the entry points. */
export interface Settings {
  production: boolean;
  /** The app's public base URL without a trailing slash. */
  publicUrl: Checked<string>;
  dataDir: string;
  /** REPORT_ENCRYPTION_KEY; value and problem both null when it is not set. */
  reportKey: Checked<Buffer>;
  csrfSecret: string | null;
  /** The web host whose links are GitHub's: github.com, or GHE_HOST (lower case). */
  webHost: string;
  /** api.github.com, or GitHub Enterprise Server's from GHE_HOST/GHE_PROTOCOL (as Probot does). */
  apiBaseUrl: string;
  /** github.com, or GitHub Enterprise Server's web address from GHE_HOST/GHE_PROTOCOL. */
  webBaseUrl: string;
  /** Where webhooks are received (WEBHOOK_PATH, Probot's default). */
  webhookPath: string;
  /** WEBHOOK_PROXY_URL: the development proxy channel, if any. */
  webhookProxyUrl: string | null;
  /** HOST and PORT, read as Probot reads them (the first-run set-up listens there too). */
  listen: { host: string; port: number };
  /** GH_ORG: the organisation the first-run set-up registers the app for (else the person's account). */
  setupOrganisation: string | null;
  trustProxy: number;
  /** Null: REMINDER_INTERVAL is `off`. */
  reminderIntervalMs: number | null;
  shutdownTimeoutMs: number;
  redisUrl: string | null;
  pseudonymKey: string | null;
  caseMetadataKey: string | null;
  appId: string | null;
  /** The private key as Probot reads it (PRIVATE_KEY, else PRIVATE_KEY_PATH's file, read when asked); null when neither is set. Throws when the file cannot be read. */
  privateKey: () => string | null;
  githubToken: string | null;
  /** GITHUB_CLIENT_ID alone: `call-in init` signs a person in with it (device flow), no secret needed. */
  clientId: string | null;
  signIn: SignInSettings | null;
  log: LogSettings;
}

const PUBLIC_URL_PROBLEM = "PUBLIC_URL must be an http(s) URL such as https://call-in.example.org";
const REPORT_KEY_PROBLEM =
  "REPORT_ENCRYPTION_KEY must be 32 bytes, written as 64 hex digits or in base64 (e.g. `openssl rand -base64 32`). The report form is off until it is fixed.";

/** Reads and checks the environment; throws an Error with the operator's message(s), one a line, when a variable the process depends on is wrong. */
export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const result = environmentSchema.safeParse(pick(env));
  if (!result.success) throw new Error(result.error.issues.map((issue) => issue.message).join("\n"));
  const raw = result.data;
  return {
    production: raw.NODE_ENV,
    publicUrl: raw.PUBLIC_URL,
    dataDir: raw.DATA_DIR,
    reportKey: raw.REPORT_ENCRYPTION_KEY,
    csrfSecret: raw.CSRF_SECRET || null,
    webHost: (raw.GHE_HOST || "github.com").toLowerCase(),
    apiBaseUrl: raw.GHE_HOST ? `${raw.GHE_PROTOCOL ?? "https"}://${raw.GHE_HOST}/api/v3` : "https://api.github.com",
    webBaseUrl: raw.GHE_HOST ? `${raw.GHE_PROTOCOL ?? "https"}://${raw.GHE_HOST}` : "https://github.com",
    webhookPath: raw.WEBHOOK_PATH || DEFAULT_WEBHOOK_PATH,
    webhookProxyUrl: raw.WEBHOOK_PROXY_URL,
    setupOrganisation: raw.GH_ORG,
    listen: { host: raw.HOST, port: raw.PORT },
    trustProxy: raw.TRUST_PROXY,
    reminderIntervalMs: raw.REMINDER_INTERVAL,
    shutdownTimeoutMs: raw.SHUTDOWN_TIMEOUT_SECONDS,
    redisUrl: raw.REDIS_URL || null,
    pseudonymKey: raw.PSEUDONYM_KEY,
    caseMetadataKey: raw.CASE_METADATA_KEY,
    appId: raw.APP_ID || null,
    privateKey: () => privateKeyOf(raw),
    githubToken: raw.GITHUB_TOKEN || null,
    clientId: raw.GITHUB_CLIENT_ID || null,
    signIn:
      raw.GITHUB_CLIENT_ID && raw.GITHUB_CLIENT_SECRET
        ? { clientId: raw.GITHUB_CLIENT_ID, clientSecret: raw.GITHUB_CLIENT_SECRET, sessionSecret: raw.SESSION_SECRET || raw.GITHUB_CLIENT_SECRET }
        : null,
    log: {
      level: raw.LOG_LEVEL,
      messageKey: raw.LOG_MESSAGE_KEY ?? "msg",
      format: raw.LOG_FORMAT,
      levelInString: raw.LOG_LEVEL_IN_STRING,
      sentryDsn: raw.SENTRY_DSN,
    },
  };
}

/** Only the variables the schema names (the rest of the environment is none of Call-In's business). */
function pick(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const picked: Record<string, string | undefined> = {};
  for (const name of Object.keys(environmentSchema.shape)) if (env[name] !== undefined) picked[name] = env[name];
  return picked;
}

/**
 * PUBLIC_URL, trimmed, must be http(s) with a host and no spaces, and parse
 * as a URL; the value is the URL's normal form without trailing slashes. The
 * strictest of the checks the app had (the form's pattern and the watch's
 * parse): a bad value turns the report form off with the message above, and
 * leaves the watch's links out and the log view's sign-in unset.
 */
function publicUrlOf(value: string | undefined): Checked<string> {
  const trimmed = value?.trim();
  if (!trimmed) return { value: null, problem: null };
  const bad = { value: null, problem: PUBLIC_URL_PROBLEM };
  if (!/^https?:\/\/[^/\s]+(\/\S*)?$/.test(trimmed)) return bad;
  try {
    return { value: new URL(trimmed).href.replace(/\/+$/, ""), problem: null };
  } catch {
    return bad;
  }
}

/** REPORT_ENCRYPTION_KEY: 32 bytes, as 64 hex digits or base64 (44 characters). */
export function parseKey(text: string): Buffer | null {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, "hex");
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) {
    const key = Buffer.from(trimmed.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    if (key.length === 32) return key;
  }
  return null;
}

function reportKeyOf(value: string | undefined): Checked<Buffer> {
  if (!value) return { value: null, problem: null };
  const key = parseKey(value);
  return key ? { value: key, problem: null } : { value: null, problem: REPORT_KEY_PROBLEM };
}

/**
 * Express's `trust proxy`: how many reverse proxies stand in front of Call-In,
 * so rate limits count the client's address and not the proxy's. Unset: none.
 * Only a hop count is accepted: `true` would trust the left-most
 * `X-Forwarded-For` entry, which the client writes itself, and let anyone
 * dodge the per-address limits by sending a new one with each request.
 */
function trustProxyOf(raw: string | undefined): number {
  const value = raw?.trim();
  if (!value) return 0;
  if (/^\d{1,2}$/.test(value)) return Number(value);
  throw new Error(
    `TRUST_PROXY must be the number of reverse proxies in front of Call-In (for example 1 behind one load balancer), not ${JSON.stringify(value)}. ` +
      "Trusting every proxy would let clients choose their own address with X-Forwarded-For.",
  );
}

/** `REMINDER_INTERVAL` (e.g. `15m`, `1h`), or null for `off`/`0`. */
function reminderIntervalOf(raw: string | undefined): number | null {
  const value = (raw ?? DEFAULT_REMINDER_INTERVAL).trim();
  if (value === "off" || value === "0") return null;
  return durationMs(value);
}

/** SHUTDOWN_TIMEOUT_SECONDS (whole seconds), else the default. */
function shutdownTimeoutOf(raw: string | undefined): number {
  const value = raw?.trim();
  if (!value) return DEFAULT_SHUTDOWN_TIMEOUT_SECONDS * 1000;
  if (!/^\d+$/.test(value)) throw new Error(`SHUTDOWN_TIMEOUT_SECONDS must be a whole number of seconds, not ${JSON.stringify(value)}`);
  return Number(value) * 1000;
}

function trimmedOrNull(value: string | undefined): string | null {
  return value?.trim() || null;
}

/** The private key as Probot reads it: PRIVATE_KEY (PEM, with `\n` escapes, or base64) or PRIVATE_KEY_PATH. */
function privateKeyOf(raw: Environment): string | null {
  if (raw.PRIVATE_KEY?.trim()) {
    const value = raw.PRIVATE_KEY.trim().replace(/\\n/g, "\n");
    if (value.includes("-----BEGIN")) return value;
    return Buffer.from(value, "base64").toString("utf8");
  }
  if (raw.PRIVATE_KEY_PATH) return readFileSync(raw.PRIVATE_KEY_PATH, "utf8");
  return null;
}

/** One row of the docs' table. */
export interface VariableRow {
  name: VariableName;
  required: string;
  default: string;
  probot: boolean;
  description: string;
}

export function environmentRows(): VariableRow[] {
  return (Object.keys(environmentSchema.shape) as VariableName[]).map((name) => {
    const doc = environmentSchema.shape[name].meta() as unknown as VariableDoc;
    return { name, required: doc.required ?? "no", default: doc.default ?? "none", probot: doc.probot === true, description: doc.description };
  });
}

export const TABLE_START = "<!-- environment-table: generated from src/settings.ts by `npm run docs:env` -->";
export const TABLE_END = "<!-- /environment-table -->";

/** `page` (docs/install.md) with the generated table between its markers; throws when a marker is missing. */
export function withEnvironmentTable(page: string): string {
  const start = page.indexOf(TABLE_START);
  const end = page.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`docs/install.md needs the markers ${TABLE_START} and ${TABLE_END}`);
  return `${page.slice(0, start + TABLE_START.length)}
${environmentTable()}
${page.slice(end)}`;
}

/** The table of environment variables (between the markers in docs/install.md). */
export function environmentTable(): string {
  const cell = (text: string) => text.replace(/\|/g, "\\|");
  const lines = ["| variable | required | default | what it does |", "|---|---|---|---|"];
  for (const row of environmentRows()) {
    const what = row.probot ? `${row.description} (Probot's)` : row.description;
    lines.push(`| \`${row.name}\` | ${cell(row.required)} | ${cell(row.default)} | ${cell(what)} |`);
  }
  return lines.join("\n");
}
