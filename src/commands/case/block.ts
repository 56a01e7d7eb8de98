import { blockUser } from "../../github/moderation.js";
import { durationMs } from "../../util/duration.js";
import { describeApiFailure } from "../../github/api-failure.js";
import { loginOf } from "./parse.js";
import { failed, invalid, type CaseCommand } from "./types.js";

/** The permission organisation blocks need; optional in app.yml. */
export const BLOCK_PERMISSION = "organization_user_blocking: write";

/**
 * `/block @user [duration]`: an organisation block (only with `allowBlock: true`).
 * GitHub blocks have no end date: a temporary block is recorded in the case and
 * lifted by the sweep (src/clocks/sweep.ts) when its time is up.
 */
export const blockCommand: CaseCommand = {
  name: "block",
  usage: "/block @user [duration, e.g. 7d or 1mo]",
  async run(ctx) {
    if (!ctx.config.allowBlock) return { outcome: "refused", key: "block.disabled" };
    // Apps can only block from organisations; a personal account's blocks need the person's own token.
    if (ctx.caseRepository.ownerType !== "Organization") return { outcome: "refused", key: "block.user-owner", data: { owner: ctx.caseRepo.owner } };
    const login = loginOf(ctx.args[0]);
    if (!login || ctx.args.length > 2) return invalid("block.usage");
    let until: string | null = null;
    if (ctx.args[1]) {
      try {
        until = new Date(Date.parse(ctx.now) + durationMs(ctx.args[1])).toISOString();
      } catch {
        return invalid("block.usage");
      }
    }
    const org = ctx.record.meta.source.owner;
    const data = { login, org, until };
    if (ctx.config.dryRun) return { outcome: "dry-run", key: "block.dry-run", data };
    try {
      await blockUser(ctx.github, org, login);
    } catch (error) {
      return failed("block.failed", describeApiFailure(error, BLOCK_PERMISSION), data);
    }
    return {
      outcome: "done",
      key: "block.done",
      data,
      change: (meta) => ({
        ...meta,
        blocks: [...meta.blocks.filter((b) => b.login.toLowerCase() !== login.toLowerCase() || b.liftedAt), { login, at: ctx.now, until, liftedAt: null, org }],
      }),
    };
  },
};
