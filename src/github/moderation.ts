import type { GitHub, RepoRef } from "./client.js";
import { DISCUSSION_NODE_ID, LOCK_LOCKABLE, UNLOCK_LOCKABLE, UNMINIMIZE_COMMENT, type DiscussionNodeIdResult } from "./graphql-documents.js";

/** `/hide` reasons as GitHub's minimize classifiers (the classifier is shown publicly). */
export type MinimizeClassifier = "ABUSE" | "DUPLICATE" | "OFF_TOPIC" | "OUTDATED" | "RESOLVED" | "SPAM";

/** Shows a minimized comment again. */
export async function unminimizeComment(github: GitHub, subjectId: string): Promise<void> {
  await github.graphql(UNMINIMIZE_COMMENT, { subjectId });
}

/** REST lock reasons: "too heated" has a space, not an underscore. */
export type IssueLockReason = "off-topic" | "too heated" | "resolved" | "spam";

/** Locks the conversation of an issue or pull request. */
export async function lockIssue(github: GitHub, ref: RepoRef, number: number, reason: IssueLockReason | null): Promise<void> {
  await github.rest.issues.lock({ owner: ref.owner, repo: ref.repo, issue_number: number, ...(reason ? { lock_reason: reason } : {}) });
}

export async function unlockIssue(github: GitHub, ref: RepoRef, number: number): Promise<void> {
  await github.rest.issues.unlock({ owner: ref.owner, repo: ref.repo, issue_number: number });
}

export type GraphQLLockReason = "OFF_TOPIC" | "TOO_HEATED" | "RESOLVED" | "SPAM";

/** The node id of a discussion, which `lockLockable` needs. */
export async function getDiscussionNodeId(github: GitHub, ref: RepoRef, number: number): Promise<string | null> {
  const result = await github.graphql<DiscussionNodeIdResult>(DISCUSSION_NODE_ID, { owner: ref.owner, repo: ref.repo, number });
  return result.repository?.discussion?.id ?? null;
}

/** Locks a discussion (or any lockable) by node id. */
export async function lockLockable(github: GitHub, lockableId: string, reason: GraphQLLockReason | null): Promise<void> {
  await github.graphql(LOCK_LOCKABLE, { lockableId, lockReason: reason });
}

export async function unlockLockable(github: GitHub, lockableId: string): Promise<void> {
  await github.graphql(UNLOCK_LOCKABLE, { lockableId });
}

export type InteractionLimit = "existing_users" | "contributors_only" | "collaborators_only";
export type InteractionExpiry = "one_day" | "three_days" | "one_week" | "one_month" | "six_months";

/** Repository interaction limits (administration: write); 409 when an organisation-wide limit exists. */
export async function setInteractionLimit(
  github: GitHub,
  ref: RepoRef,
  limit: InteractionLimit,
  expiry: InteractionExpiry,
): Promise<{ expiresAt: string | null }> {
  const { data } = await github.rest.interactions.setRestrictionsForRepo({ owner: ref.owner, repo: ref.repo, limit, expiry });
  return { expiresAt: (data as { expires_at?: string } | undefined)?.expires_at ?? null };
}

/** Blocks a user from the organisation (organization_user_blocking: write). GitHub blocks have no end date. */
export async function blockUser(github: GitHub, org: string, username: string): Promise<void> {
  await github.rest.orgs.blockUser({ org, username });
}

export async function unblockUser(github: GitHub, org: string, username: string): Promise<void> {
  await github.rest.orgs.unblockUser({ org, username });
}
