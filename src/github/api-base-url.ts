/** The API base URL: api.github.com, or GitHub Enterprise Server's from GHE_HOST/GHE_PROTOCOL (as Probot does). */
export function apiBaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  if (env.GHE_HOST) return `${env.GHE_PROTOCOL ?? "https"}://${env.GHE_HOST}/api/v3`;
  return "https://api.github.com";
}
