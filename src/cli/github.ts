import { createAppAuth } from "@octokit/auth-app";
import { Octokit } from "@octokit/rest";
import { config as configPlugin } from "@probot/octokit-plugin-config";
import { fetchAppIdentity, type AppIdentity } from "../github/app-identity.js";
import { installationIdForOwner } from "../github/apps.js";
import type { ConfigCapableGitHub } from "../github/config-file.js";
import { listInstallations } from "../github/installations.js";
import type { Settings } from "../settings.js";

/**
 * Octokit's request log prints every request ("GET ... - 404 with id ..."),
 * failed ones at error level. On a terminal that is noise, and expected misses
 * (no config file, no report yet) look like failures. Real failures reach the
 * command as thrown errors, and cli/index.ts prints them; warnings stay.
 */
const quiet = { debug: () => {}, info: () => {}, warn: console.warn, error: () => {} };
const CliOctokit = Octokit.plugin(configPlugin).defaults({ log: quiet });
/** The CLI's client is the app's one config-reading client type. */
type CliGitHub = ConfigCapableGitHub;

/**
 * A client for one owner: `GITHUB_TOKEN` when set, else the GitHub App's own
 * credentials (APP_ID and PRIVATE_KEY or PRIVATE_KEY_PATH) and the owner's installation.
 */
export async function githubForOwner(owner: string, settings: Settings): Promise<CliGitHub> {
  const baseUrl = settings.apiBaseUrl;
  if (settings.githubToken) return new CliOctokit({ auth: settings.githubToken, baseUrl });
  const { appId, privateKey } = appCredentials(settings);
  if (!appId || !privateKey) {
    throw new Error("set GITHUB_TOKEN, or APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH) of the GitHub App");
  }
  const appClient = new CliOctokit({ authStrategy: createAppAuth, auth: { appId, privateKey }, baseUrl });
  const installationId = await installationIdForOwner(appClient, owner);
  if (installationId === null) throw new Error(`the GitHub App is not installed for ${owner}`);
  return new CliOctokit({ authStrategy: createAppAuth, auth: { appId, privateKey, installationId }, baseUrl });
}

/** A client acting with a given token (`call-in init`: the person's own, from --token, GITHUB_TOKEN or the device flow). */
export function githubWithToken(token: string, settings: Settings): CliGitHub {
  return new CliOctokit({ auth: token, baseUrl: settings.apiBaseUrl });
}

/** Owners the GitHub App is installed for (needs APP_ID and the private key; a token sees no installations). */
export async function installedOwners(settings: Settings): Promise<string[]> {
  const { appId, privateKey } = appCredentials(settings);
  if (!appId || !privateKey) throw new Error("listing installations needs APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH); with GITHUB_TOKEN, pass --owner");
  const appClient = new CliOctokit({ authStrategy: createAppAuth, auth: { appId, privateKey }, baseUrl: settings.apiBaseUrl });
  return (await listInstallations(appClient)).map((installation) => installation.owner);
}

/**
 * The app's own identity (`GET /app`, with the app's JWT), so the sweep
 * recognises the cases the app wrote; a GITHUB_TOKEN cannot ask this.
 */
export async function appIdentityOf(settings: Settings): Promise<AppIdentity> {
  const { appId, privateKey } = appCredentials(settings);
  if (!appId || !privateKey) throw new Error("checking case metadata needs the app's APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH), also next to GITHUB_TOKEN");
  const appClient = new CliOctokit({ authStrategy: createAppAuth, auth: { appId, privateKey }, baseUrl: settings.apiBaseUrl });
  return fetchAppIdentity(appClient);
}

/** The app's id and private key (settings.ts reads the key the way Probot does). */
function appCredentials(settings: Settings): { appId: string | null; privateKey: string | null } {
  return { appId: settings.appId, privateKey: settings.privateKey() };
}
