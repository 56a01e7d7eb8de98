import type { GitHub } from "./client.js";

/** `GET /user`: who a user token belongs to. */
export async function getAuthenticatedUser(github: GitHub): Promise<{ login: string; id: number }> {
  const { data } = await github.rest.users.getAuthenticated();
  return { login: data.login, id: data.id };
}
