import type { GitHub } from "./client.js";

/** What GitHub hands back once for an app registered from a manifest: its id, its secrets and where it lives. */
export interface RegisteredApp {
  id: number;
  slug: string | null;
  htmlUrl: string;
  pem: string;
  webhookSecret: string | null;
  clientId: string;
  clientSecret: string;
}

/**
 * `POST /app-manifests/{code}/conversions`: turns the one-time code GitHub sent
 * the person back with into the new app's credentials. No authentication:
 * the code is the credential, valid for one hour and once.
 */
export async function convertManifestCode(github: GitHub, code: string): Promise<RegisteredApp> {
  const { data } = await github.rest.apps.createFromManifest({ code });
  return {
    id: data.id,
    slug: data.slug ?? null,
    htmlUrl: data.html_url,
    pem: data.pem,
    webhookSecret: data.webhook_secret,
    clientId: data.client_id,
    clientSecret: data.client_secret,
  };
}
