import type { GitHub, RepoRef } from "./client.js";

/** At most this many pages of 100 files are read: enough for any pull request a person reviews, bounded for the rest. */
const MAX_FILE_PAGES = 3;

/**
 * `GET /repos/{owner}/{repo}/pulls/{pull_number}/files`: the paths a pull
 * request changes (a renamed file's old path too), first 300 files.
 * Needs `pull_requests: read` (app.yml grants write).
 */
export async function pullRequestFilePaths(github: GitHub, ref: RepoRef, pullNumber: number): Promise<string[]> {
  let pages = 0;
  return github.paginate(github.rest.pulls.listFiles, { owner: ref.owner, repo: ref.repo, pull_number: pullNumber, per_page: 100 }, (response, done) => {
    if (++pages >= MAX_FILE_PAGES) done();
    return response.data.flatMap((file) => (file.previous_filename ? [file.filename, file.previous_filename] : [file.filename]));
  });
}
