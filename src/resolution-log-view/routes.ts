import type { IncomingMessage, ServerResponse } from "node:http";
import { Octokit } from "@octokit/rest";
import cookieParser from "cookie-parser";
import express, { type NextFunction, type Request, type Response } from "express";
import { rateLimit } from "express-rate-limit";
import type { Logger } from "pino";
import type { OAuthClient } from "../github/oauth.js";
import type { OwnerTemplates } from "../templates/overrides.js";
import { OwnerDirectory, userGitHub } from "./access.js";
import type { ConfigCapableGitHub } from "../github/config-file.js";
import { showLog } from "./log-page.js";
import { LOG_VIEW_PATH, logViewPages, type LogViewPages } from "./pages.js";
import { deriveKey } from "./session.js";
import { createSignIn, signInCallback, signOut, startSignIn } from "./sign-in.js";
import { LOG_VIEW_CSS } from "./style.js";
import type { Settings } from "../settings.js";
import { registerSealedPage, SEALED_PATH, type SealedPageDeps } from "../sealed/page.js";
import { OWNER_LOGIN as OWNER } from "../web/owner-login.js";
import { noStore, RATE_LIMIT_HEADERS, securityHeaders, stylesheet } from "../web/security.js";

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
  const pages = logViewPages(deps.templates.bundled);
  const now = deps.now ?? (() => new Date());
  const web = express();
  // Behind a load balancer, rate limits must count each person, not the proxy.
  web.set("trust proxy", deps.settings.trustProxy);
  web.disable("x-powered-by");
  // HSTS always (browsers heed it only over HTTPS). No referrer: the OAuth redirect to GitHub must not carry our URL (with its filters) along.
  web.use(securityHeaders({ hsts: true }));
  web.use(rateLimit({ windowMs: 15 * 60_000, limit: 600, ...RATE_LIMIT_HEADERS, validate: { xForwardedForHeader: false } }));
  web.use(noStore);
  web.use(cookieParser(settings?.cookieSecret));
  web.get(`${LOG_VIEW_PATH}/style.css`, stylesheet(LOG_VIEW_CSS));

  if (settings) registerSignInRoutes(web, deps, settings, { pages, directory, now });
  else {
    web.use(async (_req, res) => {
      await pages.page(res, 503, "log-view-message.html", { status: 503, kind: "not-configured" });
    });
  }

  web.use(async (_req: Request, res: Response) => pages.notFound(res));
  web.use(async (error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    deps.log.error({ err: error }, "log view failed");
    if (!res.headersSent) await pages.page(res, 500, "log-view-message.html", { status: 500, kind: "error" });
  });
  return web;
}

interface RouteTools {
  pages: LogViewPages;
  directory: OwnerDirectory;
  now: () => Date;
}

/** Sign-in, sign-out, the log page and the sealed-report page (only when the OAuth settings are there). */
function registerSignInRoutes(web: express.Express, deps: LogViewDeps, oauth: OAuthSettings, tools: RouteTools): void {
  const { pages, directory, now } = tools;
  const { page } = pages;
  // GitHub Enterprise Server: the OAuth URLs follow the API base URL (GHE_HOST), as Probot's do.
  const client: OAuthClient = {
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret,
    callbackUrl: oauth.callbackUrl,
    request: new Octokit({ baseUrl: deps.settings.apiBaseUrl }).request,
  };
  const asPerson = (token: string) => userGitHub(token, deps.settings.apiBaseUrl);
  const signIn = createSignIn(client, oauth, now);

  web.get(`${LOG_VIEW_PATH}/callback`, signInCallback({ client, cookies: oauth, page, asPerson, log: deps.log, now }));
  web.post(`${LOG_VIEW_PATH}/sign-out`, signOut(page));
  web.get(`${LOG_VIEW_PATH}/:owner/sign-in`, startSignIn(signIn, pages));
  if (deps.sealed)
    registerSealedPage(
      web,
      { ...deps.sealed, apiBaseUrl: deps.settings.apiBaseUrl, log: deps.log, templates: deps.templates },
      { page, directory, signIn, isOwner: (owner) => OWNER.test(owner) },
    );
  web.get(`${LOG_VIEW_PATH}/:owner`, showLog({ pages, signIn, directory, asPerson, templates: deps.templates, log: deps.log, now }));
}
