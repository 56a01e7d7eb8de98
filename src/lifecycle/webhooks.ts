import type { Probot } from "probot";
import type { Lifecycle } from "./shutdown.js";

/**
 * Webhook deliveries go through the lifecycle: each one is work in flight that
 * a shutdown waits for, and once the shutdown began a delivery is answered 503
 * (GitHub lists it as failed, to be redelivered) instead of being half handled.
 */
export function gateWebhooks(app: Probot, lifecycle: Lifecycle): void {
  const webhooks = app.webhooks;
  const receive = webhooks.verifyAndReceive.bind(webhooks);
  webhooks.verifyAndReceive = (event) => {
    if (!lifecycle.accepting) {
      // @octokit/webhooks' middleware answers with the status of the first of `errors`.
      const refusal = Object.assign(new Error("Call-In is restarting: redeliver this event in a minute"), { status: 503 });
      return Promise.reject(new AggregateError([refusal], refusal.message));
    }
    return lifecycle.track(receive(event));
  };
}
