import { afterEach, describe, expect, it } from "vitest";
import nock from "nock";
import { createTestApp, TEST_REPORT_KEY, type TestApp } from "./helpers/app.js";
import { recordWireRequests, type WireRecord } from "./helpers/contract.js";
import { installationAnswer, mockGitHub, type GitHubMock, repositoryAnswer } from "./helpers/github.js";
import { examplePayload, withOverrides } from "./helpers/payloads.js";
import { openForm, neverDeadline, statusLinkOf, submitForm } from "./helpers/form.js";
import { withMeta } from "./helpers/cases.js";
import { gitHubKeyHolders } from "../src/cases/key-holders.js";
import { parseMeta } from "../src/cases/metadata.js";
import { formSettingsFrom } from "../src/report-form/settings.js";
import { SealedReports } from "../src/sealed/store.js";
import { Sealer } from "../src/spool/sealed.js";
import type { ReportReceipt, SpooledReport } from "../src/report-form/report.js";
import { readSettings } from "../src/settings.js";

const OWNER = "Codertocat";
const REPO = "Hello-World";
const PUBLIC_URL = "https://call-in.example.org";
const NOW = new Date("2026-11-22T10:00:00Z");
const OUTSIDE = { owner: "coc-committee", repo: "reports" };
const OWNER_WITH_OUTSIDE = `keyHolderReports:\n  repository: ${OUTSIDE.owner}/${OUTSIDE.repo}\n`;
const MAINTAINER = { login: "maintainer-mo", id: 77, type: "User" };
const REASON = "she belittles every newcomer in private messages";
const WATCH_REPORT = "Please stop. This violates the CoC, and the owner keeps doing it to newcomers.";
const DESCRIPTION = "The owner mocked my accent in the community call and again in DMs afterwards.";
const CONTACT = "quiet-reporter@example.org";

let app: TestApp | undefined;
let wire: ReturnType<typeof recordWireRequests> | undefined;

afterEach(async () => {
  wire?.stop();
  await app?.close();
  app = undefined;
  expect(nock.pendingMocks()).toStrictEqual([]);
});

/** The real key-holder check (createTestApp's default answers "cannot read" without asking). */
async function start(env: Record<string, string> = {}): Promise<TestApp> {
  app = await createTestApp({
    services: {
      keyHolders: gitHubKeyHolders,
      now: () => NOW,
      env: { PUBLIC_URL, ...env },
      reportForm: { baseBackoffMs: 20, maxBackoffMs: 200, drainIntervalMs: 60_000, lookupDeadline: neverDeadline },
    },
  });
  wire = recordWireRequests();
  return app;
}

function sealedStore(testApp: TestApp): SealedReports {
  const settings = formSettingsFrom(readSettings({ REPORT_ENCRYPTION_KEY: TEST_REPORT_KEY, DATA_DIR: testApp.dataDir }));
  if (!settings.ok) throw new Error(settings.problem);
  return new SealedReports(settings.settings.dataDir, new Sealer(settings.settings.spoolKey));
}

/** Every request body that went to the organisation: REST writes in its repositories, and every GraphQL document. */
function writesToOrganisation(requests: WireRecord[], org = OWNER): WireRecord[] {
  return requests.filter((r) => (r.method !== "GET" && (r.url.includes(`/repos/${org}/`) || r.url.includes(`/orgs/${org}/`))) || r.url.endsWith("/graphql"));
}

function expectNoneContains(requests: WireRecord[], ...secrets: string[]): void {
  for (const request of requests) {
    const decoded = (() => {
      try {
        return JSON.stringify(JSON.parse(request.body));
      } catch {
        return request.body;
      }
    })();
    for (const secret of secrets) {
      expect(request.body, `${request.method} ${request.url}`).not.toContain(secret);
      expect(decoded.toLowerCase(), `${request.method} ${request.url}`).not.toContain(secret.toLowerCase());
    }
  }
}

type Role = "owner" | "admin" | "team" | "nobody";

/**
 * The three lookups of the key-holder check, answered for `login` in the organisation's case repository.
 * All three are asked at once (the team's only with a `moderatorTeam`), whatever the first answers.
 */
function reportedIs(github: GitHubMock, login: string, role: Role, team: string | null = null): GitHubMock {
  github.orgMembership(OWNER, login, role === "owner" ? "admin" : role === "team" ? "member" : null);
  github.permission(OWNER, "moderation", login, role === "admin" ? "admin" : "none");
  if (!team) return github;
  return github.teamMembership(OWNER, team, login, role === "team" ? "active" : null);
}

function labeled(author: { login: string; id: number }) {
  return withOverrides(examplePayload("issues", { action: "labeled" }), {
    label: { name: "call-in" },
    sender: MAINTAINER,
    issue: { number: 1, user: { login: author.login, id: author.id, type: "User" } },
  });
}

describe("a case about someone who can read the case repository, without an outside target", () => {
  it("label, the reported person owns the organisation: a minimal case, marked; the sealed store holds the case's record", async () => {
    const testApp = await start();
    const github = reportedIs(mockGitHub().readyToOpenCase(OWNER, REPO), "owner-olga", "owner").removesLabel(OWNER, REPO, 1, "call-in");

    await testApp.receive("issues", labeled({ login: "owner-olga", id: 501 }));

    const created = github.sent.createdIssues[0]!;
    const meta = parseMeta(created.body)!;
    expect(meta.keyHolder).toStrictEqual({ route: "sealed", reported: { login: "owner-olga", id: 501 } });
    expect(created.body).toContain("A report about someone who can read this repository is sealed");
    expect(created.body).toContain(`**Sealed report:** ${PUBLIC_URL}/call-in/sealed/${OWNER}/${meta.code}`);
    // The public snapshot stays: anyone can read it anyway.
    expect(created.body).toContain("### Evidence snapshot");
    const sealed = await sealedStore(testApp).get({ owner: OWNER, caseRepository: "moderation", code: meta.code });
    expect(sealed).toMatchObject({ reported: { login: "owner-olga", id: 501 }, text: { reporterWords: null, reporterContact: null, maintainerReason: null } });
    expect(testApp.logs.lines.find((l) => l.msg === "the reported person can read the case repository: the case is routed away from them")).toMatchObject({
      because: "organisation-owner",
    });
  });

  it("/call-in with a reason, the reported person is an admin of the case repository: the reason is sealed, in no write to the organisation", async () => {
    const testApp = await start();
    const payload = withOverrides(examplePayload("issue_comment", { action: "created" }), {
      comment: { id: 555, body: `/call-in ${REASON}`, user: MAINTAINER },
      sender: MAINTAINER,
      issue: { user: { login: "admin-ada", id: 502, type: "User" } },
    });
    const github = mockGitHub().permission(OWNER, REPO, "maintainer-mo", "write").readyToOpenCase(OWNER, REPO).deletesIssueComment(OWNER, REPO, 555);
    reportedIs(github, "admin-ada", "admin");

    await testApp.receive("issue_comment", payload);

    const meta = github.lastCaseMeta();
    expect(meta.keyHolder).toStrictEqual({ route: "sealed", reported: { login: "admin-ada", id: 502 } });
    expect(github.sent.createdIssues[0]!.body).not.toContain("**Why:**");
    expectNoneContains(writesToOrganisation(wire!.requests), REASON);
    const sealed = await sealedStore(testApp).get({ owner: OWNER, caseRepository: "moderation", code: meta.code });
    expect(sealed?.text).toStrictEqual({ reporterWords: null, reporterContact: null, maintainerReason: REASON });
  });

  it("watch, the reported person is on the moderator team: the report and who wrote it are sealed, not written", async () => {
    const testApp = await start();
    const yaml = "watch:\n  enabled: true\nmoderatorTeam: moderators\n";
    const github = mockGitHub()
      .config(OWNER, REPO, yaml)
      .repository(OWNER, "moderation")
      .templates(OWNER)
      .openCases(OWNER, "moderation")
      .createsIssue(OWNER, "moderation");
    reportedIs(github, "team-tom", "team", "moderators");
    const payload = withOverrides(examplePayload("issue_comment", { action: "created" }), {
      comment: { body: WATCH_REPORT, user: { login: "worried-wendy", id: 503, type: "User" } },
      sender: { login: "worried-wendy", id: 503, type: "User" },
      issue: { user: { login: "team-tom", id: 504, type: "User" } },
    });

    await testApp.receive("issue_comment", payload);

    const meta = github.lastCaseMeta();
    expect(meta).toMatchObject({ trigger: "watch", keyHolder: { route: "sealed", reported: { login: "team-tom", id: 504 } }, reporting: [] });
    expectNoneContains(writesToOrganisation(wire!.requests), WATCH_REPORT, "worried-wendy");
    const sealed = await sealedStore(testApp).get({ owner: OWNER, caseRepository: "moderation", code: meta.code });
    expect(sealed?.text).toStrictEqual({ reporterWords: WATCH_REPORT, reporterContact: "worried-wendy", maintainerReason: null });
  });

  it("report form, the linked content's author owns the organisation: the words and the contact are sealed, in no write to the organisation", async () => {
    const testApp = await start();
    const base = await testApp.listen();
    const threadUrl = `https://github.com/${OWNER}/${REPO}/issues/1`;
    const reported = withOverrides(examplePayload("issues", { action: "opened" }).issue, {
      number: 1,
      html_url: threadUrl,
      user: { login: "owner-olga", id: 501 },
    });
    const page = await openForm(base);
    const github = mockGitHub().accountInstallation(OWNER, 1).repository(OWNER, REPO, { visibility: "public" }).config(OWNER, REPO, null);
    github
      .repository(OWNER, REPO, { visibility: "public" })
      .repository(OWNER, "moderation")
      .templates(OWNER)
      .thread(OWNER, REPO, reported)
      .openCases(OWNER, "moderation")
      .createsIssue(OWNER, "moderation");
    reportedIs(github, "owner-olga", "owner");

    const res = await submitForm(base, page, { url: threadUrl, description: DESCRIPTION, contact: CONTACT });
    expect(res.status).toBe(200);
    await testApp.form!.drainer.idle();

    const meta = github.lastCaseMeta();
    expect(meta).toMatchObject({ trigger: "report-form", keyHolder: { route: "sealed", reported: { login: "owner-olga" } } });
    expect(meta.statusTokenHash).toMatch(/^[0-9a-f]{64}$/);
    expectNoneContains(writesToOrganisation(wire!.requests), DESCRIPTION, CONTACT);
    const sealed = await sealedStore(testApp).get({ owner: OWNER, caseRepository: "moderation", code: meta.code });
    expect(sealed?.text).toStrictEqual({ reporterWords: DESCRIPTION, reporterContact: CONTACT, maintainerReason: null });
  });

  it("report form, the reporter says it concerns a key-holder whom the check does not catch: sealed all the same", async () => {
    const testApp = await start();
    const threadUrl = `https://github.com/${OWNER}/${REPO}/issues/1`;
    const reported = withOverrides(examplePayload("issues", { action: "opened" }).issue, {
      number: 1,
      html_url: threadUrl,
      user: { login: "co-maintainer-cy", id: 505 },
    });
    const github = mockGitHub()
      .repository(OWNER, REPO, { visibility: "public" })
      .config(OWNER, REPO, null)
      .repository(OWNER, "moderation")
      .templates(OWNER)
      .thread(OWNER, REPO, reported);
    github.openCases(OWNER, "moderation").createsIssue(OWNER, "moderation");
    reportedIs(github, "co-maintainer-cy", "nobody");
    const report: SpooledReport = {
      v: 1,
      id: "FLAGGED1",
      receivedAt: NOW.toISOString(),
      link: { url: threadUrl, owner: OWNER, repo: REPO, area: "issues", number: 1, comment: null } as SpooledReport["link"],
      description: DESCRIPTION,
      category: null,
      contact: CONTACT,
      statusTokenHash: "a".repeat(64),
      installationId: 1,
      concernsKeyHolder: true,
    };

    await testApp.form!.spool.accept(report.id, report);
    testApp.form!.drainer.kick();
    await testApp.form!.drainer.idle();

    const meta = github.lastCaseMeta();
    expect(meta.keyHolder).toStrictEqual({ route: "sealed", reported: { login: "co-maintainer-cy", id: 505 } });
    expectNoneContains(writesToOrganisation(wire!.requests), DESCRIPTION, CONTACT);
    expect((await sealedStore(testApp).get({ owner: OWNER, caseRepository: "moderation", code: meta.code }))?.text.reporterWords).toBe(DESCRIPTION);
  });

  it("a later /call-in on a thread whose case is sealed adds nothing of its reason to the case; the sealed text grows", async () => {
    const testApp = await start();
    const github = mockGitHub()
      .config(OWNER, REPO, null)
      .templates(OWNER)
      .repository(OWNER, "moderation", { times: 2 })
      .liveCaseRepository(OWNER, "moderation");
    github.permission(OWNER, REPO, "maintainer-mo", "write").removesLabel(OWNER, REPO, 1, "call-in").deletesIssueComment(OWNER, REPO, 556);
    reportedIs(github, "owner-olga", "owner");
    // The second trigger's check says "cannot read" (e.g. she stepped down meanwhile): the case stays sealed.
    reportedIs(github, "owner-olga", "nobody");
    await testApp.receive("issues", labeled({ login: "owner-olga", id: 501 }), "delivery-A");
    const command = withOverrides(examplePayload("issue_comment", { action: "created" }), {
      comment: { id: 556, body: `/call-in ${REASON}`, user: MAINTAINER },
      sender: MAINTAINER,
      issue: { user: { login: "owner-olga", id: 501, type: "User" } },
    });

    await testApp.receive("issue_comment", command, "delivery-B");

    expect(github.sent.createdIssues).toHaveLength(1);
    expect(github.sent.comments[0]?.body).toContain("Another report about this case is sealed with the first");
    expectNoneContains(writesToOrganisation(wire!.requests), REASON);
    const meta = parseMeta(github.sent.updatedBodies.at(-1)?.body)!;
    expect(meta.keyHolder?.route).toBe("sealed");
    expect((await sealedStore(testApp).get({ owner: OWNER, caseRepository: "moderation", code: meta.code }))?.text.maintainerReason).toBe(REASON);
  });
});

describe("when the check itself fails, the person counts as able to read", () => {
  // The three lookups are asked at once: each case answers the other two with "not a member", "none".
  const membership = (scope: nock.Scope) => scope.get(`/orgs/${OWNER}/memberships/owner-olga`);
  const permission = (scope: nock.Scope) => scope.get(`/repos/${OWNER}/moderation/collaborators/owner-olga/permission`);
  const team = (scope: nock.Scope) => scope.get(`/orgs/${OWNER}/teams/moderators/memberships/owner-olga`);
  const notFound = (interceptor: nock.Interceptor) => interceptor.reply(404, { message: "Not Found" });
  const noPermission = (interceptor: nock.Interceptor) => interceptor.reply(200, { permission: "none", role_name: "none", user: null });
  it.each([
    [
      "a 502 from the membership lookup",
      (scope: nock.Scope) => {
        membership(scope).reply(502, { message: "Bad Gateway" });
        noPermission(permission(scope));
        notFound(team(scope));
      },
    ],
    [
      "a timeout of the membership lookup",
      (scope: nock.Scope) => {
        membership(scope).replyWithError({ code: "ETIMEDOUT", message: "socket timed out" });
        noPermission(permission(scope));
        notFound(team(scope));
      },
    ],
    [
      "a 403 from the permission lookup",
      (scope: nock.Scope) => {
        notFound(membership(scope));
        permission(scope).reply(403, { message: "Resource not accessible by integration" });
        notFound(team(scope));
      },
    ],
    [
      "a 500 from the team lookup",
      (scope: nock.Scope) => {
        notFound(membership(scope));
        noPermission(permission(scope));
        team(scope).reply(500, { message: "Server Error" });
      },
    ],
  ])("%s: the case is sealed", async (_name, fail) => {
    const testApp = await start();
    const github = mockGitHub().readyToOpenCase(OWNER, REPO, { yaml: "moderatorTeam: moderators\n" }).removesLabel(OWNER, REPO, 1, "call-in");
    fail(github.scope);

    await testApp.receive("issues", labeled({ login: "owner-olga", id: 501 }));

    expect(github.lastCaseMeta().keyHolder).toStrictEqual({ route: "sealed", reported: { login: "owner-olga", id: 501 } });
    expect(testApp.logs.lines.find((l) => l.msg === "the reported person can read the case repository: the case is routed away from them")).toMatchObject({
      because: "check-failed",
    });
  });

  it("someone who can read nothing gets the usual case, with nothing sealed", async () => {
    const testApp = await start();
    const github = mockGitHub().readyToOpenCase(OWNER, REPO, { yaml: "moderatorTeam: moderators\n" }).removesLabel(OWNER, REPO, 1, "call-in");
    reportedIs(github, "newcomer-nia", "nobody", "moderators");

    await testApp.receive("issues", labeled({ login: "newcomer-nia", id: 506 }));

    const meta = github.lastCaseMeta();
    expect(meta.keyHolder).toBeNull();
    expect(await sealedStore(testApp).get({ owner: OWNER, caseRepository: "moderation", code: meta.code })).toBeNull();
  });
});

describe("the check beside the privacy gate", () => {
  /**
   * Concurrency without time: the gate's answer is held until the three lookups of the check and
   * the open-case lookup have all arrived (so none of them waited for the gate), and the membership's
   * answer ("an owner") is held until the gate has answered (so the case could be written on the
   * gate's word alone, if the route were not awaited).
   */
  it("its three lookups are asked with the gate and the open-case lookup, and the case is written only once the route is known", async () => {
    const testApp = await start();
    const events: string[] = [];
    const arrived = (name: string) => {
      let mark!: () => void;
      const promise = new Promise<void>((resolve) => (mark = resolve));
      return { promise, mark: () => (events.push(`${name} asked`), mark()) };
    };
    const membership = arrived("membership");
    const permission = arrived("permission");
    const team = arrived("team");
    const lookup = arrived("lookup");
    let gateAnswered!: () => void;
    const gateDone = new Promise<void>((resolve) => (gateAnswered = resolve));
    const api = nock("https://api.github.com");
    api.get(`/repos/${OWNER}/moderation`).reply((_uri, _body, callback) => {
      void Promise.all([membership.promise, permission.promise, team.promise, lookup.promise]).then(() => {
        events.push("gate answered");
        gateAnswered();
        callback(null, [200, repositoryAnswer(OWNER, "moderation")]);
      });
    });
    api.get(`/orgs/${OWNER}/memberships/owner-olga`).reply((_uri, _body, callback) => {
      membership.mark();
      void gateDone.then(() => {
        events.push("membership answered");
        callback(null, [
          200,
          {
            state: "active",
            role: "admin",
            url: `https://api.github.com/orgs/${OWNER}/memberships/owner-olga`,
            organization_url: `https://api.github.com/orgs/${OWNER}`,
            organization: { login: OWNER, id: 1 },
            user: { login: "owner-olga", id: 501 },
          },
        ]);
      });
    });
    api
      .get(`/repos/${OWNER}/moderation/collaborators/owner-olga/permission`)
      .reply(() => (permission.mark(), [200, { permission: "none", role_name: "none", user: null }]));
    api.get(`/orgs/${OWNER}/teams/moderators/memberships/owner-olga`).reply(() => (team.mark(), [404, { message: "Not Found" }]));
    api
      .get(`/repos/${OWNER}/moderation/issues`)
      .query({ state: "open", per_page: "100" })
      .reply(() => (lookup.mark(), [200, []]));
    const github = mockGitHub()
      .config(OWNER, REPO, "moderatorTeam: moderators\n")
      .templates(OWNER)
      .createsIssue(OWNER, "moderation")
      .removesLabel(OWNER, REPO, 1, "call-in");

    await testApp.receive("issues", labeled({ login: "owner-olga", id: 501 }));

    expect(events.indexOf("gate answered")).toBe(4);
    expect(events.slice(0, 4).sort()).toStrictEqual(["lookup asked", "membership asked", "permission asked", "team asked"]);
    expect(events.at(-1)).toBe("membership answered");
    expect(github.sent.createdIssues).toHaveLength(1);
    expect(github.lastCaseMeta().keyHolder).toStrictEqual({ route: "sealed", reported: { login: "owner-olga", id: 501 } });
  });
});

describe("with an outside target (keyHolderReports)", () => {
  /** The outside repository's checks: installed (id 9), private, and the reported person is nobody there. */
  function outsideReady(github: GitHubMock, login: string, times = 1): GitHubMock {
    github.scope
      .get(`/repos/${OUTSIDE.owner}/${OUTSIDE.repo}/installation`)
      .times(times)
      .reply(200, installationAnswer(OUTSIDE.owner, 9, 2));
    github.repository(OUTSIDE.owner, OUTSIDE.repo, { times });
    github.orgMembership(OUTSIDE.owner, login, null, times);
    github.scope
      .get(`/repos/${OUTSIDE.owner}/${OUTSIDE.repo}/collaborators/${login}/permission`)
      .times(times)
      .reply(200, { permission: "none", role_name: "none", user: null });
    return github;
  }

  it("the whole case is written there, once under redelivery; nothing in the organisation; the label is removed", async () => {
    const testApp = await start();
    const github = mockGitHub().config(OWNER, REPO, null, OWNER_WITH_OUTSIDE).templates(OWNER).repository(OWNER, "moderation", { times: 2 });
    github.orgMembership(OWNER, "owner-olga", "admin", 2);
    // Asked beside the gate for each delivery, before the route is known: reads only.
    github.scope
      .get(`/repos/${OWNER}/moderation/collaborators/owner-olga/permission`)
      .times(2)
      .reply(200, { permission: "admin", role_name: "admin", user: null });
    github.openCases(OWNER, "moderation").openCases(OWNER, "moderation");
    outsideReady(github, "owner-olga", 2).openCases(OUTSIDE.owner, OUTSIDE.repo).createsIssue(OUTSIDE.owner, OUTSIDE.repo);
    github.scope.delete(`/repos/${OWNER}/${REPO}/issues/1/labels/call-in`).times(2).reply(200, []);

    await testApp.receive("issues", labeled({ login: "owner-olga", id: 501 }), "delivery-A");
    // Redelivered: the outside repository now holds the case, which remembers the delivery.
    github.openCases(OUTSIDE.owner, OUTSIDE.repo, [{ number: 100, body: github.sent.createdIssues[0]!.body }]);
    await testApp.receive("issues", labeled({ login: "owner-olga", id: 501 }), "delivery-A");

    expect(github.sent.createdIssues).toHaveLength(1);
    const created = github.sent.createdIssues[0]!;
    expect(created).toMatchObject({ owner: OUTSIDE.owner, repo: OUTSIDE.repo });
    expect(created.body).toContain("### Evidence snapshot");
    expect(created.body).not.toContain("is sealed");
    expect(parseMeta(created.body)?.keyHolder).toStrictEqual({ route: "outside", reported: { login: "owner-olga", id: 501 } });
    expect(writesToOrganisation(wire!.requests).map((r) => `${r.method} ${new URL(r.url).pathname}`)).toStrictEqual([
      `DELETE /repos/${OWNER}/${REPO}/issues/1/labels/call-in`,
      `DELETE /repos/${OWNER}/${REPO}/issues/1/labels/call-in`,
    ]);
  });

  it("report form: the case is there, and the reporter's status page reads it there", async () => {
    const testApp = await start();
    const base = await testApp.listen();
    const threadUrl = `https://github.com/${OWNER}/${REPO}/issues/1`;
    const reported = withOverrides(examplePayload("issues", { action: "opened" }).issue, {
      number: 1,
      html_url: threadUrl,
      user: { login: "owner-olga", id: 501 },
    });
    const page = await openForm(base);
    const github = mockGitHub()
      .accountInstallation(OWNER, 1)
      .repository(OWNER, REPO, { visibility: "public", times: 2 })
      .config(OWNER, REPO, null, OWNER_WITH_OUTSIDE);
    github.repository(OWNER, "moderation").templates(OWNER).thread(OWNER, REPO, reported);
    // Read beside the gate before the route is known.
    reportedIs(github, "owner-olga", "owner").openCases(OWNER, "moderation");
    outsideReady(github, "owner-olga").openCases(OUTSIDE.owner, OUTSIDE.repo).createsIssue(OUTSIDE.owner, OUTSIDE.repo);

    const res = await submitForm(base, page, { url: threadUrl, description: DESCRIPTION, contact: CONTACT });
    await testApp.form!.drainer.idle();

    const created = github.sent.createdIssues[0]!;
    expect(created).toMatchObject({ owner: OUTSIDE.owner, repo: OUTSIDE.repo });
    expect(created.body).toContain("The reporter's contact for follow-up");
    // The status page reads the case with the outside repository's installation (9), not the organisation's (1):
    // every installation answers these mocks alike, so the receipt is where that shows.
    const reportId = /\/status\/([0-9A-Z]{8})\./.exec(statusLinkOf(res.html))![1]!;
    expect(await testApp.form!.spool.readReceipt<ReportReceipt>(reportId)).toMatchObject({
      owner: OUTSIDE.owner,
      caseRepository: OUTSIDE.repo,
      installationId: 9,
    });
    expectNoneContains(writesToOrganisation(wire!.requests), DESCRIPTION, CONTACT);
    const meta = parseMeta(created.body)!;
    github.caseIssue(
      OUTSIDE.owner,
      OUTSIDE.repo,
      100,
      withMeta(created.body, { ...meta, state: "acknowledged", acknowledgedAt: NOW.toISOString() }, { repo: `${OUTSIDE.owner}/${OUTSIDE.repo}` }),
      { writes: false },
    );
    const status = await fetch(statusLinkOf(res.html).replace(PUBLIC_URL, base));
    expect(status.status).toBe(200);
    expect(await status.text()).toMatch(/step--current[^>]*aria-current="step"><strong>Acknowledged/);
  });

  it("/call-in's reason goes there whole, and nowhere in the organisation", async () => {
    const testApp = await start();
    const payload = withOverrides(examplePayload("issue_comment", { action: "created" }), {
      comment: { id: 557, body: `/call-in ${REASON}`, user: MAINTAINER },
      sender: MAINTAINER,
      issue: { user: { login: "admin-ada", id: 502, type: "User" } },
    });
    const github = mockGitHub()
      .permission(OWNER, REPO, "maintainer-mo", "write")
      .config(OWNER, REPO, null, OWNER_WITH_OUTSIDE)
      .templates(OWNER)
      .repository(OWNER, "moderation");
    reportedIs(github, "admin-ada", "admin").openCases(OWNER, "moderation");
    outsideReady(github, "admin-ada").openCases(OUTSIDE.owner, OUTSIDE.repo).createsIssue(OUTSIDE.owner, OUTSIDE.repo).deletesIssueComment(OWNER, REPO, 557);

    await testApp.receive("issue_comment", payload);

    expect(github.sent.createdIssues[0]).toMatchObject({ owner: OUTSIDE.owner, repo: OUTSIDE.repo });
    expect(github.sent.createdIssues[0]!.body).toContain(`**Why:** ${REASON}`);
    expectNoneContains(writesToOrganisation(wire!.requests), REASON);
  });

  it("a target the reported person can read is not used: the case is sealed at home", async () => {
    const testApp = await start();
    const github = mockGitHub()
      .config(OWNER, REPO, null, OWNER_WITH_OUTSIDE)
      .templates(OWNER)
      .repository(OWNER, "moderation")
      .openCases(OWNER, "moderation")
      .createsIssue(OWNER, "moderation");
    reportedIs(github, "owner-olga", "owner").removesLabel(OWNER, REPO, 1, "call-in");
    github.scope.get(`/repos/${OUTSIDE.owner}/${OUTSIDE.repo}/installation`).reply(200, installationAnswer(OUTSIDE.owner, 9, 2));
    github.repository(OUTSIDE.owner, OUTSIDE.repo).orgMembership(OUTSIDE.owner, "owner-olga", "member");
    github.scope
      .get(`/repos/${OUTSIDE.owner}/${OUTSIDE.repo}/collaborators/owner-olga/permission`)
      .reply(200, { permission: "read", role_name: "read", user: null });

    await testApp.receive("issues", labeled({ login: "owner-olga", id: 501 }));

    expect(github.sent.createdIssues[0]).toMatchObject({ owner: OWNER, repo: "moderation" });
    expect(github.lastCaseMeta().keyHolder?.route).toBe("sealed");
    expect(testApp.logs.lines.find((l) => l.msg === "keyHolderReports cannot take the case; it is opened here with the report sealed")?.problem).toMatch(
      /can read the keyHolderReports repository too \(collaborator\)/,
    );
  });

  it("a public target is not used either", async () => {
    const testApp = await start();
    const github = mockGitHub()
      .config(OWNER, REPO, null, OWNER_WITH_OUTSIDE)
      .templates(OWNER)
      .repository(OWNER, "moderation")
      .openCases(OWNER, "moderation")
      .createsIssue(OWNER, "moderation");
    reportedIs(github, "owner-olga", "owner").removesLabel(OWNER, REPO, 1, "call-in");
    github.scope.get(`/repos/${OUTSIDE.owner}/${OUTSIDE.repo}/installation`).reply(200, installationAnswer(OUTSIDE.owner, 9, 2));
    github.repository(OUTSIDE.owner, OUTSIDE.repo, { visibility: "public" });

    await testApp.receive("issues", labeled({ login: "owner-olga", id: 501 }));

    expect(github.sent.createdIssues[0]).toMatchObject({ owner: OWNER, repo: "moderation" });
    expect(github.lastCaseMeta().keyHolder?.route).toBe("sealed");
  });

  it("a repository's own file cannot name a target: only the owner's file can", async () => {
    const testApp = await start();
    const github = mockGitHub().readyToOpenCase(OWNER, REPO, { yaml: OWNER_WITH_OUTSIDE }).removesLabel(OWNER, REPO, 1, "call-in");
    reportedIs(github, "owner-olga", "owner");

    await testApp.receive("issues", labeled({ login: "owner-olga", id: 501 }));

    expect(github.sent.createdIssues[0]).toMatchObject({ owner: OWNER, repo: "moderation" });
    expect(github.lastCaseMeta().keyHolder?.route).toBe("sealed");
  });
});
