import { randomBytes } from "node:crypto";
import { readFileSync, readlinkSync } from "node:fs";
import { hostname } from "node:os";

/**
 * Who holds a claim on a spooled report: this process, named so that another
 * process on the same machine can tell whether the holder is still running.
 *
 * `instance` is a boot id kept in memory only: a restarted process always has
 * a new one, even when it gets the same pid again (pid 1 in every container).
 * `pidNamespace` and `startedAt` (Linux `/proc`) make pids comparable and
 * catch pid reuse; elsewhere they are null and only the pid is compared.
 */
export interface Holder {
  instance: string;
  host: string;
  pid: number;
  pidNamespace: string | null;
  /** The process's start time in clock ticks since boot (`/proc/<pid>/stat`, field 22). */
  startedAt: string | null;
}

/** What the machine says about other processes (tests replace it). */
export interface ProcessTable {
  exists(pid: number): boolean;
  /** Start time of a running process, as in `Holder.startedAt`; null when unknown. */
  startedAt(pid: number): string | null;
}

/**
 * What a claim's holder is, as far as this process can tell:
 * - `self`: this process;
 * - `stopped`: on this machine, and certainly not running any more;
 * - `running`: on this machine, and a process with its pid and start time runs;
 * - `unsure`: on this machine, but in another pid namespace (a container that restarted,
 *   or another container with the same host name): only its heartbeat can tell;
 * - `remote`: on another machine: only its heartbeat can tell, across clocks.
 */
export type HolderState = "self" | "stopped" | "running" | "unsure" | "remote";

export function holderState(holder: Holder, self: Holder, processes: ProcessTable): HolderState {
  if (holder.instance === self.instance) return "self";
  if (holder.host !== self.host) return "remote";
  if (holder.pidNamespace !== self.pidNamespace) return "unsure";
  // Our own pid, and we are not that holder: it has stopped (a container restarted in place).
  if (holder.pid === self.pid) return "stopped";
  if (!processes.exists(holder.pid)) return "stopped";
  const startedAt = processes.startedAt(holder.pid);
  if (holder.startedAt !== null && startedAt !== null && startedAt !== holder.startedAt) return "stopped"; // the pid was reused
  return "running";
}

let current: Holder | undefined;

/** This process as a claim holder (one boot id per process). */
export function thisProcess(): Holder {
  current ??= {
    instance: randomBytes(8).toString("hex"),
    host: hostname(),
    pid: process.pid,
    pidNamespace: pidNamespace(),
    startedAt: LOCAL_PROCESSES.startedAt(process.pid),
  };
  return current;
}

export const LOCAL_PROCESSES: ProcessTable = {
  exists(pid) {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      // EPERM: it runs, under another user.
      return (error as { code?: string }).code === "EPERM";
    }
  },
  startedAt(pid) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      // The command name (field 2) may hold spaces and parentheses: count fields after the last ")".
      return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
    } catch {
      return null;
    }
  },
};

function pidNamespace(): string | null {
  try {
    return readlinkSync("/proc/self/ns/pid");
  } catch {
    return null;
  }
}
