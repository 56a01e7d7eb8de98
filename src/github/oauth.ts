import { exchangeWebFlowCode, getWebFlowAuthorizationUrl } from "@octokit/oauth-methods";
import type { GitHub } from "./client.js";

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  callbackUrl: string;
  /** `request` of a client with the right API base URL (GitHub Enterprise Server: its OAuth URLs follow it). */
  request: GitHub["request"];
}

/** Where to send a person to sign in with the GitHub App's user authorization (web flow). */
export function signInUrl(client: OAuthClient, state: string): string {
  return getWebFlowAuthorizationUrl({ clientType: "github-app", clientId: client.clientId, redirectUrl: client.callbackUrl, state, request: client.request })
    .url;
}

/** `POST /login/oauth/access_token`: the code from the callback, exchanged for the person's user token. */
export async function exchangeSignInCode(client: OAuthClient, code: string): Promise<string> {
  const { authentication } = await exchangeWebFlowCode({
    clientType: "github-app",
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    code,
    redirectUrl: client.callbackUrl,
    request: client.request,
  });
  return authentication.token;
}
