import type { CaseMeta } from "../../cases/metadata.js";
import type { RepoRef } from "../../github/client.js";
import type { CommandResult } from "./types.js";

/** Commands that act on the public thread (or its organisation) the case is about. */
const ON_THE_SOURCE = new Set(["hide", "unhide", "lock", "unlock", "limit", "block"]);

/**
 * A case in another account's repository (keyHolderReports) runs with that
 * installation, which cannot act in the source owner's repositories: the
 * commands that would are refused with a reason instead of failing half-way.
 * Case work (`/ack`, `/assign`, `/resolve`, `/reply-reporter`...) runs there.
 */
export function keyHolderRefusal(meta: CaseMeta, caseRepo: RepoRef, command: string): CommandResult | null {
  if (meta.keyHolder?.route !== "outside" || !ON_THE_SOURCE.has(command)) return null;
  if (meta.source.owner.toLowerCase() === caseRepo.owner.toLowerCase()) return null;
  return { outcome: "refused", key: "key-holder.source-owner", data: { sourceOwner: meta.source.owner } };
}
