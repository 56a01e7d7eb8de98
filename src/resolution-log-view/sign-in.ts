import { randomBytes, timingSafeEqual } from "node:crypto";
import type { Request, RequestHandler, Response } from "express";
import type { Logger } from "pino";
import type { GitHub } from "../github/client.js";
import { exchangeSignInCode, signInUrl, type OAuthClient } from "../github/oauth.js";
import { getAuthenticatedUser } from "../github/users.js";
import { CASE_CODE, SEALED_PATH } from "../sealed/paths.js";
import { isOwnerLogin } from "../web/owner-login.js";
import { LOG_VIEW_PATH, type LogViewPages, type RenderPage } from "./pages.js";
import { openSession, sealSession, SESSION_TTL_MS, type Session } from "./session.js";

const SESSION_COOKIE = "call_in_session";
const STATE_COOKIE = "call_in_oauth";
const STATE_TTL_MS = 10 * 60 * 1000;
/** The session cookie is set for every path that shows pages behind the sign-in. */
const SESSION_PATHS = [LOG_VIEW_PATH, SEALED_PATH];

/** What the pages behind the one sign-in share: who is signed in, and how to start signing in. */
export interface SignIn {
  /** The signed-in person's session, or null (missing, forged, damaged, expired). */
  session(req: Request): Session | null;
  /** Sends the person to GitHub; after the callback they come back to the page `back` names. */
  start(res: Response, back: SignInReturn): void;
}

/** Where a sign-in returns: an owner's log, or a sealed report of that owner. */
export type SignInReturn = { owner: string; code?: string };

/** How the sign-in's cookies are sealed and sent. */
export interface SignInCookies {
  /** The key that encrypts the session cookie. */
  sessionKey: Buffer;
  /** Cookies only over HTTPS (PUBLIC_URL is https). */
  secure: boolean;
}

/** The sign-in's cookies: HTTP only, same site (lax: the OAuth callback is a top-level navigation from GitHub). */
function cookieOptions(cookies: SignInCookies, maxAge: number) {
  return { httpOnly: true as const, secure: cookies.secure, sameSite: "lax" as const, path: LOG_VIEW_PATH, maxAge };
}

export function createSignIn(client: OAuthClient, cookies: SignInCookies, now: () => Date): SignIn {
  return {
    session: (req) => openSession(cookies.sessionKey, req.cookies?.[SESSION_COOKIE], now().getTime()),
    start: (res, back) => {
      const state = randomBytes(24).toString("base64url");
      // The state cookie goes where the callback is, whichever page the sign-in started from.
      res.cookie(STATE_COOKIE, JSON.stringify({ state, ...back }), { ...cookieOptions(cookies, STATE_TTL_MS), signed: true });
      res.redirect(302, signInUrl(client, state));
    },
  };
}

/** `/call-in/log/<owner>/sign-in`: starts signing in to see that owner's log. */
export function startSignIn(signIn: SignIn, pages: LogViewPages): RequestHandler {
  return async (req, res) => {
    const owner = String(req.params.owner);
    if (!isOwnerLogin(owner)) return pages.notFound(res);
    signIn.start(res, { owner });
  };
}

export interface CallbackDeps {
  client: OAuthClient;
  cookies: SignInCookies;
  page: RenderPage;
  /** A client acting as the person whose user token this is. */
  asPerson: (token: string) => GitHub;
  log: Logger;
  now: () => Date;
}

/**
 * GitHub's redirect back: the state must match the signed state cookie; the code
 * becomes the person's token, kept only in the encrypted session cookie; then
 * back to the page the sign-in started from.
 */
export function signInCallback(deps: CallbackDeps): RequestHandler {
  const { client, cookies, page, now } = deps;
  return async (req, res) => {
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
    const user = await getAuthenticatedUser(deps.asPerson(token));
    const session: Session = { token, login: user.login, id: user.id, exp: now().getTime() + SESSION_TTL_MS };
    const sealed = sealSession(cookies.sessionKey, session);
    for (const path of SESSION_PATHS) res.cookie(SESSION_COOKIE, sealed, { ...cookieOptions(cookies, SESSION_TTL_MS), path });
    const back = saved.code
      ? `${SEALED_PATH}/${encodeURIComponent(saved.owner)}/${encodeURIComponent(saved.code)}`
      : `${LOG_VIEW_PATH}/${encodeURIComponent(saved.owner)}`;
    res.redirect(303, back);
  };
}

/** Sign-out: the session cookie is gone from every path it was set for. */
export function signOut(page: RenderPage): RequestHandler {
  return async (_req, res) => {
    for (const path of SESSION_PATHS) res.clearCookie(SESSION_COOKIE, { path });
    await page(res, 200, "log-view-message.html", { status: 200, kind: "signed-out" });
  };
}

function parseState(value: unknown): { state: string; owner: string; code?: string } | null {
  if (typeof value !== "string") return null;
  try {
    const parsed = JSON.parse(value) as { state?: unknown; owner?: unknown; code?: unknown };
    if (typeof parsed.state !== "string" || !isOwnerLogin(parsed.owner)) return null;
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
