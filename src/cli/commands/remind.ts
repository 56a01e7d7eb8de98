import { pino } from "pino";
import { readOwnerConfig } from "../../config/load.js";
import { sweep, type OwnerClient } from "../../clocks/sweep.js";
import { createServices } from "../../services.js";
import type { CliCommand } from "../command.js";
import { appIdentityOf, githubForOwner, installedOwners } from "../github.js";

/**
 * `call-in remind [--owner X]`: one sweep of the clocks (reminders, temporary
 * blocks, room retention), for cron. Safe next to the app's own timer: every
 * reminder is recorded in its case before it is posted.
 */
export const remindCommand: CliCommand = {
  summary: "Post due reminders, lift ended blocks, delete expired rooms (one sweep)",
  options: { owner: { type: "string" } },
  async run(values, settings) {
    const log = pino({ level: settings.log.level ?? "info" }, pino.destination(2));
    const services = createServices({ log, settings, appIdentity: () => appIdentityOf(settings) });
    // Without a key no case can be checked: refuse rather than sweep nothing in silence.
    if (!services.seal.keys.primary) throw new Error(services.seal.keys.problem ?? "no key seals case metadata");
    const owner = typeof values.owner === "string" ? values.owner : undefined;
    const owners = owner ? [owner] : await installedOwners(settings);
    async function* clients(): AsyncIterable<OwnerClient> {
      for (const name of owners) {
        const github = await githubForOwner(name, settings);
        yield { owner: name, github, readConfig: () => readOwnerConfig(github, name) };
      }
    }
    const report = await sweep(services, clients(), log);
    process.stdout.write(
      `Swept ${report.owners} owner(s), ${report.cases} case(s): ${report.reminders} reminder(s), ${report.blocksLifted} block(s) lifted, ${report.roomsDeleted} room(s) deleted, ${report.failures} failure(s).\n`,
    );
    return report.failures > 0 ? 1 : 0;
  },
};
