import type { CaseMeta, RoomMeta } from "../cases/metadata.js";
import { createIssue } from "../github/issues.js";
import { addCollaborator, createPrivateOrgRepository } from "../github/rooms.js";
import { describeApiFailure, type ApiFailure } from "../github/api-failure.js";
import type { CaseCommandContext } from "../commands/case/types.js";

/** The permission rooms need (creating, archiving and deleting repositories); optional in app.yml. */
export const ROOM_PERMISSION = "administration: write";

/** `<prefix>-<case code>`, lower case: the name says nothing about the person or the concern. */
export function roomName(prefix: string, code: string): string {
  return `${prefix}-${code.toLowerCase()}`;
}

export type RoomOutcome =
  | { status: "created"; room: RoomMeta; inviteFailures: Array<{ login: string; error: ApiFailure }>; issueFailure: ApiFailure | null }
  | { status: "failed"; error: ApiFailure }
  | { status: "not-private"; url: string };

/**
 * Creates the conversation room: a private repository of the organisation,
 * the person invited with read access (enough to read, open and comment on
 * issues in a private repository they collaborate on), the assigned moderators
 * with write access, and a first issue with the call-in message and the guide.
 */
export async function createRoom(ctx: CaseCommandContext, person: string): Promise<RoomOutcome> {
  const meta: CaseMeta = ctx.record.meta;
  const owner = ctx.caseRepo.owner;
  const name = roomName(ctx.config.roomPrefix, meta.code);
  const description = (await ctx.templates.render("room-description.md", { code: meta.code })).text.trim();
  let repo;
  try {
    repo = await createPrivateOrgRepository(ctx.github, owner, { name, description });
  } catch (error) {
    return { status: "failed", error: describeApiFailure(error, ROOM_PERMISSION) };
  }
  // The room gets the call-in message: it must be private, like every place with case content.
  if (!repo.private) return { status: "not-private", url: repo.url };
  const ref = { owner: repo.owner, repo: repo.name };
  const inviteFailures: Array<{ login: string; error: ApiFailure }> = [];
  const invites: Array<[string, "pull" | "push"]> = [[person, "pull"], ...meta.assignees.map((a): [string, "push"] => [a, "push"])];
  for (const [login, permission] of invites) {
    try {
      await addCollaborator(ctx.github, ref, login, permission);
    } catch (error) {
      inviteFailures.push({ login, error: describeApiFailure(error, ROOM_PERMISSION) });
    }
  }
  let issueFailure: ApiFailure | null = null;
  try {
    const data = {
      code: meta.code,
      person,
      source: meta.source,
      snapshot: { author: person },
      appealWithin: ctx.config.appealWithin,
      inRoom: true,
      templateWarnings: [],
    };
    const title = (await ctx.templates.render("room-issue-title.md", data)).text.trim();
    const body = (await ctx.templates.render("room-issue.md", data)).text;
    await createIssue(ctx.github, ref, { title, body });
  } catch (error) {
    issueFailure = describeApiFailure(error);
  }
  const room: RoomMeta = { owner: repo.owner, repo: repo.name, url: repo.url, repoId: repo.id, person, createdAt: ctx.now, archivedAt: null, deletedAt: null };
  return { status: "created", room, inviteFailures, issueFailure };
}
