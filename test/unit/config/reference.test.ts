import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { configReference } from "../../../src/config/reference.js";
import { configSchema, durationString, OWNER_DECIDES } from "../../../src/config/schema.js";

/** A key's schema without its default, prefault, optional and nullable wrappers; `nullable` says whether one of them was nullable. */
function unwrap(schema: z.ZodType): { inner: z.ZodType; nullable: boolean } {
  let inner = schema;
  let nullable = false;
  for (;;) {
    if (inner instanceof z.ZodDefault || inner instanceof z.ZodPrefault || inner instanceof z.ZodOptional) inner = inner.unwrap() as z.ZodType;
    else if (inner instanceof z.ZodNullable) {
      nullable = true;
      inner = inner.unwrap() as z.ZodType;
    } else return { inner, nullable };
  }
}

interface ZodKey {
  path: string;
  schema: z.ZodType;
  /** A leaf holds a value (not a section of further keys); an object-or-null key is a leaf with keys of its own. */
  leaf: boolean;
}

/** Every key of the zod schema, walked on its own (not through the JSON Schema the reference reads). */
function zodKeys(shape: Record<string, z.ZodType>, prefix = ""): ZodKey[] {
  const keys: ZodKey[] = [];
  for (const [name, schema] of Object.entries(shape)) {
    const path = prefix ? `${prefix}.${name}` : name;
    const { inner, nullable } = unwrap(schema);
    if (inner instanceof z.ZodObject) {
      if (nullable) keys.push({ path, schema: inner, leaf: true });
      keys.push(...zodKeys(inner.shape as Record<string, z.ZodType>, path));
    } else {
      keys.push({ path, schema: inner, leaf: true });
    }
  }
  return keys;
}

function valueAt(value: unknown, path: string): unknown {
  let here = value;
  for (const part of path.split(".")) {
    if (here === null || typeof here !== "object") return undefined;
    here = (here as Record<string, unknown>)[part];
  }
  return here;
}

const reference = configReference();
const schemaKeys = zodKeys(configSchema.shape as Record<string, z.ZodType>);

describe("the configuration reference (config/reference.ts)", () => {
  it("lists every leaf key of the schema exactly once, and nothing else", () => {
    const paths = reference.map((key) => key.path);
    expect(new Set(paths).size).toBe(paths.length);
    expect([...paths].sort()).toStrictEqual(schemaKeys.map((key) => key.path).sort());
    expect(paths.length).toBeGreaterThan(30);
  });

  it("gives as each default what parsing an empty file gives", () => {
    const defaults = configSchema.parse({});
    for (const key of reference) {
      const expected = valueAt(defaults, key.path);
      if (key.default === undefined) expect(expected, key.path).toBeUndefined();
      else expect(parse(key.default), key.path).toStrictEqual(expected);
    }
    // Keys the schema defaults must show it: only optional keys go without.
    const undocumented = reference.filter((key) => key.default === undefined && valueAt(defaults, key.path) !== undefined);
    expect(undocumented).toStrictEqual([]);
  });

  it("writes each default on one line", () => {
    for (const key of reference) if (key.default !== undefined) expect(key.default, key.path).not.toContain("\n");
  });

  it("describes every key", () => {
    for (const key of reference) expect(key.description.length, key.path).toBeGreaterThan(10);
  });

  it("names durations, lists the values of choices, and says which keys only the owner decides", () => {
    for (const { path, schema } of schemaKeys) {
      const key = reference.find((entry) => entry.path === path);
      if (!key) throw new Error(`${path} is missing`);
      if (schema === durationString) expect(key.type, path).toBe("duration");
      if (schema instanceof z.ZodEnum) {
        expect(key.values, path).toStrictEqual(schema.options);
        for (const value of schema.options) expect(key.allowed, path).toContain(`\`${value}\``);
      }
      const owners = OWNER_DECIDES.some((owned) => path === owned || path.startsWith(`${owned}.`));
      expect(key.ownerDecides, path).toBe(owners);
    }
  });

  it("places each key where the schema reads it: a default written under its dotted path is a valid file", () => {
    for (const key of reference) {
      if (key.default === undefined) continue;
      const file: Record<string, unknown> = {};
      const parts = key.path.split(".");
      let here = file;
      for (const part of parts.slice(0, -1)) {
        here[part] ??= {};
        here = here[part] as Record<string, unknown>;
      }
      here[parts[parts.length - 1] as string] = parse(key.default);
      expect(configSchema.safeParse(file).success, key.path).toBe(true);
    }
  });
});
