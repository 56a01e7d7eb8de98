import { ackCommand, promoteCommand } from "./ack.js";
import { assignCommand, unassignCommand } from "./assign.js";
import { blockCommand } from "./block.js";
import { hideCommand, unhideCommand } from "./hide.js";
import { limitCommand } from "./limit.js";
import { lockCommand, unlockCommand } from "./lock.js";
import { recuseCommand } from "./recuse.js";
import { replyReporterCommand } from "./reply-reporter.js";
import { reopenCommand, resolveCommand } from "./resolve.js";
import { roomCommand } from "./room.js";
import { transparencyCommand } from "./transparency.js";
import type { CaseCommand, CommandDeps } from "./types.js";

/** `/help`: the commands and what they do (worded in templates/command-help.md). */
export const helpCommand: CaseCommand = {
  name: "help",
  usage: "/help",
  async run() {
    return { outcome: "done", key: "help", data: { commands: listedCommands() } };
  },
};

/** Every case command, by name, in the order `/help` lists them. */
const COMMANDS: readonly CaseCommand<CommandDeps>[] = [
  ackCommand,
  promoteCommand,
  assignCommand,
  unassignCommand,
  recuseCommand,
  hideCommand,
  unhideCommand,
  lockCommand,
  unlockCommand,
  limitCommand,
  blockCommand,
  replyReporterCommand,
  roomCommand,
  resolveCommand,
  reopenCommand,
  transparencyCommand,
  helpCommand,
];

export const caseCommands: ReadonlyMap<string, CaseCommand<CommandDeps>> = new Map(COMMANDS.map((c) => [c.name, c]));

/** Name and syntax of each command, for the help text. */
export function listedCommands(): Array<{ name: string; usage: string }> {
  return COMMANDS.map((c) => ({ name: c.name, usage: c.usage }));
}
