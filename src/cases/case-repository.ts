import type { GitHub } from "../github/client.js";
import { getRepository, type RepositoryInfo } from "../github/repository.js";

export type CaseRepositoryCheck =
  | { ok: true; repository: RepositoryInfo }
  | { ok: false; reason: "missing" | "public"; message: string };

/**
 * The privacy gate: every write of case content goes through this check first.
 * A repository the app cannot see answers 404 exactly like a missing one.
 * Not cached: a repository made public a minute ago must be refused now.
 */
export async function checkCaseRepository(github: GitHub, owner: string, name: string): Promise<CaseRepositoryCheck> {
  const repository = await getRepository(github, { owner, repo: name });
  if (!repository) {
    return {
      ok: false,
      reason: "missing",
      message: `The case repository ${owner}/${name} does not exist or Call-In is not installed on it. Create it as a private repository and add it to the app's installation, or set caseRepository in .github/call-in.yml.`,
    };
  }
  if (!repository.private) {
    return {
      ok: false,
      reason: "public",
      message: `The case repository ${owner}/${name} is public, so Call-In writes nothing there. Make it private, or point caseRepository at a private repository.`,
    };
  }
  return { ok: true, repository };
}
