import { parse, stringify } from "yaml";
import { type ConfigKey, configReference } from "../../config/reference.js";

export interface CommentedConfigOptions {
  /** Top-level settings written as active lines (what `init` chose, e.g. the case repository). */
  values: Record<string, unknown>;
  /** Every setting with a default written as an active line (for tests: the file's defaults must parse and validate). */
  activeDefaults?: boolean;
  /** The first comment lines (who the file is for). */
  header: string[];
}

/** A key of the file and the keys under it (a section such as `watch`, or `keyHolderReports` and its `repository`). */
interface Entry {
  name: string;
  key: ConfigKey | null;
  children: Entry[];
}

const WIDTH = 100;

/**
 * `.github/call-in.yml` with every setting of the configuration reference
 * (src/config/reference.ts, read from the zod schema), each under its
 * description. The settings named in `values` are active; the others are shown
 * commented out with their default (`# key: default`), so the owner sees every
 * choice and a later change of a default still reaches them. A setting without
 * a default is shown as an empty `# key:`.
 */
export function commentedConfig(options: CommentedConfigOptions): string {
  const lines = options.header.map((line) => `# ${line}`.trimEnd());
  for (const entry of tree(configReference())) {
    lines.push("");
    const active = entry.name in options.values;
    const body = active ? yamlLines(entry.name, options.values[entry.name]) : bodyOf(entry, options.activeDefaults === true);
    const commented = !active && !(options.activeDefaults === true && activeByDefault(entry));
    lines.push(...docLines(entry, ""), ...body.map((line) => (commented ? `# ${line}`.trimEnd() : line)));
  }
  return `${lines.join("\n")}\n`;
}

/** The flat reference (dotted paths) as nested entries, in the reference's order. */
function tree(keys: readonly ConfigKey[]): Entry[] {
  const root: Entry = { name: "", key: null, children: [] };
  for (const key of keys) {
    let node = root;
    for (const name of key.path.split(".")) {
      let child = node.children.find((c) => c.name === name);
      if (!child) {
        child = { name, key: null, children: [] };
        node.children.push(child);
      }
      node = child;
    }
    node.key = key;
  }
  return root.children;
}

function docLines(entry: Entry, indent: string): string[] {
  return entry.key?.description ? wrap(entry.key.description, WIDTH - indent.length - 2).map((line) => `${indent}# ${line}`) : [];
}

/**
 * A section with each child documented; else `key: default`, or a bare `key:` without a default.
 * In an active section (`activeDefaults`), a child without a default stays a comment.
 */
function bodyOf(entry: Entry, activeDefaults: boolean): string[] {
  if (entry.children.length === 0) return entry.key?.default !== undefined ? yamlLines(entry.name, parse(entry.key.default)) : [`${entry.name}:`];
  const lines = [`${entry.name}:`];
  for (const child of entry.children) {
    const commentChild = activeDefaults && activeByDefault(entry) && !activeByDefault(child);
    lines.push(...docLines(child, "  "), ...bodyOf(child, activeDefaults).map((line) => (commentChild ? `  # ${line}` : `  ${line}`)));
  }
  return lines;
}

/** A section is there by default (its keys have defaults); a key with a null default, or none, is the same as leaving it out. */
function activeByDefault(entry: Entry): boolean {
  if (!entry.key) return true;
  return entry.key.default !== undefined && entry.key.default !== "null";
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
