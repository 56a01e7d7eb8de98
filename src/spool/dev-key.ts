import { randomBytes } from "node:crypto";
import { chmodSync, closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";

/** The file in DATA_DIR that keeps the development key when REPORT_ENCRYPTION_KEY is not set. */
export const DEV_KEY_FILE = "development-report-key";

export interface DevKey {
  key: Buffer;
  path: string;
  /** True when this call generated the key (first start on this DATA_DIR). */
  created: boolean;
}

/**
 * The spool key of a development set-up: generated once, kept in `DATA_DIR`
 * (mode 0600, base64, so it can become REPORT_ENCRYPTION_KEY as it is), and
 * read again on every start, so reports in the spool survive a restart.
 * Runs once at start-up, before anything is served: synchronous on purpose.
 */
export function devKeyIn(dataDir: string): DevKey {
  const path = join(dataDir, DEV_KEY_FILE);
  const existing = readKey(path);
  if (existing) {
    // Someone loosened it: only this user may read the key.
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
    return { key: existing, path, created: false };
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  const temporary = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  const fd = openSync(temporary, "wx", 0o600);
  try {
    writeSync(fd, `${key.toString("base64")}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    // A link, not a rename: it fails when another process created the key first, and then theirs is used.
    linkSync(temporary, path);
  } catch (error) {
    if ((error as { code?: string }).code !== "EEXIST") throw error;
  } finally {
    unlinkSync(temporary);
  }
  const dir = openSync(dataDir, "r");
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
  const kept = readKey(path);
  if (!kept) throw new Error(`${path} does not hold a key`);
  return { key: kept, path, created: kept.equals(key) };
}

function readKey(path: string): Buffer | null {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") return null;
    throw error;
  }
  const key = Buffer.from(text.trim(), "base64");
  if (key.length !== 32) throw new Error(`${path} is damaged (not a 32-byte base64 key); reports sealed with it cannot be read`);
  return key;
}
