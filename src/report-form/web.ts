import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import cookieParser from "cookie-parser";
import { doubleCsrf } from "csrf-csrf";
import express, { type NextFunction, type Request, type Response } from "express";
import { rateLimit } from "express-rate-limit";
import helmet from "helmet";
import type { Logger } from "pino";
import { statusOf } from "../github/client.js";
import type { Services } from "../services.js";
import type { Spool } from "../spool/spool.js";
import { beforeDeadline, type BackgroundWork, type Deadline } from "./deadline.js";
import { destinationOf } from "./destination.js";
import { parseFields, typedValues, type FieldError } from "./fields.js";
import type { GitHubAccess } from "./github-access.js";
import { parseReportedLink } from "./link.js";
import type { FormPage, OwnerForms } from "./owner-forms.js";
import { ASSET_PATH, type Pages } from "./pages.js";
import { identityOf, referenceOf, type SpooledReport } from "./report.js";
import type { FormSettings } from "./settings.js";
import type { ReporterStatus } from "./status.js";

export interface WebLimits {
  /** Reports one address may send per window. */
  reportsPerWindow: number;
  windowMs: number;
  /** Status page views per address per minute. */
  statusPerMinute: number;
  /** Largest form body accepted (bytes); larger ones get a 413 page. */
  bodyBytes: number;
  /** How long the request path waits for GitHub (installation and config check). */
  lookupTimeoutMs: number;
  /** Express's `trust proxy`: hops of reverse proxies in front (for the client address); never `true`. */
  trustProxy: number;
}

export interface WebDeps {
  settings: FormSettings;
  services: Services;
  github: GitHubAccess;
  spool: Spool<SpooledReport>;
  kick: () => void;
  owners: OwnerForms;
  status: ReporterStatus;
  pages: Pages;
  log: Logger;
  limits: WebLimits;
  /** How long a submission waits for GitHub (the installation and config check). */
  deadline: Deadline;
  /** Lookups a request stopped waiting for. */
  background: BackgroundWork;
  /** Owner pages one address may open per window that make the form ask GitHub (pages already remembered are free). */
  ownerLookups: { perClient: number; windowMs: number };
}

const STYLESHEET = readFileSync(new URL("../../static/report-form.css", import.meta.url));
const FORM_PATHS = ["/call-in/report", "/call-in/report/:owner"];

function ownerParam(req: Request): string | undefined {
  const owner = req.params.owner;
  return typeof owner === "string" ? owner : undefined;
}

function newSubmission(): string {
  return randomBytes(18).toString("base64url");
}

/**
 * The form's web surface (express 5): the form, its submission, the receipt and
 * the reporter's status page, with helmet's headers (strict CSP, no framing, no
 * referrer), double-submit CSRF tokens and per-address rate limits.
 */
export function createReportWebApp(deps: WebDeps): express.Express {
  const { settings, pages, log, limits } = deps;
  const web = express();
  web.disable("x-powered-by");
  web.set("trust proxy", limits.trustProxy);

  web.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          "default-src": ["'none'"],
          "style-src": ["'self'"],
          "img-src": ["'self'"],
          "form-action": ["'self'"],
          "frame-ancestors": ["'none'"],
          "base-uri": ["'none'"],
        },
      },
      referrerPolicy: { policy: "no-referrer" },
      strictTransportSecurity: settings.secureCookies ? { maxAge: 31_536_000 } : false,
    }),
  );

  web.get(ASSET_PATH, (_req, res) => {
    res.set("Cache-Control", "public, max-age=3600").type("css").send(STYLESHEET);
  });

  // Pages hold a CSRF token, a reporter's words or a status: never cached anywhere.
  web.use((_req, res, next) => {
    res.set("Cache-Control", "no-store");
    next();
  });
  web.use(cookieParser());

  const csrf = doubleCsrf({
    getSecret: () => settings.csrfSecret,
    // No sessions: the token is bound to its cookie (double submit), which is enough for an anonymous form.
    getSessionIdentifier: () => "",
    cookieName: settings.secureCookies ? "__Host-call-in.csrf" : "call-in.csrf",
    cookieOptions: { sameSite: "strict", path: "/", secure: settings.secureCookies, httpOnly: true },
    getCsrfTokenFromRequest: (req) => (typeof req.body?._csrf === "string" ? req.body._csrf : null),
  });

  const formAction = (req: Request) => {
    const param = ownerParam(req);
    const owner = param && /^[A-Za-z0-9-]{1,39}$/.test(param) ? param : null;
    return owner ? `/call-in/report/${owner}` : "/call-in/report";
  };

  /**
   * `options.page`: the owner's page when the caller has it. Without it (a refused
   * request) only a remembered page is used: a refusal never makes the form ask GitHub.
   */
  const showForm = async (req: Request, res: Response, status: number, errors: FieldError[], options: { keepTyped: boolean; retryMinutes?: number; page?: FormPage }) => {
    const page = options.page ?? deps.owners.remembered(ownerParam(req));
    const typedSubmission = typeof req.body?.submission === "string" && /^[A-Za-z0-9_-]{16,64}$/.test(req.body.submission) ? (req.body.submission as string) : null;
    const prefill = typeof req.query.url === "string" ? req.query.url.slice(0, 2_000) : "";
    await pages.form(res, status, {
      page,
      action: formAction(req),
      csrfToken: csrf.generateCsrfToken(req, res, { overwrite: errors.some((e) => e.code === "form-expired") }),
      submission: (options.keepTyped && typedSubmission) || newSubmission(),
      values: options.keepTyped ? typedValues(req.body) : { url: prefill, description: "", category: "", contact: "", concernsKeyHolder: false },
      errors,
      ...(options.retryMinutes !== undefined ? { retryMinutes: options.retryMinutes } : {}),
    });
  };

  // Each owner page the form has not remembered costs GitHub requests: one address may cause
  // only a few such lookups per window. Remembered owners and the generic form are not counted.
  const ownerLookupLimiter = rateLimit({
    windowMs: deps.ownerLookups.windowMs,
    limit: deps.ownerLookups.perClient,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    skip: (req) => !deps.owners.needsLookup(ownerParam(req)),
    handler: (req, res) => {
      const resetTime = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime?.getTime() ?? Date.now() + deps.ownerLookups.windowMs;
      res.set("Retry-After", String(Math.max(1, Math.ceil((resetTime - Date.now()) / 1000))));
      log.warn("too many owner pages from one address; asked to wait");
      void pages.error(res, 429, "too-many-pages");
    },
  });

  web.get(FORM_PATHS, ownerLookupLimiter, async (req, res) => {
    const page = await deps.owners.forOwner(ownerParam(req));
    if (!page.enabled) return pages.error(res, 404, "form-disabled");
    await showForm(req, res, 200, [], { keepTyped: false, page });
  });

  const reportLimiter = rateLimit({
    windowMs: limits.windowMs,
    limit: limits.reportsPerWindow,
    // draft-7: draft-8's RateLimit-Policy carries `pk`, a reversible hash of the client's address.
    standardHeaders: "draft-7",
    legacyHeaders: false,
    handler: async (req, res) => {
      const resetTime = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime?.getTime() ?? Date.now() + limits.windowMs;
      const seconds = Math.max(1, Math.ceil((resetTime - Date.now()) / 1000));
      res.set("Retry-After", String(seconds));
      log.warn("too many reports from one address; asked to wait");
      await showForm(req, res, 429, [{ field: null, code: "too-many" }], { keepTyped: true, retryMinutes: Math.ceil(seconds / 60) });
    },
  });

  web.post(FORM_PATHS, express.urlencoded({ extended: false, limit: limits.bodyBytes, parameterLimit: 20 }), reportLimiter, async (req, res) => {
    const page = await deps.owners.forOwner(ownerParam(req));
    if (!page.enabled) return pages.error(res, 404, "form-disabled");
    if (!csrf.validateRequest(req)) return showForm(req, res, 403, [{ field: null, code: "form-expired" }], { keepTyped: true, page });

    const parsed = parseFields(req.body, page.categories);
    if (!parsed.ok) {
      const status = parsed.errors.some((e) => e.code === "form-expired") ? 403 : 400;
      return showForm(req, res, status, parsed.errors, { keepTyped: true, page });
    }
    const fields = parsed.fields;
    const linked = parseReportedLink(fields.url, settings.webHost);
    if (!linked.ok) return showForm(req, res, 400, [{ field: "url", code: linked.problem }], { keepTyped: true, page });
    const link = linked.link;
    const ref = { owner: link.owner, repo: link.repo };

    // Does Call-In take reports for that owner? GitHub is asked briefly; if it does
    // not answer, the report is accepted anyway and the spool checks later. The
    // answer never tells a private repository from a missing one (destination.ts).
    let installationId: number | null = null;
    try {
      const found = await beforeDeadline(destinationOf({ github: deps.github, services: deps.services, log }, ref), deps.deadline, deps.background, null);
      if (found === null) log.warn("GitHub did not confirm the installation in time; accepting the report, the spool will check");
      else if (found.status === "not-installed") return showForm(req, res, 404, [{ field: "url", code: "url-not-installed" }], { keepTyped: true, page });
      else if (found.status === "form-disabled") return showForm(req, res, 403, [{ field: "url", code: "url-form-disabled" }], { keepTyped: true, page });
      else installationId = found.installationId;
    } catch (error) {
      log.warn({ err: error, status: statusOf(error) }, "GitHub did not confirm the installation in time; accepting the report, the spool will check");
    }

    // A ticked box makes another report than the same page sent without it (back, tick, send again).
    const content = [link.url, fields.description, fields.category, fields.contact, ...(fields.concernsKeyHolder ? ["concerns a key-holder"] : [])];
    const identity = identityOf(settings.idKey, fields.submission, content);
    const report: SpooledReport = {
      v: 1,
      id: identity.id,
      receivedAt: new Date().toISOString(),
      link,
      description: fields.description,
      category: fields.category || null,
      contact: fields.contact || null,
      statusTokenHash: identity.tokenHash,
      installationId,
      concernsKeyHolder: fields.concernsKeyHolder,
    };
    try {
      await deps.spool.accept(identity.id, report);
    } catch (error) {
      log.error({ err: error }, "a report could not be written to the spool; the reporter was asked to try again");
      return showForm(req, res, 503, [{ field: null, code: "not-saved" }], { keepTyped: true, page });
    }
    log.info({ report: identity.id }, "report accepted into the spool");
    deps.kick();
    const base = settings.publicUrl ?? `${req.protocol}://${req.get("host") ?? "localhost"}`;
    await pages.receipt(res, { reference: referenceOf(identity.id), statusUrl: `${base}/call-in/status/${identity.token}` });
  });

  const statusLimiter = rateLimit({
    windowMs: 60_000,
    limit: limits.statusPerMinute,
    // draft-7: draft-8's RateLimit-Policy carries `pk`, a reversible hash of the client's address.
    standardHeaders: "draft-7",
    legacyHeaders: false,
    handler: (_req, res) => {
      res.set("Retry-After", "60");
      void pages.error(res, 429, "server");
    },
  });

  web.get("/call-in/status/:token", statusLimiter, async (req, res) => {
    const view = await deps.status.read(String(req.params.token));
    if (!view) return pages.error(res, 404, "status-not-found");
    await pages.status(res, view);
  });

  web.use((_req, res) => pages.error(res, 404, "not-found"));

  web.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const err = error as { type?: string; status?: number };
    if (err.type === "entity.too.large" || err.type === "parameters.too.many") {
      log.warn({ type: err.type }, "a report was larger than the form accepts (413)");
      return void pages.error(res, 413, "too-large");
    }
    const status = typeof err.status === "number" && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status === 500) log.error({ err: error }, "the report form failed on a request");
    else log.warn({ type: err.type, status }, "a request to the report form was refused");
    if (res.headersSent) return;
    void pages.error(res, status, "server");
  });

  return web;
}
