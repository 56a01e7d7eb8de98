import { LRUCache } from "lru-cache";
import type { Logger } from "pino";
import type { GitHub } from "../github/client.js";
import { listFolder, readTextFile } from "../github/contents.js";
import type { TemplateSet } from "./engine.js";

/** Where an owner keeps its own wording: in its `.github` repository. */
export const OVERRIDE_REPO = ".github";
export const OVERRIDE_FOLDER = ".github/call-in/templates";

/**
 * The template set for one owner: the bundled texts, with any file of the same
 * name from `<owner>/.github/.github/call-in/templates/` in their place.
 * Cached per owner for five minutes (one folder listing, then one read per file).
 */
export class OwnerTemplates {
  /** Loads in flight or done, so concurrent events for one owner share one set of requests. */
  private readonly cache = new LRUCache<string, Promise<TemplateSet>>({ max: 500, ttl: 5 * 60_000 });

  constructor(readonly bundled: TemplateSet) {}

  forOwner(github: GitHub, owner: string, log: Logger): Promise<TemplateSet> {
    const key = owner.toLowerCase();
    const cached = this.cache.get(key);
    if (cached) return cached;
    const loading = this.load(github, owner, log).catch((error: unknown) => {
      // Wording is not worth failing a case over: use the bundled texts this time, and ask again next time.
      this.cache.delete(key);
      log.warn({ err: error, owner }, "could not read the owner's templates; using the bundled ones");
      return this.bundled;
    });
    this.cache.set(key, loading);
    return loading;
  }

  private async load(github: GitHub, owner: string, log: Logger): Promise<TemplateSet> {
    const ref = { owner, repo: OVERRIDE_REPO };
    const files = (await listFolder(github, ref, OVERRIDE_FOLDER)).filter((f) => this.bundled.has(f.name));
    const overrides: Record<string, string> = {};
    for (const file of files) {
      const content = await readTextFile(github, ref, file.path);
      if (content) overrides[file.name] = content.text;
    }
    if (files.length > 0) log.debug({ owner, templates: Object.keys(overrides) }, "using the owner's own templates");
    return this.bundled.withOverrides(overrides);
  }
}
