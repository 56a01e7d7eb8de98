import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { z } from "zod";

/**
 * The signed-in person's session, kept in one cookie, encrypted and authenticated
 * with AES-256-GCM (node:crypto): it holds their GitHub user token, which must not
 * be readable even by the browser that carries it. The key comes from SESSION_SECRET
 * (or, when unset, GITHUB_CLIENT_SECRET, which every replica already shares),
 * through HKDF so the two uses of a secret never share a key.
 */
export const sessionSchema = z.object({
  token: z.string().min(1),
  login: z.string(),
  /** GitHub user id: what the sealed-report page compares (a login can change hands). Absent in sessions made before it was kept. */
  id: z.number().int().optional(),
  /** Expiry, ms since the epoch. */
  exp: z.number(),
});
export type Session = z.infer<typeof sessionSchema>;

export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;

export function deriveKey(secret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "call-in", purpose, 32));
}

export function sealSession(key: Buffer, session: Session): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const sealed = Buffer.concat([cipher.update(JSON.stringify(session), "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString("base64url");
}

/** The session, or null when the cookie is missing, forged, damaged or expired. */
export function openSession(key: Buffer, value: string | undefined, now = Date.now()): Session | null {
  if (!value) return null;
  try {
    const raw = Buffer.from(value, "base64url");
    if (raw.length < 29) return null;
    const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const json = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
    const parsed = sessionSchema.safeParse(JSON.parse(json));
    if (!parsed.success || parsed.data.exp <= now) return null;
    return parsed.data;
  } catch {
    return null;
  }
}
