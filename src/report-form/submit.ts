import type { Request, RequestHandler, Response } from "express";
import type { Logger } from "pino";
import { statusOf } from "../github/client.js";
import type { ConfigLoader } from "../config/load.js";
import type { Spool } from "../spool/spool.js";
import { beforeDeadline, type BackgroundWork, type Deadline } from "./deadline.js";
import { destinationOf } from "./destination.js";
import { parseFields, type FieldError, type ReportFields } from "./fields.js";
import { ownerParam, type FormView } from "./form-view.js";
import type { GitHubAccess } from "./github-access.js";
import { parseReportedLink, type ReportedLink } from "./link.js";
import type { OwnerForms } from "./owner-forms.js";
import type { Pages } from "./pages.js";
import { identityOf, referenceOf, type SpooledReport } from "./report.js";
import type { FormSettings } from "./settings.js";

/** What taking a report needs. */
export interface SubmitDeps {
  settings: FormSettings;
  /** Reads the form setting of the reported repository's owner. */
  configs: ConfigLoader;
  github: GitHubAccess;
  spool: Spool<SpooledReport>;
  kick: () => void;
  owners: OwnerForms;
  pages: Pages;
  log: Logger;
  /** How long a submission waits for GitHub (the installation and config check). */
  deadline: Deadline;
  /** Lookups a request stopped waiting for. */
  background: BackgroundWork;
}

/** A refusal of the reported link: the form again, with this status and error. */
type Refusal = { status: number; error: FieldError };

/**
 * POST of the form: checks the token and the fields, asks GitHub briefly whether
 * Call-In takes reports for the link's owner, puts the report into the spool
 * (before the receipt: a report the receipt confirms is on disk) and wakes the drainer.
 */
export function submitReport(deps: SubmitDeps, form: FormView): RequestHandler {
  const { settings, pages, log } = deps;
  return async (req: Request, res: Response) => {
    const page = await deps.owners.forOwner(ownerParam(req));
    if (!page.enabled) return pages.error(res, 404, "form-disabled");
    const again = (status: number, errors: FieldError[]) => form.show(req, res, status, errors, { keepTyped: true, page });
    if (!form.tokenValid(req)) return again(403, [{ field: null, code: "form-expired" }]);

    const parsed = parseFields(req.body, page.categories);
    if (!parsed.ok) return again(parsed.errors.some((e) => e.code === "form-expired") ? 403 : 400, parsed.errors);
    const fields = parsed.fields;
    const linked = parseReportedLink(fields.url, settings.webHost);
    if (!linked.ok) return again(400, [{ field: "url", code: linked.problem }]);

    const destination = await confirmDestination(deps, linked.link);
    if ("error" in destination) return again(destination.status, [destination.error]);

    const { report, token } = spooledReport(settings.idKey, fields, linked.link, destination.installationId);
    try {
      await deps.spool.accept(report.id, report);
    } catch (error) {
      log.error({ err: error }, "a report could not be written to the spool; the reporter was asked to try again");
      return again(503, [{ field: null, code: "not-saved" }]);
    }
    log.info({ report: report.id }, "report accepted into the spool");
    deps.kick();
    const base = settings.publicUrl ?? `${req.protocol}://${req.get("host") ?? "localhost"}`;
    await pages.receipt(res, { reference: referenceOf(report.id), statusUrl: `${base}/call-in/status/${token}` });
  };
}

/**
 * Does Call-In take reports for the link's owner? GitHub is asked briefly; if it
 * does not answer, the report is accepted anyway (installation unknown) and the
 * spool checks later. The answer never tells a private repository from a missing
 * one (destination.ts).
 */
async function confirmDestination(deps: SubmitDeps, link: ReportedLink): Promise<{ installationId: number | null } | Refusal> {
  const { log } = deps;
  const ref = { owner: link.owner, repo: link.repo };
  try {
    const found = await beforeDeadline(destinationOf({ github: deps.github, configs: deps.configs, log }, ref), deps.deadline, deps.background, null);
    if (found === null) log.warn("GitHub did not confirm the installation in time; accepting the report, the spool will check");
    else if (found.status === "not-installed") return { status: 404, error: { field: "url", code: "url-not-installed" } };
    else if (found.status === "form-disabled") return { status: 403, error: { field: "url", code: "url-form-disabled" } };
    else return { installationId: found.installationId };
  } catch (error) {
    log.warn({ err: error, status: statusOf(error) }, "GitHub did not confirm the installation in time; accepting the report, the spool will check");
  }
  return { installationId: null };
}

/** The report as the spool keeps it, and the reporter's status token (given once, on the receipt). */
function spooledReport(
  idKey: FormSettings["idKey"],
  fields: ReportFields,
  link: ReportedLink,
  installationId: number | null,
): { report: SpooledReport; token: string } {
  // A ticked box makes another report than the same page sent without it (back, tick, send again).
  const content = [link.url, fields.description, fields.category, fields.contact, ...(fields.concernsKeyHolder ? ["concerns a key-holder"] : [])];
  const identity = identityOf(idKey, fields.submission, content);
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
  return { report, token: identity.token };
}
