import { afterEach, describe, expect, it } from "vitest";
import nock from "nock";
import { createTestApp, type TestApp } from "./helpers/app.js";
import { caseBody, caseMeta, OWNER } from "./helpers/cases.js";
import { FakeRepoContents } from "./helpers/contents.js";
import { mockGitHub } from "./helpers/github.js";
import { fixtureShards } from "./helpers/log-fixture.js";
import { examplePayload, withOverrides } from "./helpers/payloads.js";

const CASE_REPO = "moderation";
const CASE_NUMBER = 5;
const NOW = new Date("2027-01-10T09:30:00.000Z");

function caseComment(body: string) {
  const meta = caseMeta();
  return withOverrides(examplePayload("issue_comment", { action: "created" }), {
    repository: { name: CASE_REPO, full_name: `${OWNER}/${CASE_REPO}`, private: true },
    issue: { number: CASE_NUMBER, body: caseBody(meta), html_url: `https://github.com/${OWNER}/${CASE_REPO}/issues/${CASE_NUMBER}` },
    comment: { body, user: { login: "mod-mia", id: 501, type: "User" } },
    sender: { login: "mod-mia", id: 501, type: "User" },
  });
}

/** Config (unless the fake contents API answers it), privacy gate, templates, the case, the rights check and the answer. */
function commandSetup(options: { config: boolean } = { config: true }) {
  const github = mockGitHub();
  if (options.config) github.config(OWNER, CASE_REPO, null);
  else github.scope.get((uri) => uri.startsWith(`/repos/${OWNER}/.github/contents/`) && /call-in\.yml$/.test(uri)).reply(404, { message: "Not Found" });
  return github
    .repository(OWNER, CASE_REPO)
    .templates(OWNER)
    .caseIssue(OWNER, CASE_REPO, CASE_NUMBER, caseBody(caseMeta()))
    .permission(OWNER, CASE_REPO, "mod-mia", "write")
    .commentsOn(OWNER, CASE_REPO, CASE_NUMBER);
}

describe("/transparency <period> in a case", () => {
  let app: TestApp;
  let contents: FakeRepoContents | undefined;
  afterEach(() => {
    contents?.dispose();
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("writes the period's report to reports/ in the case repository and says where", async () => {
    app = await createTestApp({ services: { now: () => NOW } });
    contents = new FakeRepoContents(OWNER, CASE_REPO, fixtureShards());
    // The fake contents API of the case repository also answers its (missing) call-in.yml;
    // the report's own privacy gate checks the case repository a second time before writing.
    const github = commandSetup({ config: false }).repository(OWNER, CASE_REPO);

    await app.receive("issue_comment", caseComment("/transparency 2026-H2"));

    expect(contents.writes).toMatchObject([{ path: "reports/2026-H2.md", sha: null, status: 201, message: "Transparency report 2026-H2" }]);
    const report = contents.writes[0]!.text;
    expect(report).toContain("# Code of Conduct transparency report: 2026-H2");
    expect(report).toContain("- **14** cases were resolved.");
    const reply = github.sent.comments.at(-1)?.body ?? "";
    expect(reply).toContain("The transparency report is written: `reports/2026-H2.md`");
    expect(github.caseMetaOf(OWNER, CASE_REPO, CASE_NUMBER)?.actions.at(-1)).toMatchObject({ command: "transparency", outcome: "done", actor: "mod-mia" });
  });

  it("explains a period it cannot read, and writes nothing", async () => {
    app = await createTestApp({ services: { now: () => NOW } });
    const github = commandSetup();

    await app.receive("issue_comment", caseComment("/transparency last-year"));

    const reply = github.sent.comments.at(-1)?.body ?? "";
    expect(reply).toContain("not understood");
    expect(reply).toContain('"last-year" is not a period');
  });
});
