import { createHmac, createPrivateKey, hkdfSync, timingSafeEqual } from "node:crypto";
import type { Settings } from "../settings.js";

/**
 * The keys that seal case metadata (HMAC-SHA256). Nobody but the app holds
 * them: one is derived with HKDF from the GitHub App's private key (every
 * replica and the `call-in` CLI already hold it, so operators set nothing new);
 * `CASE_METADATA_KEY` optionally pins one that survives a rotation of the
 * private key. Writing uses the primary key (the pinned one when set);
 * reading accepts either, so a rotation never orphans the cases already sealed.
 */
export class SealKeys {
  private constructor(
    readonly primary: Buffer | null,
    private readonly accepted: Buffer[],
    /** Why there is no key, or what is wrong with the configured one (for the operator's log). */
    readonly problem: string | null,
  ) {}

  static from(settings: Pick<Settings, "caseMetadataKey" | "privateKey">): SealKeys {
    const problems: string[] = [];
    let pinned: Buffer | null = null;
    if (settings.caseMetadataKey) {
      pinned = decodeKey(settings.caseMetadataKey);
      if (!pinned) problems.push("CASE_METADATA_KEY is not 32 or more bytes in base64 or hex");
    }
    let derived: Buffer | null = null;
    try {
      const pem = settings.privateKey();
      if (pem) derived = deriveFromPrivateKey(pem);
    } catch {
      problems.push("the app's private key (PRIVATE_KEY or PRIVATE_KEY_PATH) could not be read");
    }
    const accepted = [pinned, derived].filter((k): k is Buffer => k !== null);
    const primary = accepted[0] ?? null;
    if (!primary) problems.push("no key seals case metadata: set PRIVATE_KEY or PRIVATE_KEY_PATH (the app's), or CASE_METADATA_KEY");
    return new SealKeys(primary, accepted, problems.length > 0 ? problems.join("; ") : null);
  }

  /** The seal of `json` in `repository` (`owner/name`), with the primary key. */
  sign(repository: string, json: string): string | null {
    return this.primary ? mac(this.primary, repository, json) : null;
  }

  /** Constant-time check of a seal against every accepted key. */
  verify(repository: string, json: string, seal: string): boolean {
    const given = Buffer.from(seal, "utf8");
    let ok = false;
    for (const key of this.accepted) {
      const expected = Buffer.from(mac(key, repository, json), "utf8");
      if (expected.length === given.length && timingSafeEqual(expected, given)) ok = true;
    }
    return ok;
  }
}

/** The seal format's version prefix: a later scheme can be told apart and rejected by older replicas. */
export const SEAL_PREFIX = "v1.";

/**
 * The MAC covers the repository as well as the block, so a block copied into
 * another repository (another case repository, the escalation repository, or
 * another owner's) does not verify there.
 */
function mac(key: Buffer, repository: string, json: string): string {
  return SEAL_PREFIX + createHmac("sha256", key).update(`call-in:meta\n${repository.toLowerCase()}\n${json}`).digest("base64url");
}

/**
 * HKDF over the private key's canonical form (PKCS#8 DER), so a key given as
 * a file on one replica and as an escaped PRIVATE_KEY on another seals alike.
 */
export function deriveFromPrivateKey(pem: string): Buffer {
  const der = createPrivateKey(pem).export({ type: "pkcs8", format: "der" });
  return Buffer.from(hkdfSync("sha256", der, "call-in", "case-metadata-seal-v1", 32));
}

function decodeKey(value: string): Buffer | null {
  const bytes = /^[0-9a-f]+$/i.test(value) && value.length % 2 === 0 ? Buffer.from(value, "hex") : Buffer.from(value, "base64");
  return bytes.length >= 32 ? bytes : null;
}
