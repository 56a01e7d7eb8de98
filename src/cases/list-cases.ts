import type { CallInConfig } from "../config/schema.js";
import type { GitHub } from "../github/client.js";
import { getDiscussionCategories, listDiscussions } from "../github/discussions.js";
import { listAllIssues } from "../github/issues.js";
import type { RepositoryInfo } from "../github/repository.js";
import { parseMeta } from "./metadata.js";
import type { CaseRecord } from "./store.js";

export type ListedCase = CaseRecord & { closed: boolean };

/**
 * Every case of a (checked, private) case repository, open and closed: the
 * sweep needs closed ones too (follow-ups, temporary blocks, room retention).
 * Issues and discussions without a metadata block are not cases.
 */
export async function listAllCases(github: GitHub, repository: RepositoryInfo, config: Pick<CallInConfig, "caseFormat" | "discussionCategory">): Promise<ListedCase[]> {
  const repo = { owner: repository.owner, repo: repository.name };
  if (config.caseFormat === "issue") {
    const issues = await listAllIssues(github, repo);
    return issues.flatMap((i) => {
      const meta = parseMeta(i.body);
      return meta ? [{ format: "issue" as const, number: i.number, nodeId: i.nodeId, url: i.url, title: i.title, body: i.body, meta, closed: i.state === "closed" }] : [];
    });
  }
  const wanted = config.discussionCategory.toLowerCase();
  const category = (await getDiscussionCategories(github, repo)).find((c) => c.name.toLowerCase() === wanted || c.slug.toLowerCase() === wanted);
  if (!category) return [];
  const discussions = await listDiscussions(github, repo, category.id, "all");
  return discussions.flatMap((d) => {
    const meta = parseMeta(d.body);
    return meta ? [{ format: "discussion" as const, number: d.number, nodeId: d.id, url: d.url, title: d.title, body: d.body, meta, closed: d.closed }] : [];
  });
}
