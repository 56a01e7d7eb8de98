/**
 * Delivers a webhook to an app as GitHub does: a JSON body signed with the
 * app's webhook secret (`X-Hub-Signature-256`, HMAC-SHA256), an event name
 * and a delivery id. The app verifies the signature itself (Probot's
 * middleware), so the demo goes through the same door as GitHub.
 */
import { createHmac, randomUUID } from "node:crypto";
import type { WebhookEvent } from "./github-stand-in.js";

/** `sha256=<hex>`: GitHub's signature of a delivery's exact bytes. */
export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

export interface Delivery {
  id: string;
  /** The app's answer: 200 when every handler finished, 202 when Probot stopped waiting (9 s). */
  status: number;
}

/** Posts `event` to the app's webhook URL and waits for its answer (Probot answers once its handlers finished). */
export async function deliverWebhook(url: string, secret: string, event: WebhookEvent): Promise<Delivery> {
  const body = JSON.stringify(event.payload);
  const id = randomUUID();
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/call-in-sandbox",
      "x-github-event": event.name,
      "x-github-delivery": id,
      "x-github-hook-installation-target-type": "integration",
      "x-hub-signature-256": webhookSignature(secret, body),
    },
    body,
  });
  await response.arrayBuffer();
  return { id, status: response.status };
}
