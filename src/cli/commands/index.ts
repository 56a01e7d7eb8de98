import type { CliCommand } from "../command.js";

/** The registry of `call-in` commands. */
export const cliCommands: Record<string, CliCommand> = {};
