import type { Logger } from "pino";
import { isMaintainer } from "../../auth/maintainers.js";
import { checkCaseRepository } from "../../cases/case-repository.js";
import { CaseGoneError, CaseThread, updateCaseMeta } from "../../cases/case-thread.js";
import { rememberDelivery, type CaseMeta } from "../../cases/metadata.js";
import type { CallInConfig } from "../../config/schema.js";
import type { GitHub, RepoRef } from "../../github/client.js";
import type { CaseSeal } from "../../cases/seal.js";
import type { UnverifiedCaseNotes } from "../../cases/unverified.js";
import type { LockProvider } from "../../concurrency/locks.js";
import type { ResolutionRecorder } from "../../resolution-log/recorder.js";
import type { OwnerTemplates } from "../../templates/overrides.js";
import { describeApiFailure } from "../../github/api-failure.js";
import { apiFailuresIn } from "./api-error.js";
import type { CaseCommandLine } from "./parse.js";
import { keyHolderRefusal } from "./key-holder-rules.js";
import { caseCommands, listedCommands } from "./registry.js";
import type { CaseCommandContext, CommandResult } from "./types.js";

/** What running a case command takes from the app's long-lived parts. */
export interface CaseCommandDeps {
  /** Checks the case's metadata (author and seal) when it is read. */
  seal: CaseSeal;
  /** The one note on a case whose metadata failed the check. */
  unverified: UnverifiedCaseNotes;
  locks: LockProvider;
  templates: OwnerTemplates;
  now: () => Date;
  /** Handed to the commands that append to it (`/resolve`, `/reopen`). */
  resolutionLog: ResolutionRecorder;
}

export interface CaseCommandInput {
  github: GitHub;
  config: CallInConfig;
  log: Logger;
  deliveryId: string;
  /** The case repository and the number of the issue or discussion the comment is in. */
  caseRepo: RepoRef;
  format: "issue" | "discussion";
  number: number;
  actor: string;
  command: CaseCommandLine;
}

export type CaseCommandStatus = "ran" | "refused" | "unknown" | "not-a-case" | "unverified" | "already-applied" | "gate-closed" | "case-moved";

/**
 * Runs one command written in a case: privacy gate, the case's metadata, the
 * person's rights, then the command. Every outcome is answered in the case
 * (templates/command-result.md) and noted in the metadata's action log, so the
 * case tells its own story: who did what, when, and what GitHub said.
 */
export async function runCaseCommand(deps: CaseCommandDeps, input: CaseCommandInput): Promise<CaseCommandStatus> {
  const { github, config, log, caseRepo } = input;
  const thread = new CaseThread(github, caseRepo, input.format, input.number, deps.seal);
  // Three reads that do not depend on each other go out together: the privacy gate, the case and
  // the person's rights. Nothing is written before the gate has answered (it guards writes; a
  // read of the private repository shows nothing to anyone). A slash line in an issue that is
  // not a case costs one rights lookup it would not have needed.
  const gateCheck = checkCaseRepository(github, caseRepo.owner, caseRepo.repo);
  const inspection = thread.inspect();
  const rights = isMaintainer(github, caseRepo, input.actor, config.moderatorTeam, log);
  // Awaited below; when the gate is closed (or asking it failed) only settled, so nothing is left in flight.
  inspection.catch(() => undefined);
  const gate = await gateCheck.catch(async (error: unknown) => {
    await Promise.allSettled([inspection, rights]);
    throw error;
  });
  if (!gate.ok) {
    await Promise.allSettled([inspection, rights]);
    log.error({ owner: caseRepo.owner, repo: caseRepo.repo, reason: gate.reason }, gate.message);
    return "gate-closed";
  }
  const [found, allowed] = await Promise.all([inspection, rights]);
  const handler = caseCommands.get(input.command.name);
  // Metadata the app did not write, or that someone changed, drives no command: one note, ever.
  if (found.kind === "unverified") {
    const templates = await deps.templates.forOwner(github, caseRepo.owner, log);
    await deps.unverified.note(
      github,
      deps.seal,
      deps.locks,
      templates,
      { repo: caseRepo, format: input.format, number: input.number, nodeId: found.nodeId, reason: found.reason },
      log,
    );
    return "unverified";
  }
  // A slash line in an issue that is not a case (e.g. a config note) is not ours to answer.
  if (found.kind === "not-a-case") return "not-a-case";
  const record = found.record;
  if (record.meta.deliveries.includes(input.deliveryId)) {
    log.info({ case: record.meta.code, deliveryId: input.deliveryId }, "command already applied to the case; nothing to do");
    return "already-applied";
  }
  const templates = await deps.templates.forOwner(github, caseRepo.owner, log);
  const now = deps.now().toISOString();
  const base = {
    actor: input.actor,
    command: input.command.name,
    at: now,
    code: record.meta.code,
    dryRunConfigured: config.dryRun,
    moderatorTeam: config.moderatorTeam ?? null,
  };

  // Refusals and unknown commands are remembered too, so a redelivery does not answer twice.
  const remember =
    (outcome: "refused" | "invalid") =>
    (meta: CaseMeta): CaseMeta =>
      rememberDelivery({ ...meta, actions: [...meta.actions, { at: now, actor: input.actor, command: input.command.name, outcome }] }, input.deliveryId);
  if (!allowed) {
    log.info({ login: input.actor, case: record.meta.code, command: input.command.name }, "case command by someone without rights; explained in the case");
    await updateCaseMeta(deps.locks, thread, record.meta.source.key, remember("refused"));
    await thread.comment(record, (await templates.render("command-refused.md", base)).text);
    return "refused";
  }
  if (!handler) {
    await updateCaseMeta(deps.locks, thread, record.meta.source.key, remember("invalid"));
    await thread.comment(record, (await templates.render("command-unknown.md", { ...base, commands: listedCommands() })).text);
    return "unknown";
  }

  const ctx: CaseCommandContext = {
    github,
    config,
    log,
    templates,
    caseRepository: gate.repository,
    caseRepo,
    thread,
    record,
    actor: input.actor,
    command: input.command.name,
    args: input.command.args,
    rest: input.command.rest,
    now,
    deliveryId: input.deliveryId,
  };
  let result: CommandResult;
  try {
    result = keyHolderRefusal(record.meta, caseRepo, handler.name) ?? (await handler.run(ctx, { locks: deps.locks, resolutionLog: deps.resolutionLog }));
  } catch (error) {
    if (error instanceof CaseGoneError) return "case-moved";
    log.error({ err: error, case: record.meta.code, command: handler.name }, "case command failed");
    result = { outcome: "failed", key: "unexpected", error: describeApiFailure(error) };
  }
  if (result.finished) return "ran";

  const withAction = (meta: CaseMeta): CaseMeta => {
    const changed = result.change ? result.change(meta) : meta;
    return rememberDelivery(
      { ...changed, actions: [...changed.actions, { at: now, actor: input.actor, command: handler.name, outcome: result.outcome }] },
      input.deliveryId,
    );
  };
  let after: Record<string, unknown> = {};
  try {
    const { after: meta } = await updateCaseMeta(deps.locks, thread, record.meta.source.key, withAction);
    if (result.after) after = (await result.after(meta)) ?? {};
  } catch (error) {
    // The case moved to the escalation repository meanwhile: nothing more may be written here.
    if (error instanceof CaseGoneError) return "case-moved";
    throw error;
  }
  // A GitHub failure is answered in the case; the operator's log gets its status too (never the case's words).
  const failures = apiFailuresIn(result.error, result.data, after);
  if (failures.length > 0) log.warn({ case: record.meta.code, command: handler.name, failures }, "GitHub failed part of a case command; the case says what");
  // `status` is how the command went (done, dry-run...); commands' own data may use `outcome` (e.g. /resolve's).
  const comment = await templates.render("command-result.md", {
    ...base,
    ...result.data,
    ...after,
    status: result.outcome,
    key: result.key,
    error: result.error ?? null,
  });
  await thread.comment(record, comment.text);
  log.info({ case: record.meta.code, command: handler.name, outcome: result.outcome }, "case command handled");
  return "ran";
}
