/**
 * The settings the log view's sign-in needs (a GitHub App's OAuth client, the session
 * secret, the public address), the same for every test of the signed-in pages.
 */
export const LOG_VIEW_ENV = {
  GITHUB_CLIENT_ID: "Iv1.logview",
  GITHUB_CLIENT_SECRET: "client-secret-for-tests",
  SESSION_SECRET: "session-secret-for-tests",
  PUBLIC_URL: "https://call-in.example.org",
};
