import { stringify } from "yaml";
import { z } from "zod";
import { configJsonSchema } from "./json-schema.js";
import { durationString, OWNER_DECIDES } from "./schema.js";

/**
 * Every key of `.github/call-in.yml` as a flat list, read from the JSON Schema
 * that is generated from the zod schema: the configuration reference
 * (docs/configuration.md) and the commented file `call-in init` writes are
 * built from it, so neither can drift from what the app accepts.
 */
export interface ConfigKey {
  /** Dotted path, e.g. `watch.screening.enabled`. */
  path: string;
  /** The type in words: `boolean`, `string`, `integer`, `duration`, `list of strings`, `object or null`. */
  type: string;
  /** The default as one line of YAML (`24h`, `[]`, `null`, `[ a, b ]`), or undefined when the key has none and stays unset. */
  default: string | undefined;
  description: string;
  /** The only values the key takes, when the schema lists them (an enum). */
  values: readonly (string | number | boolean)[] | undefined;
  /** What the schema allows besides the type, in words (a pattern, a length, a range, a number of items); empty when nothing. */
  allowed: string;
  /** Only the owner's file (`<owner>/.github/.github/call-in.yml`) decides this key when that file exists. */
  ownerDecides: boolean;
}

interface JsonSchemaNode {
  type?: string;
  description?: string;
  default?: unknown;
  enum?: (string | number | boolean)[];
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchemaNode;
  properties?: Record<string, JsonSchemaNode>;
  anyOf?: JsonSchemaNode[];
}

/** The duration pattern as the JSON Schema writes it, so a duration key can be named as such. */
const DURATION_PATTERN = (z.toJSONSchema(durationString) as JsonSchemaNode).pattern;

/** The default as one line of YAML (flow style, never folded). */
export function yamlText(value: unknown): string {
  return stringify(value, { collectionStyle: "flow", lineWidth: 0 }).trimEnd();
}

function isDuration(node: JsonSchemaNode): boolean {
  return node.type === "string" && node.pattern !== undefined && node.pattern === DURATION_PATTERN;
}

/** The type of one node in words. */
function typeName(node: JsonSchemaNode): string {
  if (node.anyOf) return node.anyOf.map(typeName).join(" or ");
  if (node.type === "array") {
    const item = node.items ? typeName(node.items) : "value";
    return `list of ${item === "duration" ? "durations" : `${item}s`}`;
  }
  if (isDuration(node)) return "duration";
  if (node.type === "string" && node.format === "uri") return "URL";
  return node.type ?? "any";
}

/** Limits of a string or number node in words. */
function limits(node: JsonSchemaNode): string[] {
  const parts: string[] = [];
  if (node.enum) parts.push(`one of ${node.enum.map((value) => `\`${yamlText(value)}\``).join(", ")}`);
  if (isDuration(node)) parts.push("a number and `m` (minutes), `h`, `d`, `w` or `mo`, e.g. `14d`");
  else if (node.pattern) parts.push(`matches \`${node.pattern}\``);
  if (node.minLength !== undefined && node.maxLength !== undefined) parts.push(`${node.minLength} to ${node.maxLength} characters`);
  else if (node.minLength !== undefined && node.minLength > 0) parts.push(`at least ${node.minLength} character${node.minLength === 1 ? "" : "s"}`);
  else if (node.maxLength !== undefined) parts.push(`at most ${node.maxLength} characters`);
  if (node.minimum !== undefined) parts.push(`at least ${node.minimum}`);
  if (node.maximum !== undefined && node.maximum < Number.MAX_SAFE_INTEGER) parts.push(`at most ${node.maximum}`);
  return parts;
}

/** What the node allows besides its type, in words. */
function allowedText(node: JsonSchemaNode): string {
  const parts: string[] = [];
  if (node.type === "array") {
    if (node.minItems !== undefined && node.minItems > 0) parts.push(`at least ${node.minItems} items`);
    if (node.maxItems !== undefined) parts.push(`at most ${node.maxItems} items`);
    const each = node.items ? limits(node.items) : [];
    if (each.length > 0) parts.push(`each ${each.join(", ")}`);
  } else {
    parts.push(...limits(node));
  }
  return parts.join("; ");
}

function decidedByOwner(path: string): boolean {
  return OWNER_DECIDES.some((key) => path === key || path.startsWith(`${key}.`));
}

/** An object node whose keys are listed one by one (a nested section such as `watch`). */
function sectionOf(node: JsonSchemaNode): Record<string, JsonSchemaNode> | undefined {
  return node.type === "object" && node.properties ? node.properties : undefined;
}

/** The object inside an `object or null` node (such as `keyHolderReports`), whose keys are listed too. */
function nullableObjectOf(node: JsonSchemaNode): JsonSchemaNode | undefined {
  return node.anyOf?.find((branch) => branch.type === "object" && branch.properties);
}

function collect(properties: Record<string, JsonSchemaNode>, prefix: string, into: ConfigKey[]): void {
  for (const [name, node] of Object.entries(properties)) {
    const path = prefix ? `${prefix}.${name}` : name;
    const section = sectionOf(node);
    if (section) {
      collect(section, path, into);
      continue;
    }
    into.push({
      path,
      type: typeName(node),
      default: "default" in node ? yamlText(node.default) : undefined,
      description: node.description ?? "",
      values: node.enum,
      allowed: allowedText(node),
      ownerDecides: decidedByOwner(path),
    });
    const inner = nullableObjectOf(node);
    if (inner?.properties) collect(inner.properties, path, into);
  }
}

/**
 * Every key of the configuration in the schema's order. Nested sections
 * (`watch`, `clocks`...) are not keys of their own; their keys are listed with
 * dotted paths. A key that is an object or null (`keyHolderReports`) is listed
 * itself, followed by its own keys.
 */
export function configReference(): ConfigKey[] {
  const schema = configJsonSchema() as JsonSchemaNode;
  const keys: ConfigKey[] = [];
  collect(schema.properties ?? {}, "", keys);
  return keys;
}

export const REFERENCE_START = "<!-- config-reference: generated from src/config/schema.ts by `npm run docs:config` -->";
export const REFERENCE_END = "<!-- /config-reference -->";

/** `doc` with the generated reference between its markers; throws when a marker is missing. */
export function withConfigReference(doc: string): string {
  const start = doc.indexOf(REFERENCE_START);
  const end = doc.indexOf(REFERENCE_END);
  if (start < 0 || end < start) throw new Error(`docs/configuration.md needs the markers ${REFERENCE_START} and ${REFERENCE_END}`);
  return `${doc.slice(0, start + REFERENCE_START.length)}
${configReferenceMarkdown()}
${doc.slice(end)}`;
}

/** The section a key is listed under: its first path segment when that is a nested section, else the top level. */
function sectionName(key: ConfigKey, keys: readonly ConfigKey[]): string {
  const [first] = key.path.split(".");
  if (first === undefined || first === key.path || keys.some((other) => other.path === first)) return "";
  return first;
}

/** The reference as Markdown: one table per section, in the schema's order. */
export function configReferenceMarkdown(): string {
  const keys = configReference();
  const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
  const sections = new Map<string, ConfigKey[]>();
  for (const key of keys) {
    const name = sectionName(key, keys);
    sections.set(name, [...(sections.get(name) ?? []), key]);
  }
  const out: string[] = [];
  for (const [name, members] of sections) {
    out.push("", name ? `### \`${name}\`` : "### Top level", "", "| key | default | type and allowed values | what it does |", "|---|---|---|---|");
    for (const key of members) {
      const shown = key.default === undefined ? "unset" : `\`${key.default}\``;
      const type = key.allowed ? `${key.type}: ${key.allowed}` : key.type;
      const owner = key.ownerDecides && !key.description.startsWith("Owner's file only") ? " *The owner's file decides.*" : "";
      out.push(`| \`${key.path}\` | ${cell(shown)} | ${cell(type)} | ${cell(key.description)}${owner} |`);
    }
  }
  return `${out.join("\n")}\n`;
}
