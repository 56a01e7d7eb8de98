import type { CallInConfig } from "../config/schema.js";
import type { Author } from "../github/app-identity.js";
import type { GitHub, RepoRef } from "../github/client.js";
import { getDiscussionCategories, listDiscussions } from "../github/discussions.js";
import { listAllIssues } from "../github/issues.js";
import type { RepositoryInfo } from "../github/repository.js";
import type { CaseMeta } from "./metadata.js";
import type { CaseSeal, UnverifiedReason } from "./seal.js";
import type { CaseRecord } from "./store.js";

export type ListedCase = CaseRecord & { closed: boolean };

/** An issue or discussion with a metadata block that failed its check: never acted on. */
export interface UnverifiedCase {
  format: "issue" | "discussion";
  number: number;
  nodeId: string;
  reason: UnverifiedReason;
}

export interface CaseListing {
  cases: ListedCase[];
  unverified: UnverifiedCase[];
}

/**
 * Every case of a (checked, private) case repository, open and closed: the
 * sweep needs closed ones too (follow-ups, temporary blocks, room retention).
 * Issues and discussions without a metadata block are not cases; those whose
 * metadata the app did not write, or that someone changed, are listed apart.
 */
export async function listAllCases(
  github: GitHub,
  repository: RepositoryInfo,
  config: Pick<CallInConfig, "caseFormat" | "discussionCategory">,
  seal: CaseSeal,
): Promise<CaseListing> {
  const repo = { owner: repository.owner, repo: repository.name };
  if (config.caseFormat === "issue") {
    const issues = await listAllIssues(github, repo);
    return sorted(
      seal,
      repo,
      "issue",
      issues.map((i) => ({ item: i, closed: i.state === "closed" })),
    );
  }
  const wanted = config.discussionCategory.toLowerCase();
  const category = (await getDiscussionCategories(github, repo)).find((c) => c.name.toLowerCase() === wanted || c.slug.toLowerCase() === wanted);
  if (!category) return { cases: [], unverified: [] };
  const discussions = await listDiscussions(github, repo, category.id, "all");
  return sorted(
    seal,
    repo,
    "discussion",
    discussions.map((d) => ({ item: { ...d, nodeId: d.id }, closed: d.closed })),
  );
}

type Listed = { item: { number: number; nodeId: string; url: string; title: string; body: string; author: Author | null }; closed: boolean };

async function sorted(seal: CaseSeal, repo: RepoRef, format: "issue" | "discussion", listed: Listed[]): Promise<CaseListing> {
  const listing: CaseListing = { cases: [], unverified: [] };
  for (const { item, closed } of listed) {
    const checked = await seal.check(repo, item);
    if (!checked) continue;
    if (!checked.ok) {
      listing.unverified.push({ format, number: item.number, nodeId: item.nodeId, reason: checked.reason });
      continue;
    }
    const meta: CaseMeta = checked.meta;
    listing.cases.push({ format, number: item.number, nodeId: item.nodeId, url: item.url, title: item.title, body: item.body, meta, closed });
  }
  return listing;
}
