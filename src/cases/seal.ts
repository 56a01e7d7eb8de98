import type { RepoRef } from "../github/client.js";
import { isAppAuthor, type AppIdentity, type Author } from "../github/app-identity.js";
import { findMetaBlock, parseMetaJson, renderMetaBlock, renderMetaJson, withMetaBlock, type CaseMeta, type CaseMetaInput } from "./metadata.js";
import type { SealKeys } from "./seal-keys.js";

/** Why metadata was not trusted. Logged and shown (as a kind) in the case's note; never the block's content. */
export type UnverifiedReason = "no-key" | "not-written-by-the-app" | "unsealed" | "seal-mismatch" | "unreadable";

export type MetaCheck = { ok: true; meta: CaseMeta } | { ok: false; reason: UnverifiedReason };

export class NoSealKeyError extends Error {}

/**
 * The one gate between a case body and anything the app does with it.
 * Metadata is trusted only when
 * 1. the issue or discussion was written by the app's own bot account (anyone
 *    with read access to a private repository can open an issue there), and
 * 2. the block's seal (HMAC-SHA256 over the exact JSON, bound to the case
 *    repository `owner/name`) verifies with a key only the app holds: people
 *    with write access can edit the app's issue body, not forge the seal.
 * Writers of metadata go through `withMeta`, which seals for the repository.
 */
export class CaseSeal {
  constructor(
    readonly keys: SealKeys,
    private readonly identity: () => Promise<AppIdentity>,
  ) {}

  /** The body with its metadata block replaced by `meta`, sealed for `repo`. */
  withMeta(repo: RepoRef, body: string, meta: CaseMetaInput): string {
    const json = renderMetaJson(meta);
    const seal = this.keys.sign(repositoryOf(repo), json);
    if (!seal) throw new NoSealKeyError(this.keys.problem ?? "no key seals case metadata");
    return withMetaBlock(body, renderMetaBlock(json, seal));
  }

  /**
   * Checks a body read from `repo`: null when it holds no metadata block at
   * all (an ordinary issue, not a case), else the metadata or why it failed.
   */
  async check(repo: RepoRef, item: { body: string | null | undefined; author: Author | null }): Promise<MetaCheck | null> {
    const block = findMetaBlock(item.body);
    if (!block) return null;
    if (!this.keys.primary) return { ok: false, reason: "no-key" };
    if (!isAppAuthor(item.author, await this.identity())) return { ok: false, reason: "not-written-by-the-app" };
    if (!block.seal) return { ok: false, reason: "unsealed" };
    if (!this.keys.verify(repositoryOf(repo), block.json, block.seal)) return { ok: false, reason: "seal-mismatch" };
    const meta = parseMetaJson(block.json);
    return meta ? { ok: true, meta } : { ok: false, reason: "unreadable" };
  }

  /** The app's identity (cached), for recognising its own comments. */
  app(): Promise<AppIdentity> {
    return this.identity();
  }
}

function repositoryOf(repo: RepoRef): string {
  return `${repo.owner}/${repo.repo}`.toLowerCase();
}
