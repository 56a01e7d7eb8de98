import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Liquid } from "liquidjs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.js";
import { TEMPLATE_SAMPLES } from "../src/cli/preview/samples.js";
import { TemplateSet } from "../src/templates/engine.js";

const run = runCli;

const bundled = TemplateSet.bundled();
const names = Object.keys(bundled.sources).sort();

/** The variable paths a template reads (its partials' too), e.g. `report.reference`, by LiquidJS's own static analysis. */
async function variablesOf(name: string): Promise<Array<Array<string | number>>> {
  const liquid = new Liquid({ templates: { ...bundled.sources } });
  return (await liquid.globalVariableSegments(liquid.parse(bundled.sources[name]!, name))) as Array<Array<string | number>>;
}

/** Whether sample data answers a path: every step is there, or the walk stops at an empty value (null, false: "not in this situation"). */
function answered(data: unknown, path: Array<string | number>): boolean {
  let value: unknown = data;
  for (const step of path) {
    if (value === null || value === false) return true;
    if (step === "size" && (Array.isArray(value) || typeof value === "string")) return true;
    if (typeof value !== "object" || typeof step !== "string" || !(step in (value as object))) return false;
    value = (value as Record<string, unknown>)[step];
  }
  return value !== undefined;
}

describe("call-in preview: the sample data", () => {
  it("has a sample for every bundled template and none for a template that is gone", () => {
    expect(Object.keys(TEMPLATE_SAMPLES).sort()).toStrictEqual(names);
  });

  it.each(names)("%s: the sample gives every variable the template reads, and it renders", async (name) => {
    const missing = (await variablesOf(name)).filter((path) => !answered(TEMPLATE_SAMPLES[name], path)).map((path) => path.join("."));
    expect(missing, `variables of ${name} without sample data (src/cli/preview/samples.ts)`).toStrictEqual([]);
    const { code, stdout, stderr } = await run("preview", name);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout.trim().length).toBeGreaterThan(0);
  });
});

describe("call-in preview", () => {
  let dir: string;
  let folder: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "call-in-preview-"));
    folder = join(dir, ".github", "call-in", "templates");
    mkdirSync(folder, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("uses the owner's own template from a checkout of their .github repository, with the sample data", async () => {
    writeFileSync(join(folder, "checklist.md"), "### Our steps\n\n- [ ] Thank the reporter ({{ report.reference }})\n");
    writeFileSync(join(folder, "notes.txt"), "not a template");
    const { code, stdout, stderr } = await run("preview", "case.md", "--owner-dir", dir);
    expect(code).toBe(0);
    expect(stdout).toContain(
      `### Our steps\n\n- [ ] Thank the reporter (${(TEMPLATE_SAMPLES["checklist.md"] as { report: { reference: string } }).report.reference})`,
    );
    expect(stdout).not.toContain("### Checklist");
    expect(stderr).toBe(`notes.txt in ${folder} replaces no template (the app ignores it too).\n`);

    const list = await run("preview", "--list", "--owner-dir", folder);
    expect(list.stdout.split("\n").filter((line) => line.endsWith("(yours)"))).toStrictEqual(["checklist.md  (yours)"]);
    expect(list.stdout.split("\n").filter(Boolean)).toHaveLength(names.length);
  });

  it("a checkout of the .github repository without the templates folder has no overrides, whatever files it holds", async () => {
    rmSync(join(dir, ".github", "call-in"), { recursive: true });
    writeFileSync(join(dir, "checklist.md"), "not in the templates folder");
    const { code, stdout, stderr } = await run("preview", "checklist.md", "--owner-dir", dir);
    expect(code).toBe(0);
    expect(stdout).toContain("### Checklist");
    expect(stderr).toBe(`No templates of yours in ${folder}: showing the bundled ones.\n`);
  });

  it("a broken override gives its file, line and LiquidJS's message, exit code 2", async () => {
    writeFileSync(join(folder, "checklist.md"), "### Our steps\n\n{% if report %}\n- [ ] Thank the reporter\n");
    const unclosed = await run("preview", "checklist.md", "--owner-dir", dir);
    expect(unclosed.code).toBe(2);
    expect(unclosed.stdout).toBe("");
    expect(unclosed.stderr).toBe(`call-in preview: ${join(folder, "checklist.md")}:3:1: tag {% if report %} not closed\n`);

    // An error in a template another includes names the included file.
    writeFileSync(join(folder, "checklist.md"), "ok\n");
    writeFileSync(join(folder, "evidence.md"), "### Evidence\n\n{{ snapshot.body | no_such_filter }}\n");
    const filter = await run("preview", "case.md", "--owner-dir", dir);
    expect(filter.code).toBe(2);
    expect(filter.stderr).toBe(`call-in preview: ${join(folder, "evidence.md")}:3:1: undefined filter: no_such_filter\n`);
  });

  it("--html writes a standalone page in which a template's own HTML is text, never markup", async () => {
    writeFileSync(
      join(folder, "checklist.md"),
      '### Steps <script>alert("x")</script>\n\n- [ ] <img src=x onerror=alert(1)> {{ report.reference }}\n\n[a link](javascript:alert(1))\n',
    );
    const { code, stdout } = await run("preview", "checklist.md", "--owner-dir", dir, "--html");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(stdout).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
    expect(stdout).toContain("<h3>Steps &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</h3>");
    expect(stdout).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(stdout).not.toMatch(/<script|<img|href="javascript/i);
    // Task lists as GitHub shows them: a disabled checkbox, not "[ ]".
    expect(stdout).toMatch(/<input type="checkbox" disabled> &lt;img/);
  });

  it("names an unknown template and how to list them", async () => {
    const { code, stderr } = await run("preview", "nope.md");
    expect(code).toBe(2);
    expect(stderr).toBe("call-in preview: there is no template named nope.md; `call-in preview --list` lists them\n");
  });
});
