import type { CallInConfig } from "../config/schema.js";
import type { GitHub, RepoRef } from "../github/client.js";
import { addDiscussionComment, createDiscussion, getDiscussionCategories, listDiscussions, updateDiscussionBody } from "../github/discussions.js";
import { addIssueComment, createIssue, updateIssueBody, type IssueRecord } from "../github/issues.js";
import type { RepositoryInfo } from "../github/repository.js";
import type { Author } from "../github/app-identity.js";
import type { CaseMeta, CaseMetaInput } from "./metadata.js";
import type { CaseSeal } from "./seal.js";
import type { CaseRecord } from "./case-record.js";
import { openCaseIndexOf } from "./open-case-index.js";

export type { CaseRecord };

/** Where cases live: the same operations for issue and discussion cases. */
export interface CaseStore {
  readonly repo: RepoRef;
  readonly format: "issue" | "discussion";
  /** Open cases with readable metadata, newest first. */
  listOpen(): Promise<CaseRecord[]>;
  create(title: string, body: string): Promise<{ number: number; nodeId: string; url: string }>;
  comment(target: CaseRecord, body: string): Promise<void>;
  updateBody(target: CaseRecord, body: string): Promise<void>;
  /** `body` with `meta` as its metadata block, sealed for this repository. */
  withMeta(body: string, meta: CaseMetaInput): string;
}

export class CaseStoreError extends Error {}

/**
 * Only cases whose metadata the app wrote and nobody changed (cases/seal.ts).
 * Others are skipped here; the sweep notes them once (cases/unverified.ts).
 */
async function verifiedOnly<T extends { body: string; author: Author | null }>(
  seal: CaseSeal,
  repo: RepoRef,
  items: T[],
  toRecord: (item: T, meta: CaseMeta) => CaseRecord,
): Promise<CaseRecord[]> {
  const records: CaseRecord[] = [];
  for (const item of items) {
    const checked = await seal.check(repo, item);
    if (checked?.ok) records.push(toRecord(item, checked.meta));
  }
  return records;
}

class IssueCaseStore implements CaseStore {
  readonly format = "issue" as const;
  constructor(
    private readonly github: GitHub,
    readonly repo: RepoRef,
    private readonly seal: CaseSeal,
  ) {}

  withMeta(body: string, meta: CaseMetaInput): string {
    return this.seal.withMeta(this.repo, body, meta);
  }

  /** From the app's index of open cases, brought up to date by asking GitHub what changed (open-case-index.ts). */
  async listOpen(): Promise<CaseRecord[]> {
    return openCaseIndexOf(this.seal).listOpen(this.github, this.repo, async (issue: IssueRecord) => {
      const [record] = await verifiedOnly(this.seal, this.repo, [issue], (i, meta) => ({
        format: "issue",
        number: i.number,
        nodeId: i.nodeId,
        url: i.url,
        title: i.title,
        body: i.body,
        meta,
      }));
      return record ?? null;
    });
  }

  async create(title: string, body: string) {
    const issue = await createIssue(this.github, this.repo, { title, body });
    return { number: issue.number, nodeId: issue.nodeId, url: issue.url };
  }

  async comment(target: CaseRecord, body: string): Promise<void> {
    await this.forgetIndexOnFailure(addIssueComment(this.github, this.repo, target.number, body));
  }

  async updateBody(target: CaseRecord, body: string): Promise<void> {
    await this.forgetIndexOnFailure(updateIssueBody(this.github, this.repo, target.number, body));
  }

  /** A case that cannot be written may be gone (deleted, transferred), which `since` does not show: the next lookup lists in full. */
  private async forgetIndexOnFailure(write: Promise<unknown>): Promise<void> {
    try {
      await write;
    } catch (error) {
      openCaseIndexOf(this.seal).forget(this.repo);
      throw error;
    }
  }
}

/** Discussion cases are listed in full at every lookup: the Discussions API has no `since` filter. */
class DiscussionCaseStore implements CaseStore {
  readonly format = "discussion" as const;
  constructor(
    private readonly github: GitHub,
    readonly repo: RepoRef,
    private readonly repositoryId: string,
    private readonly categoryId: string,
    private readonly seal: CaseSeal,
  ) {}

  withMeta(body: string, meta: CaseMetaInput): string {
    return this.seal.withMeta(this.repo, body, meta);
  }

  async listOpen(): Promise<CaseRecord[]> {
    const discussions = await listDiscussions(this.github, this.repo, this.categoryId, "open");
    return verifiedOnly(this.seal, this.repo, discussions, (d, meta) => ({
      format: "discussion",
      number: d.number,
      nodeId: d.id,
      url: d.url,
      title: d.title,
      body: d.body,
      meta,
    }));
  }

  async create(title: string, body: string) {
    const discussion = await createDiscussion(this.github, { repositoryId: this.repositoryId, categoryId: this.categoryId, title, body });
    return { number: discussion.number, nodeId: discussion.id, url: discussion.url };
  }

  async comment(target: CaseRecord, body: string): Promise<void> {
    await addDiscussionComment(this.github, target.nodeId, body);
  }

  async updateBody(target: CaseRecord, body: string): Promise<void> {
    await updateDiscussionBody(this.github, target.nodeId, body);
  }
}

/**
 * The issue-format store of a case repository named in config, for reading
 * before the privacy gate has answered (the open-case lookup runs beside it).
 * Writes go through the store the gate hands out (`caseStoreFor`).
 */
export function issueCaseStore(github: GitHub, repo: RepoRef, seal: CaseSeal): CaseStore {
  return new IssueCaseStore(github, repo, seal);
}

/** The store for a checked (private) case repository, in the configured format. */
export async function caseStoreFor(
  github: GitHub,
  repository: RepositoryInfo,
  config: Pick<CallInConfig, "caseFormat" | "discussionCategory">,
  seal: CaseSeal,
): Promise<CaseStore> {
  const repo = { owner: repository.owner, repo: repository.name };
  if (config.caseFormat === "issue") return new IssueCaseStore(github, repo, seal);
  const wanted = config.discussionCategory.toLowerCase();
  const categories = await getDiscussionCategories(github, repo);
  const category = categories.find((c) => c.name.toLowerCase() === wanted || c.slug.toLowerCase() === wanted);
  if (!category) {
    const known = categories.map((c) => c.name).join(", ") || "none (are Discussions enabled?)";
    throw new CaseStoreError(
      `The discussion category "${config.discussionCategory}" does not exist in ${repo.owner}/${repo.repo} (categories: ${known}). Create it, or set discussionCategory in .github/call-in.yml.`,
    );
  }
  return new DiscussionCaseStore(github, repo, repository.nodeId, category.id, seal);
}
