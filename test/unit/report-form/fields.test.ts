import { afterEach, describe, expect, it, vi } from "vitest";
import { RE2JS } from "re2js";
import { LIMITS, parseFields } from "../../../src/report-form/fields.js";

const CATEGORIES = ["Spam", "Harassment"];
const SUBMISSION = "a".repeat(24);
const URL = "https://github.com/octo-org/octo-repo/issues/1";

function submit(fields: Partial<Record<"url" | "description" | "category" | "contact", string>>) {
  return parseFields({ url: URL, description: "Something hurtful happened.", category: "", contact: "", submission: SUBMISSION, ...fields }, CATEGORIES);
}

function codes(result: ReturnType<typeof parseFields>): Array<[string | null, string]> {
  return result.ok ? [] : result.errors.map((e) => [e.field, e.code]);
}

/**
 * Every input the contact's format patterns were run on. The patterns are RE2
 * (linear in the input by construction); the bound keeps even that small.
 */
function watchPatternInputs(): string[] {
  const seen: string[] = [];
  const original = RE2JS.prototype.matches;
  vi.spyOn(RE2JS.prototype, "matches").mockImplementation(function (this: RE2JS, input) {
    seen.push(String(input));
    return original.call(this, input);
  });
  return seen;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("report form fields", () => {
  it.each([["reporter@example.org"], ["first.last+tag@mail.example.co.uk"], ["@octocat"], ["octo-cat"], ["A"]])("accepts the contact %j", (contact) => {
    const result = submit({ contact });
    expect(result).toMatchObject({ ok: true, fields: { contact } });
  });

  it.each([["call me maybe"], ["a@b"], ["a@b."], ["@a@b.org"], ["<a@b.org>"], ["a\u00a0b@example.org"], ["-octocat"], [`@${"a".repeat(40)}`]])(
    "refuses the contact %j as neither an e-mail address nor a GitHub username",
    (contact) => {
      expect(codes(submit({ contact }))).toStrictEqual([["contact", "contact-format"]]);
    },
  );

  it("checks the contact's format with the linear (RE2) patterns, on the trimmed text only", () => {
    const seen = watchPatternInputs();
    expect(submit({ contact: "  reporter@example.org " }).ok).toBe(true);
    expect(seen).toContain("reporter@example.org");
  });

  it.each([
    ["a@ + 60,000 dots + @", `a@${".".repeat(60_000)}@`],
    ["60,000 dots after an @", `a@${".".repeat(60_000)}`],
    ["a 60,000-letter username", "a".repeat(60_000)],
    ["alternating @ and dots", "@.".repeat(30_000)],
  ])("refuses an over-long contact (%s) before any pattern runs", (_name, contact) => {
    const seen = watchPatternInputs();
    expect(codes(submit({ contact }))).toStrictEqual([["contact", "contact-too-long"]]);
    expect(seen).toStrictEqual([]);
  });

  it("never runs a pattern on more characters than the field allows", () => {
    const seen = watchPatternInputs();
    const longest = `a@${".".repeat(LIMITS.contact - 3)}@`;
    expect(longest).toHaveLength(LIMITS.contact);
    expect(codes(submit({ contact: longest }))).toStrictEqual([["contact", "contact-format"]]);
    expect(codes(submit({ contact: `${longest}x` }))).toStrictEqual([["contact", "contact-too-long"]]);
    expect(seen.length).toBeGreaterThan(0);
    expect(Math.max(...seen.map((s) => s.length))).toBeLessThanOrEqual(LIMITS.contact);
  });

  it("refuses an over-long link and description with their length codes only", () => {
    const result = submit({ url: `https://github.com/${"a/".repeat(2_000)}`, description: "x".repeat(LIMITS.description + 1) });
    expect(codes(result)).toStrictEqual([
      ["url", "url-too-long"],
      ["description", "description-too-long"],
    ]);
  });

  it("refuses an unknown category and a malformed submission id", () => {
    const result = parseFields({ url: URL, description: "d", category: "Made up", contact: "", submission: "short" }, CATEGORIES);
    expect(codes(result)).toStrictEqual([
      ["category", "category-unknown"],
      [null, "form-expired"],
    ]);
  });
});
