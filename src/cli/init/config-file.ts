import { stringify } from "yaml";
import { configJsonSchema } from "../../config/json-schema.js";

/** The part of a JSON Schema node this file reads (zod's `toJSONSchema` output). */
interface SchemaNode {
  type?: string;
  description?: string;
  default?: unknown;
  properties?: Record<string, SchemaNode>;
  anyOf?: SchemaNode[];
}

export interface CommentedConfigOptions {
  /** Top-level settings written as active lines (what `init` chose, e.g. the case repository). */
  values: Record<string, unknown>;
  /** Every setting with a default written as an active line (for tests: the file's defaults must parse and validate). */
  activeDefaults?: boolean;
  /** The first comment lines (who the file is for). */
  header: string[];
}

const WIDTH = 100;

/**
 * `.github/call-in.yml` with every setting of the schema, each under its
 * description. Settings `values` names are active; the others are shown
 * commented out with their default (`# key: default`), so the owner sees every
 * choice and later changes of a default still reach them. Settings without a
 * default are shown as an empty `# key:`.
 *
 * Built from `configJsonSchema()`, the schema editors use, so it cannot drift
 * from what the app accepts.
 */
export function commentedConfig(options: CommentedConfigOptions): string {
  const schema = configJsonSchema() as SchemaNode;
  const lines = options.header.map((line) => `# ${line}`.trimEnd());
  for (const [key, node] of Object.entries(schema.properties ?? {})) {
    lines.push("");
    const active = key in options.values;
    const block = settingLines(key, node, active ? options.values[key] : undefined, active, options.activeDefaults === true);
    lines.push(...block);
  }
  return `${lines.join("\n")}\n`;
}

/** A setting's lines: its description as comments, then the setting itself, commented out unless active. */
function settingLines(key: string, node: SchemaNode, value: unknown, active: boolean, activeDefaults: boolean): string[] {
  const docs = node.description ? wrap(node.description, WIDTH - 2).map((line) => `# ${line}`) : [];
  const body = active ? yamlLines(key, value) : bodyOf(key, node, activeDefaults);
  const commented = !active && !(activeDefaults && hasDefault(node));
  return [...docs, ...body.map((line) => (commented ? `# ${line}`.trimEnd() : line))];
}

/** A section (an object of settings) with each child documented; else `key: default`, or a bare `key:` without a default. */
function bodyOf(key: string, node: SchemaNode, activeDefaults: boolean): string[] {
  const section = sectionOf(node);
  if (section) {
    const lines = [`${key}:`];
    for (const [child, childNode] of Object.entries(section.properties ?? {})) {
      const docs = childNode.description ? wrap(childNode.description, WIDTH - 6).map((line) => `  # ${line}`) : [];
      const body = bodyOf(child, childNode, activeDefaults);
      // In an active section, a child is active when it has a default; a child without one stays a comment.
      const commentChild = activeDefaults && hasDefault(node) && !hasDefault(childNode);
      lines.push(...docs, ...body.map((line) => (commentChild ? `  # ${line}` : `  ${line}`)));
    }
    return lines;
  }
  return hasDefault(node) ? yamlLines(key, node.default) : [`${key}:`];
}

/** An object of settings: a plain object, or an object that may also be null (then its default is null and it is shown by its keys). */
function sectionOf(node: SchemaNode): SchemaNode | null {
  if (node.type === "object" && node.properties) return node;
  if (node.default === null) return node.anyOf?.find((option) => option.type === "object" && option.properties) ?? null;
  return null;
}

/** A default worth writing: a null default is the same as leaving the setting out. */
function hasDefault(node: SchemaNode): boolean {
  return node.default !== undefined && node.default !== null;
}

function yamlLines(key: string, value: unknown): string[] {
  return stringify({ [key]: value }, { lineWidth: 0 })
    .trimEnd()
    .split("\n");
}

/** Splits a description into lines of at most `width` characters, at spaces. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
