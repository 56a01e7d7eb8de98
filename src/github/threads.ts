import { NOT_FOUND, orNullWhenMissing, type GitHub, type RepoRef } from "./client.js";
import type { ThreadLike } from "../cases/snapshot.js";

/** An issue or pull request as a snapshot needs it; `GET /repos/{o}/{r}/issues/{n}` serves both. */
export async function getIssueOrPull(github: GitHub, ref: RepoRef, number: number): Promise<(ThreadLike & { isPullRequest: boolean; state: string }) | null> {
  const found = await orNullWhenMissing(NOT_FOUND, () => github.rest.issues.get({ owner: ref.owner, repo: ref.repo, issue_number: number }));
  if (!found) return null;
  const { data } = found;
  return {
    number: data.number,
    title: data.title,
    body: data.body ?? "",
    html_url: data.html_url,
    node_id: data.node_id,
    user: data.user ? { login: data.user.login, id: data.user.id, type: data.user.type } : null,
    created_at: data.created_at,
    updated_at: data.updated_at,
    isPullRequest: Boolean(data.pull_request),
    state: data.state,
  };
}
