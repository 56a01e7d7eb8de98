import { createRoom, roomName } from "../../rooms/room.js";
import { loginOf } from "./parse.js";
import { failed, invalid, type CaseCommand } from "./types.js";

/** `/room @user`: a private repository for the call-in conversation (`conversationRooms: true`). */
export const roomCommand: CaseCommand = {
  name: "room",
  usage: "/room @user",
  async run(ctx) {
    if (!ctx.config.conversationRooms) return { outcome: "refused", key: "room.disabled" };
    // A room lives in the organisation: a key-holder could read it.
    if (ctx.record.meta.keyHolder) return { outcome: "refused", key: "room.key-holder" };
    const person = loginOf(ctx.args[0]);
    if (!person || ctx.args.length !== 1) return invalid("room.usage");
    const existing = ctx.record.meta.room;
    if (existing && !existing.deletedAt) return invalid("room.exists", { url: existing.url, person: existing.person });
    // GitHub Apps cannot create repositories for a personal account.
    if (ctx.caseRepository.ownerType !== "Organization") return { outcome: "refused", key: "room.user-owner", data: { owner: ctx.caseRepo.owner } };
    const data = { person, name: `${ctx.caseRepo.owner}/${roomName(ctx.config.roomPrefix, ctx.record.meta.code)}`, assignees: ctx.record.meta.assignees };
    if (ctx.config.dryRun) return { outcome: "dry-run", key: "room.dry-run", data };
    const result = await createRoom({
      github: ctx.github,
      owner: ctx.caseRepo.owner,
      config: ctx.config,
      templates: ctx.templates,
      meta: ctx.record.meta,
      person,
      now: ctx.now,
    });
    if (result.status === "failed") return failed("room.failed", result.error, data);
    if (result.status === "not-private") return { outcome: "failed", key: "room.not-private", data: { ...data, url: result.url } };
    const { room } = result;
    return {
      outcome: "done",
      key: "room.done",
      data: { ...data, url: room.url, inviteFailures: result.inviteFailures, issueFailure: result.issueFailure },
      change: (meta) => ({ ...meta, room }),
    };
  },
};
