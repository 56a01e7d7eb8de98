import nock from "nock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { runCli } from "./helpers/cli.js";
import { parseShard } from "../src/resolution-log/entry.js";
import { FakeRepoContents } from "./helpers/contents.js";
import { mockGitHub } from "./helpers/github.js";
import { fixtureShards, LOG_FIXTURE } from "./helpers/log-fixture.js";

const OWNER = "acme";

const run = runCli;

describe("call-in log and call-in transparency", () => {
  let repo: FakeRepoContents;
  beforeEach(() => {
    vi.stubEnv("GITHUB_TOKEN", "cli-test-token");
    vi.stubEnv("GHE_HOST", "");
    repo = new FakeRepoContents(OWNER, "moderation", fixtureShards());
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    repo.dispose();
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("prints a month of the log as CSV, reading only that month's shard", async () => {
    mockGitHub().config(OWNER, ".github", "caseRepository: moderation\n");
    const { code, stdout, stderr } = await run("log", "--owner", OWNER, "--since", "2026-11", "--until", "2026-11", "--format", "csv");

    expect(stderr).toBe("");
    expect(code).toBe(0);
    const lines = stdout.trim().split("\n");
    expect(lines[0]).toBe("at,event,case,case_url,trigger,category,outcome,opened_at,acknowledged_at,resolved_at,repository,pseudonym,moderator,corrects");
    expect(lines.slice(1).map((l) => l.split(",").slice(0, 3).join(","))).toStrictEqual([
      "2026-11-02T06:00:00.000Z,resolved,CI-AAAA12",
      "2026-11-06T00:00:00.000Z,resolved,CI-AAAA13",
      "2026-11-07T00:00:00.000Z,reopened,CI-AAAA13",
      "2026-11-09T04:00:00.000Z,resolved,CI-AAAA13",
    ]);
    expect(lines[1]).toBe(
      "2026-11-02T06:00:00.000Z,resolved,CI-AAAA12,https://github.com/acme/moderation/issues/12,command,Harassment,correction,2026-11-01T00:00:00.000Z,2026-11-01T02:00:00.000Z,2026-11-02T06:00:00.000Z,acme/widgets,pseud-8,,",
    );
    expect(repo.reads).toStrictEqual(["log", "log/2026", "log/2026/11.jsonl"]);
  });

  it("filters by outcome and prints JSON", async () => {
    mockGitHub().config(OWNER, ".github", "caseRepository: moderation\n");
    const { code, stdout } = await run("log", "--owner", OWNER, "--outcome", "Warning", "--format", "json");
    expect(code).toBe(0);
    const entries = JSON.parse(stdout) as Array<{ case: { code: string }; event: string }>;
    expect(entries.map((e) => `${e.case.code} ${e.event}`)).toStrictEqual([
      "CI-AAAA03 resolved",
      "CI-AAAA08 resolved",
      "CI-AAAA13 resolved",
      "CI-AAAA16 resolved",
    ]);
  });

  it("prints an aligned table by default", async () => {
    mockGitHub().config(OWNER, ".github", "caseRepository: moderation\n");
    const { stdout } = await run("log", "--owner", OWNER, "--since", "2026-07-01", "--until", "2026-07-05");
    const lines = stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^at\s+event\s+case\s+trigger\s+category\s+outcome\s+repository\s+person\s+acknowledged\s+resolved$/);
    expect(lines.slice(2)).toStrictEqual(["2026-07-02 10:00  resolved  CI-AAAA01  label    Harassment  correction  acme/widgets  pseud-1  1h            1d"]);
  });

  it("renders the transparency report for a period", async () => {
    mockGitHub().config(OWNER, ".github", "caseRepository: moderation\nlog:\n  suppressBelow: 3\n").templates(OWNER);
    const { code, stdout } = await run("transparency", "--owner", OWNER, "--period", "2026-H2");
    expect(code).toBe(0);
    expect(stdout).toContain("# Code of Conduct transparency report: 2026-H2");
    expect(stdout).toContain("- **14** cases were resolved.");
    expect(stdout).toContain("median **1d 18h**, 90% within **5d**");
    expect(repo.writes).toStrictEqual([]);
  });

  it("commits the report to reports/<period>.md in the case repository with --commit", async () => {
    mockGitHub().config(OWNER, ".github", "caseRepository: moderation\n").templates(OWNER).repository(OWNER, "moderation");
    const { code, stdout, stderr } = await run("transparency", "--owner", OWNER, "--period", "2026-Q3", "--commit");
    expect(code).toBe(0);
    expect(repo.writes).toMatchObject([{ path: "reports/2026-Q3.md", sha: null, status: 201, message: "Transparency report 2026-Q3" }]);
    expect(repo.writes[0]!.text).toBe(stdout);
    expect(stdout).toContain("- **9** cases were resolved.");
    expect(stderr).toBe("Written to https://github.com/acme/moderation/blob/main/reports/2026-Q3.md\n");
  });

  it("does not commit a report again when only its generation time would change", async () => {
    const config = "caseRepository: moderation\n";
    mockGitHub()
      .config(OWNER, ".github", config)
      .templates(OWNER)
      .repository(OWNER, "moderation")
      .config(OWNER, ".github", config)
      .templates(OWNER)
      .repository(OWNER, "moderation");
    await run("transparency", "--owner", OWNER, "--period", "2026-Q4", "--commit");
    repo.put("reports/2026-Q4.md", repo.text("reports/2026-Q4.md")!.replace(/Report generated [^.]+\./, "Report generated 2000-01-01 00:00 UTC."));
    const again = await run("transparency", "--owner", OWNER, "--period", "2026-Q4", "--commit");
    expect(again.code).toBe(0);
    expect(again.stderr).toBe("reports/2026-Q4.md is already up to date.\n");
    expect(repo.writes).toHaveLength(1);
  });

  it("says clearly what is wrong with a bad period or config", async () => {
    const badPeriod = await run("transparency", "--owner", OWNER, "--period", "2026-H3");
    expect(badPeriod.code).toBe(2);
    expect(badPeriod.stderr).toBe(
      'call-in transparency: "2026-H3" is not a period: use a year (2026), a half (2026-H2), a quarter (2026-Q3) or a month (2026-07)\n',
    );

    mockGitHub().config(OWNER, ".github", "caseRepository: not a repo name!\n");
    const badConfig = await run("log", "--owner", OWNER);
    expect(badConfig.code).toBe(2);
    expect(badConfig.stderr).toMatch(/^call-in log: acme\/\.github\/\.github\/call-in\.yml is invalid:\n.*caseRepository/s);
    expect(parseShard(LOG_FIXTURE).entries).toHaveLength(20);
  });
});
