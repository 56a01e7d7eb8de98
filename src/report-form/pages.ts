import type { Response } from "express";
import type { TemplateSet } from "../templates/engine.js";
import { LIMITS, type FieldError, type TypedValues } from "./fields.js";
import type { FormPage } from "./owner-forms.js";
import type { ReporterView } from "./status.js";

export const ASSET_PATH = "/call-in/report/assets/report-form.css";

/**
 * Renders the form's pages from templates/report-*.html (HTML-escaped by the
 * engine). Pages use the bundled wording: reading an owner's overrides would
 * put GitHub calls on every page view.
 */
export class Pages {
  constructor(
    private readonly templates: TemplateSet,
    private readonly webHost: string,
  ) {}

  async form(
    res: Response,
    status: number,
    input: { page: FormPage; action: string; csrfToken: string; submission: string; values: TypedValues; errors?: FieldError[]; retryMinutes?: number },
  ): Promise<void> {
    const errors = input.errors ?? [];
    const fieldErrors: Record<string, string> = {};
    for (const error of errors) if (error.field && !fieldErrors[error.field]) fieldErrors[error.field] = error.code;
    await this.send(res, status, "report-form.html", {
      page: input.page,
      action: input.action,
      csrfToken: input.csrfToken,
      submission: input.submission,
      values: input.values,
      errors,
      fieldErrors,
      lengths: { description: input.values.description.trim().length },
      retryMinutes: input.retryMinutes ?? 0,
    });
  }

  receipt(res: Response, input: { reference: string; statusUrl: string }): Promise<void> {
    return this.send(res, 200, "report-receipt.html", input);
  }

  status(res: Response, view: ReporterView): Promise<void> {
    return this.send(res, 200, "report-status.html", { view });
  }

  error(
    res: Response,
    status: number,
    problem: "too-large" | "not-found" | "status-not-found" | "form-disabled" | "form-off" | "too-many-pages" | "server",
  ): Promise<void> {
    return this.send(res, status, "report-error.html", { problem, formUrl: "/call-in/report" });
  }

  private async send(res: Response, status: number, name: string, data: Record<string, unknown>): Promise<void> {
    const page = await this.templates.render(name, { ...data, assetUrl: ASSET_PATH, webHost: this.webHost, limits: LIMITS });
    res.status(status).type("html").send(page.text);
  }
}
