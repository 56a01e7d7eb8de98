// The README's quick start cannot rot: its two commands are the ones named here, every npm script
// they call exists, and the demo's command runs (as `npm run demo` in a child process, without
// `npm ci`, with DEMO_SELF_CHECK=1: it files one case through the real webhook path and exits).
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const README = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const SCRIPTS = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { scripts: Record<string, string> }).scripts;
/** npm's own commands that need no script. */
const NPM_BUILT_INS = new Set(["ci", "install"]);

/** The commands of the README's quick-start block: code lines without their `# comments`. */
function quickStartCommands(readme: string): string[] {
  const block = /<!-- quick-start -->([\s\S]*?)<!-- \/quick-start -->/.exec(readme)?.[1];
  if (block === undefined) throw new Error("README.md has no <!-- quick-start --> ... <!-- /quick-start --> block");
  const code = [...block.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1]!).join("\n");
  return code
    .split("\n")
    .map((line) => line.replace(/(^|\s)#.*$/, "").trim())
    .filter((line) => line !== "");
}

/** The npm script each part of a command runs (`npm run demo` -> demo, `npm test` -> test); null for npm's own (`npm ci`). */
function scriptsOf(command: string): Array<string | null> {
  return command.split("&&").map((part) => {
    const words = part.trim().split(/\s+/);
    if (words[0] !== "npm") throw new Error(`not an npm command: ${part.trim()}`);
    if (words[1] === "run") return words[2]!;
    return NPM_BUILT_INS.has(words[1]!) ? null : words[1]!;
  });
}

describe("the README's quick start", () => {
  it("is the demo and the tests, each after npm ci, and every script it names exists", () => {
    const commands = quickStartCommands(README);
    expect(commands).toStrictEqual(["npm ci && npm run demo", "npm ci && npm test"]);
    for (const script of commands.flatMap(scriptsOf)) if (script !== null) expect(SCRIPTS, `package.json script "${script}"`).toHaveProperty(script);
  });

  it("reads the commands and their scripts as written, comments apart", () => {
    const readme = "<!-- quick-start -->\n```sh\n# try it\nnpm ci && npm run demo   # a sandbox\nnpm ci && npm test\n```\n<!-- /quick-start -->";
    expect(quickStartCommands(readme)).toStrictEqual(["npm ci && npm run demo", "npm ci && npm test"]);
    expect(scriptsOf("npm ci && npm run demo")).toStrictEqual([null, "demo"]);
    expect(scriptsOf("npm ci && npm test")).toStrictEqual([null, "test"]);
    expect(() => quickStartCommands("# Call-In")).toThrow(/quick-start/);
  });

  it("npm run demo starts the sandbox and the app, shows a case, and says where and how long it took", { timeout: 120_000 }, async () => {
    const child = spawn("npm", ["run", "--silent", "demo"], {
      env: { ...process.env, DEMO_SELF_CHECK: "1", NODE_ENV: "development", LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.stderr.on("data", (chunk) => (err += chunk));
    const [code] = (await once(child, "exit")) as [number | null];
    expect({ code, err }).toStrictEqual({ code: 0, err: "" });
    const sandbox = /Sandbox \(act as a maintainer, a commenter or a moderator\): (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    expect(sandbox, out).toBeDefined();
    expect(out).toContain(`The heated public thread:`);
    expect(out).toMatch(/The report form \(the app's own page\): +http:\/\/127\.0\.0\.1:\d+\/call-in\/report\n/);
    expect(out).toMatch(
      new RegExp(
        `Self-check: maintainer-mo labelled octo-garden/seedling#1; the case "CI-[0-9A-Z]{6} · Call-in · octo-garden/seedling issue 1" is shown at ${sandbox}/octo-garden/moderation/issues/1, \\d+\\.\\d s after the demo's process started\\.`,
      ),
    );
  });
});
