import { listedCommands } from "../../commands/case/registry.js";
import { LIMITS } from "../../report-form/fields.js";

/**
 * Sample data for every bundled template, for `call-in preview`: one made-up
 * but realistic situation per template (a case about a heated review comment
 * in octo-org/widgets), shaped as the code that renders the template shapes it.
 * test/cli-preview.test.ts checks that every variable a template reads is here
 * and that each renders, so a template cannot gain a variable this file lacks.
 */

const CODE = "CI-7KQ2MX";
const OWNER = "octo-org";
const OPENED_AT = "2026-11-20T09:30:00.000Z";
const LATER = "2026-11-21T14:05:00.000Z";
const COMMENT_URL = "https://github.com/octo-org/widgets/pull/482#discussion_r1712345678";
const PUBLIC_URL = "https://call-in.example.org";

const source = {
  key: "octo-org/widgets#482",
  owner: OWNER,
  repo: "widgets",
  repoId: 1296269,
  number: 482,
  threadKind: "pull_request",
  url: "https://github.com/octo-org/widgets/pull/482",
};

const snapshot = {
  kind: "pull_request_review_comment",
  url: COMMENT_URL,
  author: "hasty-reviewer",
  createdAt: "2026-11-19T22:41:00.000Z",
  updatedAt: "2026-11-19T22:47:00.000Z",
  title: null,
  body: "Honestly, whoever wrote this has no business touching the parser. Did you even read the spec, or do people like you just guess?",
  omitted: 0,
};

const report = {
  receivedAt: OPENED_AT,
  reference: "R-4F9D-2C71",
  category: "Personal or political attacks",
  description:
    "The review on PR 482 goes after the author personally rather than the code. It's the third time this week from the same reviewer, and the author has stopped replying.",
  link: COMMENT_URL,
  linkFound: true,
  notPublic: false,
  contact: "sam@example.org",
};

const watch = {
  rule: "phrase",
  matched: "code of conduct",
  publicReply: false,
  reportIsSubject: false,
  pointedAt: "reply",
  report: {
    kind: "pull_request_review_comment",
    url: "https://github.com/octo-org/widgets/pull/482#discussion_r1712349999",
    author: "bystander",
    createdAt: "2026-11-19T23:02:00.000Z",
    body: "This isn't OK and goes against our code of conduct. Can we keep reviews about the code?",
    omitted: 0,
  },
};

const history = {
  count: 2,
  summary: "correction 2026-03, warning 2026-07",
  entries: [
    {
      code: "CI-2B8WQA",
      url: "https://github.com/octo-org/moderation/issues/31",
      outcome: "correction",
      category: "Personal or political attacks",
      month: "2026-03",
      resolvedAt: "2026-03-14T10:00:00.000Z",
    },
    {
      code: "CI-9HJ3TZ",
      url: "https://github.com/octo-org/moderation/issues/58",
      outcome: "warning",
      category: null,
      month: "2026-07",
      resolvedAt: "2026-07-02T16:20:00.000Z",
    },
  ],
};

/** What case.md and case-retriggered.md get (cases/open-case.ts caseTemplateData, with the sections of a report-form case). */
const caseData = {
  code: CODE,
  openedAt: OPENED_AT,
  state: "open",
  trigger: "report-form",
  triggeredBy: null,
  reason: null,
  category: report.category,
  source,
  snapshot,
  templateWarnings: [],
  report,
  watch: null,
  keyHolder: null,
  history,
  existingState: null,
  inRoom: false,
};

const apiFailure = { kind: "permission", permission: "administration: write", message: "Resource not accessible by integration", status: 403 };

/** Every variable command-result.md reads, for `/resolve correction`: the other commands' variables are empty. */
const commandResult = {
  command: "resolve",
  actor: "maintainer-mo",
  at: LATER,
  status: "done",
  key: "resolve.done",
  outcome: "correction",
  wasAppeal: false,
  summary: "Talked with hasty-reviewer privately; they apologised to the author on the pull request and will keep reviews about the code.",
  followUp: "30d",
  room: "https://github.com/octo-org/call-in-ci-7kq2mx",
  roomArchived: true,
  ...Object.fromEntries(
    [
      "hasStatusPage",
      "acknowledgedAt",
      "state",
      "logins",
      "error",
      "reason",
      "teamFailure",
      "escalation",
      "message",
      "url",
      "reasons",
      "kind",
      "threadKind",
      "repository",
      "limit",
      "length",
      "expiresAt",
      "login",
      "org",
      "until",
      "owner",
      "max",
      "person",
      "assignees",
      "inviteFailures",
      "issueFailure",
      "name",
      "sourceOwner",
      "roomFailure",
      "logFailure",
      "closeFailure",
      "outcomes",
      "previousOutcome",
      "reopenFailure",
      "path",
      "problem",
      "moderatorTeam",
      "dryRunConfigured",
    ].map((name) => [name, null]),
  ),
  commands: listedCommands(),
};

const transparency = {
  period: { label: "2026-H2", start: "2026-07-01", last: "2026-12-31" },
  enough: true,
  total: 14,
  threshold: 3,
  acknowledge: { enough: true, median: "5h", p90: "1d 2h" },
  resolve: { enough: true, median: "1d 18h", p90: "5d" },
  repeat: { fewerThan: true, count: 0 },
  categories: {
    published: true,
    rows: [
      { label: "Personal or political attacks", count: 6, visibility: "shown", percent: 43 },
      { label: "Harassment or intimidation", count: 5, visibility: "shown", percent: 36 },
      { label: "Trolling or disruptive behaviour", count: 0, visibility: "fewer-than", percent: null },
      { label: null, count: 0, visibility: "not-shown", percent: null },
    ],
    chart: {
      slices: [
        { label: "Personal or political attacks", value: 6 },
        { label: "Harassment or intimidation", value: 5 },
      ],
    },
    anyHidden: true,
    hiddenSum: 3,
  },
  outcomes: {
    published: true,
    rows: [
      { label: "correction", count: 9, visibility: "shown", percent: 64 },
      { label: "no-action", count: 3, visibility: "shown", percent: 21 },
      { label: "warning", count: 0, visibility: "fewer-than", percent: null },
    ],
    chart: { slices: [{}, {}], labels: '"correction", "no-action"', max: 9, values: "9, 3" },
  },
  triggers: {
    published: true,
    rows: [
      { label: "report-form", count: 7, visibility: "shown" },
      { label: "label", count: 4, visibility: "shown" },
      { label: "watch", count: 3, visibility: "shown" },
    ],
  },
  generatedAt: "2027-01-02T08:00:00.000Z",
};

const logView = {
  basePath: "/call-in/log",
  owner: OWNER,
  login: "maintainer-mo",
  caseRepository: `${OWNER}/moderation`,
  filters: { since: "2026-07-01", until: "2026-12-31", outcome: "", category: "" },
  outcomes: ["correction", "warning", "no-action"],
  categories: ["Harassment or intimidation", "Personal or political attacks"],
  csvHref: "/call-in/log/octo-org/log.csv?since=2026-07-01&until=2026-12-31",
  chart: {
    width: 240,
    height: 120,
    max: 3,
    bars: [
      { x: 10, y: 56, width: 30, height: 48, label: "2026-09", labelX: 25, count: 2 },
      { x: 50, y: 32, width: 30, height: 72, label: "2026-10", labelX: 65, count: 3 },
      { x: 90, y: 104, width: 30, height: 0, label: "2026-11", labelX: 105, count: 0 },
    ],
  },
  standing: 5,
  count: 6,
  skipped: 0,
  rows: [
    {
      at: "2026-10-12 16:20",
      event: "resolved",
      case: "CI-9HJ3TZ",
      url: "https://github.com/octo-org/moderation/issues/58",
      trigger: "label",
      category: "Harassment or intimidation",
      outcome: "warning",
      repository: "octo-org/widgets",
      person: "pseud-3f9a",
      acknowledged: "2h",
      resolved: "3d",
    },
  ],
};

const formPage = {
  title: "Octo Org",
  codeOfConductUrl: "https://github.com/octo-org/.github/blob/main/CODE_OF_CONDUCT.md",
  keyHolderContact: "The Octo Foundation's Code of Conduct committee (coc@octo.example.org)",
  categories: ["Harassment or intimidation", "Personal or political attacks", "Other conduct concern"],
};

const reportPages = { assetUrl: "/call-in/report/assets/report-form.css", webHost: "github.com", limits: LIMITS, formUrl: "/call-in/report" };

const change = {
  at: LATER,
  by: "hasty-reviewer",
  role: "subject",
  kind: "pull_request_review_comment",
  url: COMMENT_URL,
  body: "Sorry, that was uncalled for. The parser change needs a test for the empty input case.",
  omitted: 0,
};

/** Sample data per bundled template name. */
export const TEMPLATE_SAMPLES: Readonly<Record<string, Record<string, unknown>>> = {
  "appeal-case.md": {
    by: "hasty-reviewer",
    from: "warning",
    at: LATER,
    roomUrl: "https://github.com/octo-org/call-in-ci-7kq2mx/issues/1",
    text: "I accept the correction, but a warning feels heavy for a first comment like this. I have changed how I review since.",
    assignee: "maintainer-jo",
  },
  "appeal-reply.md": { status: "appealed", assigned: true, appealWithin: "20d" },
  "call-in-message.md": { inRoom: false, snapshot, source },
  "called-in-guide.md": {},
  "case-history.md": { history },
  "case-report.md": { report },
  "case-repository-description.md": {},
  "case-retriggered.md": {
    ...caseData,
    trigger: "label",
    triggeredBy: "maintainer-mo",
    at: LATER,
    existingState: "open",
    report: null,
    sameSubject: false,
    reason: "Same reviewer again, on another file of the pull request.",
  },
  "case-sealed.md": { keyHolder: { sealedPagePrefix: `${PUBLIC_URL}/call-in/sealed/${OWNER}/`, notPublic: false }, code: CODE },
  "case-snapshot-deleted.md": { change },
  "case-snapshot-edited.md": { change },
  "case-title.md": { code: CODE, state: "open", source },
  "case-unverified.md": { format: "issue", reason: "seal-mismatch" },
  "case-watch.md": { existingState: null, watch },
  "case.md": caseData,
  "checklist.md": { report },
  "code-of-conduct-snippet.md": { formUrl: `${PUBLIC_URL}/call-in/report/${OWNER}`, triggerLabel: "call-in" },
  "command-error.md": { error: apiFailure },
  "command-help.md": { moderatorTeam: "community-team", commands: listedCommands(), dryRunConfigured: false },
  "command-refused.md": { command: "block", actor: "drive-by-user", at: LATER, moderatorTeam: "community-team" },
  "command-result.md": commandResult,
  "command-unknown.md": { command: "resolv", actor: "maintainer-mo", at: LATER, commands: listedCommands() },
  "config-problem-title.md": { ignored: false },
  "config-problem.md": { ignored: false, source: `${OWNER}/widgets`, problem: "✖ Invalid input: expected boolean, received string\n  → at watch.enabled" },
  "decision-guide.md": {},
  "escalation-cleanup.md": { from: `${OWNER}/moderation`, format: "issue", number: 61, code: CODE, deleted: 4, notDeleted: 0 },
  "escalation-history.md": {
    from: `${OWNER}/moderation`,
    reason: "reported-is-moderator",
    code: CODE,
    comments: [{ author: "maintainer-mo", createdAt: LATER, body: "/ack" }],
    omitted: 0,
  },
  "escalation-pointer-title.md": { code: CODE },
  "escalation-pointer.md": { code: CODE },
  "evidence.md": { snapshot, openedAt: OPENED_AT },
  "init-pull-request-title.md": { owner: OWNER },
  "init-pull-request.md": {
    owner: OWNER,
    caseRepository: "moderation",
    triggerLabel: "call-in",
    configPath: ".github/call-in.yml",
    codeOfConductPath: "CODE_OF_CONDUCT.md",
    snippet: "## Reporting a concern\n\nIf someone's behaviour in this community worries you, you can tell us privately.\n",
  },
  "log-view-layout.html": { basePath: "/call-in/log" },
  "log-view-message.html": { kind: "not-found", owner: OWNER, basePath: "/call-in/log", detail: null },
  "log-view-sign-in.html": { owner: OWNER, basePath: "/call-in/log" },
  "log-view.html": logView,
  "reminder.md": { mentions: ["maintainer-mo"], team: `${OWNER}/community-team`, threshold: "acknowledge", clock: "24h", outcome: null, keyHolder: false },
  "report-error.html": { ...reportPages, problem: "status-not-found" },
  "report-form.html": {
    ...reportPages,
    page: formPage,
    action: `/call-in/report/${OWNER}`,
    csrfToken: "sample-csrf-token",
    submission: "c2FtcGxlLXN1Ym1pc3Npb24",
    values: { url: COMMENT_URL, description: "", category: "", contact: "", concernsKeyHolder: false },
    errors: [{ field: "description", code: "description-missing" }],
    fieldErrors: { url: null, description: "description-missing", category: null, contact: null },
    lengths: { description: 0 },
    retryMinutes: 0,
  },
  "report-layout.html": { assetUrl: reportPages.assetUrl },
  "report-message.html": { code: "too-many", webHost: "github.com", limits: LIMITS, lengths: { description: 0 }, retryMinutes: 12 },
  "report-receipt.html": { ...reportPages, reference: report.reference, statusUrl: `${PUBLIC_URL}/call-in/status/sample-status-token` },
  "report-restarting.html": { ...reportPages },
  "report-status.html": {
    ...reportPages,
    view: {
      reference: report.reference,
      state: "acknowledged",
      message: "Thank you for telling us. We have talked with the person and are keeping an eye on the thread.",
      current: true,
    },
  },
  "room-description.md": { code: CODE },
  "room-issue-title.md": {},
  "room-issue.md": { person: "hasty-reviewer", inRoom: true, snapshot, source, appealWithin: "20d" },
  "sealed-report.html": {
    code: CODE,
    basePath: "/call-in/sealed",
    login: "maintainer-jo",
    reported: "lead-maintainer",
    owner: OWNER,
    viewedAt: LATER,
    caseUrl: "https://github.com/octo-org/moderation/issues/61",
    text: {
      reporterWords: "The project lead told me in a private call that I would lose my commit access if I kept raising the release process.",
      reporterContact: "Signal: ask the committee for my number",
      maintainerReason: null,
    },
    sealedAt: OPENED_AT,
  },
  "sealed-sign-in.html": { owner: OWNER, sealedPath: `/call-in/sealed/${OWNER}/${CODE}`, code: CODE, basePath: "/call-in/sealed" },
  "sealed-view-recorded.md": { code: CODE, login: "maintainer-jo", viewedAt: LATER },
  "setup-layout.html": {},
  "setup-message.html": { kind: "failed" },
  "setup-page.html": {
    problem: null,
    webhookUrl: "https://smee.io/call-in-sample-channel",
    webhookKind: "proxy",
    webhookCreated: true,
    callbackUrl: "http://localhost:3000/call-in/log/callback",
    manifest: '{"name":"Call-In"}',
    createAppUrl: "https://github.com/settings/apps/new?state=sample",
    organisation: "octo-org",
    publicUrl: null,
  },
  "sweep-note.md": { kind: "block-lifted", login: "hasty-reviewer", org: OWNER, at: LATER, name: null, retention: null },
  "transparency-report.md": transparency,
  "trigger-label-description.md": {},
  "watch-public-reply.md": { formUrl: `${PUBLIC_URL}/call-in/report/${OWNER}` },
};
