#!/usr/bin/env node
// `call-in <command> [options]`: the team's tools outside the webhook path (cron jobs, reviews, reports).
import { parseArgs } from "node:util";
import { cliCommands } from "./commands/index.js";
import { readSettings } from "../settings.js";

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? cliCommands[name] : undefined;
  if (!command) {
    const list = Object.entries(cliCommands)
      .map(([key, c]) => `  ${key.padEnd(14)} ${c.summary}`)
      .join("\n");
    process.stderr.write(`Usage: call-in <command> [options]\n\nCommands:\n${list}\n`);
    return name ? 2 : 0;
  }
  try {
    const { values, positionals } = parseArgs({ args: rest, options: command.options, allowPositionals: command.positionals !== undefined, strict: true });
    return await command.run(values as Record<string, string | boolean | undefined>, readSettings(process.env), positionals);
  } catch (error) {
    process.stderr.write(`call-in ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

// Run only when executed, not when imported by tests.
if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("/call-in")) {
  process.exitCode = await main(process.argv.slice(2));
}
