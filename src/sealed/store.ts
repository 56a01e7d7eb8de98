import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import type { Sealer } from "../spool/sealed.js";
import { writeDurably } from "../spool/durable-file.js";

/**
 * What is never written into an organisation whose key-holder a case is about:
 * the reporter's words, the reporter's contact, a maintainer's stated reason.
 * It is kept here instead, sealed (AES-256-GCM, the spool's key) under
 * `DATA_DIR/sealed/`, and shown only on the sealed-report page.
 */
export const sealedTextSchema = z.object({
  reporterWords: z.string().nullable(),
  reporterContact: z.string().nullable(),
  maintainerReason: z.string().nullable(),
});
export type SealedText = z.infer<typeof sealedTextSchema>;

const sealedRecordSchema = z.object({
  v: z.literal(1),
  text: sealedTextSchema,
  /** The person the case is about (never shown the text), by GitHub login and id. */
  reported: z.object({ login: z.string(), id: z.number().int() }).nullable(),
  sealedAt: z.string(),
});
export type SealedRecord = z.infer<typeof sealedRecordSchema>;

/** Which case a sealed text belongs to: the case repository and the case code. */
export interface SealedKey {
  owner: string;
  caseRepository: string;
  code: string;
}

const SAFE = /^[A-Za-z0-9._-]{1,100}$/;

function fileNameOf(key: SealedKey): string {
  for (const part of [key.owner, key.caseRepository, key.code]) if (!SAFE.test(part)) throw new Error("not a sealed-report key");
  return `${key.owner.toLowerCase()}__${key.caseRepository.toLowerCase()}__${key.code.toUpperCase()}.sealed`;
}

/** Sealed texts of key-holder cases, one durable file each, bound to its case (the file name is the sealed data's AAD). */
export class SealedReports {
  private readonly folder: string;

  constructor(
    dataDir: string,
    private readonly sealer: Sealer,
  ) {
    this.folder = join(dataDir, "sealed");
  }

  /** Writes (or rewrites) the sealed text of a case; durable when it resolves. */
  async put(key: SealedKey, record: Omit<SealedRecord, "v">): Promise<void> {
    const name = fileNameOf(key);
    await mkdir(this.folder, { recursive: true, mode: 0o700 });
    const plaintext = Buffer.from(JSON.stringify(sealedRecordSchema.parse({ v: 1, ...record })), "utf8");
    await writeDurably(join(this.folder, name), this.sealer.seal(plaintext, name));
  }

  /** The sealed text of a case, or null when there is none. Throws when the file cannot be opened with this key. */
  async get(key: SealedKey): Promise<SealedRecord | null> {
    const name = fileNameOf(key);
    let sealed: Buffer;
    try {
      sealed = await readFile(join(this.folder, name));
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    return sealedRecordSchema.parse(JSON.parse(this.sealer.open(sealed, name).toString("utf8")));
  }
}

function isMissing(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === "ENOENT";
}
