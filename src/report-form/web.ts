import { readFileSync } from "node:fs";
import cookieParser from "cookie-parser";
import express, { type NextFunction, type Request, type RequestHandler, type Response } from "express";
import type { Logger } from "pino";
import { noStore, securityHeaders, stylesheet } from "../web/security.js";
import { FORM_PATHS, formView, ownerParam, type FormView } from "./form-view.js";
import { formLimiters } from "./limiters.js";
import type { OwnerForms } from "./owner-forms.js";
import { ASSET_PATH, type Pages } from "./pages.js";
import type { ReporterStatus } from "./status.js";
import { submitReport, type SubmitDeps } from "./submit.js";

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

/** What the form's web app needs: what taking a report needs, and the status page, limits and owner lookups. */
export interface WebDeps extends SubmitDeps {
  status: ReporterStatus;
  limits: WebLimits;
  /** Owner pages one address may open per window that make the form ask GitHub (pages already remembered are free). */
  ownerLookups: { perClient: number; windowMs: number };
}

const STYLESHEET = readFileSync(new URL("../../static/report-form.css", import.meta.url));

/**
 * The form's web surface (express 5): the form, its submission, the receipt and
 * the reporter's status page, with the shared security headers (strict CSP, no
 * framing, no referrer), double-submit CSRF tokens and per-address rate limits.
 */
export function createReportWebApp(deps: WebDeps): express.Express {
  const { settings, pages, log, limits } = deps;
  const web = express();
  web.disable("x-powered-by");
  web.set("trust proxy", limits.trustProxy);
  web.use(securityHeaders({ hsts: settings.secureCookies }));
  web.get(ASSET_PATH, stylesheet(STYLESHEET));
  web.use(noStore);
  web.use(cookieParser());

  const form = formView(settings, pages, deps.owners);
  const limiters = formLimiters({ ...limits, ownerLookups: deps.ownerLookups }, { owners: deps.owners, pages, form, log });

  web.get(FORM_PATHS, limiters.ownerLookups, showOwnerForm(deps.owners, pages, form));
  web.post(FORM_PATHS, express.urlencoded({ extended: false, limit: limits.bodyBytes, parameterLimit: 20 }), limiters.reports, submitReport(deps, form));
  web.get("/call-in/status/:token", limiters.status, showStatus(deps.status, pages));

  web.use((_req, res) => pages.error(res, 404, "not-found"));
  web.use(formErrorHandler(pages, log));
  return web;
}

/** The empty form, branded for its owner when the address names one. */
function showOwnerForm(owners: OwnerForms, pages: Pages, form: FormView): RequestHandler {
  return async (req, res) => {
    const page = await owners.forOwner(ownerParam(req));
    if (!page.enabled) return pages.error(res, 404, "form-disabled");
    await form.show(req, res, 200, [], { keepTyped: false, page });
  };
}

/** The reporter's status page, found by the token of their receipt. */
function showStatus(status: ReporterStatus, pages: Pages): RequestHandler {
  return async (req, res) => {
    const view = await status.read(String(req.params.token));
    if (!view) return pages.error(res, 404, "status-not-found");
    await pages.status(res, view);
  };
}

/** Too large a body gets its own page (413); other refusals keep their 4xx; anything else is a logged 500. */
function formErrorHandler(pages: Pages, log: Logger) {
  return (error: unknown, _req: Request, res: Response, _next: NextFunction) => {
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
  };
}
