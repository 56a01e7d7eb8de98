import { RE2JS } from "re2js";
import { z } from "zod";

/** The value the key-holder checkbox sends when it is ticked. */
export const KEY_HOLDER_BOX = "yes";

/** Limits a reporter can run into; the form shows them. */
export const LIMITS = { url: 2_000, description: 10_000, contact: 200 } as const;

/** What a person typed, as strings, to put back in the form after an error. */
export interface TypedValues {
  url: string;
  description: string;
  category: string;
  contact: string;
  /** The box "This concerns a maintainer, moderator or owner of this project". */
  concernsKeyHolder: boolean;
}

export interface FieldError {
  /** The field's id in the form, or null for a problem with the whole submission. */
  field: "url" | "description" | "category" | "contact" | null;
  /** A message code; templates/report-message.html says it in words. */
  code: string;
}

/**
 * Length first, and `abort: true`: zod runs a string's later checks even after
 * `max` failed, so without it an over-long field would still reach the patterns.
 */
const text = (max: number, tooLong: string) => z.string().trim().max(max, { error: tooLong, abort: true });

/**
 * Contact formats as RE2 patterns (re2js): matching is linear in the input by
 * construction, whatever a visitor types. A backtracking engine took seconds on
 * `a@` + dots + `@`. `SPACE` is JavaScript's `\s` (RE2's `\s` is ASCII only).
 */
const SPACE = String.raw`\s\x0B\pZ\x{FEFF}`;
const EMAIL = RE2JS.compile(String.raw`[^${SPACE}@<>]+@[^${SPACE}@<>]+\.[^${SPACE}@<>]+`);
const HANDLE = RE2JS.compile("@?[A-Za-z0-9][A-Za-z0-9-]{0,38}");

/** An e-mail address or a GitHub username (whole-string matches). */
export function isContact(text: string): boolean {
  return EMAIL.matches(text) || HANDLE.matches(text);
}

/** The submitted form: one zod schema; message codes instead of sentences (templates hold the words). */
export function reportFieldsSchema(categories: readonly string[]) {
  return z.object({
    url: text(LIMITS.url, "url-too-long").min(1, { error: "url-missing" }),
    description: text(LIMITS.description, "description-too-long").min(1, { error: "description-missing" }),
    category: z
      .string()
      .trim()
      .refine((c) => c === "" || categories.includes(c), { error: "category-unknown" }),
    contact: text(LIMITS.contact, "contact-too-long").refine((c) => c === "" || isContact(c), { error: "contact-format" }),
    /** The key-holder box: a report about someone who can read the team's cases is routed away from them. */
    concernsKeyHolder: z.boolean().default(false),
    submission: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, { error: "form-expired" }),
  });
}

export type ReportFields = z.infer<ReturnType<typeof reportFieldsSchema>>;

function field(value: unknown): string {
  return typeof value === "string" ? value : "";
}

export function typedValues(body: unknown): TypedValues {
  const b = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  // A checkbox sends its value only when ticked; anything else is an empty box.
  return {
    url: field(b.url),
    description: field(b.description),
    category: field(b.category),
    contact: field(b.contact),
    concernsKeyHolder: b.concernsKeyHolder === KEY_HOLDER_BOX,
  };
}

export function parseFields(body: unknown, categories: readonly string[]): { ok: true; fields: ReportFields } | { ok: false; errors: FieldError[] } {
  const b = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const input = { ...typedValues(b), submission: field(b.submission) };
  const parsed = reportFieldsSchema(categories).safeParse(input);
  if (parsed.success) return { ok: true, fields: parsed.data };
  const errors = parsed.error.issues.map((issue): FieldError => {
    const name = String(issue.path[0] ?? "");
    return { field: name === "url" || name === "description" || name === "category" || name === "contact" ? name : null, code: issue.message };
  });
  return { ok: false, errors };
}
