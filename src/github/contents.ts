import { isNotFound, type GitHub, type RepoRef } from "./client.js";

/** Names of the files directly in a folder; empty when the folder (or repository) does not exist. */
export async function listFolder(github: GitHub, ref: RepoRef, path: string): Promise<Array<{ name: string; path: string; sha: string }>> {
  try {
    const { data } = await github.rest.repos.getContent({ owner: ref.owner, repo: ref.repo, path });
    if (!Array.isArray(data)) return [];
    return data.filter((entry) => entry.type === "file").map((entry) => ({ name: entry.name, path: entry.path, sha: entry.sha }));
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
}

/** A text file and its blob sha; null when it does not exist. */
export async function readTextFile(github: GitHub, ref: RepoRef, path: string): Promise<{ text: string; sha: string } | null> {
  try {
    const { data } = await github.rest.repos.getContent({ owner: ref.owner, repo: ref.repo, path });
    if (Array.isArray(data) || data.type !== "file") return null;
    const text = Buffer.from(data.content ?? "", (data.encoding as BufferEncoding) || "base64").toString("utf8");
    return { text, sha: data.sha };
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}
