// Webhooks against the loopback GitHub stand-in:
// 1. label events that open cases, handled per second in-process, Call-In vs a bare Probot app;
// 2. GitHub requests for one label event, cold (first of an installation) and warm, and the
//    longest chain of requests that wait for each other (at 250 ms per request);
// 3. how long GitHub waits for the answer to each kind of event at 250 ms per request, with
//    Probot's throttling off and on (`npm run bench webhooks answers` runs only this part);
// 4. resident memory idle and after 10,000 events, Call-In vs bare Probot (separate processes).
import { spawn } from "node:child_process";
import { cpus } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import type { StandInRequest } from "../src/sandbox/github-stand-in.js";
import {
  benchApp,
  callInComment,
  CASES,
  caseCommand,
  ESCALATION,
  inOrganisation,
  labelledIssue,
  ORG,
  reportingComment,
  seededStandIn,
  seedOrganisation,
  standInProcess,
  type AppKind,
} from "./webhook-apps.js";

const THROUGHPUT_EVENTS = 300;
const CONCURRENCY = 8;
const LATENCY_MS = 250;
/** GitHub gives up on a webhook after 10 s; Probot's middleware answers 202 after 9 s and works on. */
const MIDDLEWARE_ANSWER_MS = 9_000;
/** `npm run bench webhooks answers verbose` lists each event's requests in the order they started. */
const verbose = process.argv.includes("verbose");

/**
 * Events per second of wall time, and per second of CPU time the app's process
 * spent (all its threads): the second does not depend on how quickly a busy
 * machine schedules the stand-in's process, only on what the app does per event.
 */
async function throughput(kind: AppKind): Promise<{ wall: number; cpu: number }> {
  // GitHub in its own process: its work is not the app's (both apps alike).
  const github = await standInProcess({ latencyMs: 0, issues: THROUGHPUT_EVENTS + 20 });
  const app = await benchApp(kind, github.url);
  // Warm-up: config, templates and the JIT, outside the measurement.
  for (let n = 1; n <= 20; n++) await app.deliver("issues", labelledIssue(n));
  let next = 21;
  const last = THROUGHPUT_EVENTS + 20;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next <= last) await app.deliver("issues", labelledIssue(next++));
    }),
  );
  const seconds = (performance.now() - started) / 1_000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1_000_000;
  const opened = await github.issueCount("Codertocat", "moderation");
  await github.stop();
  if (opened !== last) throw new Error(`${kind}: expected ${last} private issues, found ${opened}`);
  return { wall: THROUGHPUT_EVENTS / seconds, cpu: THROUGHPUT_EVENTS / cpuSeconds };
}

/** The longest run of requests each of which started only after the previous one ended. */
function longestChain(requests: readonly StandInRequest[]): number {
  const sorted = [...requests].sort((a, b) => a.startedAt - b.startedAt);
  const chain: number[] = [];
  sorted.forEach((r, i) => {
    let best = 0;
    for (let j = 0; j < i; j++) if (sorted[j]!.endedAt <= r.startedAt && chain[j]! > best) best = chain[j]!;
    chain.push(best + 1);
  });
  return Math.max(0, ...chain);
}

function describeRequests(requests: readonly StandInRequest[]): string {
  return requests.map((r) => `${r.method} ${r.path.split("?")[0]}`).join(", ");
}

async function requestCounts(): Promise<void> {
  // Every request is checked against GitHub's OpenAPI description, so the counts are of requests GitHub would accept.
  const { validateRestRequest } = await import("../test/helpers/contract.js");
  const github = await seededStandIn({ latencyMs: LATENCY_MS, issues: 3, check: validateRestRequest });
  const app = await benchApp("call-in", github.url);
  for (const [label, number] of [
    ["cold", 1],
    ["warm", 2],
  ] as const) {
    github.resetRequests();
    const started = performance.now();
    await app.deliver("issues", labelledIssue(number));
    const ms = performance.now() - started;
    const requests = [...github.requests];
    console.log(`label event, ${label}: ${requests.length} GitHub requests, longest chain ${longestChain(requests)}, answered in ${ms.toFixed(0)} ms`);
    console.log(`  ${describeRequests(requests)}`);
  }
  console.log(
    `requests GitHub's OpenAPI description rejects: ${github.violations.length}${github.violations.length ? ` (${github.violations.join("; ")})` : ""}`,
  );
  await github.stop();
}

const ESCALATED_COMMENTS = 50;
/** Longer than the throttling's 1 s between writes. */
const THROTTLE_QUIET_MS = 1_500;

/**
 * How long GitHub waits for the answer to each kind of event, at 250 ms per request. With
 * `throttled`, Probot's default throttling is on, as in production: it sends writes one at a
 * time, at least 1 s apart, so every event that writes more than once waits for it.
 */
async function answerTimes(throttled: boolean): Promise<void> {
  const { validateRestRequest } = await import("../test/helpers/contract.js");
  const kinds: Array<[string, string, (n: number) => unknown]> = [
    ["label (new case)", "issues", labelledIssue],
    ["/call-in comment (new case)", "issue_comment", callInComment],
    ["watched comment, reports a concern (new triage case)", "issue_comment", reportingComment],
    [
      "ordinary comment (watched, no match)",
      "issue_comment",
      (n) => ({ ...(reportingComment(n) as object), comment: { ...(reportingComment(n) as { comment: object }).comment, body: "Looks good to me." } }),
    ],
    // Case 1 of the case repository is the one the warm-up label below opens.
    ["/resolve in the case (closes it, appends to the log)", "issue_comment", () => caseCommand(1, "/resolve warning")],
    // Cases 1 and 2 of the organisation's case repository are opened by the warm-up labels there.
    [
      "/room @rude-ray (creates a private repository, invites, opens its first issue)",
      "issue_comment",
      () => inOrganisation(caseCommand(1, "/room @rude-ray")),
    ],
    [
      `/recuse that escalates a case with ${ESCALATED_COMMENTS} comments (copies them, deletes them one by one)`,
      "issue_comment",
      () => inOrganisation(caseCommand(2, "/recuse")),
    ],
  ];
  const github = await seededStandIn({ latencyMs: LATENCY_MS, issues: kinds.length * 2 + 2, check: validateRestRequest });
  github.file("Codertocat", ".github", ".github/call-in.yml", "watch:\n  enabled: true\n");
  seedOrganisation(github, 2);
  const app = await benchApp("call-in", github.url, { throttled });
  // Events first so that config and templates are cached, as on a running server, and the organisation has two cases.
  await app.deliver("issues", labelledIssue(kinds.length * 2 + 1));
  await app.deliver("issues", inOrganisation(labelledIssue(1)));
  await app.deliver("issues", inOrganisation(labelledIssue(2)));
  for (let i = 1; i <= ESCALATED_COMMENTS; i++) github.comment(ORG, CASES, 2, { body: `Moderators' note ${i} about the case.`, author: "maintainer-mo" });
  console.log(
    `answer time at ${LATENCY_MS} ms per GitHub request, Probot's throttling ${throttled ? "on (writes at least 1 s apart, as in production)" : "off"} (Probot answers 202 at 9 s and works on):`,
  );
  let n = 1;
  for (const [label, name, payload] of kinds) {
    // Throttled, each event starts after a quiet moment: it must not wait for the previous event's writes.
    if (throttled) await sleep(THROTTLE_QUIET_MS);
    github.resetRequests();
    const started = performance.now();
    await app.deliver(name, payload(n++));
    const ms = performance.now() - started;
    const answered = Math.min(ms, MIDDLEWARE_ANSWER_MS);
    const writes = github.requests.filter((r) => r.method !== "GET").length;
    console.log(
      `  ${label}: ${(answered / 1_000).toFixed(2)} s, ${github.requests.length} requests (${writes} writes), chain ${longestChain(github.requests)}${ms > MIDDLEWARE_ANSWER_MS ? ` (work went on for ${((ms - MIDDLEWARE_ANSWER_MS) / 1_000).toFixed(1)} s after the answer, ${(ms / 1_000).toFixed(1)} s in all)` : ""}`,
    );
    if (verbose) console.log(`    ${describeRequests(github.requests)}`);
    // A figure must not stand for work that failed: say which requests GitHub would have refused.
    const refused = github.requests.filter((r) => r.status >= 400 && !(r.method === "GET" && r.status === 404));
    if (refused.length > 0) console.log(`    answered with an error: ${refused.map((r) => `${r.method} ${r.path.split("?")[0]} ${r.status}`).join(", ")}`);
  }
  const moved = github.issuesOf(ORG, ESCALATION);
  const original = github.issuesOf(ORG, CASES).find((i) => i.number === 2);
  console.log(
    `  escalation: ${moved.length} case(s) in ${ORG}/${ESCALATION} (${moved[0]?.comments.length ?? 0} comments there), ${original?.comments.length} comment(s) left on the original, which is ${original?.state}`,
  );
  console.log(
    `requests GitHub's OpenAPI description rejects: ${github.violations.length}${github.violations.length ? ` (${github.violations.join("; ")})` : ""}`,
  );
  await github.stop();
}

/** Runs the memory probe in a fresh process, so each app's heap starts from nothing. */
function memoryOf(kind: AppKind): Promise<{ idleMb: number; afterMb: number; events: number }> {
  const worker = fileURLToPath(new URL("./webhook-memory-worker.ts", import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--expose-gc", "--import", "tsx", worker, kind], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve(JSON.parse(out.trim().split("\n").at(-1)!)) : reject(new Error(`memory worker for ${kind} exited ${code}`)),
    );
  });
}

export default async function run(): Promise<void> {
  console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? "cpu"}, node ${process.version}`);
  // `npm run bench webhooks answers`: only the answer times (a minute instead of several).
  if (process.argv.includes("answers")) {
    await answerTimes(false);
    await answerTimes(true);
    return;
  }
  const callIn = await throughput("call-in");
  const bare = await throughput("bare-probot");
  console.log(`label events that open a case, in-process, ${CONCURRENCY} at a time, 0 ms GitHub (the stand-in in its own process):`);
  console.log(
    `  per second: call-in ${callIn.wall.toFixed(0)}/s, bare probot ${bare.wall.toFixed(0)}/s, ratio ${(callIn.wall / bare.wall).toFixed(2)} (target >= 0.7)`,
  );
  console.log(
    `  per CPU-second of the app's process: call-in ${callIn.cpu.toFixed(0)}, bare probot ${bare.cpu.toFixed(0)}, ratio ${(callIn.cpu / bare.cpu).toFixed(2)}`,
  );
  await requestCounts();
  await answerTimes(false);
  await answerTimes(true);
  const callInMemory = await memoryOf("call-in");
  const bareMemory = await memoryOf("bare-probot");
  console.log(
    `resident memory: idle call-in ${callInMemory.idleMb.toFixed(1)} MB, bare probot ${bareMemory.idleMb.toFixed(1)} MB, ratio ${(callInMemory.idleMb / bareMemory.idleMb).toFixed(2)} (target <= 1.3);` +
      ` growth after ${callInMemory.events} events: call-in ${(callInMemory.afterMb - callInMemory.idleMb).toFixed(1)} MB, bare probot ${(bareMemory.afterMb - bareMemory.idleMb).toFixed(1)} MB (target < 30 MB)`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await run();
