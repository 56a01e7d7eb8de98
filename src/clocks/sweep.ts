import type { Logger } from "pino";
import { checkCaseRepository } from "../cases/case-repository.js";
import { CaseThread, updateCaseMeta } from "../cases/case-thread.js";
import type { CaseMeta } from "../cases/metadata.js";
import { listAllCases, type ListedCase } from "../cases/list-cases.js";
import type { LockProvider } from "../concurrency/locks.js";
import type { ConfigLoader } from "../config/load.js";
import type { CallInConfig } from "../config/schema.js";
import { NOT_FOUND, orWhenMissing, type GitHub } from "../github/client.js";
import { unblockUser } from "../github/moderation.js";
import { deleteRepository } from "../github/rooms.js";
import { getRepository } from "../github/repository.js";
import type { CaseSeal } from "../cases/seal.js";
import type { UnverifiedCaseNotes } from "../cases/unverified.js";
import { roomName } from "../rooms/room.js";
import type { OwnerTemplates } from "../templates/overrides.js";
import type { TemplateSet } from "../templates/engine.js";
import { blocksToLift, dueReminders, roomToDelete } from "./due.js";

/** What the sweep needs from the app's long-lived parts. */
export interface SweepDeps {
  configs: ConfigLoader;
  templates: OwnerTemplates;
  locks: LockProvider;
  now: () => Date;
  seal: CaseSeal;
  unverified: UnverifiedCaseNotes;
}

/** One installation's owner, its client, and how to read its own `.github/call-in.yml` (`readOwnerConfig`; tests hand in the file). */
export interface OwnerClient {
  owner: string;
  github: GitHub;
  readConfig: () => Promise<unknown>;
}

export interface SweepReport {
  owners: number;
  cases: number;
  reminders: number;
  blocksLifted: number;
  roomsDeleted: number;
  failures: number;
}

const emptyReport = (): SweepReport => ({ owners: 0, cases: 0, reminders: 0, blocksLifted: 0, roomsDeleted: 0, failures: 0 });

/**
 * The clocks, off the webhook path: for every owner, every case in its case
 * repositories (and escalation repository) gets the reminders it is due (one
 * per threshold, remembered in the case under its lock, so several replicas
 * or a cron job running at once still post each reminder once), temporary
 * blocks whose time is up are lifted, and archived rooms past `roomRetention`
 * are deleted. One owner's failure does not stop the others.
 */
export async function sweep(deps: SweepDeps, owners: AsyncIterable<OwnerClient> | Iterable<OwnerClient>, log: Logger): Promise<SweepReport> {
  const report = emptyReport();
  for await (const client of owners) {
    report.owners++;
    try {
      await sweepOwner(deps, client, log, report);
    } catch (error) {
      report.failures++;
      log.error({ err: error, owner: client.owner }, "the reminder sweep failed for this owner; the next sweep tries again");
    }
  }
  log.info({ ...report }, "reminder sweep finished");
  return report;
}

async function sweepOwner(deps: SweepDeps, client: OwnerClient, log: Logger, report: SweepReport): Promise<void> {
  const { owner, github } = client;
  const loaded = await deps.configs.loadForOwner(owner, client.readConfig, log);
  if (!loaded.ok) return;
  const config = loaded.config;
  const templates = await deps.templates.forOwner(github, owner, log);
  // Escalated cases must not call the usual team back in: their reminders mention no one.
  const repositories = [
    { name: config.caseRepository, team: config.moderatorTeam ? `${owner}/${config.moderatorTeam}` : null },
    ...(config.escalationRepository ? [{ name: config.escalationRepository, team: null }] : []),
  ];
  for (const { name, team } of repositories) {
    const gate = await checkCaseRepository(github, owner, name);
    if (!gate.ok) {
      log.debug({ owner, repo: name, reason: gate.reason }, "no private case repository to sweep");
      continue;
    }
    const repo = { owner: gate.repository.owner, repo: gate.repository.name };
    const { cases, unverified } = await listAllCases(github, gate.repository, config, deps.seal);
    // Metadata the app did not write, or that someone changed, drives nothing: one note, one log line.
    for (const item of unverified) await deps.unverified.note(github, deps.seal, deps.locks, templates, { repo, ...item }, log);
    for (const found of cases) {
      report.cases++;
      const thread = new CaseThread(github, repo, found.format, found.number, deps.seal);
      await remind(deps, thread, found, config, team, templates, report);
      await liftBlocks(deps, thread, found, templates, log, report);
      await deleteRoom(deps, thread, found, config, templates, log, report);
    }
  }
}

async function remind(
  deps: SweepDeps,
  thread: CaseThread,
  found: ListedCase,
  config: CallInConfig,
  team: string | null,
  templates: TemplateSet,
  report: SweepReport,
): Promise<void> {
  const now = deps.now();
  if (dueReminders(found.meta, config.clocks, now).length === 0) return;
  let posted: ReturnType<typeof dueReminders> = [];
  // Mark first, then post: a crash in between loses a reminder, never doubles one.
  await updateCaseMeta(deps.locks, thread, found.meta.source.key, (meta) => {
    posted = dueReminders(meta, config.clocks, now);
    return posted.length > 0 ? { ...meta, remindersSent: [...meta.remindersSent, ...posted.map((d) => d.key)] } : null;
  });
  for (const due of posted) {
    const text = await templates.render("reminder.md", {
      threshold: due.threshold,
      clock: due.clock,
      ...whoToMention(found.meta, team),
      outcome: found.meta.outcome,
      code: found.meta.code,
    });
    await thread.comment(found, text.text);
    report.reminders++;
  }
}

/**
 * A case about a key-holder never mentions the team (the reported person may be
 * on it, and a mention notifies them): only its assignees who are not that person.
 */
function whoToMention(meta: CaseMeta, team: string | null): { team: string | null; mentions: string[]; keyHolder: boolean } {
  if (!meta.keyHolder) return { team, mentions: [], keyHolder: false };
  const reported = meta.keyHolder.reported?.login.toLowerCase();
  return { team: null, mentions: meta.assignees.filter((login) => login.toLowerCase() !== reported), keyHolder: true };
}

async function liftBlocks(deps: SweepDeps, thread: CaseThread, found: ListedCase, templates: TemplateSet, log: Logger, report: SweepReport): Promise<void> {
  const now = deps.now();
  for (const block of blocksToLift(found.meta, now)) {
    // Only a block the app recorded when it made it, in the case repository's own organisation.
    if (!block.org || block.org.toLowerCase() !== thread.repo.owner.toLowerCase()) {
      log.warn(
        { case: found.meta.code, repo: thread.repo.repo, number: thread.number },
        "a temporary block in the case was not recorded by Call-In in this organisation; it is not lifted",
      );
      continue;
    }
    const org = block.org;
    try {
      // A block that is already gone (404) is lifted all the same.
      await orWhenMissing(NOT_FOUND, undefined, () => unblockUser(thread.github, org, block.login));
    } catch (error) {
      report.failures++;
      log.warn({ err: error, case: found.meta.code }, "could not lift a temporary block; the next sweep tries again");
      continue;
    }
    const at = now.toISOString();
    await updateCaseMeta(deps.locks, thread, found.meta.source.key, (meta) => ({
      ...meta,
      blocks: meta.blocks.map((b) => (b.login === block.login && !b.liftedAt ? { ...b, liftedAt: at } : b)),
    }));
    await thread.comment(found, (await templates.render("sweep-note.md", { kind: "block-lifted", login: block.login, org: block.org, at })).text);
    report.blocksLifted++;
  }
}

async function deleteRoom(
  deps: SweepDeps,
  thread: CaseThread,
  found: ListedCase,
  config: CallInConfig,
  templates: TemplateSet,
  log: Logger,
  report: SweepReport,
): Promise<void> {
  const now = deps.now();
  const room = found.meta.room;
  if (!room || !roomToDelete(found.meta, config.roomRetention, now)) return;
  // A repository is deleted only when it is the room the app made for this case: the
  // name the app gives rooms, in the case repository's account, with the id GitHub gave
  // it at creation (a repository made again under that name by someone else is kept).
  const expected = roomName(config.roomPrefix, found.meta.code);
  const sameAccount = room.owner.toLowerCase() === thread.repo.owner.toLowerCase();
  if (!sameAccount || room.repo.toLowerCase() !== expected.toLowerCase() || room.repoId === null) {
    log.warn({ case: found.meta.code, repo: thread.repo.repo, number: thread.number }, "the case's room is not one Call-In made for it; it is not deleted");
    return;
  }
  let outcome: "deleted" | "kept";
  try {
    // A room already gone (404) counts as deleted.
    outcome = await orWhenMissing(NOT_FOUND, "deleted" as const, async () => {
      const current = await getRepository(thread.github, { owner: thread.repo.owner, repo: expected });
      if (current && current.id !== room.repoId) return "kept" as const;
      if (current) await deleteRepository(thread.github, { owner: thread.repo.owner, repo: expected });
      return "deleted" as const;
    });
  } catch (error) {
    report.failures++;
    log.warn(
      { err: error, case: found.meta.code },
      "could not delete an expired conversation room (needs administration: write, and the organisation must allow it)",
    );
    return;
  }
  if (outcome === "kept") {
    log.warn(
      { case: found.meta.code, repo: thread.repo.repo, number: thread.number },
      "a repository with the room's name is not the one Call-In made; it is not deleted",
    );
    return;
  }
  const at = now.toISOString();
  await updateCaseMeta(deps.locks, thread, found.meta.source.key, (meta) => (meta.room ? { ...meta, room: { ...meta.room, deletedAt: at } } : null));
  await thread.comment(
    found,
    (await templates.render("sweep-note.md", { kind: "room-deleted", name: `${room.owner}/${room.repo}`, retention: config.roomRetention, at })).text,
  );
  report.roomsDeleted++;
}
