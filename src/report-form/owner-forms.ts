import { LRUCache } from "lru-cache";
import type { Logger } from "pino";
import { parseConfig } from "../config/load.js";
import { CONFIG_FILE, formSchema, type FormConfig } from "../config/schema.js";
import { statusOf } from "../github/client.js";
import { readConfigFile } from "../github/config-file.js";
import { findRepoInstallation } from "../github/installations.js";
import { beforeDeadline, type BackgroundWork, type Deadline } from "./deadline.js";
import type { GitHubAccess } from "./github-access.js";

/** What a form page shows: an owner's branding, or the generic form. */
export interface FormPage {
  /** The owner whose config shaped the page; null for the generic form. */
  owner: string | null;
  title: string | null;
  codeOfConductUrl: string | null;
  categories: string[];
  enabled: boolean;
}

const GENERIC: FormPage = { owner: null, title: null, codeOfConductUrl: null, categories: formSchema.parse({}).categories, enabled: true };
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
/** How long a failed lookup is remembered (a successful one: five minutes). */
const FAILED_LOOKUP_TTL_MS = 30_000;

/**
 * `/call-in/report/<owner>`: the owner's `form:` settings from its `.github`
 * repository. Unknown owners, owners without the app and owners without a
 * config all get the same generic form, so the page reveals nothing about
 * who has installed Call-In. Cached per owner for five minutes.
 */
export class OwnerForms {
  private readonly cache = new LRUCache<string, FormPage>({ max: 1_000, ttl: 5 * 60_000 });
  /** Lookups under way, so many visitors during a GitHub outage share one. */
  private readonly inFlight = new Map<string, Promise<FormPage>>();

  constructor(
    private readonly github: GitHubAccess,
    private readonly log: Logger,
    /** How long a page waits for the owner's settings. */
    private readonly deadline: Deadline,
    /** Where a lookup the page stopped waiting for goes on. */
    private readonly background: BackgroundWork,
  ) {}

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
      lookup = this.lookUp(owner, key).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, lookup);
    }
    return beforeDeadline(lookup, this.deadline, this.background, GENERIC);
  }

  private async lookUp(owner: string, key: string): Promise<FormPage> {
    let page = GENERIC;
    try {
      const ref = { owner, repo: ".github" };
      const installationId = await findRepoInstallation(await this.github.app(), ref);
      if (installationId !== null) {
        const raw = await readConfigFile(await this.github.installation(installationId), ref, CONFIG_FILE);
        const parsed = raw === null ? null : parseConfig(raw);
        if (parsed?.ok) page = pageOf(owner, parsed.config.form);
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
  return { owner, title: form.title ?? owner, codeOfConductUrl: form.codeOfConductUrl ?? null, categories: form.categories, enabled: form.enabled };
}
