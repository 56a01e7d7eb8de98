import { afterEach, describe, expect, it } from "vitest";
import nock from "nock";
import { createTestApp, type TestApp } from "./helpers/app.js";
import { mockGitHub } from "./helpers/github.js";
import { examplePayload, withOverrides } from "./helpers/payloads.js";
import { resolveConfig } from "../src/config/load.js";
import { isAllowedPath, isAllowedUser } from "../src/watch/allow.js";

const OWNER = "Codertocat";
const REPO = "Hello-World";
/** What the owner decided in `<owner>/.github/.github/call-in.yml`. */
const OWNER_FILE = { caseRepository: "moderation", allowedCaseRepositories: ["web-cases"], watch: { enabled: true } };

function resolved(repository: unknown, owner: unknown = OWNER_FILE) {
  const result = resolveConfig({ repository, owner });
  if (!result.ok) throw new Error(result.problem);
  return result;
}

describe("the owner's file decides where reports go, who is exempt and whether reports are accepted", () => {
  it("a repository file cannot point caseRepository at another private repository", () => {
    const result = resolved({ caseRepository: "my-own-private-repo" });
    expect(result.config.caseRepository).toBe("moderation");
    expect(result.ignored).toStrictEqual(["caseRepository"]);
  });

  it("a repository file may pick a case repository the owner allows (and the owner's stays a workspace)", () => {
    const result = resolved({ caseRepository: "Web-Cases" });
    expect(result.config.caseRepository).toBe("web-cases");
    expect(result.config.allowedCaseRepositories).toStrictEqual(["moderation", "web-cases"]);
    expect(result.ignored).toBeUndefined();
  });

  it("a repository file cannot turn the report form off", () => {
    const result = resolved({ form: { enabled: false, title: "Our project" } });
    expect(result.config.form).toMatchObject({ enabled: true, title: "Our project" });
    expect(result.ignored).toStrictEqual(["form.enabled"]);
  });

  it("a repository file cannot exempt people or paths from the watch (nor switch it off)", () => {
    const result = resolved({ watch: { enabled: true, allowUsers: ["reported-person"], allowPaths: ["Hello-World"] } });
    expect(isAllowedUser(result.config.watch, "reported-person")).toBe(false);
    expect(isAllowedPath(result.config.watch, OWNER, REPO)).toBe(false);
    expect(result.config.watch.enabled).toBe(true);
    expect(result.ignored).toStrictEqual(["watch"]);
    expect(resolved({ watch: { enabled: false } }).config.watch.enabled).toBe(true);
  });

  it("a repository file that repeats the owner's settings (as `_extends: .github` does, arrays concatenated) is not flagged", () => {
    const owner = { ...OWNER_FILE, watch: { enabled: true, allowUsers: ["dependabot"] }, triggerLabel: "conduct" };
    const result = resolved({ ...owner, watch: { enabled: true, allowUsers: ["dependabot", "dependabot"] }, removeTriggerLabel: false }, owner);
    expect(result.ignored).toBeUndefined();
    expect(result.config).toMatchObject({ triggerLabel: "conduct", removeTriggerLabel: false, watch: { allowUsers: ["dependabot"] } });
  });

  it("without an owner file, a repository file keeps working as before", () => {
    const result = resolveConfig({ repository: { caseRepository: "conduct", form: { enabled: false } }, owner: null });
    expect(result).toMatchObject({ ok: true, config: { caseRepository: "conduct", form: { enabled: false }, allowedCaseRepositories: [] } });
  });

  it("an invalid owner file stops everything, like an invalid repository file", () => {
    expect(resolveConfig({ repository: { caseRepository: "conduct" }, owner: { caseFormat: "forum" } })).toMatchObject({ ok: false });
  });
});

describe("the owner-level rule, end to end", () => {
  let testApp: TestApp;
  afterEach(() => {
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("a label files the case where the owner says, logs the ignored key once and notes it in the case repository", async () => {
    testApp = await createTestApp();
    const payload = withOverrides(examplePayload("issues", { action: "labeled" }), {
      label: { name: "call-in" },
      sender: { login: "maintainer-mo", id: 77, type: "User" },
      issue: { number: 1, body: "The reported words", title: "A thread" },
    });
    const github = mockGitHub()
      // The repository's file tries to send its reports elsewhere, through `_extends` too.
      .config(OWNER, REPO, "_extends: hideout\nremoveTriggerLabel: false\n", "caseRepository: moderation\n");
    github.scope
      .get((uri) => uri.startsWith(`/repos/${OWNER}/hideout/contents/`) && /call-in\.yml$/.test(uri))
      .reply(200, "caseRepository: hideout\n", { "content-type": "application/vnd.github.v3.raw; charset=utf-8" });
    // The note about the ignored setting, in the owner's (private) case repository.
    github.repository(OWNER, "moderation").openCases(OWNER, "moderation").createsIssue(OWNER, "moderation");
    // The case itself, in the owner's case repository.
    github.repository(OWNER, "moderation").templates(OWNER).openCases(OWNER, "moderation").createsIssue(OWNER, "moderation");

    await testApp.receive("issues", payload);

    const [note, created] = github.sent.createdIssues;
    expect(note).toMatchObject({ owner: OWNER, repo: "moderation", title: "Call-In cannot use part of its configuration" });
    expect(note?.body).toContain("`caseRepository`");
    expect(note?.body).toContain("allowedCaseRepositories");
    expect(created).toMatchObject({ owner: OWNER, repo: "moderation" });
    expect(github.sent.createdIssues.every((issue) => issue.repo === "moderation")).toBe(true);
    const warnings = testApp.logs.lines.filter((l) => /only the owner's \.github call-in\.yml decides/.test(String(l.msg)));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ owner: OWNER, repo: REPO, ignored: ["caseRepository"] });
    expect(testApp.logs.text()).not.toContain("The reported words");
  });

  it("a repository file cannot exempt its author from the watch; the note is left once, however many events follow", async () => {
    testApp = await createTestApp({ services: { now: () => new Date("2026-11-22T10:00:00Z") } });
    const comment = (id: number) =>
      withOverrides(examplePayload("issue_comment", { action: "created" }), {
        comment: { id, body: "Honestly, this violates the CoC.", user: { login: "writer-wes", id: 5151, type: "User" } },
        sender: { login: "writer-wes", id: 5151, type: "User" },
      });
    const github = mockGitHub().config(OWNER, REPO, "watch:\n  enabled: true\n  allowUsers: [writer-wes]\n", "watch:\n  enabled: true\n");
    github.repository(OWNER, "moderation").openCases(OWNER, "moderation").createsIssue(OWNER, "moderation");
    github.repository(OWNER, "moderation").templates(OWNER).openCases(OWNER, "moderation").createsIssue(OWNER, "moderation");

    await testApp.receive("issue_comment", comment(7001));
    // Config is cached and the thread cools down on this replica: the second report makes no request at all.
    await testApp.receive("issue_comment", comment(7002));

    const [note, triage] = github.sent.createdIssues;
    expect(github.sent.createdIssues).toHaveLength(2);
    expect(note?.body).toContain("`watch`");
    expect(triage?.body).toContain("triage case");
  });
});
