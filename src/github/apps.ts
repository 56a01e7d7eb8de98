import { isNotFound, type GitHub } from "./client.js";

/**
 * The app's installation id for an account (user or organisation); null when the
 * app is not installed there. Needs an app-authenticated (JWT) client.
 */
export async function installationIdForOwner(appGitHub: GitHub, owner: string): Promise<number | null> {
  try {
    const { data } = await appGitHub.rest.apps.getUserInstallation({ username: owner });
    return data.id;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  try {
    const { data } = await appGitHub.rest.apps.getOrgInstallation({ org: owner });
    return data.id;
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}
