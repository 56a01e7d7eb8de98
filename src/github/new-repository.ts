import type { GitHub } from "./client.js";
import { isPrivateVisibility } from "./repository.js";
import { createPrivateOrgRepository } from "./rooms.js";

export interface CreatedRepository {
  owner: string;
  name: string;
  url: string;
  private: boolean;
}

/**
 * A new private repository for an account: `POST /orgs/{org}/repos` for an
 * organisation, `POST /user/repos` for the signed-in user's own account (a
 * user's repository can only be created by that user).
 */
export async function createPrivateRepository(
  github: GitHub,
  owner: { login: string; type: "Organization" | "User" },
  input: { name: string; description: string },
): Promise<CreatedRepository> {
  if (owner.type === "Organization") {
    const created = await createPrivateOrgRepository(github, owner.login, input);
    return { owner: created.owner, name: created.name, url: created.url, private: created.private };
  }
  const { data } = await github.rest.repos.createForAuthenticatedUser({
    name: input.name,
    description: input.description,
    private: true,
    has_issues: true,
    has_projects: false,
    has_wiki: false,
  });
  return { owner: data.owner.login, name: data.name, url: data.html_url, private: isPrivateVisibility(data) };
}
