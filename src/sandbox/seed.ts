/**
 * The sandbox's organisation: a public project with a heated thread, the
 * private `moderation` case repository, a moderator team, and the people a
 * visitor can act as. Everything a newcomer needs to see Call-In work, and
 * nothing more.
 */
import type { GitHubStandIn } from "./github-stand-in.js";

export const ORG = "octo-garden";
export const PROJECT = "seedling";
export const CASES = "moderation";
export const MODERATOR_TEAM = "moderators";
export const LABEL = "call-in";

/** The people of the sandbox, by what they may do. */
export const PEOPLE = {
  maintainer: { login: "maintainer-mo", role: "maintainer", says: "can write to the project: adds the label, posts /call-in" },
  commenter: { login: "commenter-cas", role: "commenter", says: "anyone on GitHub: comments in public, may report in public or with the form" },
  moderator: { login: "moderator-mia", role: "moderator", says: "in the moderator team: reads the private cases and runs the case commands" },
} as const;
export type Role = keyof typeof PEOPLE;

/** The organisation's `.github/call-in.yml`: the team that may run commands, and the watch for public reports. */
export const ORG_CONFIG = `# Call-In's settings for every repository of ${ORG} (docs/configuration.md).
# Cases go to the private repository "${CASES}" (the default).
moderatorTeam: ${MODERATOR_TEAM}
watch:
  # A public report ("this violates our code of conduct", @${ORG}/${MODERATOR_TEAM}) opens a private triage case.
  enabled: true
`;

/** The project's Code of Conduct: how a concern travels, as a Mermaid diagram GitHub draws. */
const CODE_OF_CONDUCT = `# Code of Conduct

Be kind, assume good faith, and keep discussions about the work.

## Reporting a concern

Tell the moderators privately with the report form, or ask a maintainer to call a thread in.
Nothing you report is posted in public.

\`\`\`mermaid
flowchart LR
  A[A comment crosses the line] --> B{Who notices?}
  B -->|a maintainer| C[call-in label or /call-in]
  B -->|anyone| D[the report form]
  C --> E[a private case]
  D --> E
  E --> F[moderators: /ack, then /resolve]
  F --> G[one line in the resolution log]
\`\`\`
`;

export function seedSandbox(github: GitHubStandIn): { threadNumber: number } {
  github.account(ORG, "Organization");
  for (const person of Object.values(PEOPLE)) github.account(person.login);
  github.account("rude-ray");
  github.account("newcomer-nia");

  github.repository(ORG, PROJECT, "public");
  github.repository(ORG, CASES, "private");
  github.repository(ORG, ".github", "public");
  github.file(ORG, ".github", ".github/call-in.yml", ORG_CONFIG);
  github.file(ORG, PROJECT, "CODE_OF_CONDUCT.md", CODE_OF_CONDUCT);

  github.permission(ORG, PROJECT, PEOPLE.maintainer.login, "write");
  github.permission(ORG, CASES, PEOPLE.maintainer.login, "write");
  github.permission(ORG, PROJECT, PEOPLE.moderator.login, "read");
  github.permission(ORG, CASES, PEOPLE.moderator.login, "write");
  github.teamMember(ORG, MODERATOR_TEAM, PEOPLE.moderator.login);
  github.teamMember(ORG, MODERATOR_TEAM, PEOPLE.maintainer.login);
  github.orgRole(ORG, PEOPLE.maintainer.login, "member");
  github.orgRole(ORG, PEOPLE.moderator.login, "member");

  const thread = github.issue(ORG, PROJECT, {
    title: "Build fails on Windows when the checkout path is long",
    body: [
      "Running `npm run build` on Windows 11 stops with `ENAMETOOLONG` when the repository lives deeper than a few folders.",
      "",
      "Steps:",
      "- [x] clone into `C:\\Users\\nia\\projects\\community\\seedling`",
      "- [x] `npm ci`",
      "- [ ] `npm run build` finishes",
      "",
      "Happy to send a pull request if someone points me at the right place.",
    ].join("\n"),
    author: "newcomer-nia",
  });
  github.comment(ORG, PROJECT, thread.number, {
    author: "rude-ray",
    body: "Nobody serious builds on Windows. Maybe learn to use a real computer before filing issues.",
  });
  github.comment(ORG, PROJECT, thread.number, {
    author: "newcomer-nia",
    body: "I was only trying to help. The path limit is a known Windows setting, I can document it.",
  });
  github.comment(ORG, PROJECT, thread.number, {
    author: "rude-ray",
    body: "Document it somewhere else. People like you are why this project is slow.",
  });
  return { threadNumber: thread.number };
}

/** What a visitor can do in the sandbox, as one of its people. */
export type DemoAction =
  | { kind: "label"; repo: string; number: number }
  | { kind: "comment"; repo: string; number: number; body: string }
  | { kind: "open-issue"; repo: string; title: string; body: string };
