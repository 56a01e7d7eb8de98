import { LRUCache } from "lru-cache";
import type { Logger } from "pino";
import { loadOwnerConfig } from "../config/load.js";
import { formSchema, type FormConfig } from "../config/schema.js";
import { statusOf } from "../github/client.js";
import { findRepoInstallation } from "../github/installations.js";
import { beforeDeadline, type BackgroundWork, type Deadline } from "./deadline.js";
import type { GitHubAccess } from "./github-access.js";
import { OWNER_LOGIN as OWNER } from "../web/owner-login.js";

/** What a form page shows: an owner's branding, or the generic form. */
export interface FormPage {
  /** The owner whose config shaped the page; null for the generic form. */
  owner: string | null;
  title: string | null;
  codeOfConductUrl: string | null;
  categories: string[];
  enabled: boolean;
  /** The owner's own words on who receives reports about its maintainers, moderators or owners; null when it gave none. */
  keyHolderContact: string | null;
}

const GENERIC: FormPage = {
  owner: null,
  title: null,
  codeOfConductUrl: null,
  categories: formSchema.parse({}).categories,
  enabled: true,
  keyHolderContact: null,
};
/** How long a failed lookup is remembered (a successful one, "not installed" included: five minutes). */
const FAILED_LOOKUP_TTL_MS = 30_000;

/** Lookups all visitors together may cause per window; past it, pages are generic until the window ends. */
export interface LookupBudget {
  lookupsPerWindow: number;
  windowMs: number;
  /** The clock (tests move it). */
  now?: () => number;
}

const DEFAULT_BUDGET: LookupBudget = { lookupsPerWindow: 300, windowMs: 10 * 60_000 };

/**
 * `/call-in/report/<owner>`: the owner's `form:` settings from its `.github`
 * repository. Unknown owners, owners without the app and owners without a
 * config all get the same generic form, so the page reveals nothing about
 * who has installed Call-In. Cached per owner for five minutes, "unknown"
 * included. A scan of owner names costs GitHub a bounded number of requests:
 * each address may cause only a few lookups (web.ts), and all addresses
 * together at most `budget.lookupsPerWindow` per window.
 */
export class OwnerForms {
  private readonly cache = new LRUCache<string, FormPage>({ max: 1_000, ttl: 5 * 60_000 });
  /** Lookups under way, so many visitors during a GitHub outage share one. */
  private readonly inFlight = new Map<string, Promise<FormPage>>();
  private window = { startedAt: -Infinity, lookups: 0, warned: false };

  constructor(
    private readonly github: GitHubAccess,
    private readonly log: Logger,
    /** How long a page waits for the owner's settings. */
    private readonly deadline: Deadline,
    /** Where a lookup the page stopped waiting for goes on. */
    private readonly background: BackgroundWork,
    private readonly budget: LookupBudget = DEFAULT_BUDGET,
  ) {}

  /** The owner's page if it is remembered, else the generic one: never asks GitHub. */
  remembered(owner: string | undefined): FormPage {
    if (!owner || !OWNER.test(owner)) return GENERIC;
    return this.cache.get(owner.toLowerCase()) ?? GENERIC;
  }

  /** Whether a page for this owner would ask GitHub (nothing remembered, nothing under way). */
  needsLookup(owner: string | undefined): boolean {
    if (!owner || !OWNER.test(owner)) return false;
    const key = owner.toLowerCase();
    return !this.cache.has(key) && !this.inFlight.has(key);
  }

  generic(): FormPage {
    return GENERIC;
  }

  /**
   * The page waits at most until the deadline for the owner's settings (three
   * requests to GitHub): a reporter must get a form even when GitHub is slow
   * or down. Past the deadline the generic form is shown, and the lookup goes
   * on in the background so the next visit is branded.
   */
  async forOwner(owner: string | undefined): Promise<FormPage> {
    if (!owner || !OWNER.test(owner)) return GENERIC;
    const key = owner.toLowerCase();
    const cached = this.cache.get(key);
    if (cached) return cached;
    let lookup = this.inFlight.get(key);
    if (!lookup) {
      if (!this.spend()) return GENERIC;
      lookup = this.lookUp(owner, key).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, lookup);
    }
    return beforeDeadline(lookup, this.deadline, this.background, GENERIC);
  }

  /** Takes one lookup from this window's budget; false when it is spent (nothing is remembered then). */
  private spend(): boolean {
    const now = (this.budget.now ?? Date.now)();
    if (now - this.window.startedAt >= this.budget.windowMs) this.window = { startedAt: now, lookups: 0, warned: false };
    if (this.window.lookups < this.budget.lookupsPerWindow) {
      this.window.lookups++;
      return true;
    }
    if (!this.window.warned) {
      this.window.warned = true;
      this.log.warn(
        { lookupsPerWindow: this.budget.lookupsPerWindow, windowMs: this.budget.windowMs },
        "owner form lookups are over budget; showing the generic form until the window ends",
      );
    }
    return false;
  }

  private async lookUp(owner: string, key: string): Promise<FormPage> {
    let page = GENERIC;
    try {
      const ref = { owner, repo: ".github" };
      const installationId = await findRepoInstallation(await this.github.app(), ref);
      if (installationId !== null) {
        const loaded = await loadOwnerConfig(await this.github.installation(installationId), owner);
        // An owner without a file of its own keeps the generic form.
        if (loaded.found && loaded.ok) page = pageOf(owner, loaded.config.form);
      }
    } catch (error) {
      // Branding is not worth an error page: show the generic form. Remember that only
      // briefly, so an outage costs one slow page every half minute, not one per visitor.
      this.log.warn({ err: error, status: statusOf(error) }, "could not read an owner's form settings; showing the generic form");
      this.cache.set(key, GENERIC, { ttl: FAILED_LOOKUP_TTL_MS });
      return GENERIC;
    }
    this.cache.set(key, page);
    return page;
  }
}

function pageOf(owner: string, form: FormConfig): FormPage {
  return {
    owner,
    title: form.title ?? owner,
    codeOfConductUrl: form.codeOfConductUrl ?? null,
    categories: form.categories,
    enabled: form.enabled,
    keyHolderContact: form.keyHolderContact ?? null,
  };
}
