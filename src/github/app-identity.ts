import type { GitHub } from "./client.js";

/** Who the app is on GitHub: its slug. Its bot account is `<slug>[bot]` in REST and `<slug>` (a Bot) in GraphQL. */
export interface AppIdentity {
  slug: string;
}

/** The author of an issue, discussion or comment as the API names it. */
export interface Author {
  login: string;
  /** REST `user.type` or GraphQL `__typename`: `Bot` for an app's bot account. */
  type: string;
}

/** `GET /app` with the app's JWT: the app's slug. */
export async function fetchAppIdentity(appGitHub: GitHub): Promise<AppIdentity> {
  const { data } = await appGitHub.rest.apps.getAuthenticated();
  if (!data?.slug) throw new Error("GET /app gave no slug");
  return { slug: data.slug };
}

/**
 * True when the app's own bot account wrote it. A person's login cannot end in
 * `[bot]`, and GraphQL names the bot without the suffix but as a `Bot`, so a
 * user who registers the app's slug as a login is still a `User`.
 */
export function isAppAuthor(author: Author | null | undefined, app: AppIdentity): boolean {
  if (!author || author.type !== "Bot") return false;
  const login = author.login.toLowerCase();
  const slug = app.slug.toLowerCase();
  return login === `${slug}[bot]` || login === slug;
}

/** The identity, asked once and then remembered; a failed lookup is asked again next time. */
export function cachedIdentity(lookup: () => Promise<AppIdentity>): () => Promise<AppIdentity> {
  let pending: Promise<AppIdentity> | null = null;
  return () => {
    pending ??= lookup().catch((error: unknown) => {
      pending = null;
      throw error;
    });
    return pending;
  };
}
