import { randomBytes } from "node:crypto";
import { doubleCsrf } from "csrf-csrf";
import type { Request, Response } from "express";
import { isOwnerLogin } from "../web/owner-login.js";
import { typedValues, type FieldError } from "./fields.js";
import type { FormPage, OwnerForms } from "./owner-forms.js";
import type { Pages } from "./pages.js";
import type { FormSettings } from "./settings.js";

export const FORM_PATHS = ["/call-in/report", "/call-in/report/:owner"];

/** The `:owner` of a form address, as typed (checked where it is used). */
export function ownerParam(req: Request): string | undefined {
  const owner = req.params.owner;
  return typeof owner === "string" ? owner : undefined;
}

export interface ShowFormOptions {
  /** Show what the reporter typed (a refused submission) rather than an empty form. */
  keepTyped: boolean;
  retryMinutes?: number;
  /** The owner's page when the caller has it. */
  page?: FormPage;
}

/** The form page with its double-submit CSRF token: showing it, and checking the token it comes back with. */
export interface FormView {
  show(req: Request, res: Response, status: number, errors: FieldError[], options: ShowFormOptions): Promise<void>;
  /** Whether a submission carries the token of the cookie it came with. */
  tokenValid(req: Request): boolean;
}

function newSubmission(): string {
  return randomBytes(18).toString("base64url");
}

/** Where the form posts back to: its own owner's address, or the generic one for anything that is not a login. */
function formAction(req: Request): string {
  const owner = ownerParam(req);
  return isOwnerLogin(owner) ? `/call-in/report/${owner}` : "/call-in/report";
}

export function formView(settings: FormSettings, pages: Pages, owners: OwnerForms): FormView {
  const csrf = doubleCsrf({
    getSecret: () => settings.csrfSecret,
    // No sessions: the token is bound to its cookie (double submit), which is enough for an anonymous form.
    getSessionIdentifier: () => "",
    cookieName: settings.secureCookies ? "__Host-call-in.csrf" : "call-in.csrf",
    cookieOptions: { sameSite: "strict", path: "/", secure: settings.secureCookies, httpOnly: true },
    getCsrfTokenFromRequest: (req) => (typeof req.body?._csrf === "string" ? req.body._csrf : null),
  });

  return {
    /**
     * Without `options.page` (a refused request) only a remembered page is used:
     * a refusal never makes the form ask GitHub.
     */
    async show(req, res, status, errors, options) {
      const page = options.page ?? owners.remembered(ownerParam(req));
      const typedSubmission =
        typeof req.body?.submission === "string" && /^[A-Za-z0-9_-]{16,64}$/.test(req.body.submission) ? (req.body.submission as string) : null;
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
    },
    tokenValid: (req) => csrf.validateRequest(req),
  };
}
