import type { Logger } from "pino";
import { statusOf, type GitHub, type RepoRef } from "../github/client.js";
import { readLargeTextFile, writeTextFile } from "../github/contents.js";
import { serialiseEntry, shardHasEntry, shardPathFor, type LogEntry } from "./entry.js";

export interface AppendOptions {
  log: Logger;
  /** Attempts in all (first try included). */
  maxAttempts?: number;
  /** Waits between attempts (tests pass a no-op). */
  sleep?: (ms: number) => Promise<void>;
  /** The shard as read ahead (`readShardAhead`): the first attempt uses it instead of reading. */
  readAhead?: ShardReadAhead;
}

export type AppendResult = { status: "appended" | "already-present"; path: string; attempts: number };

export class LogAppendError extends Error {}

/**
 * The month shard an entry at `at` goes to, read before the entry is known (e.g. while the
 * case's metadata is written), so the append's first attempt need not wait for the read.
 * A stale read costs nothing more than today's race: the write's sha no longer matches,
 * GitHub answers 409 and the append reads again.
 */
export interface ShardReadAhead {
  path: string;
  read: Promise<{ text: string; sha: string } | null>;
}

export function readShardAhead(github: GitHub, repo: RepoRef, at: string): ShardReadAhead {
  const path = shardPathFor(at);
  const read = readLargeTextFile(github, repo, path);
  // The append that uses it sees a failure; if it never runs (the metadata write failed), nobody waits.
  read.catch(() => undefined);
  return { path, read };
}

const DEFAULT_ATTEMPTS = 6;
const BASE_DELAY_MS = 200;
const MAX_DELAY_MS = 5_000;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Appends one entry to its month shard with the blob sha as compare-and-swap:
 * read the shard (only this month's: O(1) calls whatever the history size), add
 * one line, write it back with the sha that was read. When someone else wrote in
 * between, GitHub answers 409 (stale sha) or 422 (a file appeared that we were
 * about to create): re-read and try again after a short, growing, jittered wait.
 * The entryId makes it idempotent: a line already in the shard is not written again,
 * so a retried or redelivered append never duplicates an entry.
 */
export async function appendLogEntry(github: GitHub, repo: RepoRef, entry: LogEntry, options: AppendOptions): Promise<AppendResult> {
  const path = shardPathFor(entry.at);
  const line = serialiseEntry(entry);
  const attempts = options.maxAttempts ?? DEFAULT_ATTEMPTS;
  const sleep = options.sleep ?? defaultSleep;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const current = attempt === 1 && options.readAhead?.path === path ? await options.readAhead.read : await readLargeTextFile(github, repo, path);
    if (current && shardHasEntry(current.text, entry.entryId)) {
      options.log.info({ entryId: entry.entryId, path }, "log entry already present; nothing to append");
      return { status: "already-present", path, attempts: attempt };
    }
    const before = current?.text ?? "";
    const text = `${before}${before === "" || before.endsWith("\n") ? "" : "\n"}${line}\n`;
    try {
      await writeTextFile(github, repo, path, { text, sha: current?.sha ?? null, message: `Log ${entry.event} ${entry.case.code}` });
      return { status: "appended", path, attempts: attempt };
    } catch (error) {
      const status = statusOf(error);
      if (status !== 409 && status !== 422) throw error;
      if (attempt === attempts) break;
      const delay = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
      options.log.info({ entryId: entry.entryId, path, status, attempt }, "the log shard changed while appending; reading it again");
      await sleep(delay);
    }
  }
  throw new LogAppendError(`could not append ${entry.entryId} to ${path} after ${attempts} attempts: the shard kept changing`);
}
