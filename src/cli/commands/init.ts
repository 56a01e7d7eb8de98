import { configSchema } from "../../config/schema.js";
import { TemplateSet } from "../../templates/engine.js";
import type { CliCommand } from "../command.js";
import { deviceFlowToken } from "../device-flow.js";
import { githubWithToken } from "../github.js";
import { applyInit, describeStep, planInit, type InitPlan } from "../init/plan.js";

const ACCOUNT = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;

/**
 * `call-in init --owner X [--repos a,b] [--case-repo moderation] [--dry-run] [--token T]`:
 * the private case repository, the trigger label, and one pull request on the
 * owner's `.github` repository with the settings and a Code of Conduct section.
 * Everything is read first (planInit), so a refusal or a dry run writes nothing;
 * a second run finds everything in place and writes nothing either.
 */
export const initCommand: CliCommand = {
  summary: "Set up an owner: private case repository, trigger label, and a pull request with call-in.yml",
  options: {
    owner: { type: "string" },
    repos: { type: "string" },
    "case-repo": { type: "string" },
    "dry-run": { type: "boolean", default: false },
    token: { type: "string" },
  },
  async run(values, settings) {
    const owner = values.owner;
    if (typeof owner !== "string" || !ACCOUNT.test(owner)) throw new Error("--owner is required: the organisation or user to set up");
    const repos =
      typeof values.repos === "string"
        ? values.repos
            .split(",")
            .map((name) => name.trim())
            .filter(Boolean)
        : [];
    for (const repo of repos) {
      if (!/^[A-Za-z0-9_.-]{1,100}$/.test(repo))
        throw new Error(`--repos: ${JSON.stringify(repo)} is not a repository name (names of ${owner}'s repositories, comma-separated)`);
    }
    let caseRepository: string | null = null;
    if (typeof values["case-repo"] === "string") {
      const checked = configSchema.shape.caseRepository.safeParse(values["case-repo"]);
      if (!checked.success) throw new Error(`--case-repo: ${checked.error.issues[0]?.message ?? "not a repository name"}`);
      caseRepository = checked.data;
    }
    if (settings.publicUrl.problem) throw new Error(settings.publicUrl.problem);

    const progress = (line: string) => process.stderr.write(`${line}\n`);
    const token = typeof values.token === "string" && values.token ? values.token : settings.githubToken;
    let github: ReturnType<typeof githubWithToken>;
    if (token) github = githubWithToken(token, settings);
    else if (settings.clientId)
      github = githubWithToken(await deviceFlowToken({ clientId: settings.clientId, apiBaseUrl: settings.apiBaseUrl, say: progress }), settings);
    else
      throw new Error(
        "init needs a token that may create repositories and open pull requests for the owner: --token or GITHUB_TOKEN, or GITHUB_CLIENT_ID (the GitHub App's client id) to sign in in the browser",
      );

    const templates = TemplateSet.bundled();
    const plan = await planInit(github, { owner, repos, caseRepository, publicUrl: settings.publicUrl.value }, templates, progress);
    const out = (line: string) => process.stdout.write(`${line}\n`);
    if (plan.refusals.length > 0) {
      for (const line of plan.refusals) out(`Refused: ${line}`);
      out("Nothing was written.");
      return 1;
    }
    if (values["dry-run"]) {
      printPlan(plan, out);
      out("Dry run: nothing was written.");
      return 0;
    }
    for (const line of plan.inPlace) out(`In place: ${line}`);
    for (const line of await applyInit(github, plan, progress)) out(line);
    if (plan.steps.length === 0) out("Nothing to do: everything is in place.");
    for (const line of plan.forYou) out(`For you: ${line}`);
    return 0;
  },
};

function printPlan(plan: InitPlan, out: (line: string) => void): void {
  for (const line of plan.inPlace) out(`In place: ${line}`);
  for (const step of plan.steps) {
    out(`Would: ${describeStep(step)}`);
    if (step.kind === "open-pull-request") {
      for (const file of step.files) out(`  ${file.path} (${file.text.split("\n").length} lines)`);
    }
  }
  if (plan.steps.length === 0) out("Nothing to do: everything is in place.");
  for (const line of plan.forYou) out(`For you: ${line}`);
}
