import type { Context } from "probot";
import { threadEventOf } from "../events/thread-event.js";
import { callInFromLabel } from "../case-openers/label.js";
import type { FileCaseDeps } from "../cases/file-case.js";
import { isPrivateWorkspace } from "../cases/workspaces.js";
import { configFor, type ConfigDeps } from "./config.js";

/** `issues.labeled` and `pull_request.labeled`: the trigger label opens a case. */
export function onLabeled(deps: ConfigDeps & FileCaseDeps) {
  return async (context: Context<"issues.labeled" | "pull_request.labeled">): Promise<void> => {
    if (context.isBot) return;
    const label = context.payload.label?.name;
    if (!label) return;
    const config = await configFor(deps, context);
    if (!config) return;
    const thread = threadEventOf(context.payload);
    // A label in a private workspace (an escalated case, a room) must not copy it into the usual case repository.
    if (isPrivateWorkspace(config, thread.source.repo)) return;
    await callInFromLabel(deps, {
      github: context.octokit,
      config,
      log: context.log,
      deliveryId: context.id,
      label,
      source: thread.source,
      snapshot: thread.snapshot,
      labelledBy: thread.sender.login,
    });
  };
}
