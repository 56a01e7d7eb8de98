import type { ParseArgsConfig } from "node:util";

/** One `call-in <name>` command. Each lives in its own file under cli/commands/. */
export interface CliCommand {
  summary: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  /** Returns the process exit code. */
  run(values: Record<string, string | boolean | undefined>): Promise<number>;
}
