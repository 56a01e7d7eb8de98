import { LRUCache } from "lru-cache";
import type { Logger } from "pino";
import type { GitHub } from "../github/client.js";
import { statusOf } from "../github/client.js";
import { pullRequestFilePaths } from "../github/pulls.js";
import type { WatchedPost } from "./post.js";

/**
 * Threads about the Code of Conduct itself: a pull request that changes it, an
 * issue or discussion titled about it. There, "code of conduct" and the other
 * report phrases are the topic, not a report, so phrases alone open no triage
 * case (a mention of the moderator team still does; see triage.ts).
 */

/** A file name that is a Code of Conduct, in any folder: CODE_OF_CONDUCT.md, code-of-conduct.md, CODE_OF_CONDUCT, Code_of_Conduct.rst... */
export function isCodeOfConductPath(path: string): boolean {
  const name = path.slice(path.lastIndexOf("/") + 1);
  return /^code[-_ ]?of[-_ ]?conduct(\.[a-z0-9]+)*$/i.test(name);
}

/** "Code of Conduct", "code-of-conduct", "CODE_OF_CONDUCT" or "CoC", as words. */
const NAMES_THE_CODE = /(?<![\p{L}\p{N}])(?:code[\s_-]*of[\s_-]*conduct|coc)(?![\p{L}\p{N}])/iu;
/** A title that names a concern is a report about someone, not a thread about the document: "CoC violation in #12". */
const NAMES_A_CONCERN = /(?<![\p{L}\p{N}])(?:violat|breach|harass|abus|report|complain)/iu;

/** True when a thread's title is about the Code of Conduct itself ("Update the Code of Conduct", "Adopt a CoC"), not a report under it. */
export function titleIsAboutCodeOfConduct(title: string | null): boolean {
  return title !== null && NAMES_THE_CODE.test(title) && !NAMES_A_CONCERN.test(title);
}

/**
 * Whether a pull request changes a Code of Conduct, by thread: one files
 * request per pull request (and per ten minutes, as pushes change the files),
 * and only when a report phrase matched there. Bounded by thread count.
 */
export class CodeOfConductThreads {
  private readonly changesCode = new LRUCache<string, boolean>({ max: 5_000, ttl: 10 * 60_000 });

  /** True when the post's thread is about the Code of Conduct. A failed files request counts as "not about it": the phrase is then a report, as before. */
  async isAbout(github: GitHub, post: WatchedPost, log: Logger): Promise<boolean> {
    if (titleIsAboutCodeOfConduct(post.threadSnapshot.title)) return true;
    if (post.source.threadKind !== "pull_request") return false;
    const known = this.changesCode.get(post.source.key);
    if (known !== undefined) return known;
    try {
      const paths = await pullRequestFilePaths(github, { owner: post.source.owner, repo: post.source.repo }, post.source.number);
      const changes = paths.some(isCodeOfConductPath);
      this.changesCode.set(post.source.key, changes);
      return changes;
    } catch (error) {
      log.warn(
        { status: statusOf(error) ?? null, source: post.source.key },
        "watch: could not read the pull request's files; treating it as not about the Code of Conduct",
      );
      return false;
    }
  }
}
