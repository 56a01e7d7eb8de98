/** Milliseconds per unit of the config's duration strings (`durationString` in config/schema.ts). */
const UNIT_MS: Record<string, number> = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
  // A month is 30 days: clocks are reminders, not calendar arithmetic.
  mo: 30 * 86_400_000,
};

/** Parses `24h`, `3d`, `1w`, `1mo` into milliseconds; throws on anything else. */
export function durationMs(text: string): number {
  const match = /^(\d+)(mo|m|h|d|w)$/.exec(text.trim());
  const unit = match?.[2];
  if (!match || !unit) throw new Error(`not a duration: ${JSON.stringify(text)} (expected e.g. 24h, 3d, 1w, 1mo)`);
  return Number(match[1]) * (UNIT_MS[unit] ?? 0);
}
