import { SmeeClient } from "smee-client";
import type { Settings } from "../settings.js";

/**
 * Where GitHub sends the webhooks of an app registered on the set-up page. A
 * bare `http://localhost:3000/` (Probot's fallback) never receives anything, so
 * it is never offered: PUBLIC_URL when set (the app's own address), else a
 * webhook proxy channel that forwards deliveries to this process (Probot's
 * convention: WEBHOOK_PROXY_URL, created with smee-client when absent), else
 * nothing, with what to do about it.
 */
export type WebhookTarget = { kind: "public-url"; url: string } | { kind: "proxy"; url: string; created: boolean } | { kind: "none"; problem: string };

/** Creates a proxy channel and returns its address (smee-client's `createChannel`, unless a test gives another). */
export type CreateChannel = () => Promise<string>;

/** smee-client: `HEAD https://smee.io/new` answers with the new channel's address. `fetch` lets tests route it through nock. */
export function smeeChannelCreator(options: { fetch?: typeof fetch } = {}): CreateChannel {
  return () => SmeeClient.createChannel(options.fetch ? { fetch: options.fetch as never } : {});
}

export const NO_WEBHOOK_TARGET =
  "No webhook proxy channel could be created (smee.io did not answer). An app registered now would never receive an event. " +
  "Set PUBLIC_URL to the address where GitHub can reach this server (e.g. https://call-in.example.org), " +
  "or WEBHOOK_PROXY_URL to a channel you created at https://smee.io/new, then start again.";

export async function webhookTarget(
  settings: Pick<Settings, "publicUrl" | "webhookPath" | "webhookProxyUrl">,
  createChannel: CreateChannel,
): Promise<WebhookTarget> {
  if (settings.publicUrl.problem) return { kind: "none", problem: settings.publicUrl.problem };
  if (settings.publicUrl.value) return { kind: "public-url", url: `${settings.publicUrl.value}${settings.webhookPath}` };
  if (settings.webhookProxyUrl) {
    if (!isHttpUrl(settings.webhookProxyUrl)) return { kind: "none", problem: "WEBHOOK_PROXY_URL must be an http(s) URL such as https://smee.io/AbCdEf123" };
    return { kind: "proxy", url: settings.webhookProxyUrl, created: false };
  }
  try {
    const url = await createChannel();
    if (!isHttpUrl(url)) return { kind: "none", problem: NO_WEBHOOK_TARGET };
    return { kind: "proxy", url, created: true };
  } catch {
    return { kind: "none", problem: NO_WEBHOOK_TARGET };
  }
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === "https:" || url.protocol === "http:") && url.hostname !== "";
  } catch {
    return false;
  }
}
