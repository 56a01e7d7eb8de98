import type { GitHub, RepoRef } from "./client.js";

export interface PullRequestInfo {
  number: number;
  url: string;
}

/** The open pull request from `branch` of the same repository, or null (`GET /repos/{owner}/{repo}/pulls?head=owner:branch`). */
export async function findOpenPullRequest(github: GitHub, ref: RepoRef, branch: string): Promise<PullRequestInfo | null> {
  const { data } = await github.rest.pulls.list({ owner: ref.owner, repo: ref.repo, head: `${ref.owner}:${branch}`, state: "open", per_page: 1 });
  const pull = data[0];
  return pull ? { number: pull.number, url: pull.html_url } : null;
}

/** `POST /repos/{owner}/{repo}/pulls` (pull_requests: write). */
export async function openPullRequest(
  github: GitHub,
  ref: RepoRef,
  input: { head: string; base: string; title: string; body: string },
): Promise<PullRequestInfo> {
  const { data } = await github.rest.pulls.create({ owner: ref.owner, repo: ref.repo, ...input });
  return { number: data.number, url: data.html_url };
}
