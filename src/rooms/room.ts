import type { CaseMeta, RoomMeta } from "../cases/metadata.js";
import type { CallInConfig } from "../config/schema.js";
import type { GitHub } from "../github/client.js";
import { createIssue } from "../github/issues.js";
import { addCollaborator, createPrivateOrgRepository } from "../github/rooms.js";
import { describeApiFailure, type ApiFailure } from "../github/api-failure.js";
import type { TemplateSet } from "../templates/engine.js";

/** The permission rooms need (creating, archiving and deleting repositories); optional in app.yml. */
export const ROOM_PERMISSION = "administration: write";

/** `<prefix>-<case code>`, lower case: the name says nothing about the person or the concern. */
export function roomName(prefix: string, code: string): string {
  return `${prefix}-${code.toLowerCase()}`;
}

/** What creating a room takes: the case it is for, the organisation it is created in, and who is invited. */
export interface RoomRequest {
  github: GitHub;
  /** The organisation (the case repository's owner). */
  owner: string;
  config: Pick<CallInConfig, "roomPrefix" | "appealWithin">;
  templates: TemplateSet;
  /** The case as the command read it: its code, source and assignees. */
  meta: CaseMeta;
  /** The person called in, invited with read access. */
  person: string;
  /** ISO time the room is created at. */
  now: string;
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
export async function createRoom(request: RoomRequest): Promise<RoomOutcome> {
  const { meta, owner, person } = request;
  const name = roomName(request.config.roomPrefix, meta.code);
  const description = (await request.templates.render("room-description.md", { code: meta.code })).text.trim();
  let repo;
  try {
    repo = await createPrivateOrgRepository(request.github, owner, { name, description });
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
      await addCollaborator(request.github, ref, login, permission);
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
      appealWithin: request.config.appealWithin,
      inRoom: true,
      templateWarnings: [],
    };
    const title = (await request.templates.render("room-issue-title.md", data)).text.trim();
    const body = (await request.templates.render("room-issue.md", data)).text;
    await createIssue(request.github, ref, { title, body });
  } catch (error) {
    issueFailure = describeApiFailure(error);
  }
  const room: RoomMeta = {
    owner: repo.owner,
    repo: repo.name,
    url: repo.url,
    repoId: repo.id,
    person,
    createdAt: request.now,
    archivedAt: null,
    deletedAt: null,
  };
  return { status: "created", room, inviteFailures, issueFailure };
}
