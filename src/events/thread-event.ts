import { snapshotOfThread, sourceOf, type Snapshot } from "../cases/snapshot.js";
import type { SourceRef } from "../cases/metadata.js";
import { editedFromOf, repositoryOf, senderOf, type EditedFrom, type PayloadOf, type Sender } from "./payloads.js";

/** An issue, pull request or discussion of an `issues`, `pull_request` or `discussion` delivery, in one shape. */
export interface ThreadEvent {
  source: SourceRef;
  /** The thread as evidence: its opening post. */
  snapshot: Snapshot;
  title: string;
  body: string;
  /** What the opening post said before this edit (`.edited` deliveries), else null. */
  previous: EditedFrom;
  /** Host of the web UI (github.com or a GHES host), taken from the payload. */
  webHost: string;
  author: { login: string; type: string } | null;
  sender: Sender;
}

/** The payloads of the thread events the app handles. */
export type ThreadPayload = PayloadOf<
  "issues.labeled" | "issues.opened" | "issues.edited" | "pull_request.labeled" | "discussion.created" | "discussion.edited"
>;

/** The payload's thread in the app's records; the event is told apart by what the payload holds. */
export function threadEventOf(payload: ThreadPayload): ThreadEvent {
  const [threadKind, thread] =
    "pull_request" in payload
      ? (["pull_request", payload.pull_request] as const)
      : "discussion" in payload
        ? (["discussion", payload.discussion] as const)
        : (["issue", payload.issue] as const);
  const body = thread.body ?? "";
  return {
    source: sourceOf({ ...repositoryOf(payload), number: thread.number, threadKind, url: thread.html_url }),
    snapshot: snapshotOfThread(threadKind, thread),
    title: thread.title,
    body,
    previous: editedFromOf(payload.action === "edited" ? payload.changes : undefined, thread.title, body),
    webHost: new URL(thread.html_url).host,
    author: thread.user ? { login: thread.user.login, type: thread.user.type ?? "User" } : null,
    sender: senderOf(payload),
  };
}
