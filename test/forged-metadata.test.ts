import { afterEach, describe, expect, it, vi } from "vitest";
import nock from "nock";
import { Octokit } from "@octokit/rest";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sweep } from "../src/clocks/sweep.js";
import { cliCommands } from "../src/cli/commands/index.js";
import { createServices } from "../src/services.js";
import { renderMetaJson, type CaseMeta, type CaseMetaInput } from "../src/cases/metadata.js";
import { SealKeys } from "../src/cases/seal-keys.js";
import { CaseSeal } from "../src/cases/seal.js";
import { UNVERIFIED_NOTE_MARKER } from "../src/cases/unverified.js";
import { isAppAuthor } from "../src/github/app-identity.js";
import { ReporterStatus } from "../src/report-form/status.js";
import { hashToken } from "../src/report-form/report.js";
import { createTestApp, type TestApp } from "./helpers/app.js";
import { mockGitHub, type GitHubMock } from "./helpers/github.js";
import { examplePayload, withOverrides } from "./helpers/payloads.js";
import { captureLogs } from "./helpers/logs.js";
import { APP_BOT_USER, APP_SLUG, caseBody, caseMeta, OWNER, TEST_SEAL_ENV, testAppIdentity, testSeal } from "./helpers/cases.js";
import { readSettings } from "../src/settings.js";

const CASE_REPO = "moderation";
const NOW = new Date("2026-11-02T12:00:00.000Z");
/** A read-only member of the organisation: can open issues in the private case repository, nothing more. */
const READER = { login: "read-only-rita", id: 777, type: "User" };
const WRITER_TEXT = "forged by someone";

/** What the forger wants: an old resolution, an archived "room" that is any repository, and a block to lift. */
function destructive(overrides: Partial<CaseMetaInput> = {}): CaseMeta {
  return caseMeta({
    code: "CI-FORGED",
    state: "resolved",
    outcome: "no-action",
    resolvedAt: "2026-01-01T00:00:00.000Z",
    acknowledgedAt: "2026-01-01T00:00:00.000Z",
    room: {
      owner: OWNER,
      repo: "precious-repo",
      repoId: 4242,
      url: "u",
      person: "p",
      createdAt: "2025-12-01T00:00:00.000Z",
      archivedAt: "2026-01-01T00:00:00.000Z",
    },
    blocks: [{ login: "banned-bob", at: "2025-12-01T00:00:00.000Z", until: "2026-01-01T00:00:00.000Z", org: OWNER }],
    ...overrides,
  });
}

/** The block a forger writes by hand: the app's format, no seal. */
function unsealedBody(meta: CaseMetaInput): string {
  return `${WRITER_TEXT}\n\n<!-- call-in:meta ${renderMetaJson(meta)} -->\n`;
}

function listing(github: GitHubMock, issues: Array<{ number: number; body: string; user: object; state?: string }>, times = 1): void {
  github.scope
    .get(`/repos/${OWNER}/${CASE_REPO}/issues`)
    .query({ state: "all", sort: "updated", per_page: "100" })
    .times(times)
    .reply(
      200,
      issues.map((i) => ({
        number: i.number,
        node_id: `I_${i.number}`,
        html_url: `https://github.com/${OWNER}/${CASE_REPO}/issues/${i.number}`,
        title: "Totally a case",
        body: i.body,
        state: i.state ?? "closed",
        user: i.user,
      })),
    );
}

function client() {
  return { owner: OWNER, github: new Octokit({ auth: "test-token" }), readConfig: async () => ({}) };
}

function services(logs = captureLogs()) {
  return createServices({ log: logs.log, settings: readSettings({ ...TEST_SEAL_ENV }), appIdentity: testAppIdentity, now: () => NOW });
}

/**
 * Every DELETE that went out (no test here mocks one, so each would be unmatched;
 * the contract checks would fail the test too, this names the request).
 */
const seenDeletes: string[] = [];
const deletes = (): string[] => seenDeletes;
nock.emitter.on("no match", (req: { method?: string; path?: string }) => {
  if (req.method === "DELETE") seenDeletes.push(String(req.path));
});

afterEach(() => {
  seenDeletes.length = 0;
});

describe("forged case metadata in the sweep", () => {
  afterEach(() => {
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("a closed issue with a forged block by a read-only member: no DELETE, one note, one log line without content", async () => {
    const forged = unsealedBody(destructive());
    const github = mockGitHub().repository(OWNER, CASE_REPO).templates(OWNER).threadComments(OWNER, CASE_REPO, 9, []).commentsOn(OWNER, CASE_REPO, 9);
    listing(github, [{ number: 9, body: forged, user: READER }]);
    const logs = captureLogs();
    const report = await sweep(services(logs), [client()], logs.log);

    expect(report).toMatchObject({ cases: 0, blocksLifted: 0, roomsDeleted: 0, failures: 0 });
    expect(deletes()).toStrictEqual([]);
    expect(github.sent.comments).toHaveLength(1);
    const note = github.sent.comments[0]!.body;
    expect(note).toContain("Call-In does not act on this issue");
    expect(note).toContain("Call-In did not open it");
    expect(note).toContain(UNVERIFIED_NOTE_MARKER);
    for (const content of ["precious-repo", "banned-bob", "CI-FORGED", WRITER_TEXT]) expect(note).not.toContain(content);
    const lines = logs.lines.filter((l) => l.msg === "case metadata failed its check; the case is not acted on");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ owner: OWNER, repo: CASE_REPO, number: 9, reason: "not-written-by-the-app" });
    for (const content of ["precious-repo", "banned-bob", "CI-FORGED", WRITER_TEXT, "Totally a case"]) expect(logs.text()).not.toContain(content);
  });

  it("notes a forged case once, also after a restart (the app's own note is found), and a note by someone else does not count", async () => {
    const forged = unsealedBody(destructive());
    // A restarted replica: fresh services, so only the comments can tell.
    const first = mockGitHub().repository(OWNER, CASE_REPO).templates(OWNER);
    listing(first, [{ number: 9, body: forged, user: READER }]);
    first.scope
      .get(`/repos/${OWNER}/${CASE_REPO}/issues/9/comments`)
      .query({ per_page: "100" })
      .reply(200, [
        {
          id: 1,
          node_id: "IC_1",
          html_url: `https://github.com/${OWNER}/moderation/issues/9#issuecomment-1`,
          body: `fake\n${UNVERIFIED_NOTE_MARKER}`,
          user: READER,
          created_at: "2026-11-01T00:00:00Z",
          updated_at: "2026-11-01T00:00:00Z",
        },
      ]);
    first.commentsOn(OWNER, CASE_REPO, 9);
    await sweep(services(), [client()], captureLogs().log);
    expect(first.sent.comments).toHaveLength(1);

    nock.cleanAll();
    const again = mockGitHub().repository(OWNER, CASE_REPO).templates(OWNER);
    listing(again, [{ number: 9, body: forged, user: READER }]);
    again.scope
      .get(`/repos/${OWNER}/${CASE_REPO}/issues/9/comments`)
      .query({ per_page: "100" })
      .reply(200, [
        {
          id: 2,
          node_id: "IC_2",
          html_url: `https://github.com/${OWNER}/moderation/issues/9#issuecomment-2`,
          body: first.sent.comments[0]!.body,
          user: APP_BOT_USER,
          created_at: "2026-11-01T00:00:00Z",
          updated_at: "2026-11-01T00:00:00Z",
        },
      ]);
    const logs = captureLogs();
    const restarted = services(logs);
    await sweep(restarted, [client()], logs.log);
    expect(again.sent.comments).toStrictEqual([]);
    expect(logs.lines.filter((l) => l.msg === "case metadata failed its check; the case is not acted on")).toHaveLength(0);

    // The same replica's next sweep does not even read the comments again.
    nock.cleanAll();
    const third = mockGitHub().repository(OWNER, CASE_REPO); // templates are cached too
    listing(third, [{ number: 9, body: forged, user: READER }]);
    await sweep(restarted, [client()], logs.log);
    expect(third.sent.comments).toStrictEqual([]);
  });

  it("an issue the app opened whose block a writer edited (seal broken): no action", async () => {
    const genuine = caseBody(destructive({ room: null, blocks: [] }));
    // The writer puts a room and a block into the app's JSON and keeps the old seal.
    const edited = genuine.replace(
      '"blocks":[]',
      '"blocks":[{"login":"banned-bob","at":"2025-12-01T00:00:00.000Z","until":"2026-01-01T00:00:00.000Z","liftedAt":null,"org":"Codertocat"}]',
    );
    expect(edited).not.toBe(genuine);
    const github = mockGitHub().repository(OWNER, CASE_REPO).templates(OWNER).threadComments(OWNER, CASE_REPO, 9, []).commentsOn(OWNER, CASE_REPO, 9);
    listing(github, [{ number: 9, body: edited, user: APP_BOT_USER }]);
    const logs = captureLogs();
    const report = await sweep(services(logs), [client()], logs.log);
    expect(report).toMatchObject({ cases: 0, blocksLifted: 0 });
    expect(deletes()).toStrictEqual([]);
    expect(github.sent.comments[0]?.body).toContain("was changed after Call-In wrote it");
    expect(logs.lines.find((l) => l.reason)).toMatchObject({ number: 9, reason: "seal-mismatch" });
  });

  it("a block the app sealed for another repository does not verify here (replay)", async () => {
    const replayed = caseBody(destructive(), undefined, { repo: `${OWNER}/other-cases` });
    const github = mockGitHub().repository(OWNER, CASE_REPO).templates(OWNER).threadComments(OWNER, CASE_REPO, 9, []).commentsOn(OWNER, CASE_REPO, 9);
    listing(github, [{ number: 9, body: replayed, user: APP_BOT_USER }]);
    const logs = captureLogs();
    const report = await sweep(services(logs), [client()], logs.log);
    expect(report).toMatchObject({ cases: 0, blocksLifted: 0, roomsDeleted: 0 });
    expect(deletes()).toStrictEqual([]);
    expect(logs.lines.find((l) => l.reason)).toMatchObject({ number: 9, reason: "seal-mismatch" });
  });
});

describe("destructive targets are constrained on their own", () => {
  afterEach(() => {
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("a genuine case whose room is not named <roomPrefix>-<case code> deletes nothing", async () => {
    const meta = destructive({ blocks: [] });
    const github = mockGitHub().repository(OWNER, CASE_REPO).templates(OWNER);
    listing(github, [{ number: 5, body: caseBody(meta), user: APP_BOT_USER }]);
    const logs = captureLogs();
    const report = await sweep(services(logs), [client()], logs.log);
    expect(report).toMatchObject({ cases: 1, roomsDeleted: 0 });
    expect(deletes()).toStrictEqual([]);
    expect(logs.lines.some((l) => l.msg === "the case's room is not one Call-In made for it; it is not deleted")).toBe(true);
  });

  it("a repository with the room's name that is not the one the app created is kept", async () => {
    const meta = destructive({
      blocks: [],
      room: {
        owner: OWNER,
        repo: "call-in-ci-forged",
        repoId: 1111,
        url: "u",
        person: "p",
        createdAt: "2025-12-01T00:00:00.000Z",
        archivedAt: "2026-01-01T00:00:00.000Z",
      },
    });
    const github = mockGitHub().repository(OWNER, CASE_REPO).templates(OWNER).repository(OWNER, "call-in-ci-forged");
    listing(github, [{ number: 5, body: caseBody(meta), user: APP_BOT_USER }]);
    const logs = captureLogs();
    const report = await sweep(services(logs), [client()], logs.log);
    expect(report).toMatchObject({ roomsDeleted: 0 });
    expect(deletes()).toStrictEqual([]);
    expect(logs.lines.some((l) => l.msg === "a repository with the room's name is not the one Call-In made; it is not deleted")).toBe(true);
  });

  it("a block without the app's record of where it made it, or made in another organisation, is not lifted", async () => {
    const meta = destructive({
      room: null,
      blocks: [
        { login: "banned-bob", at: "2025-12-01T00:00:00.000Z", until: "2026-01-01T00:00:00.000Z" },
        { login: "banned-bea", at: "2025-12-01T00:00:00.000Z", until: "2026-01-01T00:00:00.000Z", org: "someone-else" },
      ],
    });
    const github = mockGitHub().repository(OWNER, CASE_REPO).templates(OWNER);
    listing(github, [{ number: 5, body: caseBody(meta), user: APP_BOT_USER }]);
    const logs = captureLogs();
    const report = await sweep(services(logs), [client()], logs.log);
    expect(report).toMatchObject({ cases: 1, blocksLifted: 0 });
    expect(deletes()).toStrictEqual([]);
    expect(logs.lines.filter((l) => l.msg === "a temporary block in the case was not recorded by Call-In in this organisation; it is not lifted")).toHaveLength(
      2,
    );
  });
});

describe("case commands on a forged case", () => {
  let app: TestApp;
  afterEach(async () => {
    await app?.close();
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("refuse: no write, no action, one note", async () => {
    app = await createTestApp({ services: { now: () => NOW } });
    const meta = destructive({ state: "open", resolvedAt: null, outcome: null });
    const forged = unsealedBody(meta);
    const github = mockGitHub()
      .config(OWNER, CASE_REPO, "allowBlock: true\n")
      .repository(OWNER, CASE_REPO)
      .templates(OWNER)
      .caseIssue(OWNER, CASE_REPO, 9, forged, { writes: false, user: READER })
      // Asked beside the case read, before the metadata is known to be forged: a read, and it grants nothing.
      .permission(OWNER, CASE_REPO, READER.login, "read")
      .threadComments(OWNER, CASE_REPO, 9, [])
      .commentsOn(OWNER, CASE_REPO, 9);
    const payload = withOverrides(examplePayload("issue_comment", { action: "created" }), {
      repository: { name: CASE_REPO, full_name: `${OWNER}/${CASE_REPO}`, private: true },
      issue: { number: 9, body: forged, html_url: `https://github.com/${OWNER}/${CASE_REPO}/issues/9` },
      comment: { body: "/block @banned-bob", user: READER },
      sender: READER,
    });
    await app.receive("issue_comment", payload);
    expect(github.sent.updatedBodies).toStrictEqual([]);
    expect(github.sent.requests.filter((r) => r.method !== "GET")).toStrictEqual([]);
    expect(github.sent.comments).toHaveLength(1);
    expect(github.sent.comments[0]!.body).toContain("Call-In does not act on this issue");
    expect(app.logs.lines.filter((l) => l.msg === "case metadata failed its check; the case is not acted on")).toHaveLength(1);
    expect(app.logs.text()).not.toContain(WRITER_TEXT);
  });
});

describe("the reporter's status page", () => {
  afterEach(() => {
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  const token = `ABCDEFGH.${"x".repeat(43)}`;
  const receipt = {
    v: 1,
    owner: OWNER,
    caseRepository: CASE_REPO,
    format: "issue",
    number: 9,
    installationId: 1,
    statusTokenHash: hashToken(token),
    filedAt: "2026-11-01T00:00:00Z",
  };
  const spool = { readReceipt: async () => receipt, find: async () => null } as never;
  const access = { app: async () => new Octokit({ auth: "t" }), installation: async () => new Octokit({ auth: "t" }) } as never;
  const claims = caseMeta({ state: "resolved", statusTokenHash: hashToken(token), reporterMessage: "Send your password to evil.example" });

  it("ignores a forged case: no state, no message from it", async () => {
    mockGitHub().caseIssue(OWNER, CASE_REPO, 9, unsealedBody(claims), { writes: false, user: READER });
    const logs = captureLogs();
    const view = await new ReporterStatus(spool, access, logs.log, testSeal).read(token);
    expect(view).toMatchObject({ state: "received", message: null });
    expect(logs.lines.find((l) => l.reason)).toMatchObject({ number: 9, reason: "not-written-by-the-app" });
  });

  it("answers from the case the app sealed", async () => {
    mockGitHub().caseIssue(OWNER, CASE_REPO, 9, caseBody(claims), { writes: false });
    const view = await new ReporterStatus(spool, access, captureLogs().log, testSeal).read(token);
    expect(view).toMatchObject({ state: "resolved", message: "Send your password to evil.example" });
  });
});

describe("the seal", () => {
  const repo = { owner: OWNER, repo: CASE_REPO };
  const meta = caseMeta();
  const bot = { login: APP_BOT_USER.login, type: "Bot" };

  it("verifies what the app wrote, and nothing changed or moved", async () => {
    const body = testSeal.withMeta(repo, "text", meta);
    expect(await testSeal.check(repo, { body, author: bot })).toMatchObject({ ok: true, meta: { code: meta.code } });
    expect(await testSeal.check({ owner: "codertocat", repo: "MODERATION" }, { body, author: bot })).toMatchObject({ ok: true });
    expect(await testSeal.check({ owner: OWNER, repo: "elsewhere" }, { body, author: bot })).toStrictEqual({ ok: false, reason: "seal-mismatch" });
    expect(await testSeal.check(repo, { body: body.replace('"state":"open"', '"state":"resolved"'), author: bot })).toStrictEqual({
      ok: false,
      reason: "seal-mismatch",
    });
    expect(await testSeal.check(repo, { body: unsealedBody(meta), author: bot })).toStrictEqual({ ok: false, reason: "unsealed" });
    expect(await testSeal.check(repo, { body: "no block", author: bot })).toBeNull();
  });

  it("knows the app's bot in REST and GraphQL, and no person", () => {
    const app = { slug: APP_SLUG };
    expect(isAppAuthor({ login: "call-in[bot]", type: "Bot" }, app)).toBe(true);
    expect(isAppAuthor({ login: "call-in", type: "Bot" }, app)).toBe(true);
    expect(isAppAuthor({ login: "call-in", type: "User" }, app)).toBe(false);
    expect(isAppAuthor({ login: "other-app[bot]", type: "Bot" }, app)).toBe(false);
    expect(isAppAuthor(null, app)).toBe(false);
  });

  it("derives one key from the private key however it is given, and a pinned key survives a rotation", async () => {
    const pem = (
      generateKeyPairSync("rsa", {
        modulusLength: 2048,
        privateKeyEncoding: { type: "pkcs1", format: "pem" },
        publicKeyEncoding: { type: "spki", format: "pem" },
      }) as { privateKey: string }
    ).privateKey;
    const file = join(mkdtempSync(join(tmpdir(), "call-in-key-")), "key.pem");
    writeFileSync(file, pem);
    const identity = testAppIdentity;
    const sealFrom = (env: NodeJS.ProcessEnv) => new CaseSeal(SealKeys.from(readSettings(env)), identity);
    const body = sealFrom({ PRIVATE_KEY: pem }).withMeta(repo, "t", meta);
    for (const env of [{ PRIVATE_KEY: pem.replace(/\n/g, "\\n") }, { PRIVATE_KEY: Buffer.from(pem).toString("base64") }, { PRIVATE_KEY_PATH: file }]) {
      expect(await sealFrom(env).check(repo, { body, author: bot })).toMatchObject({ ok: true });
    }
    // Rotation: the old derived key pinned as CASE_METADATA_KEY keeps old cases readable; new ones are sealed with it too.
    const oldKey = SealKeys.from(readSettings({ PRIVATE_KEY: pem })).primary!.toString("base64");
    const rotated = (
      generateKeyPairSync("rsa", {
        modulusLength: 2048,
        privateKeyEncoding: { type: "pkcs1", format: "pem" },
        publicKeyEncoding: { type: "spki", format: "pem" },
      }) as { privateKey: string }
    ).privateKey;
    expect(await sealFrom({ PRIVATE_KEY: rotated }).check(repo, { body, author: bot })).toStrictEqual({ ok: false, reason: "seal-mismatch" });
    const pinned = sealFrom({ PRIVATE_KEY: rotated, CASE_METADATA_KEY: oldKey });
    expect(await pinned.check(repo, { body, author: bot })).toMatchObject({ ok: true });
    const sealedByNewKeyOnly = sealFrom({ PRIVATE_KEY: rotated }).withMeta(repo, "t", meta);
    expect(await pinned.check(repo, { body: sealedByNewKeyOnly, author: bot })).toMatchObject({ ok: true });
  });

  it("`call-in metadata-key` prints the derived key, ready to pin", async () => {
    const pem = (
      generateKeyPairSync("rsa", {
        modulusLength: 2048,
        privateKeyEncoding: { type: "pkcs8", format: "pem" },
        publicKeyEncoding: { type: "spki", format: "pem" },
      }) as { privateKey: string }
    ).privateKey;
    const out = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      expect(await cliCommands["metadata-key"]!.run({}, readSettings({ PRIVATE_KEY: pem }))).toBe(0);
      const printed = String(out.mock.calls.at(-1)?.[0]).trim();
      const body = new CaseSeal(SealKeys.from(readSettings({ PRIVATE_KEY: pem })), testAppIdentity).withMeta(repo, "t", meta);
      expect(await new CaseSeal(SealKeys.from(readSettings({ CASE_METADATA_KEY: printed })), testAppIdentity).check(repo, { body, author: bot })).toMatchObject(
        { ok: true },
      );
    } finally {
      out.mockRestore();
    }
  });

  it("without any key trusts nothing and seals nothing", async () => {
    const keyless = new CaseSeal(SealKeys.from(readSettings({})), testAppIdentity);
    const body = testSeal.withMeta(repo, "t", meta);
    expect(await keyless.check(repo, { body, author: bot })).toStrictEqual({ ok: false, reason: "no-key" });
    expect(() => keyless.withMeta(repo, "t", meta)).toThrow(/no key/);
  });
});

describe("every reader of case metadata goes through the seal", () => {
  it("no source file but the seal reads a metadata block itself", () => {
    const files = (readdirSync("src", { recursive: true }) as string[]).filter((f) => f.endsWith(".ts"));
    const readers = files.filter((f) => /\b(parseMeta|parseMetaJson|findMetaBlock|withMetaBlock)\(/.test(readFileSync(join("src", f), "utf8")));
    expect(readers.sort()).toStrictEqual(["cases/metadata.ts", "cases/seal.ts"]);
  });
});
