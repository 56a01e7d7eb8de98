import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { CROCKFORD_ALPHABET } from "../cases/code.js";
import type { ReportedLink } from "./link.js";

/** A report as it waits in the spool (sealed) until it is filed. */
export interface SpooledReport {
  v: 1;
  id: string;
  receivedAt: string;
  link: ReportedLink;
  description: string;
  category: string | null;
  contact: string | null;
  /** sha256 of the status token; the token itself is never stored. */
  statusTokenHash: string;
  /** Looked up when the report was accepted; null when GitHub did not answer then. */
  installationId: number | null;
  /**
   * The reporter ticked "This concerns a maintainer, moderator or owner of this
   * project": the report is routed as one about a key-holder. Absent (false) in
   * reports spooled before the field existed; read them through `spooledReportOf`.
   */
  concernsKeyHolder: boolean;
}

/** A report as read from the spool, with the defaults of fields added since it was written. */
export function spooledReportOf(stored: Omit<SpooledReport, "concernsKeyHolder"> & { concernsKeyHolder?: unknown }): SpooledReport {
  return { ...stored, concernsKeyHolder: stored.concernsKeyHolder === true };
}

/** Where a filed report went: enough for the status page to read the case's state. */
export interface ReportReceipt {
  v: 1;
  owner: string;
  caseRepository: string;
  format: "issue" | "discussion";
  number: number;
  installationId: number;
  statusTokenHash: string;
  filedAt: string;
}

function base32(bytes: Buffer, chars: number): string {
  let out = "";
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < chars) {
      out += CROCKFORD_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= 0xff;
  }
  return out;
}

/**
 * The report id (40 bits, shown as `R-7KQ3-M2XD`) and the status token (256 bits)
 * are derived from the form page's one-time submission id and the report's
 * content with a server key: a double click or a resubmitted page gives the same
 * receipt and the same spool file (one case); an edited resubmission is a new report.
 */
export function identityOf(idKey: Buffer, submission: string, content: readonly string[]): { id: string; token: string; tokenHash: string } {
  const material = [submission, ...content].join("\u0000");
  const id = base32(createHmac("sha256", idKey).update(`id\u0000${material}`).digest(), 8);
  const secret = createHmac("sha256", idKey).update(`token\u0000${material}`).digest("base64url");
  const token = `${id}.${secret}`;
  return { id, token, tokenHash: hashToken(token) };
}

export function referenceOf(id: string): string {
  return `R-${id.slice(0, 4)}-${id.slice(4, 8)}`;
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** `<id>.<43 base64url characters>`; anything else is not a token. */
export function parseToken(token: string): { id: string; hash: string } | null {
  if (!/^[0-9A-Z]{8}\.[A-Za-z0-9_-]{43}$/.test(token)) return null;
  return { id: token.slice(0, 8), hash: hashToken(token) };
}

/** Constant-time comparison of two hex hashes. */
export function sameHash(a: string | null | undefined, b: string): boolean {
  if (typeof a !== "string" || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}
