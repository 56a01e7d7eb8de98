import type { Logger } from "pino";
import { snapshotOfLinkedComment, snapshotOfRepliedTo } from "../cases/fetch-snapshot.js";
import { snapshotOfComment, type Snapshot } from "../cases/snapshot.js";
import { parseCommentLink } from "../github/comment-link.js";
import type { GitHub, RepoRef } from "../github/client.js";
import { listThreadComments } from "../github/comments.js";
import type { WatchedPost } from "./post.js";
import { readableText } from "./screen.js";

/** How the report points at what it is about. */
export type PointedHow = "reply" | "link" | "quote";

export interface PointedAt {
  snapshot: Snapshot;
  how: PointedHow;
}

/** URL-looking words; one character class, so linear. */
const URL_CANDIDATE = /https?:\/\/[^\s<>()[\]"'`]+/g;
/** How many links of one post are looked at: a wall of links costs nothing. */
const MAX_LINKS = 20;
/** A quote shorter than this is too likely to match by chance. */
const MIN_QUOTE_CHARS = 12;

function squash(text: string): string {
  return text.replace(/\s+/g, " ").trim().toLowerCase();
}

/**
 * What a report is about, in order: the comment it replies to (review
 * threads, discussion replies), a link to a comment in the same thread, an
 * earlier comment of the thread that it quotes (issue and pull request
 * conversations). Null means "the thread itself".
 */
export async function pointedAtOf(github: GitHub, post: WatchedPost, log: Logger): Promise<PointedAt | null> {
  const repo: RepoRef = { owner: post.source.owner, repo: post.source.repo };
  if (post.commentKind) {
    const repliedTo = await snapshotOfRepliedTo(github, repo, post.commentKind, post.source.number, post.inReplyTo, log);
    if (repliedTo) return { snapshot: repliedTo, how: "reply" };
  }
  const linked = await linkedComment(github, repo, post);
  if (linked) return { snapshot: linked, how: "link" };
  if (post.commentKind === "issue_comment") {
    const quoted = await quotedComment(github, repo, post);
    if (quoted) return { snapshot: quoted, how: "quote" };
  }
  return null;
}

async function linkedComment(github: GitHub, repo: RepoRef, post: WatchedPost): Promise<Snapshot | null> {
  const candidates = post.body.match(URL_CANDIDATE)?.slice(0, MAX_LINKS) ?? [];
  for (const candidate of candidates) {
    const link = parseCommentLink(candidate.replace(/[.,;:!?]+$/, ""), post.webHost);
    if (!link) continue;
    const sameThread =
      link.owner.toLowerCase() === repo.owner.toLowerCase() && link.repo.toLowerCase() === repo.repo.toLowerCase() && link.number === post.source.number;
    if (!sameThread || link.id === post.snapshot.subject.id) continue;
    const snapshot = await snapshotOfLinkedComment(github, repo, link);
    if (snapshot) return snapshot;
  }
  return null;
}

/**
 * "Quote reply" on GitHub copies the other comment's Markdown under `> `.
 * The newest earlier comment whose text contains the first long-enough quote
 * is the one quoted. Costs up to three list requests, only for posts that quote.
 */
async function quotedComment(github: GitHub, repo: RepoRef, post: WatchedPost): Promise<Snapshot | null> {
  const quote = readableText(post.body)
    .quotes.map(squash)
    .find((q) => q.length >= MIN_QUOTE_CHARS);
  if (!quote) return null;
  const comments = await listThreadComments(github, repo, post.source.number);
  const quoted = comments
    .filter((c) => c.id !== post.snapshot.subject.id)
    .reverse()
    .find((c) => squash(readableText(c.body).own).includes(quote) || squash(c.body).includes(quote));
  return quoted ? snapshotOfComment("issue_comment", quoted) : null;
}
