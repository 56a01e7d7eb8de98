import type { Logger } from "pino";
import { fileCase, type FileCaseDeps } from "../cases/file-case.js";
import { snapshotOfComment, snapshotOfThread, sourceOf, type Snapshot } from "../cases/snapshot.js";
import type { SourceRef } from "../cases/metadata.js";
import type { ConfigLoader } from "../config/load.js";
import type { ConfigProblemNotifier } from "../config/problem-note.js";
import type { GitHub, RepoRef } from "../github/client.js";
import { getIssueComment, getReview, getReviewComment } from "../github/comments.js";
import { isPrivateWorkspace } from "../cases/workspaces.js";
import { findDiscussionComment, getDiscussion } from "../github/discussions.js";
import { installationIdForOwner } from "../github/apps.js";
import { repositoryVisibility } from "../github/repository.js";
import { getIssueOrPull } from "../github/threads.js";
import type { FilingResult } from "../spool/drainer.js";
import type { Spool } from "../spool/spool.js";
import type { GitHubAccess } from "./github-access.js";
import type { ReportedLink } from "./link.js";
import { referenceOf, type ReportReceipt, type SpooledReport } from "./report.js";

/** What filing a spooled report takes: what filing a case takes, the config loader and its notes, and the form's own parts. */
export interface FilingDeps {
  cases: FileCaseDeps;
  configs: ConfigLoader;
  configProblems: ConfigProblemNotifier;
  github: GitHubAccess;
  spool: Spool<SpooledReport>;
  log: Logger;
  /** When the owner's side is not ready (not installed, case repository missing or public, bad config). */
  notReadyRetryMs: number;
}

/**
 * Files one spooled report as a case, exactly once: the case remembers
 * `report:<id>` among its deliveries, so a retry after a crash or a lost
 * response finds the case instead of opening a second one.
 * Throws on GitHub failures (the drainer backs off and retries).
 */
export async function fileReport(deps: FilingDeps, id: string, report: SpooledReport): Promise<FilingResult> {
  const ref: RepoRef = { owner: report.link.owner, repo: report.link.repo };
  // Ids only: never the report's words, contact or the reporter's address.
  const log = deps.log.child({ report: id, owner: ref.owner, repo: ref.repo });
  const installationId = report.installationId ?? (await installationIdForOwner(await deps.github.app(), ref.owner));
  if (installationId === null) {
    log.error("Call-In is not installed on the reported repository; the report waits in the spool until it is");
    return { status: "retry", reason: "not installed", afterMs: deps.notReadyRetryMs };
  }
  const github = await deps.github.installation(installationId);
  const configResult = await deps.configs.loadForRepository(github, ref, log);
  if (!configResult.ok) {
    await deps.configProblems.notify(github, ref.owner, configResult.caseRepository, `${ref.owner}/${ref.repo}`, configResult.problem, log);
    return { status: "retry", reason: "invalid call-in.yml", afterMs: deps.notReadyRetryMs };
  }
  const config = configResult.config;
  // Evidence is copied from public repositories only: a report must not become a way
  // to copy a private or internal repository's content into a case. The report is
  // still filed, with the link and the reporter's words, and says why nothing was copied.
  // A link into a private workspace (an escalated case, a room) is never even asked about.
  const isPublic = !isPrivateWorkspace(config, ref.repo) && (await repositoryVisibility(github, ref)) === "public";
  if (!isPublic) log.info("the reported repository is not public (or not visible); filing the report without copying anything from it");
  const { source, snapshot, found } = isPublic ? await evidenceFor(github, report.link) : withheldEvidence(report.link);
  const outcome = await fileCase(
    deps.cases,
    { github, owner: ref.owner, config, log },
    {
      source,
      snapshot,
      trigger: "report-form",
      state: "open",
      triggeredBy: null,
      reason: null,
      deliveryId: `report:${id}`,
      category: report.category,
      sections: {
        report: {
          reference: referenceOf(id),
          receivedAt: report.receivedAt,
          description: report.description,
          category: report.category,
          contact: report.contact,
          link: report.link.url,
          // "Could not read it" is for content looked for and not found; a repository that is not public is never read.
          linkFound: found || !isPublic,
          notPublic: !isPublic,
        },
      },
      metaExtras: { reportId: id, statusTokenHash: report.statusTokenHash },
      privateParts: { reporterWords: report.description, reporterContact: report.contact },
      concernsKeyHolder: report.concernsKeyHolder === true,
    },
  );
  if (outcome.status === "refused") return { status: "retry", reason: "case repository not ready", afterMs: deps.notReadyRetryMs };
  const receipt: ReportReceipt = {
    v: 1,
    // Where the case lives: the owner's keyHolderReports repository for a case routed there.
    owner: outcome.location.owner,
    caseRepository: outcome.location.repository,
    format: outcome.case.format,
    number: outcome.case.number,
    installationId: outcome.location.installationId ?? installationId,
    statusTokenHash: report.statusTokenHash,
    filedAt: new Date().toISOString(),
  };
  await deps.spool.writeReceipt(id, receipt);
  log.info({ case: outcome.case.meta.code, caseNumber: outcome.case.number, outcome: outcome.status }, "report filed as a case");
  return { status: "filed" };
}

function threadOf(link: ReportedLink): { threadKind: SourceRef["threadKind"]; threadUrl: string } {
  return {
    threadKind: link.area === "pull" ? "pull_request" : link.area === "discussions" ? "discussion" : "issue",
    threadUrl: link.url.replace(/#.*$/, "").replace(/\/files\/?$/, ""),
  };
}

/**
 * A report about a repository that is not public: nothing is read. The subject
 * is the thread, never a comment, so no later edit of a comment there is
 * matched to the case (and copied into it) as a change of its snapshot.
 */
function withheldEvidence(link: ReportedLink): { source: SourceRef; snapshot: Snapshot; found: boolean } {
  const { threadKind, threadUrl } = threadOf(link);
  return {
    source: sourceOf({ owner: link.owner, repo: link.repo, number: link.number, threadKind, url: threadUrl }),
    found: false,
    snapshot: {
      subject: { kind: threadKind, url: threadUrl, id: null, nodeId: null, author: null },
      authorType: null,
      title: null,
      body: "",
      createdAt: null,
      updatedAt: null,
    },
  };
}

/**
 * The evidence: the linked comment or thread, read through the API when the
 * report is filed. Deleted (or invisible) content still files the case, with a note.
 */
async function evidenceFor(github: GitHub, link: ReportedLink): Promise<{ source: SourceRef; snapshot: Snapshot; found: boolean }> {
  const repo: RepoRef = { owner: link.owner, repo: link.repo };
  let { threadKind, threadUrl } = threadOf(link);
  let snapshot: Snapshot | null = null;
  if (link.comment) {
    const c = link.comment;
    const found =
      c.kind === "issue_comment"
        ? await getIssueComment(github, repo, c.id)
        : c.kind === "review_comment"
          ? await getReviewComment(github, repo, c.id)
          : c.kind === "review"
            ? await getReview(github, repo, c.number, c.id)
            : await findDiscussionComment(github, repo, c.number, c.id);
    if (found) snapshot = snapshotOfComment(c.kind, found);
  } else if (link.area === "discussions") {
    const d = await getDiscussion(github, repo, link.number);
    if (d) {
      threadUrl = d.url;
      snapshot = snapshotOfThread("discussion", {
        number: d.number,
        title: d.title,
        body: d.body,
        html_url: d.url,
        node_id: d.id,
        user: d.author,
        created_at: d.createdAt,
        updated_at: d.updatedAt,
      });
    }
  } else {
    const t = await getIssueOrPull(github, repo, link.number);
    if (t) {
      threadKind = t.isPullRequest ? "pull_request" : "issue";
      threadUrl = t.html_url;
      snapshot = snapshotOfThread(threadKind, t);
    }
  }
  const source = sourceOf({ owner: link.owner, repo: link.repo, number: link.number, threadKind, url: threadUrl });
  if (snapshot) return { source, snapshot, found: true };
  const kind = link.comment?.kind ?? threadKind;
  return {
    source,
    found: false,
    snapshot: {
      subject: { kind, url: link.url, id: link.comment?.id ?? null, nodeId: null, author: null },
      authorType: null,
      title: null,
      body: "",
      createdAt: null,
      updatedAt: null,
    },
  };
}
