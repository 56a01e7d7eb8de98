import type { Actor, Bot, Discussion, DiscussionCategory, DiscussionComment, PageInfo, User } from "@octokit/graphql-schema";

/**
 * Every GraphQL document the app sends, in one place. A unit test validates
 * each against GitHub's schema (`@octokit/graphql-schema`), so a field or
 * argument GitHub does not have fails the suite before it fails a request.
 * The answers' types are built from the schema's own types: a field named
 * below must exist there, and its type and nullability are the schema's.
 */

/**
 * The fields `K` of a GraphQL object type as an answer carries them: always
 * present (null where the schema allows null). Custom scalars (DateTime, URI)
 * are typed `any` by the schema package; on the wire they are strings.
 */
export type Selected<T, K extends keyof T> = { [P in K]-?: OnTheWire<Exclude<T[P], undefined>> };
type OnTheWire<V> = 0 extends 1 & V ? string : V;

/** `author { login __typename }`: `__typename` is `Bot` for an app's bot account. */
export type AuthorSelection = Selected<Actor, "login"> & { __typename: string };
/** `author { login __typename ... on User { databaseId } ... on Bot { databaseId } }` */
export type AuthorWithIdSelection = AuthorSelection & Partial<Selected<User | Bot, "databaseId">>;

const AUTHOR_WITH_ID = "author { login __typename ... on User { databaseId } ... on Bot { databaseId } }";

export const DISCUSSION_CATEGORIES = `query DiscussionCategories($owner: String!, $repo: String!) {
  repository(owner: $owner, name: $repo) { discussionCategories(first: 100) { nodes { id name slug } } }
}`;
export type DiscussionCategoriesResult = {
  repository: { discussionCategories: { nodes: Array<Selected<DiscussionCategory, "id" | "name" | "slug">> } } | null;
};

/** `discussion { id number url title body }` */
export type DiscussionSelection = Selected<Discussion, "id" | "number" | "url" | "title" | "body">;

export const CREATE_DISCUSSION = `mutation CreateDiscussion($repositoryId: ID!, $categoryId: ID!, $title: String!, $body: String!) {
  createDiscussion(input: { repositoryId: $repositoryId, categoryId: $categoryId, title: $title, body: $body }) {
    discussion { id number url title body }
  }
}`;
export type CreateDiscussionResult = { createDiscussion: { discussion: DiscussionSelection } };

export const DISCUSSIONS = `query Discussions($owner: String!, $repo: String!, $categoryId: ID!, $states: [DiscussionState!], $after: String) {
  repository(owner: $owner, name: $repo) {
    discussions(first: 100, after: $after, categoryId: $categoryId, states: $states, orderBy: { field: CREATED_AT, direction: DESC }) {
      nodes { id number url title body closed author { login __typename } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;
export type DiscussionsResult = {
  repository: {
    discussions: {
      nodes: Array<DiscussionSelection & Selected<Discussion, "closed"> & { author: AuthorSelection | null }>;
      pageInfo: Selected<PageInfo, "hasNextPage" | "endCursor">;
    };
  } | null;
};

export const ADD_DISCUSSION_COMMENT = `mutation AddDiscussionComment($discussionId: ID!, $body: String!) {
  addDiscussionComment(input: { discussionId: $discussionId, body: $body }) { comment { id url } }
}`;
export type AddDiscussionCommentResult = { addDiscussionComment: { comment: Selected<DiscussionComment, "id" | "url"> } };

/** A reply to a top-level comment when `$replyToId` is given; the answer is AddDiscussionCommentResult. */
export const ADD_DISCUSSION_REPLY = `mutation AddDiscussionReply($discussionId: ID!, $body: String!, $replyToId: ID) {
  addDiscussionComment(input: { discussionId: $discussionId, body: $body, replyToId: $replyToId }) { comment { id url } }
}`;

export const UPDATE_DISCUSSION = `mutation UpdateDiscussion($discussionId: ID!, $body: String!) {
  updateDiscussion(input: { discussionId: $discussionId, body: $body }) { discussion { id } }
}`;

export const REPLACE_DISCUSSION = `mutation ReplaceDiscussion($discussionId: ID!, $title: String!, $body: String!) {
  updateDiscussion(input: { discussionId: $discussionId, title: $title, body: $body }) { discussion { id } }
}`;

export const DELETE_DISCUSSION_COMMENT = `mutation DeleteDiscussionComment($id: ID!) {
  deleteDiscussionComment(input: { id: $id }) { comment { id } }
}`;

export const CLOSE_DISCUSSION = `mutation CloseDiscussion($discussionId: ID!) {
  closeDiscussion(input: { discussionId: $discussionId, reason: RESOLVED }) { discussion { id } }
}`;

export const REOPEN_DISCUSSION = `mutation ReopenDiscussion($discussionId: ID!) {
  reopenDiscussion(input: { discussionId: $discussionId }) { discussion { id } }
}`;

const COMMENT_FIELDS = `id databaseId url body createdAt updatedAt ${AUTHOR_WITH_ID}`;

export const DISCUSSION_COMMENTS = `query DiscussionComments($owner: String!, $repo: String!, $number: Int!) {
  repository(owner: $owner, name: $repo) {
    discussion(number: $number) {
      comments(first: 100) { nodes { ${COMMENT_FIELDS} replies(first: 100) { nodes { ${COMMENT_FIELDS} } } } }
    }
  }
}`;
export type DiscussionCommentSelection = Selected<DiscussionComment, "id" | "databaseId" | "url" | "body" | "createdAt" | "updatedAt"> & {
  author: AuthorWithIdSelection | null;
};
export type DiscussionCommentsResult = {
  repository: { discussion: { comments: { nodes: Array<DiscussionCommentSelection & { replies: { nodes: DiscussionCommentSelection[] } }> } } | null } | null;
};

export const GET_DISCUSSION = `query GetDiscussion($owner: String!, $repo: String!, $number: Int!) {
  repository(owner: $owner, name: $repo) {
    discussion(number: $number) {
      id number url title body closed createdAt updatedAt
      ${AUTHOR_WITH_ID}
    }
  }
}`;
export type GetDiscussionResult = {
  repository: {
    discussion: (DiscussionSelection & Selected<Discussion, "closed" | "createdAt" | "updatedAt"> & { author: AuthorWithIdSelection | null }) | null;
  } | null;
};

const LIST_COMMENT_FIELDS = "id body createdAt author { login __typename }";

export const DISCUSSION_COMMENT_LIST = `query DiscussionCommentList($id: ID!) {
  node(id: $id) { ... on Discussion { comments(first: 100) { nodes { ${LIST_COMMENT_FIELDS} replies(first: 100) { nodes { ${LIST_COMMENT_FIELDS} } } } } } }
}`;
type ListedCommentSelection = Selected<DiscussionComment, "id" | "body" | "createdAt"> & { author: AuthorSelection | null };
export type DiscussionCommentListResult = {
  node: { comments: { nodes: Array<ListedCommentSelection & { replies: { nodes: ListedCommentSelection[] } }> } } | null;
};

export const DISCUSSION_NODE_ID = `query DiscussionNodeId($owner: String!, $repo: String!, $number: Int!) {
  repository(owner: $owner, name: $repo) { discussion(number: $number) { id } }
}`;
export type DiscussionNodeIdResult = { repository: { discussion: Selected<Discussion, "id"> | null } | null };

export const MINIMIZE_COMMENT = `mutation MinimizeComment($subjectId: ID!, $classifier: ReportedContentClassifiers!) {
  minimizeComment(input: { subjectId: $subjectId, classifier: $classifier }) { minimizedComment { isMinimized } }
}`;

export const UNMINIMIZE_COMMENT = `mutation UnminimizeComment($subjectId: ID!) {
  unminimizeComment(input: { subjectId: $subjectId }) { unminimizedComment { isMinimized } }
}`;

export const LOCK_LOCKABLE = `mutation LockLockable($lockableId: ID!, $lockReason: LockReason) {
  lockLockable(input: { lockableId: $lockableId, lockReason: $lockReason }) { lockedRecord { locked } }
}`;

export const UNLOCK_LOCKABLE = `mutation UnlockLockable($lockableId: ID!) {
  unlockLockable(input: { lockableId: $lockableId }) { unlockedRecord { locked } }
}`;

/** Every document above, by its operation name (the unit test checks each name and validates each document). */
export const GRAPHQL_DOCUMENTS: Readonly<Record<string, string>> = {
  DiscussionCategories: DISCUSSION_CATEGORIES,
  CreateDiscussion: CREATE_DISCUSSION,
  Discussions: DISCUSSIONS,
  AddDiscussionComment: ADD_DISCUSSION_COMMENT,
  AddDiscussionReply: ADD_DISCUSSION_REPLY,
  UpdateDiscussion: UPDATE_DISCUSSION,
  ReplaceDiscussion: REPLACE_DISCUSSION,
  DeleteDiscussionComment: DELETE_DISCUSSION_COMMENT,
  CloseDiscussion: CLOSE_DISCUSSION,
  ReopenDiscussion: REOPEN_DISCUSSION,
  DiscussionComments: DISCUSSION_COMMENTS,
  GetDiscussion: GET_DISCUSSION,
  DiscussionCommentList: DISCUSSION_COMMENT_LIST,
  DiscussionNodeId: DISCUSSION_NODE_ID,
  MinimizeComment: MINIMIZE_COMMENT,
  UnminimizeComment: UNMINIMIZE_COMMENT,
  LockLockable: LOCK_LOCKABLE,
  UnlockLockable: UNLOCK_LOCKABLE,
};
