import { existsSync, readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const THIS_FILE = "test/unit/layout.test.ts";

/** Every file below `folder`, as a path from the repository's root with forward slashes. */
function filesUnder(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)).split(sep).join("/"));
}

/**
 * The module a test file is named after: `test/unit/a/b.test.ts` tests `src/a/b.ts`, and so does
 * `test/unit/a/b.<aspect>.test.ts` (a second file for one module, e.g. its property tests).
 */
function candidatesFor(test: string, testFolder: string, sourceFolder: string): string[] {
  const stem = test.slice(testFolder.length + 1, -".test.ts".length);
  const names = [stem];
  const aspect = stem.lastIndexOf(".");
  if (aspect > stem.lastIndexOf("/")) names.push(stem.slice(0, aspect));
  return names.map((name) => `${sourceFolder}/${name}.ts`);
}

/** The test files below `testFolder` whose module is not at the mirrored path below `sourceFolder`. */
function orphans(testFolder: string, sourceFolder: string, except: string[] = []): string[] {
  return filesUnder(testFolder)
    .filter((file) => file.endsWith(".test.ts") && !except.includes(file))
    .filter((file) => !candidatesFor(file, testFolder, sourceFolder).some((module) => existsSync(join(ROOT, module))));
}

describe("the test folders' layout", () => {
  it("every unit test mirrors a module: test/unit/<path>.test.ts tests src/<path>.ts", () => {
    expect(filesUnder("test/unit").filter((file) => file.endsWith(".test.ts")).length).toBeGreaterThan(20);
    expect(orphans("test/unit", "src", [THIS_FILE]), "unit tests with no module at the mirrored path in src/").toStrictEqual([]);
  });

  it("test/unit holds tests only; what tests share lives in test/helpers", () => {
    expect(filesUnder("test/unit").filter((file) => !file.endsWith(".test.ts"))).toStrictEqual([]);
  });

  it("a check of a test helper sits next to it: test/helpers/<name>.test.ts tests test/helpers/<name>.ts", () => {
    expect(orphans("test/helpers", "test/helpers"), "helper tests with no helper of that name").toStrictEqual([]);
  });

  it("names an orphan by its path, and takes an aspect after the module's name", () => {
    expect(candidatesFor("test/unit/text/neutralise.properties.test.ts", "test/unit", "src")).toStrictEqual([
      "src/text/neutralise.properties.ts",
      "src/text/neutralise.ts",
    ]);
    expect(candidatesFor("test/unit/settings.test.ts", "test/unit", "src")).toStrictEqual(["src/settings.ts"]);
    expect(candidatesFor("test/unit/report-form/fields.test.ts", "test/unit", "src")).toStrictEqual(["src/report-form/fields.ts"]);
  });
});
