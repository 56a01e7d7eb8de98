import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { parseEnv } from "node:util";

/**
 * The `.env` file Probot reads at start (its `applyEnv`: values in the file win
 * over the environment). The first-run set-up writes the new app's credentials
 * there, as Probot's own set-up does, so the next `npm start` runs the app.
 */

/** The file's variables; none when there is no file. */
export function readEnvFile(path: string): Record<string, string> {
  try {
    return parseEnv(readFileSync(path, "utf8")) as Record<string, string>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw error;
  }
}

/** What Probot's `run()` does first, done before the settings are read, so the entry point and Probot see the same variables. */
export function applyEnvFile(path: string, env: NodeJS.ProcessEnv = process.env): void {
  Object.assign(env, readEnvFile(path));
}

/**
 * Sets `values` in the file: lines of other variables (and comments) stay as
 * they are, lines of these variables are replaced. The file holds a private
 * key, so only its owner may read it (mode 0600).
 */
export function updateEnvFile(path: string, values: Record<string, string>): void {
  let existing = "";
  try {
    existing = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const names = new Set(Object.keys(values));
  const kept = existing.split(/\r?\n/).filter((line) => {
    const name = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line)?.[1];
    return !(name && names.has(name));
  });
  while (kept.length > 0 && kept[kept.length - 1] === "") kept.pop();
  const lines = [...kept, ...Object.entries(values).map(([name, value]) => `${name}=${quoted(value)}`)];
  writeFileSync(path, `${lines.join("\n")}\n`, { mode: 0o600 });
  // writeFileSync's mode applies only to a new file.
  chmodSync(path, 0o600);
}

/** A value as `parseEnv` reads it back: double quotes turn `\n` into line breaks (a PEM key's). */
function quoted(value: string): string {
  if (/^[A-Za-z0-9_.:/+=@-]*$/.test(value)) return value;
  if (value.includes('"')) throw new Error("a value with a double quote cannot be written to .env");
  return `"${value.replace(/\r?\n/g, "\\n")}"`;
}
