import type { Author } from "./app-identity.js";
import { NOT_FOUND, orNullWhenMissing, orWhenMissing, type GitHub, type RepoRef } from "./client.js";

export interface IssueRecord {
  number: number;
  nodeId: string;
  url: string;
  title: string;
  body: string;
  state: string;
  /** Who opened it: case metadata is trusted only in issues the app's bot opened. */
  author: Author | null;
}

function toRecord(data: {
  number: number;
  node_id: string;
  html_url: string;
  title: string;
  body?: string | null;
  state: string;
  user?: { login: string; type: string } | null;
}): IssueRecord {
  const author = data.user ? { login: data.user.login, type: data.user.type } : null;
  return { number: data.number, nodeId: data.node_id, url: data.html_url, title: data.title, body: data.body ?? "", state: data.state, author };
}

export async function createIssue(github: GitHub, ref: RepoRef, input: { title: string; body: string; labels?: string[] }): Promise<IssueRecord> {
  const { data } = await github.rest.issues.create({
    owner: ref.owner,
    repo: ref.repo,
    title: input.title,
    body: input.body,
    ...(input.labels ? { labels: input.labels } : {}),
  });
  return toRecord(data);
}

export async function getIssue(github: GitHub, ref: RepoRef, number: number): Promise<IssueRecord | null> {
  const found = await orNullWhenMissing(NOT_FOUND, () => github.rest.issues.get({ owner: ref.owner, repo: ref.repo, issue_number: number }));
  return found && toRecord(found.data);
}

/** Every open issue (not pull request) of a repository, newest first. */
export async function listOpenIssues(github: GitHub, ref: RepoRef): Promise<IssueRecord[]> {
  const items = await github.paginate(github.rest.issues.listForRepo, { owner: ref.owner, repo: ref.repo, state: "open", per_page: 100 });
  return items.filter((item) => !item.pull_request).map(toRecord);
}

/** Issues of one listing, and when GitHub served its first page. */
export interface IssueListing {
  /** Issues only (pull requests left out), in the order GitHub listed them. */
  issues: IssueRecord[];
  /**
   * The `Date` header of the first page, as an ISO time: GitHub's clock, not
   * ours. Null when GitHub sent none (or an unreadable one).
   */
  servedAt: string | null;
  pages: number;
}

type ListForRepoParameters = NonNullable<Parameters<GitHub["rest"]["issues"]["listForRepo"]>[0]>;

async function listIssuePages(github: GitHub, parameters: ListForRepoParameters): Promise<IssueListing> {
  let servedAt: string | null = null;
  let pages = 0;
  const items = await github.paginate(github.rest.issues.listForRepo, parameters, (response) => {
    if (pages++ === 0) servedAt = isoOfHttpDate(response.headers.date);
    return response.data;
  });
  return { issues: items.filter((item) => !item.pull_request).map(toRecord), servedAt, pages };
}

function isoOfHttpDate(header: string | undefined): string | null {
  const ms = header ? Date.parse(header) : NaN;
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** Every open issue of a repository, newest first, and when GitHub served the listing. */
export function listOpenIssuesServed(github: GitHub, ref: RepoRef): Promise<IssueListing> {
  return listIssuePages(github, { owner: ref.owner, repo: ref.repo, state: "open", per_page: 100 });
}

/**
 * Issues (open and closed) last updated at or after `since` (GitHub's `since`
 * filter; closing, editing and commenting move `updated_at`), most recently
 * updated first: a change during the paging moves an issue to the front, so
 * the pages can repeat an issue but not skip one that did not change.
 */
export function listIssuesChangedSince(github: GitHub, ref: RepoRef, since: string): Promise<IssueListing> {
  return listIssuePages(github, { owner: ref.owner, repo: ref.repo, state: "all", since, sort: "updated", direction: "desc", per_page: 100 });
}

export async function updateIssueBody(github: GitHub, ref: RepoRef, number: number, body: string): Promise<void> {
  await github.rest.issues.update({ owner: ref.owner, repo: ref.repo, issue_number: number, body });
}

export async function addIssueComment(github: GitHub, ref: RepoRef, number: number, body: string): Promise<{ id: number; url: string }> {
  const { data } = await github.rest.issues.createComment({ owner: ref.owner, repo: ref.repo, issue_number: number, body });
  return { id: data.id, url: data.html_url };
}

/** Removes a label from an issue or pull request; a label that is already gone is fine. */
export async function removeLabel(github: GitHub, ref: RepoRef, number: number, name: string): Promise<void> {
  await orWhenMissing(NOT_FOUND, undefined, () => github.rest.issues.removeLabel({ owner: ref.owner, repo: ref.repo, issue_number: number, name }));
}

/** Closes (with a reason) or reopens an issue; used for the case issue itself. */
export async function setIssueState(
  github: GitHub,
  ref: RepoRef,
  number: number,
  state: "open" | "closed",
  reason?: "completed" | "not_planned",
): Promise<void> {
  await github.rest.issues.update({ owner: ref.owner, repo: ref.repo, issue_number: number, state, ...(reason ? { state_reason: reason } : {}) });
}

/** Replaces the title and body of an issue, clears its assignees and sets its state, in one request (escalation pointer). */
export async function replaceIssue(
  github: GitHub,
  ref: RepoRef,
  number: number,
  input: { title: string; body: string; state: "open" | "closed" },
): Promise<void> {
  await github.rest.issues.update({
    owner: ref.owner,
    repo: ref.repo,
    issue_number: number,
    title: input.title,
    body: input.body,
    state: input.state,
    assignees: [],
  });
}

export async function addAssignees(github: GitHub, ref: RepoRef, number: number, logins: string[]): Promise<void> {
  await github.rest.issues.addAssignees({ owner: ref.owner, repo: ref.repo, issue_number: number, assignees: logins });
}

export async function removeAssignees(github: GitHub, ref: RepoRef, number: number, logins: string[]): Promise<void> {
  await github.rest.issues.removeAssignees({ owner: ref.owner, repo: ref.repo, issue_number: number, assignees: logins });
}

export interface IssueCommentRecord {
  id: number;
  author: string | null;
  authorType: string | null;
  createdAt: string;
  body: string;
}

/** Every comment of an issue, oldest first. */
export async function listIssueComments(github: GitHub, ref: RepoRef, number: number): Promise<IssueCommentRecord[]> {
  const items = await github.paginate(github.rest.issues.listComments, { owner: ref.owner, repo: ref.repo, issue_number: number, per_page: 100 });
  return items.map((c) => ({ id: c.id, author: c.user?.login ?? null, authorType: c.user?.type ?? null, createdAt: c.created_at, body: c.body ?? "" }));
}

/** Every issue (open and closed, not pull requests) of a repository, recently updated first. */
export async function listAllIssues(github: GitHub, ref: RepoRef): Promise<IssueRecord[]> {
  const items = await github.paginate(github.rest.issues.listForRepo, { owner: ref.owner, repo: ref.repo, state: "all", sort: "updated", per_page: 100 });
  return items.filter((item) => !item.pull_request).map(toRecord);
}
