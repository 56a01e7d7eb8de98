import { NOT_FOUND, orNullWhenMissing, type GitHub, type RepoRef } from "./client.js";

export interface LabelInfo {
  name: string;
  color: string;
}

/** `GET /repos/{owner}/{repo}/labels/{name}`: the label, or null when the repository has none of that name. */
export async function findLabel(github: GitHub, ref: RepoRef, name: string): Promise<LabelInfo | null> {
  const found = await orNullWhenMissing(NOT_FOUND, () => github.rest.issues.getLabel({ owner: ref.owner, repo: ref.repo, name }));
  return found ? { name: found.data.name, color: found.data.color } : null;
}

/** `POST /repos/{owner}/{repo}/labels` (issues: write). `color`: six hex digits without `#`. */
export async function createLabel(github: GitHub, ref: RepoRef, label: { name: string; color: string; description: string }): Promise<LabelInfo> {
  const { data } = await github.rest.issues.createLabel({ owner: ref.owner, repo: ref.repo, ...label });
  return { name: data.name, color: data.color };
}
