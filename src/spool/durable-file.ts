import { randomBytes } from "node:crypto";
import * as nodeFs from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** The few file operations a durable write needs; tests pass a recording stand-in to check the order. */
export interface DurableFs {
  open(path: string, flags: string, mode?: number): Promise<{ writeFile(data: Buffer): Promise<void>; sync(): Promise<void>; close(): Promise<void> }>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
}

export const NODE_FS: DurableFs = nodeFs;

/**
 * Writes a file so that it survives a crash or power cut the moment this resolves:
 * temporary file, fsync, atomic rename, fsync of the folder (the rename itself).
 * A reader never sees a half-written file.
 */
export async function writeDurably(path: string, data: Buffer, fs: DurableFs = NODE_FS): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  const handle = await fs.open(temporary, "wx", 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(temporary, path);
  } catch (error) {
    await fs.unlink(temporary).catch(() => undefined);
    throw error;
  }
  await syncFolder(dirname(path), fs);
}

/** Makes renames and deletions in a folder durable. */
export async function syncFolder(folder: string, fs: DurableFs = NODE_FS): Promise<void> {
  const handle = await fs.open(folder, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
