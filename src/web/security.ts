import type { NextFunction, Request, RequestHandler, Response } from "express";
import helmet from "helmet";

/**
 * The one Content Security Policy of Call-In's pages (report form, log view,
 * sealed-report page): no script at all, styles and images only from our own
 * stylesheet and origin, forms post only to us, never framed, no `<base>`.
 */
export const CONTENT_SECURITY_POLICY = {
  "default-src": ["'none'"],
  "style-src": ["'self'"],
  "img-src": ["'self'"],
  "form-action": ["'self'"],
  "frame-ancestors": ["'none'"],
  "base-uri": ["'none'"],
};

/** One year, helmet's own default. */
const HSTS_MAX_AGE_SECONDS = 31_536_000;

/**
 * helmet's headers with the CSP above and no referrer: a page's address (a
 * status token, the log's filters) never travels to GitHub or a linked site.
 * `hsts`: send Strict-Transport-Security (one year, subdomains included).
 */
export function securityHeaders(options: { hsts: boolean }): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    referrerPolicy: { policy: "no-referrer" },
    strictTransportSecurity: options.hsts ? { maxAge: HSTS_MAX_AGE_SECONDS } : false,
  });
}

/** Pages hold CSRF tokens, reporters' words, statuses and private logs: never cached by a browser or proxy. */
export function noStore(_req: Request, res: Response, next: NextFunction): void {
  res.set("Cache-Control", "no-store");
  next();
}

/** A stylesheet served from our origin (the CSP allows no inline styles); it holds nothing private, so it may be cached. */
export function stylesheet(css: string | Buffer): RequestHandler {
  return (_req, res) => {
    res.set("Cache-Control", "public, max-age=3600").type("css").send(css);
  };
}

/**
 * express-rate-limit's header options for every limiter: draft-7 headers only,
 * because draft-8's RateLimit-Policy carries `pk`, a reversible hash of the
 * client's address.
 */
export const RATE_LIMIT_HEADERS = { standardHeaders: "draft-7", legacyHeaders: false } as const;

/** Whole seconds until a limiter's window ends (at least one), for Retry-After. */
export function secondsUntilReset(req: Request, windowMs: number, now = Date.now()): number {
  const resetTime = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime?.getTime() ?? now + windowMs;
  return Math.max(1, Math.ceil((resetTime - now) / 1000));
}
