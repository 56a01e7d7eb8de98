/**
 * The two apps the webhook benchmarks compare, each a real Probot instance
 * talking to the loopback GitHub stand-in, fed real signed webhooks:
 * - Call-In, as `npm start` loads it (report form, clocks off);
 * - a bare Probot app that does the least any "label opens a private issue"
 *   app must do: create one issue and remove the label. It is the peer for
 *   throughput and memory, so the ratio shows what Call-In's checks cost.
 */
import { fork } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Probot, ProbotOctokit, type ApplicationFunction } from "probot";
import { pino } from "pino";
import { createHmac } from "node:crypto";
import { fileURLToPath } from "node:url";
import { createApp } from "../src/index.js";
import { GitHubStandIn, type StandInOptions } from "../src/sandbox/github-stand-in.js";
import { examplePayload, withOverrides } from "../test/helpers/payloads.js";
import type { StandInCommand, StandInReply } from "./stand-in-process.js";

export const OWNER = "Codertocat";
export const REPO = "Hello-World";
export const CASES = "moderation";
const SECRET = "bench-webhook-secret";

export type AppKind = "call-in" | "bare-probot";

/** The bare peer: one private issue per labelled issue, then the label goes. */
const bareApp: ApplicationFunction = (app) => {
  app.on("issues.labeled", async (context) => {
    if (context.payload.label?.name !== "call-in") return;
    const { owner } = context.repo();
    await context.octokit.rest.issues.create({
      owner,
      repo: CASES,
      title: `Report about issue ${context.payload.issue.number}`,
      body: context.payload.issue.body ?? "",
    });
    await context.octokit.rest.issues.removeLabel({ ...context.repo(), issue_number: context.payload.issue.number, name: "call-in" });
  });
};

/** A stand-in seeded like a small organisation: a public project with `issues` labelled issues, a private case repository. */
export async function seededStandIn(options: { latencyMs: number; issues: number; check?: StandInOptions["check"] }): Promise<GitHubStandIn> {
  const github = new GitHubStandIn({ latencyMs: options.latencyMs, ...(options.check ? { check: options.check } : {}) });
  github.account(OWNER, "User");
  github.repository(OWNER, REPO, "public");
  github.repository(OWNER, CASES, "private");
  github.repository(OWNER, ".github", "public");
  github.permission(OWNER, REPO, "maintainer-mo", "write");
  github.permission(OWNER, CASES, "maintainer-mo", "write");
  for (let i = 0; i < options.issues; i++) {
    const issue = github.issue(OWNER, REPO, { title: `Thread ${i + 1}`, body: "A heated thread.", author: "rude-ray" });
    issue.labels.push("call-in");
  }
  await github.start();
  return github;
}

/** A seeded stand-in in a child process (stand-in-process.ts): its URL, what it holds, and a way to stop it. */
export interface RemoteStandIn {
  url: string;
  issueCount(owner: string, repo: string): Promise<number>;
  stop(): Promise<void>;
}

export async function standInProcess(options: { latencyMs: number; issues: number }): Promise<RemoteStandIn> {
  const entry = fileURLToPath(new URL("./stand-in-process.ts", import.meta.url));
  const child = fork(entry, [JSON.stringify(options)], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const reply = async <T extends StandInReply["type"]>(type: T): Promise<Extract<StandInReply, { type: T }>> => {
    for (;;) {
      const [message] = (await once(child, "message")) as [StandInReply];
      if (message.type === type) return message as Extract<StandInReply, { type: T }>;
    }
  };
  const command = (message: StandInCommand) => child.send(message);
  const { url } = await reply("ready");
  return {
    url,
    async issueCount(owner, repo) {
      const answer = reply("issues");
      command({ type: "count-issues", owner, repo });
      return (await answer).count;
    },
    async stop() {
      const stopped = once(child, "exit");
      command({ type: "stop" });
      await stopped;
    },
  };
}

export interface BenchApp {
  probot: Probot;
  /** Delivers a webhook as GitHub would: a signed body through Probot's verification. Resolves when every handler finished. */
  deliver(name: string, payload: unknown): Promise<void>;
}

let deliveries = 0;

/**
 * `throttled`: Probot's default Octokit throttling stays on (writes one at a time, at least 1 s
 * apart, as in production); otherwise it is off, like retries, so the figures show the app's own
 * chain of requests rather than a sleep.
 */
export async function benchApp(kind: AppKind, baseUrl: string, options: { throttled?: boolean } = {}): Promise<BenchApp> {
  const probot = new Probot({
    githubToken: "bench-token",
    secret: SECRET,
    baseUrl,
    log: pino({ level: "silent" }),
    // Retries off for both: the stand-in never fails or rate-limits.
    Octokit: ProbotOctokit.defaults((defaults: Record<string, unknown>) => ({
      ...defaults,
      retry: { enabled: false },
      ...(options.throttled ? {} : { throttle: { enabled: false } }),
    })),
  });
  const env = {
    ...process.env,
    DATA_DIR: mkdtempSync(join(tmpdir(), "call-in-bench-")),
    REPORT_ENCRYPTION_KEY: "6b".repeat(32),
    REMINDER_INTERVAL: "off",
    PUBLIC_URL: "",
    CASE_METADATA_KEY: "5a".repeat(32),
  };
  const app = kind === "call-in" ? createApp({ env }) : bareApp;
  await probot.load(app, { cwd: process.cwd(), addHandler: () => undefined });
  return {
    probot,
    async deliver(name, payload) {
      const body = JSON.stringify(payload);
      await probot.webhooks.verifyAndReceive({
        id: `bench-${++deliveries}`,
        name: name as never,
        payload: body,
        signature: `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`,
      });
    },
  };
}

/**
 * A real `issues.labeled` payload for issue `number` of the public project, labelled by a maintainer.
 * Its author is the seeded one, not the example's (the owner, whose case would take the key-holder route).
 */
export function labelledIssue(number: number): unknown {
  return withOverrides(examplePayload("issues", { action: "labeled" }), {
    label: { name: "call-in" },
    sender: { login: "maintainer-mo", id: 77, type: "User" },
    issue: {
      number,
      title: `Thread ${number}`,
      body: "A heated thread.",
      html_url: `https://github.com/${OWNER}/${REPO}/issues/${number}`,
      user: { login: "rude-ray", id: 79, type: "User" },
    },
  });
}

/** A real `issue_comment.created` payload: an ordinary comment on issue `number` (what most events are). */
export function ordinaryComment(number: number, body = "Thanks, the build is green again on my machine."): unknown {
  return withOverrides(examplePayload("issue_comment", { action: "created" }), {
    sender: { login: "friendly-fran", id: 78, type: "User" },
    issue: { number, html_url: `https://github.com/${OWNER}/${REPO}/issues/${number}` },
    comment: {
      id: 10_000 + number,
      body,
      user: { login: "friendly-fran", id: 78 },
      html_url: `https://github.com/${OWNER}/${REPO}/issues/${number}#issuecomment-${10_000 + number}`,
    },
  });
}

/** `/call-in` by a maintainer on issue `number`. */
export function callInComment(number: number): unknown {
  return withOverrides(
    ordinaryComment(number) as Record<string, unknown>,
    {
      sender: { login: "maintainer-mo", id: 77, type: "User" },
      comment: { id: 20_000 + number, body: "/call-in this crosses the line", user: { login: "maintainer-mo", id: 77 } },
    } as never,
  );
}

/** A public report the watch should see: a comment naming the Code of Conduct. */
export function reportingComment(number: number): unknown {
  return ordinaryComment(number, "This comment violates our code of conduct, please look at it.");
}

/** A maintainer's command in case issue `caseNumber` of the case repository (e.g. `/resolve warning`). */
export function caseCommand(caseNumber: number, body: string): unknown {
  return withOverrides(examplePayload("issue_comment", { action: "created" }), {
    issue: { number: caseNumber, html_url: `https://github.com/${OWNER}/${CASES}/issues/${caseNumber}`, pull_request: undefined },
    repository: { name: CASES, full_name: `${OWNER}/${CASES}`, private: true, visibility: "private" },
    comment: { id: 30_000 + caseNumber, body, user: { login: "maintainer-mo", id: 77, type: "User" } },
    sender: { login: "maintainer-mo", id: 77, type: "User" },
  } as never);
}

/** An organisation (rooms and escalation need one: apps create repositories only for organisations). */
export const ORG = "octo-org";
export const ESCALATION = "moderation-escalation";
export const MODERATOR_TEAM = "moderators";

/**
 * A stand-in seeded like an organisation that uses rooms and an escalation repository: a public
 * project with labelled issues, the private case and escalation repositories, the moderator team
 * (maintainer-mo alone) and the organisation's `.github/call-in.yml`.
 */
export function seedOrganisation(github: GitHubStandIn, issues: number): void {
  github.account(ORG, "Organization");
  github.repository(ORG, REPO, "public");
  github.repository(ORG, CASES, "private");
  github.repository(ORG, ESCALATION, "private");
  github.repository(ORG, ".github", "public");
  github.file(ORG, ".github", ".github/call-in.yml", `conversationRooms: true\nescalationRepository: ${ESCALATION}\nmoderatorTeam: ${MODERATOR_TEAM}\n`);
  github.permission(ORG, REPO, "maintainer-mo", "write");
  github.permission(ORG, CASES, "maintainer-mo", "write");
  github.teamMember(ORG, MODERATOR_TEAM, "maintainer-mo");
  for (let i = 0; i < issues; i++) {
    const issue = github.issue(ORG, REPO, { title: `Thread ${i + 1}`, body: "A heated thread.", author: "rude-ray" });
    issue.labels.push("call-in");
  }
}

/** A payload moved to the organisation's repository of the same name. */
export function inOrganisation(payload: unknown): unknown {
  const repository = (payload as { repository: { name: string; html_url?: string } }).repository;
  const issue = (payload as { issue?: { number: number; html_url: string } }).issue;
  return withOverrides(
    payload as Record<string, unknown>,
    {
      repository: {
        owner: { login: ORG, id: 4_000, type: "Organization" },
        full_name: `${ORG}/${repository.name}`,
        html_url: `https://github.com/${ORG}/${repository.name}`,
      },
      organization: { login: ORG, id: 4_000 },
      ...(issue ? { issue: { html_url: issue.html_url.replace(`/${OWNER}/`, `/${ORG}/`) } } : {}),
    } as never,
  );
}
