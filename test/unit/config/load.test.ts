import nock from "nock";
import { Octokit } from "@octokit/rest";
import { config as configPlugin } from "@probot/octokit-plugin-config";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigLoader, loadOwnerConfig, readOwnerConfig } from "../../../src/config/load.js";
import type { ConfigCapableGitHub } from "../../../src/github/config-file.js";
import { captureLogs } from "../../helpers/logs.js";
import { mockGitHub } from "../../helpers/github.js";

const OWNER = "Codertocat";
const REPO = { owner: OWNER, repo: "Hello-World" };
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** A client like the CLI's and Probot's: Octokit with the config plugin. */
function client(): ConfigCapableGitHub {
  return new (Octokit.plugin(configPlugin))({ auth: "test-token", log: quiet });
}

afterEach(() => {
  nock.cleanAll();
});

describe("the owner's own call-in.yml (config/load.ts)", () => {
  it("is read from <owner>/.github, validated, and says the owner has a file", async () => {
    mockGitHub().config(OWNER, ".github", "caseRepository: conduct\nmoderatorTeam: moderators\n");
    const loaded = await loadOwnerConfig(client(), OWNER);
    expect(loaded).toMatchObject({ ok: true, found: true, config: { caseRepository: "conduct", moderatorTeam: "moderators" } });
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("is the defaults when the owner has none, and says so", async () => {
    mockGitHub().config(OWNER, ".github", null);
    const loaded = await loadOwnerConfig(client(), OWNER);
    expect(loaded).toMatchObject({ ok: true, found: false, config: { caseRepository: "moderation", caseFormat: "issue" } });
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("gives zod's message for an invalid file, with the case repository it names", async () => {
    mockGitHub().config(OWNER, ".github", "caseRepository: conduct\ncaseFormat: forum\n");
    const loaded = await loadOwnerConfig(client(), OWNER);
    expect(loaded).toMatchObject({ ok: false, found: true, caseRepository: "conduct" });
    expect(loaded.ok ? "" : loaded.problem).toContain("caseFormat");
  });

  it("throws what the plugin throws for a file that is not YAML; the sweep's cached loader turns it into a problem to note", async () => {
    mockGitHub().config(OWNER, ".github", "caseRepository: [conduct\n");
    await expect(loadOwnerConfig(client(), OWNER)).rejects.toThrow(/call-in\.yml/);

    mockGitHub().config(OWNER, ".github", "caseRepository: [conduct\n");
    const logs = captureLogs("warn");
    const github = client();
    const result = await new ConfigLoader().loadForOwner(OWNER, () => readOwnerConfig(github, OWNER), logs.log);
    expect(result).toMatchObject({ ok: false, caseRepository: "moderation" });
    expect(logs.lines).toMatchObject([{ owner: OWNER, repo: ".github", msg: "call-in.yml is invalid; no case is written until it is fixed" }]);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });
});

describe("the cached loader (ConfigLoader)", () => {
  it("reads a repository's file and its owner's apart, lets the owner decide, and answers from its cache for the next minute", async () => {
    mockGitHub().config(OWNER, REPO.repo, "caseRepository: elsewhere\nappealWithin: 10d\n", "caseRepository: conduct\n");
    const logs = captureLogs("warn");
    const loader = new ConfigLoader();
    const github = client();
    const first = await loader.loadForRepository(github, REPO, logs.log);
    expect(first).toStrictEqual({
      ok: true,
      config: expect.objectContaining({ caseRepository: "conduct", appealWithin: "10d", allowedCaseRepositories: ["conduct"] }),
      ignored: ["caseRepository"],
    });
    expect(nock.pendingMocks()).toStrictEqual([]);
    // No mock answers now: a second read would fail the test (nock refuses the network).
    const again = await loader.loadForRepository(github, { owner: "codertocat", repo: "hello-world" }, logs.log);
    expect(again).toStrictEqual(first);
    expect(logs.lines).toMatchObject([{ owner: OWNER, repo: REPO.repo, ignored: ["caseRepository"] }]);
  });

  it("reads the owner's .github repository once, as the owner's file", async () => {
    mockGitHub().config(OWNER, ".github", "caseRepository: conduct\nallowedCaseRepositories: [escalated]\n");
    const result = await new ConfigLoader().loadForRepository(client(), { owner: OWNER, repo: ".github" }, captureLogs("warn").log);
    expect(result).toStrictEqual({
      ok: true,
      config: expect.objectContaining({ caseRepository: "conduct", allowedCaseRepositories: ["conduct", "escalated"] }),
    });
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("passes a GitHub failure on instead of using defaults, and remembers nothing of it", async () => {
    const mock = mockGitHub();
    mock.scope.get(`/repos/${OWNER}/.github/contents/.github%2Fcall-in.yml`).reply(500, { message: "Server Error" });
    const loader = new ConfigLoader();
    const logs = captureLogs("warn");
    const github = client();
    await expect(loader.loadForOwner(OWNER, () => readOwnerConfig(github, OWNER), logs.log)).rejects.toMatchObject({ status: 500 });
    mockGitHub().config(OWNER, ".github", "caseRepository: conduct\n");
    expect(await loader.loadForOwner(OWNER, () => readOwnerConfig(github, OWNER), logs.log)).toMatchObject({ ok: true, config: { caseRepository: "conduct" } });
    expect(logs.lines).toStrictEqual([]);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });
});
