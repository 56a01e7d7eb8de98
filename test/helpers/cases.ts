import { caseMetaSchema, withMeta, type CaseMeta, type CaseMetaInput } from "../../src/cases/metadata.js";

export const OWNER = "Codertocat";
export const SOURCE_REPO = "Hello-World";

/** Metadata of a case about a comment in Codertocat/Hello-World#1 (override what a test needs). */
export function caseMeta(overrides: Partial<CaseMetaInput> = {}): CaseMeta {
  return caseMetaSchema.parse({
    v: 1,
    code: "CI-7KQ3M2",
    state: "open",
    trigger: "command",
    source: { key: "codertocat/hello-world#1", owner: OWNER, repo: SOURCE_REPO, number: 1, threadKind: "issue", url: `https://github.com/${OWNER}/${SOURCE_REPO}/issues/1` },
    subject: { kind: "issue_comment", url: `https://github.com/${OWNER}/${SOURCE_REPO}/issues/1#issuecomment-492700400`, id: 492700400, nodeId: "MDEyOklzc3VlQ29tbWVudDQ5MjcwMDQwMA==", author: { login: "rude-ray", id: 99 } },
    openedAt: "2026-11-01T10:00:00.000Z",
    deliveries: ["opened-delivery"],
    ...overrides,
  });
}

/** A case body: some visible text and the metadata block. */
export function caseBody(meta: CaseMeta, text = "## CI-7KQ3M2: a concern to call in\n\n> You are all idiots (written by rude-ray)"): string {
  return withMeta(text, meta);
}
