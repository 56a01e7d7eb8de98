import type { ParseArgsConfig } from "node:util";
import type { Settings } from "../settings.js";

/** One `call-in <name>` command. Each lives in its own file under cli/commands/. */
export interface CliCommand {
  summary: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  /** The arguments besides options, as the usage shows them (e.g. `[template]`); absent: none are accepted. */
  positionals?: string;
  /** Returns the process exit code. `settings`: the environment, read once by cli/index.ts. */
  run(values: Record<string, string | boolean | undefined>, settings: Settings, positionals?: string[]): Promise<number>;
}
