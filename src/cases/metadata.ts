import { z } from "zod";

/**
 * Every case carries one machine-readable block at the end of its body:
 * `<!-- call-in:meta {...json...} -->`. User text can never contain it, because
 * text/neutralise.ts breaks every `<!` and the marker word in anything quoted.
 * `looseObject` keeps fields this version does not know, so an older replica
 * never drops what a newer one wrote.
 */
export const META_MARKER = "call-in:meta";

export const caseStates = ["triage", "open", "acknowledged", "resolved", "appeal", "escalated"] as const;
export type CaseState = (typeof caseStates)[number];

export const triggers = ["label", "command", "watch", "report-form"] as const;
export type Trigger = (typeof triggers)[number];

export const subjectKinds = [
  "issue",
  "pull_request",
  "issue_comment",
  "review_comment",
  "review",
  "discussion",
  "discussion_comment",
] as const;
export type SubjectKind = (typeof subjectKinds)[number];

const personSchema = z.object({ login: z.string(), id: z.number().int() });

/** The public thread a case is about. `key` is what makes "one open case per thread". */
export const sourceSchema = z.object({
  key: z.string(),
  owner: z.string(),
  repo: z.string(),
  repoId: z.number().int().optional(),
  number: z.number().int(),
  threadKind: z.enum(["issue", "pull_request", "discussion"]),
  url: z.string(),
});
export type SourceRef = z.infer<typeof sourceSchema>;

/** The exact content reported: the thread itself or one comment in it. */
export const subjectSchema = z.object({
  kind: z.enum(subjectKinds),
  url: z.string(),
  /** REST id (comments, reviews) or null for the thread itself. */
  id: z.number().int().nullable().default(null),
  /** GraphQL node id, used to hide (minimize) comments. */
  nodeId: z.string().nullable().default(null),
  author: personSchema.nullable().default(null),
});
export type SubjectRef = z.infer<typeof subjectSchema>;

const recusalSchema = z.object({ login: z.string(), at: z.string() });

/** The outcome words of the action log; the case comment says the rest in plain words. */
export const actionOutcomes = ["done", "dry-run", "failed", "refused", "invalid"] as const;
const actionSchema = z.object({ at: z.string(), actor: z.string(), command: z.string(), outcome: z.enum(actionOutcomes) });

const blockSchema = z.object({ login: z.string(), at: z.string(), until: z.string().nullable(), liftedAt: z.string().nullable().default(null) });

const roomSchema = z.object({
  owner: z.string(),
  repo: z.string(),
  url: z.string(),
  person: z.string(),
  createdAt: z.string(),
  archivedAt: z.string().nullable().default(null),
  deletedAt: z.string().nullable().default(null),
});
export type RoomMeta = z.infer<typeof roomSchema>;

const appealSchema = z.object({
  by: z.string(),
  at: z.string(),
  assignee: z.string().nullable(),
  /** The outcome the case was appealed from, and the one it ended with. */
  from: z.string().nullable(),
  outcome: z.string().nullable().default(null),
  decidedAt: z.string().nullable().default(null),
});

export const caseMetaSchema = z.looseObject({
  v: z.literal(1),
  /** Short human reference, e.g. CI-7KQ3: lets people talk about a case without naming anyone. */
  code: z.string(),
  state: z.enum(caseStates),
  trigger: z.enum(triggers),
  source: sourceSchema,
  subject: subjectSchema,
  /** Other subjects reported in the same thread after the case opened. */
  related: z.array(subjectSchema).default([]),
  category: z.string().nullable().default(null),
  openedAt: z.string(),
  acknowledgedAt: z.string().nullable().default(null),
  resolvedAt: z.string().nullable().default(null),
  outcome: z.string().nullable().default(null),
  /** Report-form cases: the report id (idempotency) and a hash of the reporter's status token. */
  reportId: z.string().nullable().default(null),
  statusTokenHash: z.string().nullable().default(null),
  /** A message the moderators chose to show on the reporter's status page (`/reply-reporter`). */
  reporterMessage: z.string().nullable().default(null),
  /**
   * Watch: when a public report in this thread last reached the case (the
   * per-thread cooldown is measured from it, so it holds across replicas).
   */
  watchedAt: z.string().nullable().default(null),
  /** Watch: the public comments that reported the concern (snapshotted too, so edits and deletions are noted). */
  reporting: z.array(subjectSchema).default([]),
  /** Webhook delivery ids and report ids already applied to this case (newest last, bounded). */
  deliveries: z.array(z.string()).default([]),
  // --- Case work (src/commands/case/, src/clocks/, src/rooms/) ---
  /** GitHub login of the person who reported, when known (watch and form triggers may set it): checked for conflicts. */
  reporterLogin: z.string().nullable().default(null),
  /** Moderators working the case (`/assign`, `/unassign`). */
  assignees: z.array(z.string()).default([]),
  /** Conflicts of interest (`/recuse`): the person steps aside and is never assigned again. */
  recusals: z.array(recusalSchema).default([]),
  /** One line per command run in the case (newest last, bounded): who, what, when, outcome. */
  actions: z.array(actionSchema).default([]),
  /** Reminder thresholds already posted (`acknowledge`, `resolve`, `follow-up:<resolvedAt>`), so each is posted once. */
  remindersSent: z.array(z.string()).default([]),
  /** Who resolved the case last (an appeal goes to someone else). */
  resolvedBy: z.string().nullable().default(null),
  /** Organisation blocks made from this case; temporary ones are lifted by the sweep when `until` passes. */
  blocks: z.array(blockSchema).default([]),
  /** The private conversation room (`/room`), if one was made. */
  room: roomSchema.nullable().default(null),
  /** An appeal of the resolution (`/appeal` in the room). */
  appeal: appealSchema.nullable().default(null),
  /** Set on a case moved to the escalation repository: why, and when. */
  escalated: z.object({ at: z.string(), reason: z.string() }).nullable().default(null),
});
export type CaseMeta = z.infer<typeof caseMetaSchema>;
export type CaseMetaInput = z.input<typeof caseMetaSchema>;

/** How many command lines the action log keeps: the comments in the case keep the full story. */
export const MAX_ACTIONS = 200;

/** How many delivery ids a case remembers: redeliveries come within hours, not hundreds of events later. */
export const MAX_REMEMBERED_DELIVERIES = 50;

const BLOCK = /<!-- call-in:meta (\{.*?\}) -->/gs;

/** Serialises metadata so that no character of it can end the HTML comment early. */
export function renderMetaBlock(meta: CaseMetaInput): string {
  const json = JSON.stringify(caseMetaSchema.parse(meta))
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/-(?=-)/g, "\\u002d");
  return `<!-- ${META_MARKER} ${json} -->`;
}

/** Reads the metadata block of a case body; null when there is none or it is damaged. */
export function parseMeta(body: string | null | undefined): CaseMeta | null {
  if (!body) return null;
  const matches = [...body.matchAll(BLOCK)];
  const json = matches.at(-1)?.[1];
  if (!json) return null;
  try {
    const parsed = caseMetaSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Returns the body with its metadata block replaced (or appended when missing). */
export function withMeta(body: string, meta: CaseMetaInput): string {
  const block = renderMetaBlock(meta);
  const stripped = body.replace(BLOCK, "").trimEnd();
  return `${stripped}\n\n${block}\n`;
}

/** Remembers a delivery id on the metadata, keeping the newest MAX_REMEMBERED_DELIVERIES. */
export function rememberDelivery(meta: CaseMeta, deliveryId: string): CaseMeta {
  const deliveries = [...meta.deliveries.filter((d) => d !== deliveryId), deliveryId].slice(-MAX_REMEMBERED_DELIVERIES);
  return { ...meta, deliveries };
}
