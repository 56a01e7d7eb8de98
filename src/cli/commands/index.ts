import type { CliCommand } from "../command.js";
import { logCommand } from "./log.js";
import { remindCommand } from "./remind.js";
import { transparencyCommand } from "./transparency.js";

/** The registry of `call-in` commands. */
export const cliCommands: Record<string, CliCommand> = {
  log: logCommand,
  remind: remindCommand,
  transparency: transparencyCommand,
};
