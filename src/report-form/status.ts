import { LRUCache } from "lru-cache";
import type { Logger } from "pino";
import type { CaseMeta } from "../cases/metadata.js";
import type { CaseSeal } from "../cases/seal.js";
import { statusOf } from "../github/client.js";
import { getDiscussion } from "../github/discussions.js";
import { getIssue } from "../github/issues.js";
import type { Spool } from "../spool/spool.js";
import type { GitHubAccess } from "./github-access.js";
import { parseToken, referenceOf, sameHash, type ReportReceipt, type SpooledReport } from "./report.js";

export type ReporterState = "received" | "acknowledged" | "resolved";

/** All a reporter ever learns about their report: three states and the team's own message. */
export interface ReporterView {
  reference: string;
  state: ReporterState;
  message: string | null;
  /** False when GitHub could not be asked just now (the page says so). */
  current: boolean;
}

/**
 * Finds a report from its status token without a database:
 * the token starts with the report id; the id names a spool file (not yet
 * filed) or a sealed receipt in DATA_DIR (filed: owner, case repository,
 * number), and the case's metadata holds the state and the reporter message.
 * Both files hold the token's hash, compared in constant time.
 */
export class ReporterStatus {
  /** Case states read through the API, for a short while: a refreshing reporter costs no API calls. */
  private readonly cache = new LRUCache<string, ReporterView>({ max: 2_000, ttl: 30_000 });

  constructor(
    private readonly spool: Spool<SpooledReport>,
    private readonly github: GitHubAccess,
    private readonly log: Logger,
    private readonly seal: CaseSeal,
  ) {}

  async read(token: string): Promise<ReporterView | null> {
    const parsed = parseToken(token);
    if (!parsed) return null;
    const reference = referenceOf(parsed.id);
    const receipt = await this.spool.readReceipt<ReportReceipt>(parsed.id).catch(() => null);
    if (receipt) {
      if (!sameHash(receipt.statusTokenHash, parsed.hash)) return null;
      const cached = this.cache.get(parsed.hash);
      if (cached) return cached;
      try {
        const view = await this.fromCase(receipt, parsed.hash, reference);
        this.cache.set(parsed.hash, view);
        return view;
      } catch (error) {
        this.log.warn({ err: error, report: parsed.id, status: statusOf(error) }, "could not read a case's state for its reporter");
        return { reference, state: "received", message: null, current: false };
      }
    }
    const spooled = await this.spool.find(parsed.id).catch(() => null);
    if (spooled && sameHash(spooled.statusTokenHash, parsed.hash)) return { reference, state: "received", message: null, current: true };
    return null;
  }

  private async fromCase(receipt: ReportReceipt, hash: string, reference: string): Promise<ReporterView> {
    const github = await this.github.installation(receipt.installationId);
    const repo = { owner: receipt.owner, repo: receipt.caseRepository };
    let item: { body: string; author: { login: string; type: string } | null } | null = null;
    let closed = false;
    if (receipt.format === "discussion") {
      const d = await getDiscussion(github, repo, receipt.number);
      item = d;
      closed = d?.closed ?? false;
    } else {
      const issue = await getIssue(github, repo, receipt.number);
      item = issue;
      closed = issue?.state === "closed";
    }
    // Only metadata the app wrote and nobody changed answers a reporter (cases/seal.ts):
    // anything else shows "received" and no message, and the sweep notes it in the case.
    const checked = item ? await this.seal.check(repo, item) : null;
    if (checked && !checked.ok) {
      this.log.warn(
        { owner: repo.owner, repo: repo.repo, number: receipt.number, reason: checked.reason },
        "a reporter's case failed its metadata check; the status page ignores it",
      );
      return { reference, state: "received", message: null, current: true };
    }
    const meta: CaseMeta | null = checked?.ok ? checked.meta : null;
    const state: ReporterState =
      meta?.state === "resolved" || closed ? "resolved" : meta?.acknowledgedAt || meta?.state === "acknowledged" ? "acknowledged" : "received";
    // The team's message is for the reporter of this case; another report merged
    // into the same case sees the state, never someone else's message.
    const own = sameHash(meta?.statusTokenHash, hash);
    return { reference, state, message: own ? (meta?.reporterMessage ?? null) : null, current: true };
  }
}
