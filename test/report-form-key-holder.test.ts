import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formSettingsFrom } from "../src/report-form/settings.js";
import { spooledReportOf, type SpooledReport } from "../src/report-form/report.js";
import { Sealer } from "../src/spool/sealed.js";
import { Spool } from "../src/spool/spool.js";
import { createTestApp, TEST_REPORT_KEY, type TestApp } from "./helpers/app.js";
import { neverDeadline, openForm, statusLinkOf, submitForm, unescapeHtml } from "./helpers/form.js";
import { mockGitHub } from "./helpers/github.js";
import { neverLog } from "./helpers/logs.js";
import { readSettings } from "../src/settings.js";

const OWNER = "Codertocat";
const REPO = "Hello-World";
const THREAD_URL = `https://github.com/${OWNER}/${REPO}/issues/1`;
const DESCRIPTION = "The lead maintainer keeps mocking a newcomer in every review.";
const KEY_HOLDER_CONTACT = "Reports about our maintainers go to the Code of Conduct committee of the Example Foundation, not to us.";
neverLog(DESCRIPTION);

/** The spooled report of a receipt, read back from DATA_DIR with the spool's own key (not through the running form). */
async function spooledOf(app: TestApp, receiptHtml: string): Promise<SpooledReport | null> {
  const id = /\/status\/([0-9A-Z]{8})\./.exec(statusLinkOf(receiptHtml))![1]!;
  const settings = formSettingsFrom(readSettings({ REPORT_ENCRYPTION_KEY: TEST_REPORT_KEY, DATA_DIR: app.dataDir }));
  if (!settings.ok) throw new Error(settings.problem);
  return new Spool<SpooledReport>({ dataDir: app.dataDir, sealer: new Sealer(settings.settings.spoolKey) }).find(id);
}

describe("the report form's key-holder field", () => {
  let app: TestApp;
  let base: string;

  beforeEach(async () => {
    app = await createTestApp({ services: { reportForm: { drainIntervalMs: 60_000, lookupDeadline: neverDeadline } } });
    base = await app.listen();
    // Reports stay in the spool: this is about what the form writes there, not about filing.
    await app.form!.drainer.idle();
    app.form!.drainer.stop();
  });
  afterEach(async () => {
    await app.close();
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  const acceptsReports = () => mockGitHub().accountInstallation(OWNER, 1).repository(OWNER, REPO, { visibility: "public" }).config(OWNER, REPO, null);

  it("carries a ticked box into the spooled report as concernsKeyHolder: true", async () => {
    const page = await openForm(base);
    acceptsReports();
    const res = await submitForm(base, page, { url: THREAD_URL, description: DESCRIPTION, concernsKeyHolder: "yes" });
    expect(res.status).toBe(200);
    expect(await spooledOf(app, res.html)).toMatchObject({ description: DESCRIPTION, concernsKeyHolder: true });
  });

  it("carries an empty box as concernsKeyHolder: false, and a ticked box makes another report than the same page unticked", async () => {
    const page = await openForm(base);
    acceptsReports();
    const unticked = await submitForm(base, page, { url: THREAD_URL, description: DESCRIPTION });
    expect(await spooledOf(app, unticked.html)).toMatchObject({ description: DESCRIPTION, concernsKeyHolder: false });
    // Back, tick, send again: a new report that says so, not the first one again (the config is remembered by now).
    mockGitHub().accountInstallation(OWNER, 1).repository(OWNER, REPO, { visibility: "public" });
    const ticked = await submitForm(base, page, { url: THREAD_URL, description: DESCRIPTION, concernsKeyHolder: "yes" });
    expect(statusLinkOf(ticked.html)).not.toBe(statusLinkOf(unticked.html));
    expect(await spooledOf(app, ticked.html)).toMatchObject({ concernsKeyHolder: true });
  });

  it("keeps the box ticked when the form comes back with an error", async () => {
    const page = await openForm(base);
    const res = await submitForm(base, page, { url: THREAD_URL, description: "", concernsKeyHolder: "yes" });
    expect(res.status).toBe(400);
    expect(res.html).toMatch(/<input id="concernsKeyHolder" name="concernsKeyHolder" type="checkbox" value="yes"[^>]* checked>/);
  });

  it("explains the field before the reporter writes, and shows the owner's own words on who receives such reports", async () => {
    const github = mockGitHub().installation(OWNER, ".github", 1);
    github.scope
      .get((uri) => uri.startsWith(`/repos/${OWNER}/.github/contents/`))
      .reply(200, `form:\n  title: Hello World project\n  keyHolderContact: "${KEY_HOLDER_CONTACT}"\n`, {
        "content-type": "application/vnd.github.v3.raw; charset=utf-8",
      });
    const branded = unescapeHtml(await (await fetch(`${base}/call-in/report/${OWNER}`)).text());
    expect(branded).toContain(KEY_HOLDER_CONTACT);
    expect(branded).toContain("This concerns a maintainer, moderator or owner of this project");
    const explained = branded.indexOf("If the person you are reporting runs this project");
    expect(explained).toBeGreaterThan(0);
    expect(explained).toBeLessThan(branded.indexOf('<textarea id="description"'));
    expect(branded.indexOf(KEY_HOLDER_CONTACT)).toBeLessThan(branded.indexOf('<textarea id="description"'));

    // The generic form explains the field too, without any owner's words.
    const generic = await (await fetch(`${base}/call-in/report`)).text();
    expect(generic).toContain("This concerns a maintainer, moderator or owner of this project");
    expect(generic).not.toContain("Example Foundation");
  });
});

describe("spooled reports written before the key-holder field", () => {
  it("read as not concerning a key-holder", () => {
    const older = {
      v: 1,
      id: "ABCDEFGH",
      receivedAt: "2026-11-01T00:00:00.000Z",
      link: {},
      description: "x",
      category: null,
      contact: null,
      statusTokenHash: "0".repeat(64),
      installationId: 1,
    };
    expect(spooledReportOf(older as never).concernsKeyHolder).toBe(false);
    expect(spooledReportOf({ ...older, concernsKeyHolder: true } as never).concernsKeyHolder).toBe(true);
  });
});
