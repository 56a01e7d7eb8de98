import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const SRC = join(ROOT, "src");

/** Every module under src/, as a path relative to the repository ("src/cases/store.ts"). */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [relative(ROOT, path)] : [];
  });
}

/**
 * The modules one file imports, by TypeScript's own scanner: `import`, `import type`,
 * `export ... from` and `import()`, never a string or a comment that looks like one.
 * Only relative specifiers name our modules; "./x.js" is the source "./x.ts".
 */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  return ts
    .preProcessFile(text, true, true)
    .importedFiles.map((imported) => imported.fileName)
    .filter((specifier) => specifier.startsWith("."))
    .map((specifier) => relative(ROOT, resolve(ROOT, dirname(file), specifier.replace(/\.js$/, ".ts"))));
}

type ImportGraph = ReadonlyMap<string, readonly string[]>;

/** Every cycle a depth-first walk meets, each as the path that closes it ("a -> b -> a"); none when the graph is a DAG. */
function cyclesIn(graph: ImportGraph): string[][] {
  const done = new Set<string>();
  const onPath: string[] = [];
  const cycles: string[][] = [];
  const visit = (file: string): void => {
    const at = onPath.indexOf(file);
    if (at >= 0) {
      cycles.push([...onPath.slice(at), file]);
      return;
    }
    if (done.has(file)) return;
    onPath.push(file);
    for (const imported of graph.get(file) ?? []) visit(imported);
    onPath.pop();
    done.add(file);
  };
  for (const file of [...graph.keys()].sort()) visit(file);
  return cycles;
}

const files = sourceFiles(SRC);
const graph: ImportGraph = new Map(files.map((file) => [file, importsOf(file)]));

/**
 * Who may import services.ts, the one place that builds the long-lived parts:
 * the wiring (index.ts) and the CLI command that builds them for itself. Every
 * other module declares the few things it takes, so services.ts never becomes
 * the hub every cycle runs through again.
 */
const MAY_IMPORT_SERVICES = new Set([
  "src/index.ts",
  // `call-in remind` runs the clocks' sweep outside the app: it builds the same parts the app does.
  "src/cli/commands/remind.ts",
]);

describe("the import graph", () => {
  it("reads every module and resolves its relative imports to modules that exist", () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files).toContain("src/index.ts");
    const known = new Set(files);
    const missing = [...graph].flatMap(([file, imported]) => imported.filter((target) => !known.has(target)).map((target) => `${file} -> ${target}`));
    expect(missing).toStrictEqual([]);
  });

  it("finds a cycle when there is one, type-only imports and re-exports included", () => {
    const fake = new Map([
      ["a.ts", ["b.ts"]],
      ["b.ts", ["c.ts"]],
      ["c.ts", ["a.ts"]],
      ["d.ts", ["a.ts"]],
    ]);
    expect(cyclesIn(fake).map((cycle) => cycle.join(" -> "))).toStrictEqual(["a.ts -> b.ts -> c.ts -> a.ts"]);
    expect(
      cyclesIn(
        new Map([
          ["a.ts", ["b.ts"]],
          ["b.ts", []],
        ]),
      ),
    ).toStrictEqual([]);
    const scanned = ts.preProcessFile('import type { A } from "./a.js";\nexport * from "./b.js";\n// import "./c.js"\n', true, true);
    expect(scanned.importedFiles.map((imported) => imported.fileName)).toStrictEqual(["./a.js", "./b.js"]);
  });

  it("has no cycle", () => {
    expect(cyclesIn(graph).map((cycle) => cycle.join(" -> "))).toStrictEqual([]);
  });

  it("lets only the wiring import services.ts", () => {
    const importers = [...graph].filter(([, imported]) => imported.includes("src/services.ts")).map(([file]) => file);
    expect(importers.filter((file) => !MAY_IMPORT_SERVICES.has(file))).toStrictEqual([]);
  });
});
