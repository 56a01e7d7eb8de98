import { randomInt } from "node:crypto";

/** Crockford base32 without I, L, O, U: no letters that read as digits or words. */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

function randomChars(count: number): string {
  let out = "";
  for (let i = 0; i < count; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

/** A case code such as `CI-7KQ3M2`: 30 bits, enough to tell cases apart, not a secret. */
export function newCaseCode(): string {
  return `CI-${randomChars(6)}`;
}

/** A receipt reference such as `R-7KQ3-M2XD` for reports from the form. */
export function newReportReference(): string {
  return `R-${randomChars(4)}-${randomChars(4)}`;
}
