import { LRUCache } from "lru-cache";
import type { Logger } from "pino";
import type { LockProvider } from "../concurrency/locks.js";
import { isAppAuthor } from "../github/app-identity.js";
import type { GitHub, RepoRef } from "../github/client.js";
import { addDiscussionComment, listDiscussionComments } from "../github/discussions.js";
import { addIssueComment, listIssueComments } from "../github/issues.js";
import type { TemplateSet } from "../templates/engine.js";
import type { CaseSeal, UnverifiedReason } from "./seal.js";

/** Ends the note, so the app finds its own note again (in its own comments only) after a restart or on another replica. */
export const UNVERIFIED_NOTE_MARKER = "<!-- call-in:unverified -->";

export interface UnverifiedTarget {
  repo: RepoRef;
  format: "issue" | "discussion";
  number: number;
  nodeId: string;
  reason: UnverifiedReason;
}

/**
 * One note per issue or discussion whose metadata failed its check, ever:
 * the note is found again among the thread's comments by the app's own bot
 * (a comment by anyone else with the marker does not count), under a lock so
 * two replicas do not both post it; each replica also remembers the threads
 * it has noted (bounded), so a sweep costs no request for them. The log line
 * carries the repository, number and reason only, never title or body.
 */
export class UnverifiedCaseNotes {
  private readonly noted = new LRUCache<string, true>({ max: 10_000 });

  async note(
    github: GitHub,
    seal: CaseSeal,
    locks: LockProvider,
    templates: TemplateSet,
    target: UnverifiedTarget,
    log: Logger,
  ): Promise<"noted" | "already-noted"> {
    if (target.reason === "no-key") return "already-noted"; // the app's own set-up, not the case: logged at start-up
    const key = `${target.repo.owner}/${target.repo.repo}#${target.number}`.toLowerCase();
    if (this.noted.has(key)) return "already-noted";
    return locks.withLock(`unverified:${key}`, async () => {
      const app = await seal.app();
      const comments =
        target.format === "issue"
          ? (await listIssueComments(github, target.repo, target.number)).map((c) => ({ author: c.author, type: c.authorType, body: c.body }))
          : (await listDiscussionComments(github, target.nodeId)).map((c) => ({ author: c.author, type: c.authorType, body: c.body }));
      const ours = comments.some((c) => c.author && c.type && isAppAuthor({ login: c.author, type: c.type }, app) && c.body.includes(UNVERIFIED_NOTE_MARKER));
      if (!ours) {
        const text = (await templates.render("case-unverified.md", { reason: target.reason, format: target.format })).text;
        const body = `${text.trimEnd()}\n\n${UNVERIFIED_NOTE_MARKER}\n`;
        if (target.format === "issue") await addIssueComment(github, target.repo, target.number, body);
        else await addDiscussionComment(github, target.nodeId, body);
        log.warn(
          { owner: target.repo.owner, repo: target.repo.repo, number: target.number, reason: target.reason },
          "case metadata failed its check; the case is not acted on",
        );
      }
      this.noted.set(key, true);
      return ours ? "already-noted" : "noted";
    });
  }
}
