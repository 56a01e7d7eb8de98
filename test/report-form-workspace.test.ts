import { afterEach, describe, expect, it } from "vitest";
import nock from "nock";
import { createTestApp, type TestApp } from "./helpers/app.js";
import { openForm, submitForm } from "./helpers/form.js";
import { mockGitHub } from "./helpers/github.js";
import { examplePayload, withOverrides } from "./helpers/payloads.js";
import { parseMeta } from "../src/cases/metadata.js";

/**
 * A report form link into a private workspace (here an escalated case) files
 * a case with the link only: the escalated text is never read, so it cannot
 * travel into the usual case repository. The drainer files it; nothing here
 * depends on speed (generous deadlines, and the test waits for the drainer).
 */
const OWNER = "Codertocat";
const ESCALATION = "escalated";
const LINK = `https://github.com/${OWNER}/${ESCALATION}/issues/3#issuecomment-4242`;
const PATIENT = { baseBackoffMs: 20, maxBackoffMs: 200, drainIntervalMs: 60_000, githubTimeoutMs: 30_000, lookupTimeoutMs: 30_000 };

describe("the report form and private workspaces", () => {
  let app: TestApp;
  afterEach(async () => {
    await app.close();
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("files a report about an escalated case without reading it", async () => {
    app = await createTestApp({ services: { reportForm: PATIENT } });
    const base = await app.listen();
    const page = await openForm(base);
    // While the reporter waits: the owner's installation, the repository's visibility, the owner's form setting.
    // No mock reads the linked comment, nor asks the escalation repository's visibility when filing: either would fail the test.
    const github = mockGitHub()
      .accountInstallation(OWNER, 1)
      .repository(OWNER, ESCALATION, { visibility: "private" })
      .config(OWNER, ".github", `escalationRepository: ${ESCALATION}\n`);
    github.config(OWNER, ESCALATION, null, `escalationRepository: ${ESCALATION}\n`);
    github.repository(OWNER, "moderation").templates(OWNER).openCases(OWNER, "moderation").createsIssue(OWNER, "moderation");

    const res = await submitForm(base, page, { url: LINK, description: "Something happened in a case thread." });
    expect(res.status).toBe(200);
    await app.form!.drainer.idle();

    const [created] = github.sent.createdIssues;
    expect(created).toMatchObject({ owner: OWNER, repo: "moderation" });
    expect(created?.body).toContain("**Nothing copied:**");
    expect(parseMeta(created?.body)).toMatchObject({ trigger: "report-form", subject: { kind: "issue", author: null } });
  });

  it("a repository's own form.enabled: false does not refuse reports when the owner has a config", async () => {
    app = await createTestApp({ services: { reportForm: PATIENT } });
    const base = await app.listen();
    const page = await openForm(base);
    const repo = "Hello-World";
    const thread = `https://github.com/${OWNER}/${repo}/issues/1`;
    const issue = withOverrides(examplePayload("issues", { action: "opened" }).issue, { number: 1, html_url: thread, user: { login: "writer-wes", id: 5151 } });
    const github = mockGitHub()
      .accountInstallation(OWNER, 1)
      .repository(OWNER, repo, { visibility: "public", times: 2 })
      .config(OWNER, repo, "form:\n  enabled: false\n", "caseRepository: moderation\n");
    github.repository(OWNER, "moderation").templates(OWNER).thread(OWNER, repo, issue).openCases(OWNER, "moderation").createsIssue(OWNER, "moderation");

    const res = await submitForm(base, page, { url: thread, description: "The person with write access here said something hurtful." });
    expect(res.status).toBe(200);
    await app.form!.drainer.idle();

    expect(github.sent.createdIssues).toHaveLength(1);
    expect(app.logs.lines.find((l) => /only the owner's \.github call-in\.yml decides/.test(String(l.msg)))).toMatchObject({ ignored: ["form.enabled"] });
  });
});
