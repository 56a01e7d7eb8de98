import { NOT_FOUND, orNullWhenMissing, type GitHub } from "./client.js";

/**
 * The app's installation id for an account (user or organisation); null when the
 * app is not installed there. Needs an app-authenticated (JWT) client.
 */
export async function installationIdForOwner(appGitHub: GitHub, owner: string): Promise<number | null> {
  const user = await orNullWhenMissing(NOT_FOUND, () => appGitHub.rest.apps.getUserInstallation({ username: owner }));
  if (user) return user.data.id;
  const org = await orNullWhenMissing(NOT_FOUND, () => appGitHub.rest.apps.getOrgInstallation({ org: owner }));
  return org && org.data.id;
}
