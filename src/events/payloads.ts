import type { Context } from "probot";

/** The typed payload Probot hands a handler of `E`, e.g. `PayloadOf<"issues.labeled">`. */
export type PayloadOf<E extends Context["name"]> = Context<E>["payload"];

/** The repository a payload is about, as the app names it. */
export function repositoryOf(payload: { repository: { owner: { login: string }; name: string; id: number } }): { owner: string; repo: string; repoId: number } {
  return { owner: payload.repository.owner.login, repo: payload.repository.name, repoId: payload.repository.id };
}

/** Who caused the delivery. */
export interface Sender {
  login: string;
  id: number;
  type: string;
}

export function senderOf(payload: { sender?: { login: string; id: number; type?: string } | null }): Sender {
  return { login: payload.sender?.login ?? "", id: payload.sender?.id ?? 0, type: payload.sender?.type ?? "User" };
}

/** What a post said before this edit; null for new posts, deletions, or when the payload does not say. */
export type EditedFrom = { title: string | null; body: string } | null;

/** The `changes` of an `.edited` payload (only `body` and `title` matter here). */
export interface EditChanges {
  body?: { from?: string | null };
  title?: { from?: string | null };
}

/**
 * `changes.body.from` / `changes.title.from` of an `.edited` payload over the
 * post's current `title` and `body`: callers pass `changes` only for `.edited`
 * deliveries (`action === "edited"`), undefined otherwise.
 */
export function editedFromOf(changes: EditChanges | undefined, title: string | null, body: string): EditedFrom {
  if (!changes) return null;
  return { title: changes.title ? (changes.title.from ?? null) : title, body: changes.body ? (changes.body.from ?? "") : body };
}
