import { createOAuthDeviceAuth } from "@octokit/auth-oauth-device";
import { Octokit } from "@octokit/rest";

/**
 * A user token through GitHub's device flow, for a person without a token at
 * hand: GitHub shows a code, the person enters it at the address printed, and
 * signs in as themselves. The token acts with the GitHub App's permissions
 * and the person's own (both must allow a write). Needs the app's client id
 * (GITHUB_CLIENT_ID) and "Enable Device Flow" in the app's settings.
 *
 * `say` prints the code and address; polling waits as long as GitHub's answer
 * says (`interval`), and gives up when the code expires.
 */
export async function deviceFlowToken(input: { clientId: string; apiBaseUrl: string; say: (line: string) => void }): Promise<string> {
  // The OAuth endpoints are on the web host: @octokit/oauth-methods derives it from this client's API address (GitHub Enterprise Server too).
  const { request } = new Octokit({ baseUrl: input.apiBaseUrl });
  const auth = createOAuthDeviceAuth({
    clientType: "github-app",
    clientId: input.clientId,
    request,
    onVerification(verification) {
      input.say(`To sign in, open ${verification.verification_uri} and enter the code ${verification.user_code}`);
      input.say(`Waiting for you to sign in (the code works for ${Math.round(verification.expires_in / 60)} minutes)...`);
    },
  });
  const { token } = await auth({ type: "oauth" });
  return token;
}
