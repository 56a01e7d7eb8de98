import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { LOG_VIEW_PATH } from "../resolution-log-view/pages.js";

/** app.yml at the package root: two levels up from both src/setup and lib/setup. */
export const APP_YML = fileURLToPath(new URL("../../app.yml", import.meta.url));

/** Where GitHub sends the person back after registering: the set-up's own route. */
export const SETUP_CALLBACK_PATH = "/probot/setup";

export interface ManifestUrls {
  /** Where GitHub delivers webhooks: PUBLIC_URL's webhook path or a proxy channel (see webhook-target.ts). */
  webhookUrl: string;
  /** PUBLIC_URL, else the address of the set-up page the person is looking at. */
  baseUrl: string;
}

/**
 * The manifest GitHub registers the app from
 * (https://docs.github.com/apps/sharing-github-apps/registering-a-github-app-from-a-manifest):
 * app.yml (name, description, events, permissions), with the addresses of this
 * server in place of the file's placeholders. The same fields Probot's
 * `ManifestCreation.getManifest` fills, except that the webhook URL is never a
 * bare localhost address and the log view's sign-in callback is this server's.
 */
export function setupManifest(appYml: string, urls: ManifestUrls): Record<string, unknown> {
  const fromFile = (parse(appYml) ?? {}) as Record<string, unknown>;
  const hook = typeof fromFile.hook_attributes === "object" && fromFile.hook_attributes !== null ? fromFile.hook_attributes : {};
  return {
    version: "v1",
    ...fromFile,
    hook_attributes: { ...hook, url: urls.webhookUrl, active: true },
    redirect_url: `${urls.baseUrl}${SETUP_CALLBACK_PATH}`,
    callback_urls: [`${urls.baseUrl}${LOG_VIEW_PATH}/callback`],
  };
}

export function readAppYml(path: string = APP_YML): string {
  return readFileSync(path, "utf8");
}
