import { loadOwnerConfig } from "../../config/load.js";
import { CONFIG_FILE, configSchema } from "../../config/schema.js";
import { branchHead, createBranch, defaultBranch } from "../../github/branches.js";
import type { GitHub, RepoRef } from "../../github/client.js";
import type { ConfigCapableGitHub } from "../../github/config-file.js";
import { readTextFile, writeTextFile } from "../../github/contents.js";
import { createLabel, findLabel } from "../../github/labels.js";
import { createPrivateRepository } from "../../github/new-repository.js";
import { findOpenPullRequest, openPullRequest } from "../../github/pull-requests.js";
import { getRepository } from "../../github/repository.js";
import { accountType, getAuthenticatedUser } from "../../github/users.js";
import type { TemplateSet } from "../../templates/engine.js";
import { commentedConfig } from "./config-file.js";

/** What `call-in init` was asked to do. */
export interface InitRequest {
  owner: string;
  /** Repositories (names of the owner's) that get the trigger label. */
  repos: string[];
  /** `--case-repo`; null: the owner's config file says, else the schema's default. */
  caseRepository: string | null;
  /** The app's PUBLIC_URL: the report form's link in the Code of Conduct snippet. Null: no snippet. */
  publicUrl: string | null;
}

/** The branch of the owner's `.github` repository the set-up pull request comes from. */
export const SETUP_BRANCH = "call-in/setup";
export const OWNER_REPOSITORY = ".github";
export const CONFIG_PATH = `.github/${CONFIG_FILE}`;
/** Where GitHub looks for a Code of Conduct in a repository (the `.github` repository's is every repository's default). */
const CODE_OF_CONDUCT_PATHS = ["CODE_OF_CONDUCT.md", ".github/CODE_OF_CONDUCT.md", "docs/CODE_OF_CONDUCT.md"];
/** The trigger label's colour: GitHub's purple, apart from the usual bug/feature colours. */
export const TRIGGER_LABEL_COLOR = "5319e7";

export interface FileChange {
  path: string;
  text: string;
  /** The blob on the set-up branch this replaces; null: a new file there. */
  sha: string | null;
}

export type InitStep =
  | { kind: "create-case-repository"; owner: string; ownerType: "Organization" | "User"; name: string; description: string }
  | { kind: "create-label"; repo: RepoRef; name: string; color: string; description: string }
  | {
      kind: "open-pull-request";
      repo: RepoRef;
      branch: string;
      base: string;
      /** The base's head commit when the branch must be created; null: the branch exists. */
      createBranchAt: string | null;
      files: FileChange[];
      title: string;
      body: string;
    };

export interface InitPlan {
  /** The writes to make, in order. */
  steps: InitStep[];
  /** What is already in place (nothing to do). */
  inPlace: string[];
  /** Why nothing may be written (a public case repository, a missing repository...): the plan is refused. */
  refusals: string[];
  /** What a person must do that init cannot (e.g. create the `.github` repository). */
  forYou: string[];
}

/** A line of progress for the terminal. */
export type Progress = (line: string) => void;

/**
 * Reads what exists and decides what `init` must write. Reads only, so a dry run
 * is this plan printed, and a refusal comes before any write.
 */
export async function planInit(github: ConfigCapableGitHub, request: InitRequest, templates: TemplateSet, progress: Progress): Promise<InitPlan> {
  const plan: InitPlan = { steps: [], inPlace: [], refusals: [], forYou: [] };
  const { owner } = request;

  progress(`Looking up ${owner}...`);
  const type = await accountType(github, owner);
  if (!type) {
    plan.refusals.push(`There is no GitHub account named ${owner}.`);
    return plan;
  }

  progress(`Reading ${owner}/${OWNER_REPOSITORY}/${CONFIG_PATH}...`);
  const existing = await loadOwnerConfig(github, owner);
  if (!existing.ok) {
    plan.refusals.push(`${owner}/${OWNER_REPOSITORY}/${CONFIG_PATH} is invalid; fix it first:\n${existing.problem}`);
    return plan;
  }
  if (existing.found && request.caseRepository !== null && request.caseRepository !== existing.config.caseRepository) {
    plan.refusals.push(
      `${owner}/${OWNER_REPOSITORY}/${CONFIG_PATH} names the case repository ${existing.config.caseRepository}, not ${request.caseRepository}: change it there, or leave out --case-repo.`,
    );
    return plan;
  }
  const chosen = configSchema.parse(existing.found ? existing.config : request.caseRepository ? { caseRepository: request.caseRepository } : {});
  const caseRepository = chosen.caseRepository;
  const triggerLabel = chosen.triggerLabel;

  await planCaseRepository(github, { owner, type, name: caseRepository }, templates, plan, progress);
  for (const repo of request.repos) await planLabel(github, { owner, repo }, triggerLabel, templates, plan, progress);
  if (plan.refusals.length > 0) return plan;
  await planPullRequest(github, { ...request, caseRepository, triggerLabel, configFound: existing.found }, templates, plan, progress);
  return plan;
}

async function planCaseRepository(
  github: GitHub,
  target: { owner: string; type: "Organization" | "User"; name: string },
  templates: TemplateSet,
  plan: InitPlan,
  progress: Progress,
): Promise<void> {
  const full = `${target.owner}/${target.name}`;
  progress(`Checking the case repository ${full}...`);
  const repository = await getRepository(github, { owner: target.owner, repo: target.name });
  if (repository) {
    if (repository.private) plan.inPlace.push(`The case repository ${full} exists and is private.`);
    // Cases hold reports and reporters' contacts: never in a repository others can read.
    else
      plan.refusals.push(
        `${full} exists and is ${repository.visibility === "unknown" ? "not private" : repository.visibility}: cases must never be readable by others. Make it private, or choose another name with --case-repo.`,
      );
    return;
  }
  if (target.type === "User") {
    // `POST /user/repos` creates in the token's own account: refuse rather than create it elsewhere.
    const me = await getAuthenticatedUser(github);
    if (me.login.toLowerCase() !== target.owner.toLowerCase()) {
      plan.refusals.push(`${target.owner} is a user account; only ${target.owner} can create ${full}, and this token is ${me.login}'s.`);
      return;
    }
  }
  const description = (await templates.render("case-repository-description.md", {})).text.trim();
  plan.steps.push({ kind: "create-case-repository", owner: target.owner, ownerType: target.type, name: target.name, description });
}

async function planLabel(github: GitHub, repo: RepoRef, name: string, templates: TemplateSet, plan: InitPlan, progress: Progress): Promise<void> {
  const full = `${repo.owner}/${repo.repo}`;
  progress(`Checking the label ${name} in ${full}...`);
  if (!(await getRepository(github, repo))) {
    plan.refusals.push(`${full} does not exist, or this token cannot see it (check --repos).`);
    return;
  }
  if (await findLabel(github, repo, name)) {
    plan.inPlace.push(`${full} has the label ${name}.`);
    return;
  }
  const description = (await templates.render("trigger-label-description.md", {})).text.trim();
  plan.steps.push({ kind: "create-label", repo, name, color: TRIGGER_LABEL_COLOR, description });
}

async function planPullRequest(
  github: GitHub,
  request: InitRequest & { caseRepository: string; triggerLabel: string; configFound: boolean },
  templates: TemplateSet,
  plan: InitPlan,
  progress: Progress,
): Promise<void> {
  const repo: RepoRef = { owner: request.owner, repo: OWNER_REPOSITORY };
  const full = `${repo.owner}/${repo.repo}`;
  progress(`Checking ${full}...`);
  const base = await defaultBranch(github, repo);
  if (!base) {
    plan.forYou.push(
      `${full} does not exist. Create a public repository named .github for ${request.owner} (it holds the settings and community files every repository shares), then run init again for the settings and the Code of Conduct section.`,
    );
    return;
  }
  const open = await findOpenPullRequest(github, repo, SETUP_BRANCH);
  if (open) {
    plan.inPlace.push(`The set-up pull request is open: ${open.url}`);
    return;
  }

  const formUrl = request.publicUrl ? `${request.publicUrl}/call-in/report/${encodeURIComponent(request.owner)}` : null;
  const snippet = formUrl ? (await templates.render("code-of-conduct-snippet.md", { formUrl, triggerLabel: request.triggerLabel })).text : null;
  if (!formUrl) plan.forYou.push("PUBLIC_URL is not set, so the Code of Conduct section with the report form's link is left out. Set it and run init again.");

  // What the default branch should gain: the settings (when there are none) and the snippet (when the Code of Conduct lacks the link).
  const wanted: Array<{ path: string; text: string; baseSha: string | null }> = [];
  if (request.configFound) plan.inPlace.push(`${full} has ${CONFIG_PATH}.`);
  else
    wanted.push({
      path: CONFIG_PATH,
      baseSha: null,
      text: commentedConfig({
        header: [
          `Call-In's settings for every repository of ${request.owner}. A repository's own .github/${CONFIG_FILE} may change some of them.`,
          "Every setting is listed under what it does. Lines starting with `# name:` show the default: remove the `# ` to change one.",
        ],
        values: { caseRepository: request.caseRepository, triggerLabel: request.triggerLabel },
      }),
    });
  let codeOfConductPath: string | null = null;
  if (snippet && formUrl) {
    progress(`Looking for ${full}'s Code of Conduct...`);
    for (const path of CODE_OF_CONDUCT_PATHS) {
      const file = await readTextFile(github, repo, path);
      if (!file) continue;
      codeOfConductPath = path;
      if (file.text.includes(formUrl)) plan.inPlace.push(`${full}'s ${path} links to the report form.`);
      else wanted.push({ path, text: `${file.text.trimEnd()}\n\n${snippet}`, baseSha: file.sha });
      break;
    }
  }
  if (wanted.length === 0) return;

  // A branch left by an earlier run (its pull request closed, or the run stopped half-way) is used again.
  progress(`Checking the branch ${SETUP_BRANCH} of ${full}...`);
  const branchSha = await branchHead(github, repo, SETUP_BRANCH);
  const createBranchAt = branchSha ? null : await branchHead(github, repo, base);
  if (!branchSha && !createBranchAt) throw new Error(`${full}'s default branch ${base} has no commit yet: add a first file (a README), then run init again.`);
  const files: FileChange[] = [];
  for (const file of wanted) {
    const onBranch = branchSha ? await readTextFile(github, repo, file.path, SETUP_BRANCH) : null;
    if (onBranch?.text === file.text) continue;
    files.push({ path: file.path, text: file.text, sha: branchSha ? (onBranch?.sha ?? null) : file.baseSha });
  }
  const data = {
    owner: request.owner,
    caseRepository: request.caseRepository,
    triggerLabel: request.triggerLabel,
    configPath: wanted.some((f) => f.path === CONFIG_PATH) ? CONFIG_PATH : null,
    codeOfConductPath: wanted.some((f) => f.path === codeOfConductPath) ? codeOfConductPath : null,
    snippet,
  };
  plan.steps.push({
    kind: "open-pull-request",
    repo,
    branch: SETUP_BRANCH,
    base,
    createBranchAt,
    files,
    title: (await templates.render("init-pull-request-title.md", data)).text.trim(),
    body: (await templates.render("init-pull-request.md", data)).text,
  });
}

/** One line per step, for the dry run and the progress of a real one. */
export function describeStep(step: InitStep): string {
  switch (step.kind) {
    case "create-case-repository":
      return `Create the private repository ${step.owner}/${step.name} for cases.`;
    case "create-label":
      return `Create the label ${step.name} (#${step.color}) in ${step.repo.owner}/${step.repo.repo}.`;
    case "open-pull-request": {
      const files = step.files.map((file) => file.path).join(", ");
      const branch = step.createBranchAt ? `a new branch ${step.branch}` : `the branch ${step.branch}`;
      return `Open a pull request on ${step.repo.owner}/${step.repo.repo} from ${branch}${files ? ` writing ${files}` : ""}.`;
    }
  }
}

/** Makes the plan's writes, in order; a line of progress before each. Returns what was made (addresses). */
export async function applyInit(github: GitHub, plan: InitPlan, progress: Progress): Promise<string[]> {
  const made: string[] = [];
  for (const step of plan.steps) {
    progress(describeStep(step));
    switch (step.kind) {
      case "create-case-repository": {
        const created = await createPrivateRepository(github, { login: step.owner, type: step.ownerType }, { name: step.name, description: step.description });
        // An enterprise policy could still have made it internal: say so loudly rather than let cases go there.
        if (!created.private) throw new Error(`${created.owner}/${created.name} was created but is not private: make it private before installing the app.`);
        made.push(`Created ${created.url} (private).`);
        break;
      }
      case "create-label":
        await createLabel(github, step.repo, { name: step.name, color: step.color, description: step.description });
        made.push(`Created the label ${step.name} in ${step.repo.owner}/${step.repo.repo}.`);
        break;
      case "open-pull-request": {
        if (step.createBranchAt) await createBranch(github, step.repo, step.branch, step.createBranchAt);
        for (const file of step.files) {
          await writeTextFile(github, step.repo, file.path, { text: file.text, sha: file.sha, message: `Call-In: ${file.path}`, branch: step.branch });
        }
        const pull = await openPullRequest(github, step.repo, { head: step.branch, base: step.base, title: step.title, body: step.body });
        made.push(`Opened ${pull.url}`);
        break;
      }
    }
  }
  return made;
}
