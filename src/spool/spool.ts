import { mkdir, readFile, readdir, rename, stat, unlink, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type Sealer, SealError } from "./sealed.js";
import { NODE_FS, syncFolder, writeDurably, type DurableFs } from "./durable-file.js";
import { holderState, LOCAL_PROCESSES, thisProcess, type Holder, type ProcessTable } from "./holder.js";

/** Report ids are short base32 strings; nothing else may become a file name. */
const ID = /^[0-9A-Z]{8,32}$/;
const INSTANCE = /^[0-9a-f]{16}$/;
const SUFFIX = ".report";

/**
 * A claim of a worker on another machine lapses after this long without a heartbeat.
 * Three heartbeats, so one late or lost heartbeat (a slow disk, a GC pause, clock
 * skew between machines) never hands a live filing to a second worker.
 */
export const DEFAULT_LEASE_MS = 45_000;
/** How often a worker renews a claim while it files the report. */
export const DEFAULT_HEARTBEAT_MS = 15_000;

export interface SpoolOptions {
  /** `DATA_DIR`: the folder holding `spool/` and `receipts/`. */
  dataDir: string;
  sealer: Sealer;
  /** Lease of claims held on other machines (default `DEFAULT_LEASE_MS`). Longer than two heartbeats. */
  leaseMs?: number;
  /** The heartbeat period of claim holders (default: a third of the lease). */
  heartbeatMs?: number;
  /** Who this spool claims as (default: this process). */
  holder?: Holder;
  processes?: ProcessTable;
  fs?: DurableFs;
}

/** A report this worker has claimed and is filing; nobody else touches it meanwhile. */
export interface Claim<T> {
  id: string;
  item: T;
  path: string;
}

/** Why a claim went back to pending/. */
export type ReclaimReason = "holder-stopped" | "heartbeat-stopped";

export interface Reclaimed {
  /** Claims put back in pending/, and why. */
  reclaimed: Array<{ id: string; reason: ReclaimReason }>;
  /** When the next claim of another worker could lapse (null: none held). */
  nextCheckAt: number | null;
}

/**
 * The durable, encrypted spool of reports that are accepted but not yet filed.
 *
 *   spool/pending/<id>.report             waiting (mtime = not before: the backoff, shared by every worker)
 *   spool/claimed/<id>.<instance>.report  being filed by one worker (mtime = its last heartbeat)
 *   spool/holders/<instance>.json         who that worker is: host, pid, pid namespace, start time
 *   receipts/<id>.receipt                 where a filed report went (for the reporter's status page)
 *
 * Claiming is an atomic rename from pending/ to claimed/: of several workers
 * (several replicas sharing DATA_DIR), exactly one wins. A claim goes back to
 * pending/ when its holder is known to have stopped (same machine: its pid is
 * gone, reused, or ours), when a holder in another pid namespace of this
 * machine missed its heartbeats for 1.5 periods, or when a holder on another
 * machine missed them for the lease. Files are sealed with AES-256-GCM, bound to their id.
 */
export class Spool<T> {
  readonly pendingDir: string;
  readonly claimedDir: string;
  readonly holdersDir: string;
  readonly receiptsDir: string;
  readonly leaseMs: number;
  readonly heartbeatMs: number;
  readonly holder: Holder;
  private readonly processes: ProcessTable;
  private readonly fs: DurableFs;
  private ready: Promise<void> | undefined;

  constructor(private readonly options: SpoolOptions) {
    this.pendingDir = join(options.dataDir, "spool", "pending");
    this.claimedDir = join(options.dataDir, "spool", "claimed");
    this.holdersDir = join(options.dataDir, "spool", "holders");
    this.receiptsDir = join(options.dataDir, "receipts");
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.heartbeatMs = options.heartbeatMs ?? Math.floor(this.leaseMs / 3);
    this.holder = options.holder ?? thisProcess();
    this.processes = options.processes ?? LOCAL_PROCESSES;
    this.fs = options.fs ?? NODE_FS;
  }

  init(): Promise<void> {
    this.ready ??= (async () => {
      for (const dir of [this.pendingDir, this.claimedDir, this.holdersDir, this.receiptsDir]) await mkdir(dir, { recursive: true, mode: 0o700 });
      // Not fsynced: after a power cut no holder runs, and a claim without a holder file waits for the lease.
      await writeFile(this.holderPath(this.holder.instance), JSON.stringify(this.holder), { mode: 0o600 });
    })();
    return this.ready;
  }

  /** This process stops claiming: its holder file goes (call after its claims are completed or released). */
  async close(): Promise<void> {
    if (!this.ready) return;
    await this.ready.catch(() => undefined);
    await unlink(this.holderPath(this.holder.instance)).catch(() => undefined);
  }

  /** Stores a report durably (fsynced) before the caller answers the reporter. */
  async accept(id: string, item: T): Promise<void> {
    checkId(id);
    await this.init();
    await writeDurably(join(this.pendingDir, id + SUFFIX), this.seal(id, item), this.fs);
  }

  /** Ids waiting in pending/ whose backoff has passed, oldest first. */
  async due(now: number): Promise<string[]> {
    await this.init();
    const entries = await this.listPending();
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
    return (await this.listPending()).length + (await this.listClaimed()).length;
  }

  /** Takes a pending report for filing; null when another worker took it first. */
  async claim(id: string, now: number): Promise<Claim<T> | null> {
    checkId(id);
    await this.init();
    const from = join(this.pendingDir, id + SUFFIX);
    const to = join(this.claimedDir, `${id}.${this.holder.instance}${SUFFIX}`);
    try {
      // The heartbeat is set before the rename, so no other worker ever sees this claim with an old time.
      await utimes(from, new Date(now), new Date(now));
      await rename(from, to);
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    try {
      return { id, path: to, item: await this.read(to, id) };
    } catch (error) {
      // Not ours to open (another key): put it back untouched for a worker that can.
      await this.release({ id, path: to }, now + this.leaseMs);
      throw error;
    }
  }

  /** Keeps a claim alive while a slow filing goes on. False when the claim was lost (taken over). */
  async heartbeat(claim: { path: string }, now: number): Promise<boolean> {
    const at = new Date(now);
    try {
      await utimes(claim.path, at, at);
      return true;
    } catch {
      return false;
    }
  }

  /** Gives a claimed report back to pending/, not to be tried before `notBefore`. */
  async release(claim: { id: string; path: string }, notBefore: number): Promise<void> {
    const at = new Date(notBefore);
    // The time first: a claim with a future heartbeat is never taken over meanwhile.
    await utimes(claim.path, at, at);
    await rename(claim.path, join(this.pendingDir, claim.id + SUFFIX));
  }

  /** The report is filed: it leaves the spool for good. */
  async complete(claim: { path: string }): Promise<void> {
    await unlink(claim.path).catch((error: unknown) => {
      if (!isMissing(error)) throw error;
    });
    await syncFolder(this.claimedDir, this.fs);
  }

  /**
   * Puts claims whose holder stopped back in pending/, at once when the holder is
   * known to be gone, else once its heartbeat is older than its lease.
   */
  async reclaimStale(now: number): Promise<Reclaimed> {
    await this.init();
    const reclaimed: Reclaimed["reclaimed"] = [];
    let nextCheckAt: number | null = null;
    const stopped = new Set<string>();
    for (const entry of await this.listClaimed()) {
      const holder = entry.instance ? await this.readHolder(entry.instance) : null;
      const state = holder ? holderState(holder, this.holder, this.processes) : "remote";
      if (state === "self") continue;
      const lease = state === "stopped" ? 0 : state === "unsure" ? Math.floor(this.heartbeatMs * 1.5) : this.leaseMs;
      const info = await stat(entry.path).catch(() => null);
      if (!info) continue;
      const lapsesAt = info.mtimeMs + lease;
      if (now < lapsesAt) {
        nextCheckAt = Math.min(nextCheckAt ?? Infinity, Math.ceil(lapsesAt));
        continue;
      }
      try {
        await this.release({ id: entry.id, path: entry.path }, now);
        reclaimed.push({ id: entry.id, reason: state === "stopped" ? "holder-stopped" : "heartbeat-stopped" });
        if (state === "stopped" && entry.instance) stopped.add(entry.instance);
      } catch (error) {
        if (!isMissing(error)) throw error; // another worker reclaimed it first
      }
    }
    for (const instance of stopped) await unlink(this.holderPath(instance)).catch(() => undefined);
    return { reclaimed, nextCheckAt };
  }

  /** A report still in the spool (pending or being filed), or null. */
  async find(id: string): Promise<T | null> {
    if (!ID.test(id)) return null;
    await this.init();
    const paths = [join(this.pendingDir, id + SUFFIX), ...(await this.listClaimed()).filter((e) => e.id === id).map((e) => e.path)];
    for (const path of paths) {
      try {
        return await this.read(path, id);
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
    await writeDurably(join(this.receiptsDir, `${id}.receipt`), this.seal(`receipt:${id}`, receipt), this.fs);
  }

  async readReceipt<R>(id: string): Promise<R | null> {
    if (!ID.test(id)) return null;
    await this.init();
    try {
      return this.open<R>(await readFile(join(this.receiptsDir, `${id}.receipt`)), `receipt:${id}`);
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  private holderPath(instance: string): string {
    return join(this.holdersDir, `${instance}.json`);
  }

  private async readHolder(instance: string): Promise<Holder | null> {
    try {
      const holder = JSON.parse(await readFile(this.holderPath(instance), "utf8")) as Partial<Holder>;
      if (typeof holder.host !== "string" || typeof holder.pid !== "number") return null;
      return { instance, host: holder.host, pid: holder.pid, pidNamespace: holder.pidNamespace ?? null, startedAt: holder.startedAt ?? null };
    } catch {
      return null; // no holder file (yet, or any more): only the lease can tell
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

  private async listPending(): Promise<string[]> {
    return (await namesIn(this.pendingDir))
      .filter((n) => n.endsWith(SUFFIX))
      .map((n) => n.slice(0, -SUFFIX.length))
      .filter((id) => ID.test(id));
  }

  /** Claimed files: `<id>.<instance>.report`, or `<id>.report` from before claims named their holder. */
  private async listClaimed(): Promise<Array<{ id: string; instance: string | null; path: string }>> {
    const entries: Array<{ id: string; instance: string | null; path: string }> = [];
    for (const name of await namesIn(this.claimedDir)) {
      if (!name.endsWith(SUFFIX)) continue;
      const [id, instance, ...rest] = name.slice(0, -SUFFIX.length).split(".");
      if (!id || !ID.test(id) || rest.length > 0 || (instance !== undefined && !INSTANCE.test(instance))) continue;
      entries.push({ id, instance: instance ?? null, path: join(this.claimedDir, name) });
    }
    return entries;
  }
}

export { SealError };

async function namesIn(dir: string): Promise<string[]> {
  return readdir(dir).catch((error: unknown) => {
    if (isMissing(error)) return [] as string[];
    throw error;
  });
}

function checkId(id: string): void {
  if (!ID.test(id)) throw new Error("invalid report id");
}

function isMissing(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "ENOENT";
}
