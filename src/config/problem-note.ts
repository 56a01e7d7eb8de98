import { LRUCache } from "lru-cache";
import { createHash } from "node:crypto";
import type { Logger } from "pino";
import type { GitHub } from "../github/client.js";
import { addIssueComment, createIssue, listOpenIssues } from "../github/issues.js";
import { getRepository } from "../github/repository.js";
import type { TemplateSet } from "../templates/engine.js";

const MARKER = "<!-- call-in:config-problem -->";

/**
 * Tells the people who can fix a bad `call-in.yml` what is wrong, inside the
 * (private) case repository: one open issue per owner, one comment per new problem.
 * Nothing is written when the case repository is missing or public.
 */
export class ConfigProblemNotifier {
  /** Problems already noted recently, so a busy repository does not list issues on every event. */
  private readonly noted = new LRUCache<string, true>({ max: 1_000, ttl: 60 * 60_000 });

  constructor(private readonly templates: TemplateSet) {}

  /**
   * `invalid`: the file cannot be used and no case opens (`problem` is zod's message).
   * `ignored`: the repository's file sets what only the owner's file decides (`problem` lists the keys).
   */
  async notify(
    github: GitHub,
    owner: string,
    caseRepository: string,
    source: string,
    problem: string,
    log: Logger,
    kind: "invalid" | "ignored" = "invalid",
  ): Promise<void> {
    const digest = createHash("sha256")
      .update(`${owner}\n${source}\n${kind === "ignored" ? "ignored\n" : ""}${problem}`)
      .digest("hex")
      .slice(0, 16);
    if (this.noted.has(digest)) return;
    this.noted.set(digest, true);
    try {
      const repo = await getRepository(github, { owner, repo: caseRepository });
      if (!repo || !repo.private) {
        log.warn(
          { owner, caseRepository, visibility: repo?.visibility ?? null },
          "cannot leave a note about the config: the case repository is missing or not private (internal repositories are not private)",
        );
        return;
      }
      const data = { source, problem, digest, ignored: kind === "ignored" };
      const ref = { owner, repo: caseRepository };
      const existing = (await listOpenIssues(github, ref)).find((issue) => issue.body.includes(MARKER));
      if (existing?.body.includes(digest)) return;
      const comment = await this.templates.render("config-problem.md", data);
      if (existing) {
        await addIssueComment(github, ref, existing.number, `${comment.text}\n<!-- ${digest} -->`);
      } else {
        const title = await this.templates.render("config-problem-title.md", data);
        await createIssue(github, ref, { title: title.text.trim(), body: `${MARKER}\n${comment.text}\n<!-- ${digest} -->` });
      }
    } catch (error) {
      this.noted.delete(digest);
      log.error({ err: error, owner }, "could not leave a note about the invalid config");
    }
  }
}
