/**
 * A fault-injection pass over every entry point: run the happy path once and
 * record the GitHub requests it makes, then run it again with the i-th request
 * failing (5xx, secondary rate limit, 404, timeout, connection reset, and for
 * writes an answer lost after GitHub acted), and check what the app left behind:
 * nothing written in public beyond the clean-up the happy path does, no
 * half-written or second case (also after a redelivery), nothing sensitive in
 * the logs at any level, no crash and no silent failure.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import nock from "nock";
import { createTestApp, type TestApp } from "./helpers/app.js";
import { installationAnswer, mockGitHub, type GitHubMock, repositoryAnswer } from "./helpers/github.js";
import { examplePayload, withOverrides } from "./helpers/payloads.js";
import { takeResponseViolations, takeViolations, settleContractChecks } from "./helpers/contract.js";
import {
  CaseRepositoryFake,
  describeRequest,
  FAULT_KINDS,
  findSecrets,
  GitHubTraffic,
  isPublicWrite,
  isWrite,
  RequestDeadlines,
  type FaultKind,
  type GitHubRequest,
  type LogHit,
} from "./helpers/faults.js";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { Octokit } from "@octokit/rest";
import { createServices } from "../src/services.js";
import type { AppOptions } from "../src/index.js";
import { caseBody, caseMeta, TEST_SEAL_ENV, testAppIdentity } from "./helpers/cases.js";
import { FakeRepoContents } from "./helpers/contents.js";
import { neverDeadline, openForm, submitForm, waitFor, type FormPageState } from "./helpers/form.js";
import type { CaseMeta, CaseMetaInput } from "../src/cases/metadata.js";
import type { ReportFormTuning } from "../src/report-form/index.js";
import { sweep } from "../src/clocks/sweep.js";
import { readSettings } from "../src/settings.js";

const OWNER = "Codertocat";
const REPO = "Hello-World";
const CASE_REPO = "moderation";
const MAINTAINER = { login: "maintainer-mo", id: 77, type: "User" } as const;

/** Words that must never leave the case: in no log line, in no public write. */
const ALWAYS_SECRET = ["test-token", "call-in:meta", "Evidence snapshot"];

interface World {
  github: GitHubMock;
  cases: CaseRepositoryFake;
  /** Whatever else a scenario keeps between the delivery and the redelivery. */
  more?: Record<string, unknown>;
}

interface Scenario {
  name: string;
  /** Private repositories of the owner: writes there are not public. */
  privateRepositories?: string[];
  /** The distinctive words of what was reported, the reason, the report... */
  secrets: string[];
  services?: AppOptions;
  /** The per-request time limits given to the app, if it takes them (the report form). */
  deadlines?: RequestDeadlines;
  /** Persisted mocks for everything the flow reads and writes (answered as often as asked). */
  arrange(): World;
  /** Delivers the trigger; called again with the same id for the redelivery. */
  deliver(app: TestApp, world: World, id: string): Promise<void>;
  /**
   * What must hold of the case repository after the fault, and after the
   * redelivery (`healed`: the redelivery must also have done the work; not
   * asked after a 404, which is GitHub's answer "not there", not a failure).
   */
  invariants(world: World, after: "fault" | "redelivery", run: RunFacts): string[];
  /** The public writes the flow does only once its case is whole (trigger clean-up). */
  cleanUpNeedsCase?: boolean;
}

/** Invariants for flows that open a case about Hello-World#1: whole, and one. */
function oneWholeCase(world: World, after: "fault" | "redelivery", run: RunFacts): string[] {
  const problems: string[] = [];
  const created = world.cases.created();
  for (const issue of created) if (!world.cases.metaOf(issue)) problems.push(`case #${issue.number} has no metadata`);
  if (created.length > 1) problems.push(`${created.length} cases were opened`);
  if (after === "redelivery" && run.healed && created.length === 0) problems.push("the redelivery opened no case");
  return problems;
}

interface RunFacts {
  healed: boolean;
  /** The request that failed, if any. */
  faulted: GitHubRequest | undefined;
}

interface Finding {
  run: string;
  problem: string;
}

interface PassResult {
  happy: GitHubRequest[];
  runs: number;
  findings: Finding[];
}

/**
 * Which faults to try at which position, so the file stays quick: every kind
 * at the first request (a config read: every flow starts there, and fails
 * there the same way); after that a 404 (an answer the app branches on: "missing", "not a collaborator")
 * and one failure, taken in turn (they share one path: a thrown request
 * error); and for every write also an answer lost after GitHub acted (the
 * fault that can duplicate work on a retry).
 */
const EVERY_KIND: FaultKind[] = ["500", "502", "403-secondary-rate-limit", "404", "timeout", "connection-reset"];
const IN_TURN: FaultKind[] = ["502", "403-secondary-rate-limit", "timeout", "connection-reset", "500"];

function faultsFor(request: GitHubRequest, position: number): FaultKind[] {
  const kinds: FaultKind[] = position === 0 ? [...EVERY_KIND] : ["404", IN_TURN[position % IN_TURN.length]!];
  if (isWrite(request)) kinds.push("lost-response");
  return kinds.filter((k) => FAULT_KINDS.includes(k));
}

async function runOnce(scenario: Scenario, fault: { at: number; kind: FaultKind } | null) {
  nock.cleanAll();
  const traffic = new GitHubTraffic({ deadlines: scenario.deadlines });
  const world = scenario.arrange();
  const app = await createTestApp({ services: scenario.services ?? {} });
  const crashes: unknown[] = [];
  const onCrash = (error: unknown) => crashes.push(error);
  process.on("unhandledRejection", onCrash);
  process.on("uncaughtException", onCrash);
  traffic.install();
  const id = "delivery-under-test";
  const problems: string[] = [];
  try {
    if (fault) traffic.failAt(fault.at, fault.kind);
    await scenario.deliver(app, world, id).catch(() => undefined);
    const faultRun = traffic.requests.length;
    const facts = (): RunFacts => ({ healed: fault?.kind !== "404", faulted: traffic.requests.find((r) => r.fault) });
    problems.push(...scenario.invariants(world, "fault", facts()).map((p) => `after the fault: ${p}`));
    const hadWholeCase = world.cases.created().some((i) => world.cases.metaOf(i));
    traffic.clearFault();
    await scenario.deliver(app, world, id).catch(() => undefined);
    problems.push(...scenario.invariants(world, "redelivery", facts()).map((p) => `after the redelivery: ${p}`));
    await app.close();
    await settleContractChecks();
    const violations = [...takeViolations(), ...takeResponseViolations()];
    return { traffic, world, app, problems, crashes, violations, faultRun, hadWholeCase };
  } finally {
    traffic.uninstall();
    process.off("unhandledRejection", onCrash);
    process.off("uncaughtException", onCrash);
  }
}

async function faultPass(scenario: Scenario): Promise<PassResult> {
  const privateRepositories = (scenario.privateRepositories ?? [`${OWNER}/${CASE_REPO}`]).map((r) => r.toLowerCase());
  const secrets = [...scenario.secrets, ...ALWAYS_SECRET];
  const happy = await runOnce(scenario, null);
  const findings: Finding[] = [];
  const happyRequests = happy.traffic.requests.slice(0, happy.faultRun);
  const expectedPublic = new Set(happyRequests.filter((r) => isPublicWrite(r, privateRepositories)).map(describeRequest));

  const check = (label: string, run: Awaited<ReturnType<typeof runOnce>>, faulted: boolean) => {
    const add = (problem: string) => findings.push({ run: label, problem });
    for (const problem of run.problems) add(problem);
    for (const violation of run.violations) add(`request no mock answered, GitHub would reject, or answer GitHub would never send: ${violation}`);
    for (const crash of run.crashes) add(`crashed: ${String((crash as Error)?.message ?? crash)}`);
    const publicWrites = run.traffic.requests.filter((r) => isPublicWrite(r, privateRepositories));
    for (const write of publicWrites) {
      if (!expectedPublic.has(describeRequest(write))) add(`unexpected public write: ${describeRequest(write)}`);
      for (const secret of secrets) if (write.body.includes(secret)) add(`public write ${describeRequest(write)} carries "${secret}"`);
    }
    const publicInFaultRun = run.traffic.requests.slice(0, run.faultRun).filter((r) => isPublicWrite(r, privateRepositories) && !r.fault);
    if (scenario.cleanUpNeedsCase && publicInFaultRun.length > 0 && !run.hadWholeCase)
      add(`public write without a whole case: ${publicInFaultRun.map(describeRequest).join(", ")}`);
    // Error objects too (`err.event.payload`, `err.request.variables`...): every path of every line.
    const hits: LogHit[] = findSecrets(run.app.logs.lines, secrets);
    for (const hit of hits) add(`logged "${hit.secret}" at ${hit.path} (level ${hit.level})`);
    // A failure must reach the operator's log (a 404 is an answer the app may act on quietly: "not a collaborator", "no such file").
    const fault = run.traffic.requests.find((r) => r.fault)?.fault;
    if (faulted && fault && fault !== "404" && !run.app.logs.lines.some((l) => Number(l.level) >= 40))
      add("GitHub failed, and nothing was logged at warn or error");
  };

  check("happy path", happy, false);
  let runs = 0;
  for (const [position, request] of happyRequests.entries()) {
    for (const kind of faultsFor(request, position)) {
      runs += 1;
      const label = `request ${position} (${describeRequest(request)}) ${kind}`;
      check(label, await runOnce(scenario, { at: position, kind }), true);
    }
  }
  return { happy: happyRequests, runs, findings };
}

const passSizes: Record<string, { requests: number; runs: number }> = {};
const PASS_TIMEOUT_MS = 10 * 60_000;

function describePass(scenario: Scenario, expectHappy: (happy: GitHubRequest[]) => void) {
  describe(scenario.name, () => {
    let result: PassResult;
    // Tens of runs, each a fresh app: a bound for a busy machine, not a measure of speed.
    beforeAll(async () => {
      result = await faultPass(scenario);
      passSizes[scenario.name] = { requests: result.happy.length, runs: result.runs };
    }, PASS_TIMEOUT_MS);

    it("records the happy path's requests", () => {
      expect(result.happy.length).toBeGreaterThan(0);
      expectHappy(result.happy);
    });

    it("survives every request failing: nothing public, no half or second case, nothing sensitive logged, no crash", () => {
      expect(result.findings).toStrictEqual([]);
    });
  });
}

// ---------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------

function persistedGitHub(): GitHubMock {
  const github = mockGitHub();
  github.scope.persist();
  github.graphqlScope.persist();
  return github;
}

/** Config of a repository; when it has its own file, the owner's `.github` (read when that file cannot be) has none. */
function withConfig(owner: string, repo: string, yaml: string | null): GitHubMock {
  const github = persistedGitHub().config(owner, repo, yaml);
  return yaml === null ? github : github.config(owner, ".github", null);
}

const LABELLED_WORDS = "QUOKKA-7731 you are all idiots";

describePass(
  {
    name: "label -> case",
    secrets: [LABELLED_WORDS],
    services: { env: { PSEUDONYM_KEY: "fault-test-key" } },
    cleanUpNeedsCase: true,
    arrange() {
      const github = persistedGitHub().config(OWNER, REPO, null).templates(OWNER).emptyLog(OWNER, CASE_REPO).removesLabel(OWNER, REPO, 1, "call-in");
      return { github, cases: new CaseRepositoryFake(OWNER, CASE_REPO) };
    },
    deliver: (app, _world, id) =>
      app.receive(
        "issues",
        withOverrides(examplePayload("issues", { action: "labeled" }), {
          label: { name: "call-in" },
          sender: MAINTAINER,
          issue: { number: 1, body: LABELLED_WORDS },
        }),
        id,
      ),
    invariants: oneWholeCase,
  },
  (happy) => expect(happy.map(describeRequest)).toContain(`DELETE /repos/${OWNER}/${REPO}/issues/1/labels/call-in`),
);

const COMMAND_REASON = "PANGOLIN-2291 repeated personal attacks";

describePass(
  {
    name: "/call-in comment -> case",
    secrets: [LABELLED_WORDS, COMMAND_REASON],
    cleanUpNeedsCase: true,
    arrange() {
      const github = persistedGitHub()
        .config(OWNER, REPO, null)
        .templates(OWNER)
        .permission(OWNER, REPO, MAINTAINER.login, "write")
        .deletesIssueComment(OWNER, REPO, 555);
      return { github, cases: new CaseRepositoryFake(OWNER, CASE_REPO) };
    },
    deliver: (app, _world, id) =>
      app.receive(
        "issue_comment",
        withOverrides(examplePayload("issue_comment", { action: "created" }), {
          issue: { number: 1, body: LABELLED_WORDS },
          comment: { id: 555, body: `/call-in ${COMMAND_REASON}`, user: MAINTAINER },
          sender: MAINTAINER,
        }),
        id,
      ),
    invariants: oneWholeCase,
  },
  (happy) => expect(happy.map(describeRequest)).toContain(`DELETE /repos/${OWNER}/${REPO}/issues/comments/555`),
);

const PUBLIC_REPORT = "WOMBAT-4410 this is harassment, please stop.";

describePass(
  {
    name: "watched comment -> triage case (with the public reply)",
    secrets: [PUBLIC_REPORT, LABELLED_WORDS],
    services: { now: () => new Date("2026-11-22T10:00:00Z"), env: { PUBLIC_URL: "https://call-in.example.org" } },
    cleanUpNeedsCase: true,
    arrange() {
      const github = withConfig(OWNER, REPO, "watch:\n  enabled: true\n  publicReply: true\n").templates(OWNER).commentsOn(OWNER, REPO, 1);
      return { github, cases: new CaseRepositoryFake(OWNER, CASE_REPO) };
    },
    deliver: (app, _world, id) =>
      app.receive(
        "issue_comment",
        withOverrides(examplePayload("issue_comment", { action: "created" }), {
          issue: { number: 1, body: LABELLED_WORDS },
          comment: { id: 1001, body: PUBLIC_REPORT, html_url: `https://github.com/${OWNER}/${REPO}/issues/1#issuecomment-1001` },
        }),
        id,
      ),
    invariants: oneWholeCase,
  },
  (happy) => expect(happy.map(describeRequest)).toContain(`POST /repos/${OWNER}/${REPO}/issues/1/comments`),
);

const EDITED_WORDS = "NARWHAL-5150 I meant every word";
const REPORTED_COMMENT_URL = `https://github.com/${OWNER}/${REPO}/issues/1#issuecomment-492700400`;

/**
 * Notes on the case about the edit: never lost, and one, except that a
 * failure between the note and the metadata that remembers its delivery
 * repeats the note on redelivery (at least once, by design: src/cases/snapshot-changes.ts).
 */
function oneEditNote(world: World, after: "fault" | "redelivery", run: RunFacts): string[] {
  const problems: string[] = [];
  const held = world.cases.issues.find((i) => i.number === 9)!;
  if (!world.cases.metaOf(held)) problems.push("the case lost its metadata");
  const notes = held.comments.filter((c) => c.body.includes("Edited after the report"));
  const betweenNoteAndMeta =
    run.faulted !== undefined &&
    /^(POST \/repos\/[^/]+\/moderation\/issues\/9\/comments|PATCH \/repos\/[^/]+\/moderation\/issues\/9)$/.test(describeRequest(run.faulted));
  if (notes.length > (betweenNoteAndMeta ? 2 : 1)) problems.push(`${notes.length} edit notes`);
  if (after === "redelivery" && run.healed && notes.length === 0) problems.push("the redelivery added no edit note");
  if (world.cases.created().length > 0) problems.push("a case was opened");
  return problems;
}

describePass(
  {
    name: "comment edited -> edit note",
    secrets: [EDITED_WORDS, "CASEBODY-MARMOT-8080"],
    services: { now: () => new Date("2026-11-22T10:00:00Z") },
    arrange() {
      const github = persistedGitHub().config(OWNER, REPO, null).templates(OWNER);
      const meta = caseMeta({
        subject: { kind: "issue_comment", url: REPORTED_COMMENT_URL, id: 492700400, nodeId: "IC_1", author: { login: "Codertocat", id: 1 } },
        deliveries: ["d-0"],
      });
      return { github, cases: new CaseRepositoryFake(OWNER, CASE_REPO, { issues: [{ number: 9, title: "case 9", body: CASE_TEXT, meta }] }) };
    },
    deliver: (app, _world, id) =>
      app.receive("issue_comment", withOverrides(examplePayload("issue_comment", { action: "edited" }), { comment: { body: EDITED_WORDS } }), id),
    invariants: oneEditNote,
  },
  (happy) => expect(happy.filter((r) => r.method === "POST").map(describeRequest)).toStrictEqual([`POST /repos/${OWNER}/${CASE_REPO}/issues/9/comments`]),
);

const REPORT_DESCRIPTION = "OKAPI-3141 they called a newcomer a clueless idiot";
const REPORT_CONTACT = "reporter-okapi@example.org";
/**
 * Short retries; no clock decides when a page stops waiting or a request runs
 * out of time: pages wait for GitHub's (mocked) answer, and a request a fault
 * leaves hanging reaches its limit at once.
 */
const FORM_DEADLINES = new RequestDeadlines();
const FAST_FORM: Partial<ReportFormTuning> = {
  baseBackoffMs: 5,
  maxBackoffMs: 20,
  notReadyRetryMs: 20,
  drainIntervalMs: 60_000,
  lookupDeadline: neverDeadline,
  githubRequestSignal: FORM_DEADLINES.signal,
};

function spooledIn(app: TestApp, folder: "pending" | "claimed"): number {
  try {
    return readdirSync(join(app.dataDir, "spool", folder)).length;
  } catch {
    return 0;
  }
}

/** Far beyond the form's backoffs here (20 ms), far below the retry-after of a secondary rate limit (60 s). */
const PARKED_BEYOND_MS = 10_000;

/**
 * The drainer is done with the report for now: filed, or parked until after
 * GitHub's retry-after (no clock is advanced here; the double click brings it
 * back at once, as a new submission does in production).
 */
async function drainerSettled(app: TestApp): Promise<boolean> {
  const pending = spooledIn(app, "pending");
  if (spooledIn(app, "claimed") > 0) return false;
  return pending === 0 || (await app.form!.spool.due(Date.now() + PARKED_BEYOND_MS)).length === 0;
}

describePass(
  {
    name: "report form POST -> spool -> filing by the drainer",
    secrets: [REPORT_DESCRIPTION, REPORT_CONTACT, LABELLED_WORDS],
    services: { reportForm: FAST_FORM },
    deadlines: FORM_DEADLINES,
    arrange() {
      const issue = withOverrides(examplePayload("issues", { action: "opened" }).issue, {
        number: 1,
        body: LABELLED_WORDS,
        html_url: `https://github.com/${OWNER}/${REPO}/issues/1`,
      });
      // The form asks for the owner's installation and the reported repository's visibility (evidence only from a public one).
      const github = persistedGitHub()
        .accountInstallation(OWNER, 1)
        .repository(OWNER, REPO, { visibility: "public" })
        .config(OWNER, REPO, null)
        .templates(OWNER)
        .thread(OWNER, REPO, issue);
      // Asked when the user-account lookup says 404: the owner is an organisation the app is installed on.
      github.scope.get(`/orgs/${OWNER}/installation`).reply(200, installationAnswer(OWNER, 1));
      return { github, cases: new CaseRepositoryFake(OWNER, CASE_REPO), more: {} };
    },
    async deliver(app, world) {
      // The first delivery submits the form; the "redelivery" is the same page sent again (a double click).
      const more = world.more!;
      if (!more.base) more.base = await app.listen();
      if (!more.page) more.page = await openForm(more.base as string);
      const answer = await submitForm(more.base as string, more.page as FormPageState, {
        url: `https://github.com/${OWNER}/${REPO}/issues/1`,
        description: REPORT_DESCRIPTION,
        contact: REPORT_CONTACT,
      });
      if (answer.status !== 200) return;
      // The drainer retries on its own (short backoff): wait until it has filed the report or parked it.
      await waitFor(() => drainerSettled(app), 60_000, "the drainer to file or park the report");
      await app.form!.drainer.idle();
    },
    invariants: oneWholeCase,
  },
  (happy) => expect(happy.map(describeRequest)).toContain(`POST /repos/${OWNER}/${CASE_REPO}/issues`),
);

// Case commands: an open case #5 in the case repository, a moderator's command in it.
const CASE_TEXT = "## CI-7KQ3M2: a concern to call in\n\n> CASEBODY-MARMOT-8080 (written by rude-ray)";
const CASE_NOW = new Date("2026-11-02T09:30:00.000Z");

function caseCommand(body: string, meta: CaseMeta) {
  return withOverrides(examplePayload("issue_comment", { action: "created" }), {
    repository: { name: CASE_REPO, full_name: `${OWNER}/${CASE_REPO}`, private: true },
    issue: { number: 5, body: caseBody(meta, CASE_TEXT), html_url: `https://github.com/${OWNER}/${CASE_REPO}/issues/5` },
    comment: { body, user: { login: "mod-mia", id: 501, type: "User" } },
    sender: { login: "mod-mia", id: 501, type: "User" },
  });
}

/** The case keeps its metadata, and a command is answered at most once. */
function commandInvariants(world: World): string[] {
  const problems: string[] = [];
  const held = world.cases.issues.find((i) => i.number === 5)!;
  if (!world.cases.metaOf(held)) problems.push("the case lost its metadata");
  const answers = held.comments.filter((c) => c.login === "call-in[bot]");
  if (answers.length > 1) problems.push(`${answers.length} answers to one command`);
  if (world.cases.created().length > 0) problems.push("a case was opened");
  return problems;
}

interface CommandCase {
  command: string;
  secrets?: string[];
  yaml?: string;
  meta?: Partial<CaseMetaInput>;
  env?: Record<string, string>;
  arrange?: (github: GitHubMock, world: World) => void;
  privateRepositories?: string[];
  invariants?: (world: World, after: "fault" | "redelivery", run: RunFacts) => string[];
  /** The second delivery is the moderator writing the command again (a new delivery id). */
  again?: boolean;
  expectHappy: (happy: GitHubRequest[]) => void;
}

function describeCommand(c: CommandCase) {
  const meta = caseMeta(c.meta ?? {});
  describePass(
    {
      name: `case command ${c.command.split(" ")[0]}`,
      secrets: ["CASEBODY-MARMOT-8080", ...(c.secrets ?? [])],
      services: { now: () => CASE_NOW, env: { PSEUDONYM_KEY: "fault-test-key", ...c.env } },
      ...(c.privateRepositories ? { privateRepositories: c.privateRepositories } : {}),
      arrange() {
        const github = withConfig(OWNER, CASE_REPO, c.yaml ?? null)
          .templates(OWNER)
          .permission(OWNER, CASE_REPO, "mod-mia", "write");
        const world: World = {
          github,
          cases: new CaseRepositoryFake(OWNER, CASE_REPO, {
            issues: [{ number: 5, title: "CI-7KQ3M2 · Call-in · Codertocat/Hello-World issue 1", body: CASE_TEXT, meta, assignees: meta.assignees }],
          }),
          more: {},
        };
        c.arrange?.(github, world);
        return world;
      },
      deliver: (app, world, id) => {
        // `again`: the moderator repeats a command that failed (a new delivery), instead of GitHub redelivering it.
        const first = !world.more!.delivered;
        world.more!.delivered = true;
        return app.receive("issue_comment", caseCommand(c.command, meta), c.again && !first ? `${id}-again` : id);
      },
      invariants: c.invariants ?? commandInvariants,
    },
    c.expectHappy,
  );
}

describeCommand({
  command: "/ack",
  expectHappy: (happy) => expect(happy.filter((r) => isWrite(r)).map(describeRequest)).toContain(`PATCH /repos/${OWNER}/${CASE_REPO}/issues/5`),
});

describeCommand({
  command: "/hide abuse",
  arrange: (github) => github.graphqlOp("MinimizeComment", () => ({ minimizeComment: { minimizedComment: { isMinimized: true } } })),
  expectHappy: (happy) => expect(happy.map(describeRequest)).toContain("mutation MinimizeComment"),
});

describeCommand({
  command: "/lock too heated",
  arrange: (github) => github.responds("PUT", `/repos/${OWNER}/${REPO}/issues/1/lock`, 204),
  expectHappy: (happy) => expect(happy.map(describeRequest)).toContain(`PUT /repos/${OWNER}/${REPO}/issues/1/lock`),
});

const RESOLVE_SUMMARY = "KIWI-1234 talked it through";
describeCommand({
  command: `/resolve correction ${RESOLVE_SUMMARY}`,
  secrets: [RESOLVE_SUMMARY],
  meta: { state: "acknowledged", acknowledgedAt: "2026-11-01T12:00:00.000Z" },
  arrange: (_github, world) => {
    world.more!.log = new FakeRepoContents(OWNER, CASE_REPO);
  },
  invariants: (world, after) => {
    const problems = commandInvariants(world);
    const log = world.more!.log as FakeRepoContents;
    const entries = [...log.files.entries()].filter(([path]) => path.startsWith("log/")).flatMap(([, file]) => file.text.trim().split("\n"));
    if (entries.length > 1) problems.push(`${entries.length} resolution log entries for one /resolve`);
    void after;
    return problems;
  },
  expectHappy: (happy) =>
    expect(happy.filter((r) => isWrite(r)).map(describeRequest)).toContain(`PUT /repos/${OWNER}/${CASE_REPO}/contents/log%2F2026%2F11.jsonl`),
});

const ROOM = "call-in-ci-7kq3m2";
describeCommand({
  command: "/room @rude-ray",
  yaml: "conversationRooms: true\n",
  meta: { assignees: ["alex"] },
  privateRepositories: [`${OWNER}/${CASE_REPO}`, `${OWNER}/${ROOM}`],
  arrange: (github) => {
    github
      .responds("POST", `/orgs/${OWNER}/repos`, 201, {
        id: 4343,
        node_id: "R_room",
        name: ROOM,
        full_name: `${OWNER}/${ROOM}`,
        owner: { login: OWNER, id: 1, type: "Organization" },
        html_url: `https://github.com/${OWNER}/${ROOM}`,
        private: true,
        visibility: "private",
      })
      .responds("PUT", `/repos/${OWNER}/${ROOM}/collaborators/rude-ray`, 201, {})
      .responds("PUT", `/repos/${OWNER}/${ROOM}/collaborators/alex`, 201, {})
      .createsIssue(OWNER, ROOM);
  },
  expectHappy: (happy) => expect(happy.map(describeRequest)).toContain(`POST /orgs/${OWNER}/repos`),
});

const ESCALATION_REPO = "moderation-escalated";
const RECUSAL_REASON = "CONFLICT-GECKO-77 I knew them at work";
describeCommand({
  command: `/recuse ${RECUSAL_REASON}`,
  secrets: [RECUSAL_REASON],
  yaml: `moderatorTeam: moderators\nescalationRepository: ${ESCALATION_REPO}\n`,
  meta: { assignees: ["mod-mia"], reporterLogin: "reporter-rae" },
  privateRepositories: [`${OWNER}/${CASE_REPO}`, `${OWNER}/${ESCALATION_REPO}`],
  again: true,
  arrange: (github, world) => {
    // Without write access a moderator may still act as a member of the team (a 404 here: not a member).
    github.teamMembership(OWNER, "moderators", "mod-mia", null);
    github.scope
      .get(`/orgs/${OWNER}/teams/moderators/members`)
      .query(true)
      .reply(200, [
        { login: "mod-mia", id: 1, type: "User" },
        { login: "rude-ray", id: 2, type: "User" },
        { login: "alex", id: 3, type: "User" },
      ]);
    world.cases.issues[0]!.comments.push({ id: 11, body: "rude-ray said CASEBODY-MARMOT-8080 again", login: "alex" });
    world.more!.escalated = new CaseRepositoryFake(OWNER, ESCALATION_REPO);
  },
  invariants: (world, after, run) => {
    const problems: string[] = [];
    const escalated = world.more!.escalated as CaseRepositoryFake;
    const original = world.cases.issues.find((i) => i.number === 5)!;
    const copies = escalated.created();
    for (const copy of copies) if (!escalated.metaOf(copy)) problems.push(`escalated case #${copy.number} has no metadata`);
    if (copies.length > 1) problems.push(`${copies.length} escalated copies`);
    // The case must be whole somewhere: still in place with its metadata, or moved with it.
    if (!world.cases.metaOf(original) && !copies.some((c) => escalated.metaOf(c))) problems.push("the case is gone from both repositories");
    // Once the repeated command moved it, the original must be a bare pointer.
    if (copies.length > 0 && after === "redelivery" && run.healed && world.cases.metaOf(original))
      problems.push("the original still holds the case after the move");
    return problems;
  },
  expectHappy: (happy) => expect(happy.map(describeRequest)).toContain(`POST /repos/${OWNER}/${ESCALATION_REPO}/issues`),
});

// The clock sweep: an unacknowledged case, a temporary block to lift, an expired room.
const SWEEP_NOW = new Date("2026-11-02T12:00:00.000Z");
const SWEPT_ROOM = "call-in-ci-bbbbbb";
const SWEPT_ROOM_ID = 4343;
describePass(
  {
    name: "the clock sweep",
    secrets: ["CASEBODY-MARMOT-8080"],
    privateRepositories: [`${OWNER}/${CASE_REPO}`, `${OWNER}/${SWEPT_ROOM}`],
    arrange() {
      const github = persistedGitHub().templates(OWNER).responds("DELETE", `/orgs/${OWNER}/blocks/rude-ray`, 204);
      // The expired room is the repository the app made (its id), until the sweep deletes it: then GitHub answers 404.
      let roomExists = true;
      github.scope
        .get(`/repos/${OWNER}/${SWEPT_ROOM}`)
        .reply(() => (roomExists ? [200, repositoryAnswer(OWNER, SWEPT_ROOM, { id: SWEPT_ROOM_ID, nodeId: "R_kgDOroom" })] : [404, { message: "Not Found" }]));
      github.scope.delete(`/repos/${OWNER}/${SWEPT_ROOM}`).reply(() => {
        if (!roomExists) return [404, { message: "Not Found" }];
        roomExists = false;
        return [204, ""];
      });
      const unacknowledged = caseMeta({ openedAt: "2026-11-01T10:00:00.000Z" });
      const blocked = caseMeta({
        code: "CI-AAAAAA",
        source: { key: "codertocat/hello-world#2", owner: OWNER, repo: REPO, number: 2, threadKind: "issue", url: "u2" },
        state: "resolved",
        outcome: "correction",
        openedAt: "2026-09-01T10:00:00.000Z",
        acknowledgedAt: "2026-09-01T11:00:00.000Z",
        resolvedAt: "2026-09-20T10:00:00.000Z",
        // Made by the app in the case repository's organisation (recorded then): the sweep lifts only such blocks.
        blocks: [{ login: "rude-ray", at: "2026-09-20T10:00:00.000Z", until: "2026-10-20T10:00:00.000Z", org: OWNER }],
      });
      const oldRoom = caseMeta({
        code: "CI-BBBBBB",
        source: { key: "codertocat/hello-world#3", owner: OWNER, repo: REPO, number: 3, threadKind: "issue", url: "u3" },
        state: "resolved",
        outcome: "no-action",
        acknowledgedAt: "2026-06-01T11:00:00.000Z",
        resolvedAt: "2026-07-01T10:00:00.000Z",
        room: {
          owner: OWNER,
          repo: SWEPT_ROOM,
          repoId: SWEPT_ROOM_ID,
          url: "u",
          person: "p",
          createdAt: "2026-06-10T00:00:00.000Z",
          archivedAt: "2026-07-01T10:00:00.000Z",
        },
      });
      const cases = new CaseRepositoryFake(OWNER, CASE_REPO, {
        issues: [
          { number: 5, title: "case 5", body: CASE_TEXT, meta: unacknowledged },
          { number: 6, title: "case 6", body: CASE_TEXT, meta: blocked, state: "closed" },
          { number: 7, title: "case 7", body: CASE_TEXT, meta: oldRoom, state: "closed" },
        ],
      });
      return { github, cases, more: {} };
    },
    async deliver(app, world) {
      // One sweep; the "redelivery" is the next sweep (the timer, another replica, or cron).
      const services = (world.more!.services ??= createServices({
        log: app.logs.log,
        settings: readSettings({ ...TEST_SEAL_ENV }),
        appIdentity: testAppIdentity,
        now: () => SWEEP_NOW,
      })) as ReturnType<typeof createServices>;
      await sweep(
        services,
        [{ owner: OWNER, github: new Octokit({ auth: "test-token" }), readConfig: async () => ({ moderatorTeam: "moderators" }) }],
        app.logs.log,
      );
    },
    invariants(world) {
      const problems: string[] = [];
      for (const issue of world.cases.issues) {
        if (!world.cases.metaOf(issue)) problems.push(`case #${issue.number} lost its metadata`);
        const counts = new Map<string, number>();
        for (const comment of issue.comments) {
          const kind = /waited 24h|since this case was resolved|temporary block|was deleted/.exec(comment.body)?.[0] ?? "other";
          counts.set(kind, (counts.get(kind) ?? 0) + 1);
        }
        for (const [kind, count] of counts) if (count > 1) problems.push(`case #${issue.number}: ${count} "${kind}" comments`);
      }
      if (world.cases.created().length > 0) problems.push("a case was opened");
      return problems;
    },
  },
  (happy) => expect(happy.filter((r) => isWrite(r)).map(describeRequest)).toContain(`DELETE /orgs/${OWNER}/blocks/rude-ray`),
);

afterAll(() => {
  console.info(
    `fault-injection pass: ${Object.entries(passSizes)
      .map(([name, s]) => `${name}: ${s.requests} requests, ${s.runs} faulted runs`)
      .join("; ")}`,
  );
});
