import type { Probot } from "probot";
import { readOwnerConfig } from "../config/load.js";
import { listInstallations } from "../github/installations.js";
import type { OwnerClient } from "./sweep.js";

/**
 * Every owner the app is installed for, with an installation client: the app
 * lists its installations with its own credentials, then authenticates as each.
 */
export async function* ownersOfApp(app: Pick<Probot, "auth">, only?: string): AsyncIterable<OwnerClient> {
  const appClient = await app.auth();
  for (const installation of await listInstallations(appClient)) {
    if (only && installation.owner.toLowerCase() !== only.toLowerCase()) continue;
    const github = await app.auth(installation.id);
    yield {
      owner: installation.owner,
      github,
      readConfig: () => readOwnerConfig(github, installation.owner),
    };
  }
}
