/**
 * `npm run demo`: Call-In for real against a local GitHub sandbox, without a
 * GitHub account or the internet.
 *
 * - The sandbox (github-stand-in.ts) plays GitHub Enterprise Server on
 *   loopback: the REST API under `/api/v3`, GraphQL at `/api/graphql`, and
 *   web pages (sandbox-pages.ts) where a visitor acts as a maintainer, a
 *   commenter or a moderator.
 * - The app is the real one: Probot's server with `createApp`, as
 *   src/main.ts runs it, pointed at the sandbox with GHE_HOST, with its own
 *   key pair (the sandbox checks the app's JWTs), DATA_DIR, report key and
 *   PUBLIC_URL.
 * - What a visitor does becomes the webhook GitHub would send, signed with
 *   the app's secret and delivered to the app's webhook URL.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pino, type Logger } from "pino";
import { Probot, ProbotOctokit, Server } from "probot";
import { createApp } from "../index.js";
import { Lifecycle } from "../lifecycle/shutdown.js";
import { createLogger } from "../logging.js";
import { GitHubStandIn, type StandInOptions, type WebhookEvent } from "./github-stand-in.js";
import { sandboxPages } from "./sandbox-pages.js";
import type { DemoAction } from "./seed.js";

export type { DemoAction };
import { CASES, LABEL, ORG, PEOPLE, PROJECT, type Role, seedSandbox } from "./seed.js";
import { deliverWebhook, type Delivery } from "./webhooks.js";

const WEBHOOK_PATH = "/api/github/webhooks";

export interface DemoOptions {
  /** The sandbox's port (GitHub's pages and API); 0 or absent: a free port. */
  sandboxPort?: number;
  /** The app's port (webhooks, report form, log view); 0 or absent: a free port. */
  appPort?: number;
  /** The app's DATA_DIR; absent: a new folder under the system's temporary folder. */
  dataDir?: string;
  /** The app's log; absent: warnings and errors on stderr. */
  log?: Logger;
  /** Checks every request the app sends to the sandbox (the tests pass GitHub's descriptions). */
  check?: StandInOptions["check"];
}

export interface Demo {
  github: GitHubStandIn;
  /** The sandbox's front page. */
  sandboxUrl: string;
  /** The app's base URL (PUBLIC_URL). */
  appUrl: string;
  reportFormUrl: string;
  /** The public thread the sandbox starts with. */
  threadUrl: string;
  /** Does what a person would do on GitHub, and delivers the webhook GitHub would send; resolves once the app answered. */
  act(as: Role, action: DemoAction): Promise<Delivery>;
  stop(): Promise<void>;
}

export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const sandboxPort = options.sandboxPort || (await freePort());
  const appPort = options.appPort || (await freePort());
  const appUrl = `http://127.0.0.1:${appPort}`;
  const dataDir = options.dataDir ? resolve(options.dataDir) : mkdtempSync(join(tmpdir(), "call-in-demo-"));
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(20).toString("hex");
  const keys = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
  });

  let demo: Demo | undefined;
  const github = new GitHubStandIn({
    prefix: "/api/v3",
    appPublicKey: keys.publicKey,
    ...(options.check ? { check: options.check } : {}),
    web: (req, res) => pages(req, res),
  });
  const pages = sandboxPages({
    github,
    appUrl,
    act: (as, action) => demo!.act(as, action),
  });
  seedSandbox(github);
  await github.start(sandboxPort);
  const sandboxUrl = github.origin;
  const ghHost = new URL(sandboxUrl).host;
  github.webHost = sandboxUrl;

  // The app's environment, as an operator of GitHub Enterprise Server would set it.
  const env: NodeJS.ProcessEnv = {
    APP_ID: "1",
    PRIVATE_KEY: keys.privateKey,
    WEBHOOK_SECRET: secret,
    GHE_HOST: ghHost,
    GHE_PROTOCOL: "http",
    PUBLIC_URL: appUrl,
    DATA_DIR: dataDir,
    REPORT_ENCRYPTION_KEY: randomBytes(32).toString("hex"),
    PSEUDONYM_KEY: randomBytes(32).toString("hex"),
    NODE_ENV: "development",
  };
  const log = options.log ?? createLogger({ level: "warn", messageKey: "msg" }, pino.destination(2));
  const lifecycle = new Lifecycle();
  const server = new Server({
    host: "127.0.0.1",
    port: appPort,
    webhookPath: WEBHOOK_PATH,
    log,
    Probot: Probot.defaults({
      appId: 1,
      privateKey: keys.privateKey,
      secret,
      baseUrl: `http://${ghHost}/api/v3`,
      log,
      // The sandbox has no rate limits to respect: Octokit's throttling (writes >= 1-3 s apart) is
      // off so that each step shows at once; everything else is Probot's own client.
      Octokit: ProbotOctokit.defaults((defaults: Record<string, unknown>) => ({ ...defaults, throttle: { enabled: false } })),
    }),
  });
  await server.load(createApp({ env }, lifecycle));
  await server.start();

  const webhookUrl = `${appUrl}${WEBHOOK_PATH}`;
  demo = {
    github,
    sandboxUrl,
    appUrl,
    reportFormUrl: `${appUrl}/call-in/report`,
    threadUrl: `${sandboxUrl}/${ORG}/${PROJECT}/issues/1`,
    async act(as, action) {
      const login = PEOPLE[as].login;
      let event: WebhookEvent;
      if (action.kind === "label") event = github.addLabel(ORG, action.repo, action.number, LABEL, login);
      else if (action.kind === "comment") event = github.addComment(ORG, action.repo, action.number, action.body, login);
      else event = github.openIssue(ORG, action.repo, { title: action.title, body: action.body }, login);
      return deliverWebhook(webhookUrl, secret, event);
    },
    async stop() {
      await lifecycle.shutdown(AbortSignal.timeout(5_000), log);
      await server.stop();
      await github.stop();
    },
  };
  return demo;
}

/** A port nobody listens on now (the sandbox and the app need theirs before they start: PUBLIC_URL, GHE_HOST). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, "127.0.0.1", done));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((done) => probe.close(() => done()));
  return port;
}

export { CASES, ORG, PROJECT };
