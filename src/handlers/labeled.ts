import type { Context } from "probot";
import { snapshotOfThread, sourceOf } from "../cases/snapshot.js";
import type { Services } from "../services.js";
import { callInFromLabel } from "../triggers/label.js";
import { isPrivateWorkspace } from "../cases/workspaces.js";
import { configFor } from "./config.js";

/** `issues.labeled` and `pull_request.labeled`: the trigger label opens a case. */
export function onLabeled(services: Services) {
  return async (context: Context<"issues.labeled" | "pull_request.labeled">): Promise<void> => {
    if (context.isBot) return;
    const label = context.payload.label?.name;
    if (!label) return;
    const config = await configFor(services, context as unknown as Context);
    if (!config) return;
    const { repository } = context.payload;
    // A label in a private workspace (an escalated case, a room) must not copy it into the usual case repository.
    if (isPrivateWorkspace(config, repository.name)) return;
    const threadKind = "pull_request" in context.payload ? "pull_request" : "issue";
    const thread = "pull_request" in context.payload ? context.payload.pull_request : context.payload.issue;
    await callInFromLabel(services, {
      github: context.octokit,
      config,
      log: context.log,
      deliveryId: context.id,
      label,
      source: sourceOf({ owner: repository.owner.login, repo: repository.name, repoId: repository.id, number: thread.number, threadKind, url: thread.html_url }),
      snapshot: snapshotOfThread(threadKind, thread),
      labelledBy: context.payload.sender.login,
    });
  };
}
