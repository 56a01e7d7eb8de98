import { mkdir, readFile, readdir, rename, stat, unlink, utimes } from "node:fs/promises";
import { join } from "node:path";
import { Sealer, SealError } from "./sealed.js";
import { syncFolder, writeDurably } from "./durable-file.js";

/** Report ids are short base32 strings; nothing else may become a file name. */
const ID = /^[0-9A-Z]{8,32}$/;
const SUFFIX = ".report";

export interface SpoolOptions {
  /** `DATA_DIR`: the folder holding `spool/` and `receipts/`. */
  dataDir: string;
  sealer: Sealer;
  /**
   * How long a claim lasts without a heartbeat before another worker may take
   * the report over (the claimer crashed). Longer than one filing attempt.
   */
  leaseMs: number;
}

/** A report this worker has claimed and is filing; nobody else touches it meanwhile. */
export interface Claim<T> {
  id: string;
  item: T;
  path: string;
}

/**
 * The durable, encrypted spool of reports that are accepted but not yet filed.
 *
 *   spool/pending/<id>.report  waiting (mtime = not before: the backoff, shared by every worker)
 *   spool/claimed/<id>.report  being filed by one worker (mtime = its last heartbeat)
 *   receipts/<id>.receipt      where a filed report went (for the reporter's status page)
 *
 * Claiming is an atomic rename from pending/ to claimed/: of several workers
 * (several replicas sharing DATA_DIR), exactly one wins. A claim whose heartbeat
 * is older than `leaseMs` is put back in pending/ (its worker died).
 * Files are sealed with AES-256-GCM, bound to their id.
 */
export class Spool<T> {
  readonly pendingDir: string;
  readonly claimedDir: string;
  readonly receiptsDir: string;
  private ready: Promise<void> | undefined;

  constructor(private readonly options: SpoolOptions) {
    this.pendingDir = join(options.dataDir, "spool", "pending");
    this.claimedDir = join(options.dataDir, "spool", "claimed");
    this.receiptsDir = join(options.dataDir, "receipts");
  }

  init(): Promise<void> {
    this.ready ??= (async () => {
      for (const dir of [this.pendingDir, this.claimedDir, this.receiptsDir]) await mkdir(dir, { recursive: true, mode: 0o700 });
    })();
    return this.ready;
  }

  /** Stores a report durably (fsynced) before the caller answers the reporter. */
  async accept(id: string, item: T): Promise<void> {
    checkId(id);
    await this.init();
    await writeDurably(join(this.pendingDir, id + SUFFIX), this.seal(id, item));
  }

  /** Ids waiting in pending/ whose backoff has passed, oldest first. */
  async due(now: number): Promise<string[]> {
    await this.init();
    const entries = await this.list(this.pendingDir);
    const withTimes = await Promise.all(
      entries.map(async (id) => {
        const info = await stat(join(this.pendingDir, id + SUFFIX)).catch(() => null);
        // mtimeMs has sub-millisecond precision and Date.now() has not: a report written
        // and drained within one millisecond (1000.7 vs 1000) must still count as due.
        return info ? { id, notBefore: Math.floor(info.mtimeMs) } : null;
      }),
    );
    return withTimes
      .filter((e): e is { id: string; notBefore: number } => e !== null && e.notBefore <= now)
      .sort((a, b) => a.notBefore - b.notBefore)
      .map((e) => e.id);
  }

  /** How many reports wait in the spool (pending or claimed). */
  async size(): Promise<number> {
    await this.init();
    return (await this.list(this.pendingDir)).length + (await this.list(this.claimedDir)).length;
  }

  /** Takes a pending report for filing; null when another worker took it first. */
  async claim(id: string, now: number): Promise<Claim<T> | null> {
    checkId(id);
    const from = join(this.pendingDir, id + SUFFIX);
    const to = join(this.claimedDir, id + SUFFIX);
    // A rename keeps the file's time: a report that waited longer than the lease would
    // arrive in claimed/ looking abandoned, and another worker could take it back before
    // our first heartbeat. So the time is set first (it stays due: it is `now`).
    const at = new Date(now);
    try {
      await utimes(from, at, at);
      await rename(from, to);
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    try {
      return { id, path: to, item: await this.read(to, id) };
    } catch (error) {
      // Not ours to open (another key): put it back untouched for a worker that can.
      await this.release({ id, path: to }, now + this.options.leaseMs);
      throw error;
    }
  }

  /** Keeps a claim alive while a slow filing goes on. */
  async heartbeat(claim: { path: string }, now: number): Promise<void> {
    const at = new Date(now);
    await utimes(claim.path, at, at).catch(() => undefined);
  }

  /** Gives a claimed report back to pending/, not to be tried before `notBefore`. */
  async release(claim: { id: string; path: string }, notBefore: number): Promise<void> {
    const to = join(this.pendingDir, claim.id + SUFFIX);
    await rename(claim.path, to);
    const at = new Date(notBefore);
    await utimes(to, at, at);
  }

  /** The report is filed: it leaves the spool for good. */
  async complete(claim: { path: string }): Promise<void> {
    await unlink(claim.path).catch((error: unknown) => {
      if (!isMissing(error)) throw error;
    });
    await syncFolder(this.claimedDir);
  }

  /** Puts claims whose worker stopped heart-beating back in pending/. Returns their ids. */
  async reclaimStale(now: number): Promise<string[]> {
    await this.init();
    const reclaimed: string[] = [];
    for (const id of await this.list(this.claimedDir)) {
      const path = join(this.claimedDir, id + SUFFIX);
      const info = await stat(path).catch(() => null);
      if (!info || now - info.mtimeMs < this.options.leaseMs) continue;
      try {
        await this.release({ id, path }, now);
        reclaimed.push(id);
      } catch (error) {
        if (!isMissing(error)) throw error; // another worker reclaimed it first
      }
    }
    return reclaimed;
  }

  /** A report still in the spool (pending or being filed), or null. */
  async find(id: string): Promise<T | null> {
    if (!ID.test(id)) return null;
    await this.init();
    for (const dir of [this.pendingDir, this.claimedDir]) {
      try {
        return await this.read(join(dir, id + SUFFIX), id);
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    }
    return null;
  }

  /** Records where a filed report went (sealed too: it names an owner and a case). */
  async writeReceipt<R>(id: string, receipt: R): Promise<void> {
    checkId(id);
    await this.init();
    await writeDurably(join(this.receiptsDir, id + ".receipt"), this.seal(`receipt:${id}`, receipt));
  }

  async readReceipt<R>(id: string): Promise<R | null> {
    if (!ID.test(id)) return null;
    await this.init();
    try {
      return this.open<R>(await readFile(join(this.receiptsDir, id + ".receipt")), `receipt:${id}`);
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  private async read(path: string, id: string): Promise<T> {
    return this.open<T>(await readFile(path), id);
  }

  private seal(boundTo: string, value: unknown): Buffer {
    return this.options.sealer.seal(Buffer.from(JSON.stringify(value), "utf8"), boundTo);
  }

  private open<V>(data: Buffer, boundTo: string): V {
    return JSON.parse(this.options.sealer.open(data, boundTo).toString("utf8")) as V;
  }

  private async list(dir: string): Promise<string[]> {
    const names = await readdir(dir).catch((error: unknown) => {
      if (isMissing(error)) return [] as string[];
      throw error;
    });
    return names.filter((n) => n.endsWith(SUFFIX)).map((n) => n.slice(0, -SUFFIX.length)).filter((id) => ID.test(id));
  }
}

export { SealError };

function checkId(id: string): void {
  if (!ID.test(id)) throw new Error("invalid report id");
}

function isMissing(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "ENOENT";
}
