import { NOT_FOUND, orNullWhenMissing, orWhenMissing, type GitHub, type RepoRef } from "./client.js";

/** Names of the files directly in a folder; empty when the folder (or repository) does not exist. */
export async function listFolder(github: GitHub, ref: RepoRef, path: string): Promise<Array<{ name: string; path: string; sha: string }>> {
  const found = await orNullWhenMissing(NOT_FOUND, () => github.rest.repos.getContent({ owner: ref.owner, repo: ref.repo, path }));
  if (!found || !Array.isArray(found.data)) return [];
  return found.data.filter((entry) => entry.type === "file").map((entry) => ({ name: entry.name, path: entry.path, sha: entry.sha }));
}

/** A text file and its blob sha; null when it does not exist. `branch`: read there instead of the default branch. */
export async function readTextFile(github: GitHub, ref: RepoRef, path: string, branch?: string): Promise<{ text: string; sha: string } | null> {
  const found = await orNullWhenMissing(NOT_FOUND, () =>
    github.rest.repos.getContent({ owner: ref.owner, repo: ref.repo, path, ...(branch ? { ref: branch } : {}) }),
  );
  if (!found) return null;
  const { data } = found;
  if (Array.isArray(data) || data.type !== "file") return null;
  const text = Buffer.from(data.content ?? "", (data.encoding as BufferEncoding) || "base64").toString("utf8");
  return { text, sha: data.sha };
}

/** Every entry (files and folders) directly in a folder; empty when it does not exist. */
export async function listFolderEntries(github: GitHub, ref: RepoRef, path: string): Promise<Array<{ name: string; path: string; type: string }>> {
  const found = await orNullWhenMissing(NOT_FOUND, () => github.rest.repos.getContent({ owner: ref.owner, repo: ref.repo, path }));
  if (!found || !Array.isArray(found.data)) return [];
  return found.data.map((entry) => ({ name: entry.name, path: entry.path, type: entry.type }));
}

/**
 * A text file of any size the contents API serves (up to 100 MB) and its blob sha;
 * null when it does not exist. The JSON answer carries the content only up to 1 MB
 * (above that `encoding` is "none"); then the text comes from the raw media type.
 */
export async function readLargeTextFile(github: GitHub, ref: RepoRef, path: string): Promise<{ text: string; sha: string } | null> {
  // The raw read is inside too: a file deleted between the two requests is missing as well.
  return orWhenMissing(NOT_FOUND, null, async () => {
    const { data } = await github.rest.repos.getContent({ owner: ref.owner, repo: ref.repo, path });
    if (Array.isArray(data) || data.type !== "file") return null;
    if (data.encoding === "none" || (data.size > 0 && !data.content)) {
      const raw = await github.rest.repos.getContent({ owner: ref.owner, repo: ref.repo, path, mediaType: { format: "raw" } });
      return { text: String(raw.data as unknown), sha: data.sha };
    }
    return { text: Buffer.from(data.content ?? "", (data.encoding as BufferEncoding) || "base64").toString("utf8"), sha: data.sha };
  });
}

/**
 * Creates (sha null) or replaces (sha of the blob read) a file. The sha is GitHub's
 * compare-and-swap: a stale one answers 409, a missing one on an existing file 422.
 * `branch`: commit there instead of the default branch.
 */
export async function writeTextFile(
  github: GitHub,
  ref: RepoRef,
  path: string,
  input: { text: string; sha: string | null; message: string; branch?: string },
): Promise<{ sha: string; url: string | null }> {
  const { data } = await github.rest.repos.createOrUpdateFileContents({
    owner: ref.owner,
    repo: ref.repo,
    path,
    message: input.message,
    content: Buffer.from(input.text, "utf8").toString("base64"),
    ...(input.sha ? { sha: input.sha } : {}),
    ...(input.branch ? { branch: input.branch } : {}),
  });
  return { sha: data.content?.sha ?? "", url: data.content?.html_url ?? null };
}
