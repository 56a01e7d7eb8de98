import { setInteractionLimit, type InteractionExpiry, type InteractionLimit } from "../../github/moderation.js";
import { describeApiFailure } from "../../github/api-failure.js";
import { failed, invalid, type CaseCommand } from "./types.js";

export const LIMITS: readonly InteractionLimit[] = ["existing_users", "contributors_only", "collaborators_only"];

/** GitHub offers five fixed lengths; the command takes them in the config's duration words. */
export const LIMIT_DURATIONS: Record<string, InteractionExpiry> = {
  "24h": "one_day",
  "1d": "one_day",
  "3d": "three_days",
  "1w": "one_week",
  "7d": "one_week",
  "1mo": "one_month",
  "6mo": "six_months",
};

/** The permission interaction limits need; optional in app.yml. */
export const LIMIT_PERMISSION = "administration: write";

/** `/limit <who> <how long>`: temporary interaction limits on the source repository. */
export const limitCommand: CaseCommand = {
  name: "limit",
  usage: "/limit existing_users|contributors_only|collaborators_only 24h|3d|1w|1mo|6mo",
  async run(ctx) {
    const [who = "", length = ""] = ctx.args.map((a) => a.toLowerCase());
    const limit = LIMITS.find((l) => l === who);
    const expiry = LIMIT_DURATIONS[length];
    if (!limit || !expiry || ctx.args.length !== 2) return invalid("limit.usage");
    const { source } = ctx.record.meta;
    const data = { limit, length, repository: `${source.owner}/${source.repo}` };
    if (ctx.config.dryRun) return { outcome: "dry-run", key: "limit.dry-run", data };
    try {
      const result = await setInteractionLimit(ctx.github, source, limit, expiry);
      return { outcome: "done", key: "limit.done", data: { ...data, expiresAt: result.expiresAt } };
    } catch (error) {
      return failed("limit.failed", describeApiFailure(error, LIMIT_PERMISSION), data);
    }
  },
};
