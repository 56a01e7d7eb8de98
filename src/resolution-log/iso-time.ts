/**
 * `Date.parse` for the timestamps the log writes (`Date#toISOString`: `2026-07-01T12:00:00.000Z`),
 * done with integer arithmetic; any other string goes to `Date.parse` itself, so the result is
 * always `Date.parse`'s (test/unit/resolution-log/iso-time.test.ts). A report reads one or two times per line
 * of the log, and this is several times cheaper than the general parser.
 */
export function isoTimeMs(text: string): number {
  return isoTimeIn(text, 0, text.length);
}

/**
 * isoTimeMs of `text.slice(start, end)`, read in place: a slice of a large string (a log
 * shard) is several times slower to read character by character than the shard itself.
 */
export function isoTimeIn(text: string, start: number, end: number): number {
  const at = start;
  if (end - start !== 24 || text.charCodeAt(at + 23) !== 90 /* Z */) return Date.parse(text.slice(start, end));
  if (
    text.charCodeAt(at + 4) !== 45 /* - */ ||
    text.charCodeAt(at + 7) !== 45 ||
    text.charCodeAt(at + 10) !== 84 /* T */ ||
    text.charCodeAt(at + 13) !== 58 /* : */ ||
    text.charCodeAt(at + 16) !== 58 ||
    text.charCodeAt(at + 19) !== 46 /* . */
  ) {
    return Date.parse(text.slice(start, end));
  }
  const year = digits(text, at, 4);
  const month = digits(text, at + 5, 2);
  const day = digits(text, at + 8, 2);
  const hour = digits(text, at + 11, 2);
  const minute = digits(text, at + 14, 2);
  const second = digits(text, at + 17, 2);
  const ms = digits(text, at + 20, 3);
  // Anything out of the ordinary range (a 24th hour, a leap second, 30 February, a stray
  // character) is left to Date.parse, whatever it makes of it.
  if (
    year < 0 ||
    ms < 0 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 59
  ) {
    return Date.parse(text.slice(start, end));
  }
  return daysFromCivil(year, month, day) * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1_000 + ms;
}

/** The decimal number in `count` characters from `start`, or -1 when one of them is not a digit. */
function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}
