/**
 * Reporting periods: `2026` (a year), `2026-H1`/`2026-H2` (half years),
 * `2026-Q1`..`2026-Q4` (quarters) and `2026-07` (a month). All in UTC,
 * start inclusive, end exclusive.
 */
export interface Period {
  /** The normalised name, also the report's file name: `reports/<label>.md`. */
  label: string;
  start: Date;
  end: Date;
}

const PERIOD = /^(\d{4})(?:-(H[12]|Q[1-4]|\d{2}))?$/i;

export class PeriodError extends Error {}

export function parsePeriod(input: string): Period {
  const match = PERIOD.exec(input.trim());
  if (!match) throw new PeriodError(`"${input}" is not a period: use a year (2026), a half (2026-H2), a quarter (2026-Q3) or a month (2026-07)`);
  const year = Number(match[1]);
  const part = match[2]?.toUpperCase();
  let startMonth = 0;
  let months = 12;
  if (part?.startsWith("H")) {
    startMonth = (Number(part.slice(1)) - 1) * 6;
    months = 6;
  } else if (part?.startsWith("Q")) {
    startMonth = (Number(part.slice(1)) - 1) * 3;
    months = 3;
  } else if (part) {
    const month = Number(part);
    if (month < 1 || month > 12) throw new PeriodError(`"${input}": the month must be 01 to 12`);
    startMonth = month - 1;
    months = 1;
  }
  return {
    label: part ? `${year}-${part}` : String(year),
    start: new Date(Date.UTC(year, startMonth, 1)),
    end: new Date(Date.UTC(year, startMonth + months, 1)),
  };
}

/** `2026-07-01`, for people. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
