// The demo delivers webhooks as GitHub does: signed with the app's secret (X-Hub-Signature-256),
// through Probot's own verification; a delivery signed with another secret is refused unread.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sign, verify } from "@octokit/webhooks-methods";
import { pino } from "pino";
import { createNodeMiddleware, Probot, ProbotOctokit } from "probot";
import { afterEach, describe, expect, it } from "vitest";
import { GitHubStandIn } from "../../src/sandbox/github-stand-in.js";
import { ORG, PEOPLE, PROJECT, seedSandbox } from "../../src/sandbox/seed.js";
import { deliverWebhook, webhookSignature } from "../../src/sandbox/webhooks.js";

const SECRET = "sandbox-webhook-secret";

describe("the demo's webhook deliveries", () => {
  let server: Server | undefined;

  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((done) => server?.close(done) ?? done(undefined));
  });

  it("signs a body as GitHub does: HMAC-SHA256 of the exact bytes with the app's secret", async () => {
    const body = JSON.stringify({ action: "labeled", zeta: "ünïcode", alpha: 1 });
    expect(webhookSignature(SECRET, body)).toBe(await sign(SECRET, body));
    expect(await verify(SECRET, body, webhookSignature(SECRET, body))).toBe(true);
    expect(await verify(SECRET, `${body} `, webhookSignature(SECRET, body))).toBe(false);
  });

  it("reaches a Probot app that verifies it, and is refused when signed with another secret", async () => {
    const probot = new Probot({
      githubToken: "unused",
      secret: SECRET,
      log: pino({ level: "silent" }),
      Octokit: ProbotOctokit.defaults((o: Record<string, unknown>) => ({ ...o, retry: { enabled: false }, throttle: { enabled: false } })),
    });
    const received: Array<{ name: string; action: unknown; sender: unknown; label: unknown }> = [];
    await probot.load((app) => {
      app.on("issues.labeled", async (context) => {
        received.push({ name: context.name, action: context.payload.action, sender: context.payload.sender.login, label: context.payload.label?.name });
      });
    });
    const middleware = await createNodeMiddleware(() => undefined, { probot });
    server = createServer((req, res) => void middleware(req, res));
    await new Promise<void>((done) => server!.listen(0, "127.0.0.1", done));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`;

    const github = new GitHubStandIn({ prefix: "/api/v3" });
    seedSandbox(github);
    const event = github.addLabel(ORG, PROJECT, 1, "call-in", PEOPLE.maintainer.login);

    const refused = await deliverWebhook(url, "another-secret", event);
    expect(refused.status).toBe(400);
    expect(received).toStrictEqual([]);

    const delivered = await deliverWebhook(url, SECRET, event);
    expect(delivered).toMatchObject({ status: 200, id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(received).toStrictEqual([{ name: "issues", action: "labeled", sender: PEOPLE.maintainer.login, label: "call-in" }]);
  });
});
