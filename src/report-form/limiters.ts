import { rateLimit } from "express-rate-limit";
import type { RequestHandler } from "express";
import type { Logger } from "pino";
import { RATE_LIMIT_HEADERS, secondsUntilReset } from "../web/security.js";
import { ownerParam, type FormView } from "./form-view.js";
import type { OwnerForms } from "./owner-forms.js";
import type { Pages } from "./pages.js";

/** The per-address limits of the form's routes; past one, the person is asked to wait (429, Retry-After). */
export interface FormLimiters {
  /** Owner pages that make the form ask GitHub. */
  ownerLookups: RequestHandler;
  /** Reports sent. */
  reports: RequestHandler;
  /** Status page views. */
  status: RequestHandler;
}

export interface FormLimits {
  reportsPerWindow: number;
  windowMs: number;
  statusPerMinute: number;
  ownerLookups: { perClient: number; windowMs: number };
}

export function formLimiters(limits: FormLimits, deps: { owners: OwnerForms; pages: Pages; form: FormView; log: Logger }): FormLimiters {
  const { owners, pages, form, log } = deps;
  return {
    // Each owner page the form has not remembered costs GitHub requests: one address may cause
    // only a few such lookups per window. Remembered owners and the generic form are not counted.
    ownerLookups: rateLimit({
      windowMs: limits.ownerLookups.windowMs,
      limit: limits.ownerLookups.perClient,
      ...RATE_LIMIT_HEADERS,
      skip: (req) => !owners.needsLookup(ownerParam(req)),
      handler: (req, res) => {
        res.set("Retry-After", String(secondsUntilReset(req, limits.ownerLookups.windowMs)));
        log.warn("too many owner pages from one address; asked to wait");
        void pages.error(res, 429, "too-many-pages");
      },
    }),

    reports: rateLimit({
      windowMs: limits.windowMs,
      limit: limits.reportsPerWindow,
      ...RATE_LIMIT_HEADERS,
      handler: async (req, res) => {
        const seconds = secondsUntilReset(req, limits.windowMs);
        res.set("Retry-After", String(seconds));
        log.warn("too many reports from one address; asked to wait");
        await form.show(req, res, 429, [{ field: null, code: "too-many" }], { keepTyped: true, retryMinutes: Math.ceil(seconds / 60) });
      },
    }),

    status: rateLimit({
      windowMs: 60_000,
      limit: limits.statusPerMinute,
      ...RATE_LIMIT_HEADERS,
      handler: (_req, res) => {
        res.set("Retry-After", "60");
        void pages.error(res, 429, "server");
      },
    }),
  };
}
