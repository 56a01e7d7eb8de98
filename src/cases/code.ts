import { randomInt } from "node:crypto";

/** Crockford base32 without I, L, O, U: no letters that read as digits or words. Case codes and report ids use it. */
export const CROCKFORD_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

function randomChars(count: number): string {
  let out = "";
  for (let i = 0; i < count; i++) out += CROCKFORD_ALPHABET[randomInt(CROCKFORD_ALPHABET.length)];
  return out;
}

/** A case code such as `CI-7KQ3M2`: 30 bits, enough to tell cases apart, not a secret. */
export function newCaseCode(): string {
  return `CI-${randomChars(6)}`;
}
