import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { resolve } from "node:path";
import { Octokit } from "@octokit/rest";
import type { Logger } from "pino";
import { Probot, Server } from "probot";
import { convertManifestCode } from "../github/app-manifests.js";
import type { GitHub } from "../github/client.js";
import { statusOf } from "../github/client.js";
import type { Settings } from "../settings.js";
import { TemplateSet } from "../templates/engine.js";
import { updateEnvFile } from "./env-file.js";
import { readAppYml, SETUP_CALLBACK_PATH, setupManifest } from "./manifest.js";
import { type CreateChannel, smeeChannelCreator, type WebhookTarget, webhookTarget } from "./webhook-target.js";

/**
 * `npm start` without an app (no APP_ID or private key, outside production):
 * instead of Probot's set-up, whose manifest registers `http://localhost:3000/`
 * as the webhook URL, this one offers app.yml with addresses GitHub can reach
 * (see webhook-target.ts and manifest.ts), says what else Call-In needs, and
 * writes the new app's credentials to `.env` as Probot's does.
 */

/** The set-up page. */
export const SETUP_PAGE_PATH = "/probot";

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export interface FirstRunDeps {
  settings: Settings;
  target: WebhookTarget;
  log: Logger;
  /** The `.env` file the credentials go to. */
  envFile: string;
  appYml: string;
  templates: TemplateSet;
  /** An unauthenticated client for GitHub's API (the manifest code is the credential). */
  github: GitHub;
  /** The `state` GitHub sends back with the code: only a registration started from this page is finished. */
  state: string;
}

/** Security headers for every set-up answer: no scripts, forms only to GitHub, never framed, the address (with its state) not passed on. */
function headersFor(settings: Settings): Record<string, string> {
  return {
    "content-type": "text/html; charset=utf-8",
    "content-security-policy": `default-src 'none'; style-src 'unsafe-inline'; form-action ${settings.webBaseUrl}; base-uri 'none'; frame-ancestors 'none'`,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
  };
}

/** Where GitHub's "register a new app" form is: the person's account, or GH_ORG's. */
export function createAppUrl(settings: Pick<Settings, "webBaseUrl" | "setupOrganisation">, state: string): string {
  const org = settings.setupOrganisation ? `/organizations/${encodeURIComponent(settings.setupOrganisation)}` : "";
  return `${settings.webBaseUrl}${org}/settings/apps/new?state=${encodeURIComponent(state)}`;
}

/** PUBLIC_URL, else the address the person opened the page at (a plain host name; anything else is replaced by the listening address). */
function baseUrlOf(req: IncomingMessage, settings: Settings): string {
  if (settings.publicUrl.value) return settings.publicUrl.value;
  const host = req.headers.host ?? "";
  return /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-fA-F:]+\](:\d{1,5})?$/.test(host) ? `http://${host}` : `http://localhost:${settings.listen.port}`;
}

function sameState(given: string | null, expected: string): boolean {
  if (!given || expected === "") return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function firstRunHandler(deps: FirstRunDeps): RequestHandler {
  const { settings, target, log, templates } = deps;
  let state = deps.state;
  const page = async (res: ServerResponse, status: number, name: string, data: Record<string, unknown>) => {
    const rendered = await templates.render(name, data);
    res.writeHead(status, headersFor(settings)).end(rendered.text);
  };
  return async (req, res) => {
    if (req.method !== "GET") return false;
    const url = new URL(req.url ?? "/", "http://set-up.invalid");
    if (url.pathname === "/") {
      res.writeHead(302, { location: SETUP_PAGE_PATH }).end();
      return true;
    }
    if (url.pathname === SETUP_PAGE_PATH) {
      const baseUrl = baseUrlOf(req, settings);
      const manifest = target.kind === "none" ? null : setupManifest(deps.appYml, { webhookUrl: target.url, baseUrl });
      await page(res, 200, "setup-page.html", {
        problem: target.kind === "none" ? target.problem : null,
        webhookUrl: target.kind === "none" ? null : target.url,
        webhookKind: target.kind,
        webhookCreated: target.kind === "proxy" && target.created,
        callbackUrl: manifest ? (manifest.callback_urls as string[])[0] : null,
        manifest: manifest ? JSON.stringify(manifest) : null,
        createAppUrl: createAppUrl(settings, state),
        organisation: settings.setupOrganisation,
        publicUrl: settings.publicUrl.value,
      });
      return true;
    }
    if (url.pathname === SETUP_CALLBACK_PATH) {
      const code = url.searchParams.get("code");
      if (!code || !/^[A-Za-z0-9_-]{1,200}$/.test(code) || !sameState(url.searchParams.get("state"), state)) {
        log.warn("set-up: a registration callback without this page's state (or without a code) was refused");
        await page(res, 400, "setup-message.html", { kind: "restart" });
        return true;
      }
      let app: Awaited<ReturnType<typeof convertManifestCode>>;
      try {
        app = await convertManifestCode(deps.github, code);
      } catch (error) {
        log.error({ status: statusOf(error) ?? null }, "set-up: GitHub did not hand over the new app's credentials; register again from the set-up page");
        await page(res, 502, "setup-message.html", { kind: "failed" });
        return true;
      }
      // One registration per start: the state is spent.
      state = "";
      updateEnvFile(deps.envFile, {
        APP_ID: String(app.id),
        PRIVATE_KEY: app.pem,
        ...(app.webhookSecret ? { WEBHOOK_SECRET: app.webhookSecret } : {}),
        GITHUB_CLIENT_ID: app.clientId,
        GITHUB_CLIENT_SECRET: app.clientSecret,
      });
      for (const line of [
        `Call-In is registered as ${app.htmlUrl}; its id, private key, webhook secret and client secret are in ${deps.envFile}.`,
        "Next: install it on the private case repository (moderation by default) and on the repositories it should look after,",
        "then stop this server and run `npm start` again.",
      ])
        log.info(line);
      res.writeHead(302, { location: `${app.htmlUrl}/installations/new`, "referrer-policy": "no-referrer" }).end();
      return true;
    }
    return false;
  };
}

/** What the terminal says at start: where webhooks will go, or why nothing can be registered yet, and what else is needed. */
export function firstRunMessage(target: WebhookTarget, settings: Settings): string[] {
  const page = `http://${settings.listen.host === "0.0.0.0" ? "localhost" : settings.listen.host}:${settings.listen.port}${SETUP_PAGE_PATH}`;
  const lines = ["", "Call-In has no GitHub App yet (APP_ID and PRIVATE_KEY are not set): first-run set-up."];
  if (target.kind === "none") {
    lines.push(`Nothing can be registered yet. ${target.problem}`);
  } else {
    lines.push(`Register the app at ${page}`);
    lines.push(
      target.kind === "public-url"
        ? `GitHub will send webhooks to ${target.url} (PUBLIC_URL).`
        : `GitHub will send webhooks to ${target.url}, a proxy channel that forwards them here${target.created ? " (created now, kept in .env as WEBHOOK_PROXY_URL)" : ""}. Anyone who knows its address can read what passes through it: try Call-In with it, and set PUBLIC_URL for real cases.`,
    );
  }
  lines.push(
    "Call-In also needs:",
    "- a private case repository named `moderation` in each account where the app is installed (or `caseRepository` in .github/call-in.yml);",
    "- REPORT_ENCRYPTION_KEY for the report form (`openssl rand -base64 32`; required in production);",
    "- PUBLIC_URL, the address people reach this server at: the report form's links and the log view's sign-in need it;",
    "- optional permissions, only for the commands that use them: administration: write (/limit, conversation rooms), organization_user_blocking: write (/block).",
    "",
  );
  return lines;
}

export interface FirstRunOptions {
  /** Default: smee-client's channel on smee.io. */
  createChannel?: CreateChannel;
  /** Default: `.env` in the working directory, where Probot reads it. */
  envFile?: string;
  /** Default: a client for GHE_HOST's API, or api.github.com. */
  github?: GitHub;
  state?: string;
  appYml?: string;
}

/** Where webhooks will go, decided once at start; a channel created now is kept in `.env`, so the registered app and the next start use the same one. */
export async function prepareWebhookTarget(
  settings: Settings,
  log: Logger,
  options: Pick<FirstRunOptions, "createChannel" | "envFile"> = {},
): Promise<WebhookTarget> {
  const target = await webhookTarget(settings, options.createChannel ?? smeeChannelCreator());
  if (target.kind === "proxy" && target.created) updateEnvFile(options.envFile ?? resolve(".env"), { WEBHOOK_PROXY_URL: target.url });
  const message = firstRunMessage(target, settings);
  for (const line of message) (target.kind === "none" ? log.warn : log.info).call(log, line);
  return target;
}

/** The set-up's handler, ready to serve. */
export async function firstRun(settings: Settings, log: Logger, options: FirstRunOptions = {}): Promise<RequestHandler> {
  const envFile = options.envFile ?? resolve(".env");
  const target = await prepareWebhookTarget(settings, log, { ...options, envFile });
  return firstRunHandler({
    settings,
    target,
    log,
    envFile,
    appYml: options.appYml ?? readAppYml(),
    templates: TemplateSet.bundled(),
    github: options.github ?? (new Octokit({ baseUrl: settings.apiBaseUrl, userAgent: "call-in-setup" }) as unknown as GitHub),
    state: options.state ?? randomBytes(24).toString("base64url"),
  });
}

/** Probot's server (its ping, static files and 404) with only the set-up in it, on HOST and PORT. */
export async function startFirstRun(settings: Settings, log: Logger, options: FirstRunOptions = {}): Promise<Server> {
  const handler = await firstRun(settings, log, options);
  const server = new Server({
    host: settings.listen.host,
    port: settings.listen.port,
    webhookPath: settings.webhookPath,
    log,
    // As Probot's own set-up mode does: the Probot instance is never used, it only needs some credentials to exist.
    Probot: Probot.defaults({ appId: 1, privateKey: "unused: the first-run set-up", log }),
  });
  await server.load((_app, { addHandler }) => addHandler(handler));
  await server.start();
  return server;
}
