import type { ParseArgsConfig } from "node:util";
import type { Settings } from "../settings.js";

/** One `call-in <name>` command. Each lives in its own file under cli/commands/. */
export interface CliCommand {
  summary: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  /** Returns the process exit code. `settings`: the environment, read once by cli/index.ts. */
  run(values: Record<string, string | boolean | undefined>, settings: Settings): Promise<number>;
}
