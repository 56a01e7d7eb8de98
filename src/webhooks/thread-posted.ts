import type { Context } from "probot";
import { threadEventOf } from "../events/thread-event.js";
import { postOfThread } from "../watch/post.js";
import { watchPost, type WatchDeps } from "../watch/triage.js";
import { isPrivateWorkspace } from "../cases/workspaces.js";
import { configFor, type ConfigDeps } from "./config.js";

export const THREAD_POSTED_EVENTS = ["issues.opened", "issues.edited", "discussion.created"] as const;

/** A new (or edited) issue or discussion: its opening post is watched for public reports. */
export function onThreadPosted(deps: ConfigDeps & WatchDeps) {
  return async (context: Context<(typeof THREAD_POSTED_EVENTS)[number]>): Promise<void> => {
    if (context.isBot) return;
    const post = postOfThread(threadEventOf(context.payload));
    const config = await configFor(deps, context);
    if (!config) return;
    if (isPrivateWorkspace(config, post.source.repo)) return;
    await watchPost(deps, { github: context.octokit, config, log: context.log, deliveryId: context.id, post });
  };
}
