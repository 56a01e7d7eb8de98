import { LRUCache } from "lru-cache";
import type { Logger } from "pino";
import { parseConfig } from "../config/load.js";
import { CONFIG_FILE, formSchema, type FormConfig } from "../config/schema.js";
import { statusOf } from "../github/client.js";
import { readConfigFile } from "../github/config-file.js";
import { findRepoInstallation } from "../github/installations.js";
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

/**
 * `/call-in/report/<owner>`: the owner's `form:` settings from its `.github`
 * repository. Unknown owners, owners without the app and owners without a
 * config all get the same generic form, so the page reveals nothing about
 * who has installed Call-In. Cached per owner for five minutes.
 */
export class OwnerForms {
  private readonly cache = new LRUCache<string, FormPage>({ max: 1_000, ttl: 5 * 60_000 });

  constructor(
    private readonly github: GitHubAccess,
    private readonly log: Logger,
    private readonly lookupTimeoutMs: number,
  ) {}

  generic(): FormPage {
    return GENERIC;
  }

  async forOwner(owner: string | undefined): Promise<FormPage> {
    if (!owner || !OWNER.test(owner)) return GENERIC;
    const key = owner.toLowerCase();
    const cached = this.cache.get(key);
    if (cached) return cached;
    let page = GENERIC;
    try {
      const ref = { owner, repo: ".github" };
      const installationId = await findRepoInstallation(await this.github.app(), ref, AbortSignal.timeout(this.lookupTimeoutMs));
      if (installationId !== null) {
        const raw = await readConfigFile(await this.github.installation(installationId), ref, CONFIG_FILE);
        const parsed = raw === null ? null : parseConfig(raw);
        if (parsed?.ok) page = pageOf(owner, parsed.config.form);
      }
    } catch (error) {
      // Branding is not worth an error page: show the generic form, and do not remember it.
      this.log.warn({ err: error, status: statusOf(error) }, "could not read an owner's form settings; showing the generic form");
      return GENERIC;
    }
    this.cache.set(key, page);
    return page;
  }
}

function pageOf(owner: string, form: FormConfig): FormPage {
  return { owner, title: form.title ?? owner, codeOfConductUrl: form.codeOfConductUrl ?? null, categories: form.categories, enabled: form.enabled };
}
