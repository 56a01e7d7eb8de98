import type { CliCommand } from "../command.js";
import { remindCommand } from "./remind.js";

/** The registry of `call-in` commands. */
export const cliCommands: Record<string, CliCommand> = {
  remind: remindCommand,
};
