import { createHmac } from "node:crypto";

/**
 * A stable pseudonym for a GitHub account: HMAC-SHA256 of the numeric user id,
 * keyed by PSEUDONYM_KEY. The id (not the login) is used because logins can be
 * renamed; the key makes it impossible to test guesses without the secret
 * (a plain hash of a user id could be reversed by hashing every id).
 */
export class Pseudonymiser {
  private constructor(private readonly key: string | null) {}

  static withKey(key: string | null): Pseudonymiser {
    return new Pseudonymiser(key);
  }

  get enabled(): boolean {
    return this.key !== null;
  }

  /** Hex pseudonym; null without a key or without a person (a deleted account). */
  of(userId: number | null | undefined): string | null {
    if (this.key === null || userId === null || userId === undefined) return null;
    return createHmac("sha256", this.key).update(`github-user:${userId}`).digest("hex");
  }
}
