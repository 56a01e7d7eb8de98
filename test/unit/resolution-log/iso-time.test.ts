// isoTimeMs must be Date.parse, only cheaper: every answer is compared with Date.parse's.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isoTimeIn, isoTimeMs } from "../../../src/resolution-log/iso-time.js";

const pad = (value: number, width: number) => String(value).padStart(width, "0");
const canonical = (y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number) =>
  `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${pad(ms, 3)}Z`;

describe("isoTimeMs", () => {
  it("gives Date.parse's answer for every day of years around the leap-year rules, and for the first and last instants", () => {
    const mismatches: string[] = [];
    const check = (text: string) => {
      if (!Object.is(isoTimeMs(text), Date.parse(text))) mismatches.push(text);
    };
    let checked = 0;
    for (const year of [0, 1, 4, 99, 100, 400, 1600, 1900, 1969, 1970, 2000, 2024, 2026, 2100, 2400, 9999]) {
      // Days 0 and 29-31 of every month too: the impossible ones must come out as Date.parse has them.
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) {
          check(canonical(year, month, day, 0, 0, 0, 0));
          check(canonical(year, month, day, 23, 59, 59, 999));
          checked += 2;
        }
      }
    }
    for (const text of [
      "1970-01-01T00:00:00.000Z",
      "1969-12-31T23:59:59.999Z",
      "2026-07-01T24:00:00.000Z",
      "2026-06-30T23:59:60.000Z",
      "2026-07-01T12:60:00.000Z",
    ])
      check(text);
    expect(mismatches).toStrictEqual([]);
    expect(checked).toBe(16 * 14 * 33 * 2);
    // The cases above reach the arithmetic, not only the fallback.
    expect(isoTimeMs("2024-02-29T12:34:56.789Z")).toBe(Date.UTC(2024, 1, 29, 12, 34, 56, 789));
    expect(isoTimeMs("0000-03-01T00:00:00.000Z")).toBe(-62_162_035_200_000);
  });

  it("gives Date.parse's answer for any digits in the written shape, and for other shapes", () => {
    const field = (max: number) => fc.integer({ min: 0, max });
    fc.assert(
      fc.property(field(9999), field(19), field(39), field(29), field(69), field(69), field(999), (y, mo, d, h, mi, s, ms) => {
        const text = canonical(y, mo, d, h, mi, s, ms);
        // Alone, and read in place inside a longer line.
        const line = `{"at":"${text}","x":1}`;
        return Object.is(isoTimeMs(text), Date.parse(text)) && Object.is(isoTimeIn(line, 7, 7 + text.length), Date.parse(text));
      }),
      { numRuns: 10_000 },
    );
    fc.assert(
      fc.property(fc.date({ noInvalidDate: true }), fc.constantFrom("", "+02:00", "-05:30", "9"), (date, change) => {
        // Other shapes of the same instant: an offset, no fraction, a longer fraction, other separators.
        const iso = date.toISOString();
        const texts = [
          iso,
          iso.replace("Z", change || "Z"),
          iso.replace(/\.\d{3}/, ""),
          iso.replace("Z", `${change}Z`),
          iso.toLowerCase(),
          ` ${iso}`,
          iso.replace("T", " "),
          iso.replace("Z", "z"),
        ];
        // Each character replaced on its own: by a letter, and each separator by a digit.
        for (let at = 0; at < 24; at++) texts.push(`${iso.slice(0, at)}x${iso.slice(at + 1)}`);
        for (const at of [4, 7, 10, 13, 16, 19, 23]) texts.push(`${iso.slice(0, at)}0${iso.slice(at + 1)}`);
        return texts.every((text) => Object.is(isoTimeMs(text), Date.parse(text)) && Object.is(isoTimeIn(`"${text}"`, 1, 1 + text.length), Date.parse(text)));
      }),
      { numRuns: 1_000 },
    );
    fc.assert(fc.property(fc.string({ minLength: 24, maxLength: 24 }), (text) => Object.is(isoTimeMs(text), Date.parse(text))));
  });
});
