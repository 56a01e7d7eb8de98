import type { CliCommand } from "../command.js";
import { initCommand } from "./init.js";
import { logCommand } from "./log.js";
import { metadataKeyCommand } from "./metadata-key.js";
import { previewCommand } from "./preview.js";
import { remindCommand } from "./remind.js";
import { transparencyCommand } from "./transparency.js";

/** The registry of `call-in` commands. */
export const cliCommands: Record<string, CliCommand> = {
  init: initCommand,
  log: logCommand,
  "metadata-key": metadataKeyCommand,
  preview: previewCommand,
  remind: remindCommand,
  transparency: transparencyCommand,
};
