import type { Response } from "express";
import type { TemplateSet } from "../templates/engine.js";

export const LOG_VIEW_PATH = "/call-in/log";

/** Renders one of the log view's templates (HTML-escaped by the engine) as the answer. */
export type RenderPage = (res: Response, status: number, name: string, data: Record<string, unknown>, templates?: TemplateSet) => Promise<void>;

export interface LogViewPages {
  page: RenderPage;
  /** One answer for "no such owner" and "not yours to see": the two must be indistinguishable. */
  notFound: (res: Response) => Promise<void>;
}

/** The pages of the log view and the sealed-report page; the bundled wording unless an owner's templates are given. */
export function logViewPages(bundled: TemplateSet): LogViewPages {
  const page: RenderPage = async (res, status, name, data, templates = bundled) => {
    const rendered = await templates.render(name, { basePath: LOG_VIEW_PATH, ...data });
    res.status(status).type("html").send(rendered.text);
  };
  return { page, notFound: (res) => page(res, 404, "log-view-message.html", { status: 404, kind: "not-found" }) };
}
