import type { Logger } from "pino";
import { checkCaseRepository } from "../cases/case-repository.js";
import { CaseThread, updateCaseMeta } from "../cases/case-thread.js";
import { listAllCases } from "../cases/list-cases.js";
import { rememberDelivery, type CaseMeta } from "../cases/metadata.js";
import type { CallInConfig } from "../config/schema.js";
import type { GitHub, RepoRef } from "../github/client.js";
import { listTeamMembers } from "../github/installations.js";
import { addAssignees, addIssueComment } from "../github/issues.js";
import type { CaseSeal } from "../cases/seal.js";
import type { LockProvider } from "../concurrency/locks.js";
import type { ResolutionRecorder } from "../resolution-log/recorder.js";
import type { OwnerTemplates } from "../templates/overrides.js";
import { durationMs } from "../util/duration.js";

/** What an appeal takes: the seal cases are read with, locks, templates, the clock, and the resolution log it is recorded in. */
export interface AppealDeps {
  seal: CaseSeal;
  locks: LockProvider;
  templates: OwnerTemplates;
  now: () => Date;
  resolutionLog: ResolutionRecorder;
}

export interface AppealInput {
  github: GitHub;
  config: CallInConfig;
  log: Logger;
  deliveryId: string;
  /** The room repository and the issue the appeal was written in. */
  room: RepoRef;
  issueNumber: number;
  sender: string;
  text: string;
}

export type AppealStatus = "not-a-room" | "no-case" | "not-the-person" | "not-resolved" | "too-late" | "already-appealed" | "appealed";

const same = (a: string | null | undefined, b: string | null | undefined) => !!a && !!b && a.toLowerCase() === b.toLowerCase();

/** The case code a room's name carries (`call-in-ci-7kq3m2` -> `CI-7KQ3M2`). */
export function codeOfRoom(prefix: string, repoName: string): string | null {
  const lower = repoName.toLowerCase();
  const start = `${prefix.toLowerCase()}-`;
  if (!lower.startsWith(start)) return null;
  const code = lower.slice(start.length).toUpperCase();
  return /^CI-[0-9A-Z]{6}$/.test(code) ? code : null;
}

/** Someone else than the person who resolved the case, and not recused. */
async function appealModerator(github: GitHub, config: CallInConfig, owner: string, meta: CaseMeta): Promise<string | null> {
  const pool = config.moderatorTeam ? await listTeamMembers(github, owner, config.moderatorTeam) : [...meta.assignees, ...meta.actions.map((a) => a.actor)];
  return pool.find((login) => !same(login, meta.resolvedBy) && !meta.recusals.some((r) => same(r.login, login))) ?? null;
}

/**
 * `/appeal <text>` by the person in their room, within `appealWithin` of the
 * resolution: the case reopens in the `appeal` state, goes to a moderator who
 * did not resolve it, and the appeal is recorded (its outcome is recorded by
 * the next `/resolve`). The person gets an answer in the room either way.
 */
export async function appealFromRoom(deps: AppealDeps, input: AppealInput): Promise<AppealStatus> {
  const { github, config, log, room } = input;
  const code = codeOfRoom(config.roomPrefix, room.repo);
  if (!code || !config.conversationRooms) return "not-a-room";
  const gate = await checkCaseRepository(github, room.owner, config.caseRepository);
  if (!gate.ok) {
    log.error({ owner: room.owner, reason: gate.reason }, gate.message);
    return "no-case";
  }
  const found = (await listAllCases(github, gate.repository, config, deps.seal)).cases.find((c) => c.meta.code === code && same(c.meta.room?.repo, room.repo));
  if (!found) return "no-case";
  const templates = await deps.templates.forOwner(github, room.owner, log);
  const now = deps.now();
  const reply = async (status: AppealStatus, data: Record<string, unknown> = {}) => {
    const text = await templates.render("appeal-reply.md", { status, code, appealWithin: config.appealWithin, ...data });
    await addIssueComment(github, room, input.issueNumber, text.text);
    return status;
  };
  const meta = found.meta;
  if (meta.deliveries.includes(input.deliveryId)) return "appealed";
  if (!same(meta.room?.person, input.sender)) return reply("not-the-person");
  if (meta.appeal) return reply("already-appealed");
  if (meta.state !== "resolved" || !meta.resolvedAt) return reply("not-resolved");
  if (now.getTime() - Date.parse(meta.resolvedAt) > durationMs(config.appealWithin)) return reply("too-late");

  const assignee = await appealModerator(github, config, room.owner, meta);
  const at = now.toISOString();
  const thread = new CaseThread(github, { owner: gate.repository.owner, repo: gate.repository.name }, found.format, found.number, deps.seal);
  const { after } = await updateCaseMeta(deps.locks, thread, meta.source.key, (current) =>
    rememberDelivery(
      {
        ...current,
        state: "appeal",
        appeal: { by: input.sender, at, assignee, from: current.outcome, outcome: null, decidedAt: null },
        assignees: assignee && !current.assignees.some((a) => same(a, assignee)) ? [...current.assignees, assignee] : current.assignees,
        actions: [...current.actions, { at, actor: input.sender, command: "appeal", outcome: "done" }],
      },
      input.deliveryId,
    ),
  );
  if (found.closed) await thread.reopen(found);
  if (assignee && found.format === "issue") {
    await addAssignees(github, thread.repo, found.number, [assignee]).catch((error: unknown) =>
      log.warn({ err: error, case: code }, "could not assign the appeal on GitHub"),
    );
  }
  await deps.resolutionLog.record({
    github,
    caseRepository: thread.repo,
    case: { ...found, meta: after },
    kind: "reopened",
    outcome: null,
    summary: null,
    actor: input.sender,
    at,
    config,
    log,
  });
  const note = await templates.render("appeal-case.md", {
    code,
    by: input.sender,
    at,
    text: input.text,
    assignee,
    from: meta.outcome,
    roomUrl: meta.room?.url ?? null,
  });
  await thread.comment(found, note.text);
  log.info({ case: code, assigned: assignee !== null }, "appeal received; the case is reopened");
  return reply("appealed", { assigned: assignee !== null });
}
