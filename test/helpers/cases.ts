import { caseMetaSchema, type CaseMeta, type CaseMetaInput } from "../../src/cases/metadata.js";
import { SealKeys } from "../../src/cases/seal-keys.js";
import { CaseSeal } from "../../src/cases/seal.js";
import type { AppIdentity } from "../../src/github/app-identity.js";
import { readSettings } from "../../src/settings.js";

export const OWNER = "Codertocat";
export const SOURCE_REPO = "Hello-World";

/** The test app's slug, and its bot account as REST (`user`) names it; GraphQL says `call-in` as a `Bot`. */
export const APP_SLUG = "call-in";
export const APP_BOT_USER = { login: `${APP_SLUG}[bot]`, id: 41_898_282, type: "Bot" };
export const APP_BOT_ACTOR = { login: APP_SLUG, __typename: "Bot" };

/** The key that seals case metadata in tests (CASE_METADATA_KEY), and the app's identity. */
export const TEST_CASE_METADATA_KEY = "5a".repeat(32);
export const TEST_SEAL_ENV = { CASE_METADATA_KEY: TEST_CASE_METADATA_KEY } as const;
export const testAppIdentity = async (): Promise<AppIdentity> => ({ slug: APP_SLUG });

/** Seals and checks like the app does in tests. */
export const testSeal = new CaseSeal(SealKeys.from(readSettings(TEST_SEAL_ENV)), testAppIdentity);

/** Metadata of a case about a comment in Codertocat/Hello-World#1 (override what a test needs). */
export function caseMeta(overrides: Partial<CaseMetaInput> = {}): CaseMeta {
  return caseMetaSchema.parse({
    v: 1,
    code: "CI-7KQ3M2",
    state: "open",
    trigger: "command",
    source: {
      key: "codertocat/hello-world#1",
      owner: OWNER,
      repo: SOURCE_REPO,
      number: 1,
      threadKind: "issue",
      url: `https://github.com/${OWNER}/${SOURCE_REPO}/issues/1`,
    },
    subject: {
      kind: "issue_comment",
      url: `https://github.com/${OWNER}/${SOURCE_REPO}/issues/1#issuecomment-492700400`,
      id: 492700400,
      nodeId: "MDEyOklzc3VlQ29tbWVudDQ5MjcwMDQwMA==",
      author: { login: "rude-ray", id: 99 },
    },
    openedAt: "2026-11-01T10:00:00.000Z",
    deliveries: ["opened-delivery"],
    ...overrides,
  });
}

/**
 * A case body: some visible text and the metadata block, sealed as the app
 * seals it for the case repository `repo` (`owner/name`, default
 * Codertocat/moderation). Mocks serve it as written by the app's bot.
 */
export function caseBody(
  meta: CaseMetaInput,
  text = "## CI-7KQ3M2: a concern to call in\n\n> You are all idiots (written by rude-ray)",
  options: { repo?: string } = {},
): string {
  const [owner, repo] = (options.repo ?? `${OWNER}/moderation`).split("/") as [string, string];
  return testSeal.withMeta({ owner, repo }, text, meta);
}

/** `body` with `meta` as its metadata block, sealed for `repo` (default Codertocat/moderation), as the app writes it. */
export function withMeta(body: string, meta: CaseMetaInput, options: { repo?: string } = {}): string {
  return caseBody(meta, body, options);
}

/** A case kept as a discussion, as GitHub's GraphQL API answers for it: open, written by the app's bot. */
export function caseDiscussion(owner: string, repo: string, number: number, body: string) {
  return {
    id: `D_${number}`,
    number,
    url: `https://github.com/${owner}/${repo}/discussions/${number}`,
    title: "t",
    body,
    closed: false,
    createdAt: "2026-11-20T10:00:00Z",
    updatedAt: "2026-11-20T10:00:00Z",
    author: APP_BOT_ACTOR,
  };
}
