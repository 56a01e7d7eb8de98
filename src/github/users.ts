import { NOT_FOUND, orNullWhenMissing, type GitHub } from "./client.js";

/** `GET /user`: who a user token belongs to. */
export async function getAuthenticatedUser(github: GitHub): Promise<{ login: string; id: number }> {
  const { data } = await github.rest.users.getAuthenticated();
  return { login: data.login, id: data.id };
}

/** `GET /users/{username}`: whether an account is an organisation or a user; null when there is no such account. */
export async function accountType(github: GitHub, login: string): Promise<"Organization" | "User" | null> {
  const found = await orNullWhenMissing(NOT_FOUND, () => github.rest.users.getByUsername({ username: login }));
  if (!found) return null;
  return found.data.type === "Organization" ? "Organization" : "User";
}
