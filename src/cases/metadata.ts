import { z } from "zod";

/**
 * Every case carries one machine-readable block at the end of its body:
 * `<!-- call-in:meta {...json...} v1.<seal> -->`. User text quoted into a case
 * can never contain it, because text/neutralise.ts breaks every `<!` and the
 * marker word in anything quoted; and a block someone else writes (an issue of
 * their own, or an edit of a case body) fails its seal (cases/seal.ts).
 * `looseObject` keeps fields this version does not know, so an older replica
 * never drops what a newer one wrote.
 */
export const META_MARKER = "call-in:meta";

export const caseStates = ["triage", "open", "acknowledged", "resolved", "appeal", "escalated"] as const;

export const triggers = ["label", "command", "watch", "report-form"] as const;
export type Trigger = (typeof triggers)[number];

export const subjectKinds = ["issue", "pull_request", "issue_comment", "review_comment", "review", "discussion", "discussion_comment"] as const;
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

export const keyHolderRoutes = ["outside", "sealed"] as const;
export const keyHolderSchema = z.object({ route: z.enum(keyHolderRoutes), reported: personSchema.nullable() });
export type KeyHolderMark = z.infer<typeof keyHolderSchema>;

const recusalSchema = z.object({ login: z.string(), at: z.string() });

/** The outcome words of the action log; the case comment says the rest in plain words. */
export const actionOutcomes = ["done", "dry-run", "failed", "refused", "invalid"] as const;
const actionSchema = z.object({ at: z.string(), actor: z.string(), command: z.string(), outcome: z.enum(actionOutcomes) });

/**
 * `org` is where the app made the block, recorded when it made it: the sweep
 * lifts only blocks with that record, in the case repository's own organisation.
 */
const blockSchema = z.object({
  login: z.string(),
  at: z.string(),
  until: z.string().nullable(),
  liftedAt: z.string().nullable().default(null),
  org: z.string().nullable().default(null),
});

const roomSchema = z.object({
  owner: z.string(),
  repo: z.string(),
  url: z.string(),
  /** The repository id GitHub gave the room when the app created it: the sweep deletes only that repository. */
  repoId: z.number().int().nullable().default(null),
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
  /**
   * Set on a case about someone who can read the case repository (cases/key-holders.ts):
   * `outside` = written in another account's repository (keyHolderReports), `sealed` = a
   * minimal case here, the reporter's and maintainers' words in the sealed store.
   */
  keyHolder: keyHolderSchema.nullable().default(null),
});
export type CaseMeta = z.infer<typeof caseMetaSchema>;
export type CaseMetaInput = z.input<typeof caseMetaSchema>;

/** How many command lines the action log keeps: the comments in the case keep the full story. */
export const MAX_ACTIONS = 200;

/** How many delivery ids a case remembers: redeliveries come within hours, not hundreds of events later. */
export const MAX_REMEMBERED_DELIVERIES = 50;

/**
 * The block: `<!-- call-in:meta {json} v1.<seal> -->`, the seal absent in
 * older blocks. Found with plain string searches, not a pattern: anyone who can
 * open an issue in the case repository writes bodies this reads (before the
 * author check), and a lazy pattern over many unclosed openers is quadratic.
 * The JSON never holds `--` (renderMetaJson escapes it), so the first ` -->`
 * after the opener ends the block.
 */
const OPENER = `<!-- ${META_MARKER} `;
const CLOSER = " -->";
const SEAL = /^v1\.[A-Za-z0-9_-]{43}$/;

/** Where the last block of a body starts and ends (end exclusive), or null. */
function lastBlockRange(body: string): { start: number; end: number; inner: string } | null {
  const start = body.lastIndexOf(OPENER);
  if (start < 0) return null;
  const close = body.indexOf(CLOSER, start + OPENER.length);
  if (close < 0) return null;
  return { start, end: close + CLOSER.length, inner: body.slice(start + OPENER.length, close) };
}

/**
 * Serialises metadata so that no character of it can end the HTML comment
 * early, and so that what the seal covers is plain ASCII (non-ASCII characters
 * are escaped), which no editor or normalisation on GitHub's side changes.
 */
export function renderMetaJson(meta: CaseMetaInput): string {
  return JSON.stringify(caseMetaSchema.parse(meta))
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/-(?=-)/g, "\\u002d")
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

export function renderMetaBlock(json: string, seal: string): string {
  return `<!-- ${META_MARKER} ${json} ${seal} -->`;
}

/** The last metadata block of a body, exactly as written (the JSON text and its seal), or null. */
export function findMetaBlock(body: string | null | undefined): { json: string; seal: string | null } | null {
  if (!body) return null;
  const range = lastBlockRange(body);
  if (!range) return null;
  const space = range.inner.lastIndexOf(" ");
  const tail = space < 0 ? "" : range.inner.slice(space + 1);
  const [json, seal] = SEAL.test(tail) ? [range.inner.slice(0, space), tail] : [range.inner, null];
  return json.startsWith("{") && json.endsWith("}") ? { json, seal } : null;
}

/** Parses the JSON of a block; null when it is damaged or does not fit the schema. */
export function parseMetaJson(json: string): CaseMeta | null {
  try {
    const parsed = caseMetaSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Reads the metadata block of a body WITHOUT checking who wrote it or its
 * seal: for tests and diagnostics only. Anything the app acts on is read
 * through CaseSeal (cases/seal.ts); test/forged-metadata.test.ts keeps it so.
 */
export function parseMeta(body: string | null | undefined): CaseMeta | null {
  const block = findMetaBlock(body);
  return block ? parseMetaJson(block.json) : null;
}

/** Returns the body with its metadata block replaced by `block` (or appended when missing). */
export function withMetaBlock(body: string, block: string): string {
  const range = lastBlockRange(body);
  const stripped = (range ? body.slice(0, range.start) + body.slice(range.end) : body).trimEnd();
  return `${stripped}\n\n${block}\n`;
}

/** Remembers a delivery id on the metadata, keeping the newest MAX_REMEMBERED_DELIVERIES. */
export function rememberDelivery(meta: CaseMeta, deliveryId: string): CaseMeta {
  const deliveries = [...meta.deliveries.filter((d) => d !== deliveryId), deliveryId].slice(-MAX_REMEMBERED_DELIVERIES);
  return { ...meta, deliveries };
}
