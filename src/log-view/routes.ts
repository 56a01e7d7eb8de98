import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Octokit } from "@octokit/rest";
import cookieParser from "cookie-parser";
import express, { type NextFunction, type Request, type Response } from "express";
import { rateLimit } from "express-rate-limit";
import helmet from "helmet";
import type { Logger } from "pino";
import { exchangeSignInCode, signInUrl, type OAuthClient } from "../github/oauth.js";
import { getAuthenticatedUser } from "../github/users.js";
import { DateBoundError, entriesToCsv, entryRows, filterEntries, parseDateBound } from "../log/export.js";
import { readLog } from "../log/read.js";
import { standingResolutions } from "../log/resolutions.js";
import type { TemplateSet } from "../templates/engine.js";
import type { OwnerTemplates } from "../templates/overrides.js";
import { OwnerDirectory, personCanSee, userGitHub, type ConfigCapableGitHub } from "./access.js";
import { resolutionsPerMonth } from "./chart.js";
import { deriveKey, openSession, sealSession, SESSION_TTL_MS, type Session } from "./session.js";
import { LOG_VIEW_CSS } from "./style.js";
import type { Settings } from "../settings.js";
import { CASE_CODE, registerSealedPage, SEALED_PATH, type SealedPageDeps } from "../sealed/page.js";

export const LOG_VIEW_PATH = "/call-in/log";
const SESSION_COOKIE = "call_in_session";
const STATE_COOKIE = "call_in_oauth";
const STATE_TTL_MS = 10 * 60 * 1000;
/** GitHub logins: letters, digits and single hyphens, at most 39 characters. */
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;

export interface LogViewDeps {
  settings: Settings;
  log: Logger;
  /** Probot's `app.auth`: the app's own client without an id, an installation's with one. */
  auth: (installationId?: number) => Promise<ConfigCapableGitHub>;
  templates: OwnerTemplates;
  now?: () => Date;
  /** The sealed-report page (/call-in/sealed/<owner>/<code>), behind the same sign-in; answers 404 throughout without it. */
  sealed?: SealedPageDeps;
}

interface OAuthSettings {
  clientId: string;
  clientSecret: string;
  publicUrl: string;
  callbackUrl: string;
  secure: boolean;
  sessionKey: Buffer;
  cookieSecret: string;
}

function oauthSettings(env: Settings): OAuthSettings | null {
  const publicUrl = env.publicUrl.value;
  if (!env.signIn || !publicUrl) return null;
  const { clientId, clientSecret, sessionSecret: secret } = env.signIn;
  return {
    clientId,
    clientSecret,
    publicUrl,
    callbackUrl: `${publicUrl}${LOG_VIEW_PATH}/callback`,
    secure: publicUrl.startsWith("https:"),
    sessionKey: deriveKey(secret, "log-view session"),
    cookieSecret: deriveKey(secret, "log-view oauth state").toString("base64url"),
  };
}

/**
 * The team's log view at /call-in/log/<owner>, behind "Sign in with GitHub"
 * (the GitHub App's user authorization, OAuth web flow), and the sealed-report
 * page at /call-in/sealed/<owner>/<code> behind the same sign-in, headers and CSP.
 * Returns a Probot `addHandler` handler: true when the request was for either.
 */
export function logViewHandler(deps: LogViewDeps): (req: IncomingMessage, res: ServerResponse) => boolean {
  const web = createLogView(deps);
  return (req, res) => {
    const path = (req.url ?? "").split("?")[0] ?? "";
    const under = (base: string) => path === base || path.startsWith(`${base}/`);
    if (!under(LOG_VIEW_PATH) && !under(SEALED_PATH)) return false;
    web(req as Request, res as Response);
    return true;
  };
}

export function createLogView(deps: LogViewDeps): express.Express {
  const settings = oauthSettings(deps.settings);
  const directory = new OwnerDirectory(deps.auth);
  const bundled = deps.templates.bundled;
  const now = deps.now ?? (() => new Date());
  const web = express();
  // Behind a load balancer, rate limits must count each person, not the proxy.
  web.set("trust proxy", deps.settings.trustProxy);
  web.disable("x-powered-by");

  web.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'none'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
        },
      },
      // The OAuth redirect to GitHub must not carry our URL (with its filters) along.
      referrerPolicy: { policy: "no-referrer" },
    }),
  );
  // draft-7: draft-8's RateLimit-Policy carries `pk`, a reversible hash of the client's address.
  web.use(rateLimit({ windowMs: 15 * 60_000, limit: 600, standardHeaders: "draft-7", legacyHeaders: false, validate: { xForwardedForHeader: false } }));
  web.use((_req, res, next) => {
    // Pages show private data: never cached by a browser or proxy.
    res.setHeader("Cache-Control", "no-store");
    next();
  });
  web.use(cookieParser(settings?.cookieSecret));

  const page = async (res: Response, status: number, name: string, data: Record<string, unknown>, templates: TemplateSet = bundled) => {
    const rendered = await templates.render(name, { basePath: LOG_VIEW_PATH, ...data });
    res.status(status).type("html").send(rendered.text);
  };
  /** One answer for "no such owner" and "not yours to see": the two must be indistinguishable. */
  const notFound = (res: Response) => page(res, 404, "log-view-message.html", { status: 404, kind: "not-found" });
  const cookieOptions = (maxAge: number) => ({ httpOnly: true as const, secure: settings?.secure ?? false, sameSite: "lax" as const, path: LOG_VIEW_PATH, maxAge });

  web.get(`${LOG_VIEW_PATH}/style.css`, (_req, res) => {
    res.setHeader("Cache-Control", "public, max-age=3600");
    res.type("css").send(LOG_VIEW_CSS);
  });

  if (settings) registerSignInRoutes(web, deps, settings, { page, notFound, cookieOptions, directory, now });
  else {
    web.use(async (_req, res) => {
      await page(res, 503, "log-view-message.html", { status: 503, kind: "not-configured" });
    });
  }

  web.use(async (_req: Request, res: Response) => notFound(res));
  web.use(async (error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    deps.log.error({ err: error }, "log view failed");
    if (!res.headersSent) await page(res, 500, "log-view-message.html", { status: 500, kind: "error" });
  });
  return web;
}

interface RouteTools {
  page: (res: Response, status: number, name: string, data: Record<string, unknown>, templates?: TemplateSet) => Promise<void>;
  notFound: (res: Response) => Promise<void>;
  cookieOptions: (maxAge: number) => { httpOnly: true; secure: boolean; sameSite: "lax"; path: string; maxAge: number };
  directory: OwnerDirectory;
  now: () => Date;
}

/** What the pages behind the one sign-in share: who is signed in, and how to start signing in. */
export interface SignIn {
  /** The signed-in person's session, or null (missing, forged, damaged, expired). */
  session(req: Request): Session | null;
  /** Sends the person to GitHub; after the callback they come back to the page `back` names. */
  start(res: Response, back: SignInReturn): void;
}

/** Where a sign-in returns: an owner's log, or a sealed report of that owner. */
export type SignInReturn = { owner: string; code?: string };

/** The session cookie is set for every path that shows pages behind the sign-in. */
const SESSION_PATHS = [LOG_VIEW_PATH, SEALED_PATH];

/** Sign-in, sign-out and the log page itself (only when the OAuth settings are there). */
function registerSignInRoutes(web: express.Express, deps: LogViewDeps, oauth: OAuthSettings, tools: RouteTools): void {
  const { page, notFound, cookieOptions, directory, now } = tools;
  // GitHub Enterprise Server: the OAuth URLs follow the API base URL (GHE_HOST), as Probot's do.
  const client: OAuthClient = {
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret,
    callbackUrl: oauth.callbackUrl,
    request: new Octokit({ baseUrl: deps.settings.apiBaseUrl }).request,
  };

  web.get(`${LOG_VIEW_PATH}/callback`, async (req, res) => {
    const saved = parseState(req.signedCookies?.[STATE_COOKIE]);
    const state = typeof req.query.state === "string" ? req.query.state : "";
    const code = typeof req.query.code === "string" ? req.query.code : "";
    res.clearCookie(STATE_COOKIE, { path: LOG_VIEW_PATH });
    if (!saved || !code || !sameString(saved.state, state)) {
      await page(res, 400, "log-view-message.html", { status: 400, kind: "sign-in-expired", owner: saved?.owner ?? null });
      return;
    }
    let token: string;
    try {
      token = await exchangeSignInCode(client, code);
    } catch (error) {
      // Only the message: the error's request would carry the client secret in its body.
      deps.log.warn({ reason: error instanceof Error ? error.message : String(error) }, "log view: GitHub did not accept the sign-in code");
      await page(res, 400, "log-view-message.html", { status: 400, kind: "sign-in-expired", owner: saved.owner });
      return;
    }
    const user = await getAuthenticatedUser(userGitHub(token, deps.settings.apiBaseUrl));
    const session: Session = { token, login: user.login, id: user.id, exp: now().getTime() + SESSION_TTL_MS };
    const sealed = sealSession(oauth.sessionKey, session);
    for (const path of SESSION_PATHS) res.cookie(SESSION_COOKIE, sealed, { ...cookieOptions(SESSION_TTL_MS), path });
    const back = saved.code ? `${SEALED_PATH}/${encodeURIComponent(saved.owner)}/${encodeURIComponent(saved.code)}` : `${LOG_VIEW_PATH}/${encodeURIComponent(saved.owner)}`;
    res.redirect(303, back);
  });

  web.post(`${LOG_VIEW_PATH}/sign-out`, async (_req, res) => {
    for (const path of SESSION_PATHS) res.clearCookie(SESSION_COOKIE, { path });
    await page(res, 200, "log-view-message.html", { status: 200, kind: "signed-out" });
  });

  const signIn: SignIn = {
    session: (req) => openSession(oauth.sessionKey, req.cookies?.[SESSION_COOKIE], now().getTime()),
    start: (res, back) => {
      const state = randomBytes(24).toString("base64url");
      // The state cookie goes where the callback is, whichever page the sign-in started from.
      res.cookie(STATE_COOKIE, JSON.stringify({ state, ...back }), { ...cookieOptions(STATE_TTL_MS), signed: true });
      res.redirect(302, signInUrl(client, state));
    },
  };

  web.get(`${LOG_VIEW_PATH}/:owner/sign-in`, async (req, res) => {
    const owner = String(req.params.owner);
    if (!OWNER.test(owner)) return notFound(res);
    signIn.start(res, { owner });
  });

  if (deps.sealed) registerSealedPage(web, { ...deps.sealed, apiBaseUrl: deps.settings.apiBaseUrl, log: deps.log, templates: deps.templates }, { page, directory, signIn, isOwner: (owner) => OWNER.test(owner) });

  web.get(`${LOG_VIEW_PATH}/:owner`, async (req, res) => {
    const owner = String(req.params.owner);
    if (!OWNER.test(owner)) return notFound(res);
    const session = signIn.session(req);
    // Everyone who is not signed in sees the same sign-in page, whichever owner they ask for.
    if (!session) return page(res, 200, "log-view-sign-in.html", { owner });
    const setup = await directory.setupFor(owner);
    if (!setup) return notFound(res);
    const asPerson = userGitHub(session.token, deps.settings.apiBaseUrl);
    if (!(await personCanSee(asPerson, setup.caseRepo))) return notFound(res);

    const filters = readFilters(req.query, now());
    if ("error" in filters) return page(res, 400, "log-view-message.html", { status: 400, kind: "bad-filter", owner, detail: filters.error });
    const read = await readLog(asPerson, setup.caseRepo, { start: filters.start, ...(filters.end ? { end: filters.end } : {}) });
    const entries = filterEntries(read.entries, filters);
    if (req.query.format === "csv") {
      res.type("text/csv").attachment(`call-in-log-${owner}.csv`).send(entriesToCsv(entries));
      return;
    }
    const inRange = filterEntries(read.entries, { start: filters.start, ...(filters.end ? { end: filters.end } : {}) });
    const standing = standingResolutions(entries);
    // Log lines are editable by anyone with write access: link only to web addresses.
    const rows = entryRows(entries).map((row, i) => ({ ...row, url: /^https?:\/\//.test(entries[i]!.case.url) ? entries[i]!.case.url : null }));
    const csvQuery = new URLSearchParams({ ...filters.raw, format: "csv" }).toString();
    const templates = await deps.templates.forOwner(setup.github, owner, deps.log);
    await page(
      res,
      200,
      "log-view.html",
      {
        owner,
        login: session.login,
        caseRepository: `${setup.caseRepo.owner}/${setup.caseRepo.repo}`,
        filters: filters.raw,
        outcomes: distinct(inRange.map((e) => e.outcome)),
        categories: distinct(inRange.map((e) => e.category)),
        rows: rows.reverse(),
        count: entries.length,
        standing: standing.length,
        skipped: read.skipped,
        chart: resolutionsPerMonth(standing, filters.start, filters.end ?? now()),
        csvHref: `${LOG_VIEW_PATH}/${encodeURIComponent(owner)}?${csvQuery}`,
      },
      templates,
    );
  });

}

function parseState(value: unknown): { state: string; owner: string; code?: string } | null {
  if (typeof value !== "string") return null;
  try {
    const parsed = JSON.parse(value) as { state?: unknown; owner?: unknown; code?: unknown };
    if (typeof parsed.state !== "string" || typeof parsed.owner !== "string" || !OWNER.test(parsed.owner)) return null;
    if (parsed.code !== undefined && (typeof parsed.code !== "string" || !CASE_CODE.test(parsed.code))) return null;
    return { state: parsed.state, owner: parsed.owner, ...(typeof parsed.code === "string" ? { code: parsed.code } : {}) };
  } catch {
    return null;
  }
}

function sameString(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function distinct(values: Array<string | null>): string[] {
  return [...new Set(values.filter((v): v is string => v !== null))].sort((a, b) => a.localeCompare(b));
}

type Filters = { start: Date; end?: Date; outcome?: string; category?: string; raw: Record<string, string> } | { error: string };

/** Filters from the query string; by default the last twelve months. */
function readFilters(query: Request["query"], now: Date): Filters {
  const text = (name: string) => (typeof query[name] === "string" ? (query[name] as string).trim().slice(0, 100) : "");
  const raw: Record<string, string> = {};
  for (const name of ["since", "until", "outcome", "category"]) if (text(name)) raw[name] = text(name);
  try {
    const start = raw.since ? parseDateBound(raw.since, "start") : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1));
    const end = raw.until ? parseDateBound(raw.until, "end") : undefined;
    if (!raw.since) raw.since = start.toISOString().slice(0, 10);
    return { start, ...(end ? { end } : {}), ...(raw.outcome ? { outcome: raw.outcome } : {}), ...(raw.category ? { category: raw.category } : {}), raw };
  } catch (error) {
    if (error instanceof DateBoundError) return { error: error.message };
    throw error;
  }
}
