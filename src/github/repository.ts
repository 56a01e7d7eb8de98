import { isNotFound, type GitHub, type RepoRef } from "./client.js";

export interface RepositoryInfo {
  owner: string;
  name: string;
  id: number;
  nodeId: string;
  private: boolean;
  htmlUrl: string;
  /** `Organization` or `User`: apps can create repositories (rooms) and blocks only for organisations. */
  ownerType: string;
}

/** `GET /repos/{owner}/{repo}`; null when it does not exist or the app is not installed on it. */
export async function getRepository(github: GitHub, ref: RepoRef): Promise<RepositoryInfo | null> {
  try {
    const { data } = await github.rest.repos.get({ owner: ref.owner, repo: ref.repo });
    return { owner: data.owner.login, name: data.name, id: data.id, nodeId: data.node_id, private: data.private, htmlUrl: data.html_url, ownerType: data.owner.type };
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}
