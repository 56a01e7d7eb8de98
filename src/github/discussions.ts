import type { Author } from "./app-identity.js";
import type { GitHub, RepoRef } from "./client.js";
import type { CommentRecord } from "./comments.js";
import {
  ADD_DISCUSSION_COMMENT,
  ADD_DISCUSSION_REPLY,
  CLOSE_DISCUSSION,
  CREATE_DISCUSSION,
  DELETE_DISCUSSION_COMMENT,
  DISCUSSION_CATEGORIES,
  DISCUSSION_COMMENT_LIST,
  DISCUSSION_COMMENTS,
  DISCUSSIONS,
  GET_DISCUSSION,
  REOPEN_DISCUSSION,
  REPLACE_DISCUSSION,
  UPDATE_DISCUSSION,
  type AddDiscussionCommentResult,
  type CreateDiscussionResult,
  type DiscussionCategoriesResult,
  type DiscussionCommentListResult,
  type DiscussionCommentsResult,
  type DiscussionsResult,
  type GetDiscussionResult,
} from "./graphql-documents.js";

export interface DiscussionRecord {
  id: string;
  number: number;
  url: string;
  title: string;
  body: string;
}

/** The discussion categories of a repository (id and name). */
export async function getDiscussionCategories(github: GitHub, ref: RepoRef): Promise<Array<{ id: string; name: string; slug: string }>> {
  const result = await github.graphql<DiscussionCategoriesResult>(DISCUSSION_CATEGORIES, { owner: ref.owner, repo: ref.repo });
  return result.repository?.discussionCategories.nodes ?? [];
}

export async function createDiscussion(
  github: GitHub,
  input: { repositoryId: string; categoryId: string; title: string; body: string },
): Promise<DiscussionRecord> {
  const result = await github.graphql<CreateDiscussionResult>(CREATE_DISCUSSION, input);
  return result.createDiscussion.discussion;
}

/**
 * The discussions of one category (all pages): only open ones, or all of them.
 * Cases are found among the open ones; the sweep and reports look at all.
 */
export async function listDiscussions(
  github: GitHub,
  ref: RepoRef,
  categoryId: string,
  which: "open" | "all",
): Promise<Array<DiscussionRecord & { closed: boolean; author: Author | null }>> {
  const found: Array<DiscussionRecord & { closed: boolean; author: Author | null }> = [];
  const states = which === "open" ? ["OPEN"] : [];
  let after: string | null = null;
  for (;;) {
    const page: DiscussionsResult = await github.graphql(DISCUSSIONS, { owner: ref.owner, repo: ref.repo, categoryId, states, after });
    const discussions = page.repository?.discussions;
    if (!discussions) return found;
    found.push(...discussions.nodes.map(({ author, ...d }) => ({ ...d, author: author ? { login: author.login, type: author.__typename } : null })));
    if (!discussions.pageInfo.hasNextPage) return found;
    after = discussions.pageInfo.endCursor;
  }
}

export async function addDiscussionComment(github: GitHub, discussionId: string, body: string): Promise<{ id: string; url: string }> {
  const result = await github.graphql<AddDiscussionCommentResult>(ADD_DISCUSSION_COMMENT, { discussionId, body });
  return result.addDiscussionComment.comment;
}

export async function updateDiscussionBody(github: GitHub, discussionId: string, body: string): Promise<void> {
  await github.graphql(UPDATE_DISCUSSION, { discussionId, body });
}

export async function deleteDiscussionComment(github: GitHub, commentNodeId: string): Promise<void> {
  await github.graphql(DELETE_DISCUSSION_COMMENT, { id: commentNodeId });
}

/**
 * Finds a discussion comment or reply by its REST/database id (what payloads and
 * `#discussioncomment-N` links carry): GitHub has no REST endpoint for it.
 * Looks at the first 100 comments and 100 replies of each.
 */
export async function findDiscussionComment(github: GitHub, ref: RepoRef, discussionNumber: number, databaseId: number): Promise<CommentRecord | null> {
  const result = await github.graphql<DiscussionCommentsResult>(DISCUSSION_COMMENTS, { owner: ref.owner, repo: ref.repo, number: discussionNumber });
  const comments = result.repository?.discussion?.comments.nodes ?? [];
  const all = comments.flatMap((c) => [c, ...c.replies.nodes]);
  const hit = all.find((c) => c.databaseId === databaseId);
  if (!hit) return null;
  return {
    id: databaseId,
    nodeId: hit.id,
    url: hit.url,
    body: hit.body,
    author: hit.author ? { login: hit.author.login, id: hit.author.databaseId ?? 0, type: hit.author.__typename === "Bot" ? "Bot" : "User" } : null,
    createdAt: hit.createdAt,
    updatedAt: hit.updatedAt,
  };
}

/** A comment in a discussion, as a reply to a top-level comment when `replyToId` (its node id) is given. */
export async function addDiscussionReply(github: GitHub, discussionId: string, body: string, replyToId: string | null): Promise<{ id: string; url: string }> {
  const result = await github.graphql<AddDiscussionCommentResult>(ADD_DISCUSSION_REPLY, { discussionId, body, replyToId });
  return result.addDiscussionComment.comment;
}

/** One discussion as a snapshot or the reporter's status page needs it; null when it does not exist. */
export async function getDiscussion(
  github: GitHub,
  ref: RepoRef,
  number: number,
): Promise<{
  id: string;
  number: number;
  url: string;
  title: string;
  body: string;
  closed: boolean;
  createdAt: string;
  updatedAt: string;
  author: { login: string; id: number; type: string } | null;
} | null> {
  const result = await github.graphql<GetDiscussionResult>(GET_DISCUSSION, { owner: ref.owner, repo: ref.repo, number });
  const d = result.repository?.discussion;
  if (!d) return null;
  const author = d.author ? { login: d.author.login, id: d.author.databaseId ?? 0, type: d.author.__typename === "Bot" ? "Bot" : "User" } : null;
  return { id: d.id, number: d.number, url: d.url, title: d.title, body: d.body, closed: d.closed, createdAt: d.createdAt, updatedAt: d.updatedAt, author };
}

export async function closeDiscussion(github: GitHub, discussionId: string): Promise<void> {
  await github.graphql(CLOSE_DISCUSSION, { discussionId });
}

export async function reopenDiscussion(github: GitHub, discussionId: string): Promise<void> {
  await github.graphql(REOPEN_DISCUSSION, { discussionId });
}

/** Replaces a discussion's title and body (escalation pointer). */
export async function replaceDiscussion(github: GitHub, discussionId: string, title: string, body: string): Promise<void> {
  await github.graphql(REPLACE_DISCUSSION, { discussionId, title, body });
}

/** Top-level comments and their replies of a discussion (first 100 of each), oldest first. */
export async function listDiscussionComments(
  github: GitHub,
  discussionId: string,
): Promise<Array<{ id: string; author: string | null; authorType: string | null; createdAt: string; body: string }>> {
  const result = await github.graphql<DiscussionCommentListResult>(DISCUSSION_COMMENT_LIST, { id: discussionId });
  const nodes = result.node?.comments.nodes ?? [];
  return nodes
    .flatMap((c) => [c, ...c.replies.nodes])
    .map((c) => ({ id: c.id, author: c.author?.login ?? null, authorType: c.author?.__typename ?? null, createdAt: c.createdAt, body: c.body }));
}
