import type express from "express";
import type { Request, Response } from "express";
import type { Logger } from "pino";
import { checkCaseRepository } from "../cases/case-repository.js";
import { CaseThread } from "../cases/case-thread.js";
import { listAllCases, type ListedCase } from "../cases/list-cases.js";
import type { CaseSeal } from "../cases/seal.js";
import type { GitHub } from "../github/client.js";
import { getAuthenticatedUser } from "../github/users.js";
import { personCanSee, userGitHub, type OwnerDirectory, type OwnerSetup } from "../resolution-log-view/access.js";
import type { SignIn } from "../resolution-log-view/sign-in.js";
import type { TemplateSet } from "../templates/engine.js";
import type { OwnerTemplates } from "../templates/overrides.js";
import { CASE_CODE, SEALED_PATH } from "./paths.js";
import type { SealedReports } from "./store.js";

export { CASE_CODE, SEALED_PATH };

/** What the sealed-report page needs besides the log view's sign-in. */
export interface SealedPageDeps {
  /** Where the sealed texts are; null when DATA_DIR or its key cannot be used (every address is then not found). */
  reports: () => SealedReports | null;
  /** Case metadata is read only through the seal check. */
  seal: CaseSeal;
  now: () => Date;
}

interface PageTools {
  page: (res: Response, status: number, name: string, data: Record<string, unknown>, templates?: TemplateSet) => Promise<void>;
  directory: OwnerDirectory;
  signIn: SignIn;
  isOwner: (owner: string) => boolean;
}

/**
 * The sealed-report page: the text of a case about someone who can read the
 * case repository (a key-holder), kept out of GitHub. Shown to a signed-in
 * person who can see the case repository and is not the reported person
 * (compared by GitHub user id, never by login). Every view is recorded in the
 * case first (who, when); a view that cannot be recorded is not shown.
 * Anything else gets one and the same "not found" page.
 */
export function registerSealedPage(
  web: express.Express,
  deps: SealedPageDeps & { apiBaseUrl: string; log: Logger; templates: OwnerTemplates },
  tools: PageTools,
): void {
  const { page, directory, signIn } = tools;
  const notFound = (res: Response) => page(res, 404, "log-view-message.html", { status: 404, kind: "sealed-not-found" });
  const address = (req: Request) => {
    const owner = String(req.params.owner);
    const code = String(req.params.code).toUpperCase();
    return tools.isOwner(owner) && CASE_CODE.test(code) ? { owner, code } : null;
  };

  web.get(`${SEALED_PATH}/:owner/:code/sign-in`, async (req, res) => {
    const at = address(req);
    if (!at) return notFound(res);
    signIn.start(res, at);
  });

  web.get(`${SEALED_PATH}/:owner/:code`, async (req, res) => {
    const at = address(req);
    if (!at) return notFound(res);
    const session = signIn.session(req);
    // Everyone who is not signed in sees the same sign-in page, whichever case they ask for.
    if (!session) return page(res, 200, "sealed-sign-in.html", { owner: at.owner, code: at.code, sealedPath: SEALED_PATH });
    const reports = deps.reports();
    if (!reports) return notFound(res);
    const setup = await directory.setupFor(at.owner);
    if (!setup) return notFound(res);
    const asPerson = userGitHub(session.token, deps.apiBaseUrl);
    if (!(await personCanSee(asPerson, setup.caseRepo))) return notFound(res);

    const found = await findSealedCase(setup, deps.seal, at.code, deps.log);
    if (!found) return notFound(res);
    const reported = found.meta.keyHolder!.reported;
    const viewerId = session.id ?? (await getAuthenticatedUser(asPerson)).id;
    const key = { owner: setup.caseRepo.owner, caseRepository: setup.caseRepo.repo, code: found.meta.code };
    const sealed = await reports.get(key);
    // The reported person, by id in the case's sealed metadata and in the sealed record alike
    // (unknown when the reporter ticked the form's box about a link without an author).
    if ((reported && viewerId === reported.id) || (sealed?.reported && viewerId === sealed.reported.id)) {
      deps.log.info({ owner: at.owner, code: found.meta.code }, "sealed report: refused to the person it is about");
      return notFound(res);
    }
    if (!sealed) return notFound(res);

    // The view is recorded before anything is shown (the case repository passed the privacy gate just now).
    const templates = await deps.templates.forOwner(setup.github, at.owner, deps.log);
    const viewedAt = deps.now().toISOString();
    const record = await templates.render("sealed-view-recorded.md", { login: session.login, viewedAt, code: found.meta.code });
    await recordView(setup.github, setup, found, deps.seal, record.text);
    deps.log.info({ owner: at.owner, code: found.meta.code, viewer: session.login, viewedAt }, "sealed report viewed; the view is recorded in the case");

    await page(
      res,
      200,
      "sealed-report.html",
      {
        owner: at.owner,
        code: found.meta.code,
        login: session.login,
        caseUrl: /^https?:\/\//.test(found.url) ? found.url : null,
        reported: reported?.login ?? null,
        sealedAt: sealed.sealedAt,
        viewedAt,
        text: sealed.text,
      },
      templates,
    );
  });
}

/**
 * The case with this code in the owner's (private) case repository, when its
 * metadata passes the seal check and says its text is sealed; null otherwise.
 */
async function findSealedCase(setup: OwnerSetup, seal: CaseSeal, code: string, log: Logger): Promise<ListedCase | null> {
  // The privacy gate: the view is recorded in this repository, so it must be private now.
  const repository = await checkCaseRepository(setup.github, setup.caseRepo.owner, setup.caseRepo.repo);
  if (!repository.ok) {
    log.warn(
      { owner: setup.caseRepo.owner, caseRepository: setup.caseRepo.repo, reason: repository.reason },
      "sealed report: the case repository is missing or not private; nothing is shown or recorded",
    );
    return null;
  }
  const { cases } = await listAllCases(setup.github, repository.repository, setup.config, seal);
  return cases.find((c) => c.meta.code.toUpperCase() === code && c.meta.keyHolder?.route === "sealed") ?? null;
}

/** One comment in the case: who read the sealed text, and when (never the text). */
async function recordView(github: GitHub, setup: OwnerSetup, found: ListedCase, seal: CaseSeal, body: string): Promise<void> {
  await new CaseThread(github, setup.caseRepo, found.format, found.number, seal).comment(found, body);
}
