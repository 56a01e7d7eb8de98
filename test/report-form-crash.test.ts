import { afterEach, describe, expect, it } from "vitest";
import { TEST_SEAL_ENV } from "./helpers/cases.js";
import { mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakeGitHub, OWNER, REPO, kill, startChild, type Child } from "./helpers/child-app.js";
import { openForm, statusLinkOf, submitForm, waitFor } from "./helpers/form.js";
import { parseMeta } from "../src/cases/metadata.js";
import { DEV_KEY_FILE } from "../src/spool/dev-key.js";

const DESCRIPTION = "In the review they told a first-time contributor to 'go back to school'. Please look at it.";

describe("a crash between the receipt and the filing", () => {
  const github = new FakeGitHub();
  const children: Child[] = [];
  afterEach(async () => {
    for (const child of children) await kill(child);
    await github.stop();
  });

  it("loses nothing on the default set-up: a restarted instance resumes its own claim at once and files the report exactly once", async () => {
    await github.start();
    const dataDir = mkdtempSync(join(tmpdir(), "call-in-crash-"));
    // No REPORT_ENCRYPTION_KEY, outside production, default lease and heartbeat: what `npm start` gives.
    const env = { DATA_DIR: dataDir, REPORT_ENCRYPTION_KEY: "", ...TEST_SEAL_ENV, FAKE_GITHUB_URL: github.url, NODE_ENV: "development", LEASE_MS: "" };

    // 1: the report is accepted while GitHub is down, so filing is under way when the process is killed.
    const first = await startChild(env);
    children.push(first);
    expect(statSync(join(dataDir, DEV_KEY_FILE)).mode & 0o777).toBe(0o600);
    const page = await openForm(first.base);
    const receipt = await submitForm(first.base, page, { url: `https://github.com/${OWNER}/${REPO}/issues/1`, description: DESCRIPTION });
    expect(receipt.status).toBe(200);
    const reportId = /\/status\/([0-9A-Z]{8})\./.exec(statusLinkOf(receipt.html))![1];
    await waitFor(() => github.seen.some((r) => r.path.startsWith(`/repos/${OWNER}/${REPO}/issues/1`)), 60_000, "the filing to start");
    await kill(first);
    expect(github.createdIssues).toHaveLength(0);
    expect(readdirSync(join(dataDir, "spool", "claimed"))).toStrictEqual([expect.stringMatching(new RegExp(`^${reportId}\\.[0-9a-f]{16}\\.report$`))]);

    // 2: GitHub is back; a new instance on the same machine starts.
    github.hang = false;
    const backAt = performance.now();
    const second = await startChild(env);
    children.push(second);
    const listening = (performance.now() - backAt) / 1000;
    await waitFor(() => github.createdIssues.length === 1, 60_000, "the case to be filed");
    const seconds = (performance.now() - backAt) / 1000;
    console.info(
      `report accepted during an outage, process killed, GitHub back: the case exists after ${seconds.toFixed(1)} s (the new process took ${listening.toFixed(1)} s to start)`,
    );
    await waitFor(
      () => readdirSync(join(dataDir, "spool", "claimed")).length === 0 && readdirSync(join(dataDir, "spool", "pending")).length === 0,
      60_000,
      "the spool to empty",
    );

    // It resumed because it saw the holder had stopped, not because a lease ran out:
    // the claim is 45 s long, and the case was filed before any lease-based takeover could happen.
    const resumed = second.logs
      .map((line) => JSON.parse(line) as { msg?: string; reason?: string; reports?: string[] })
      .filter((l) => l.reports?.includes(reportId!));
    expect(resumed.map((l) => l.reason)).toStrictEqual(["holder-stopped"]);
    expect(second.logs.join("\n")).not.toContain("heartbeat-stopped");

    await new Promise((resolve) => setTimeout(resolve, 600)); // a few more drain passes: nothing else is filed
    expect(github.createdIssues).toHaveLength(1);
    expect(parseMeta(github.createdIssues[0])).toMatchObject({ trigger: "report-form", reportId, deliveries: [`report:${reportId}`] });
    expect(github.violations).toStrictEqual([]);

    // The status page of the new instance finds the filed report (same development key).
    const status = await fetch(statusLinkOf(receipt.html).replace(first.base, second.base));
    expect(status.status).toBe(200);
    // Neither process logged the report's words.
    expect([...first.logs, ...second.logs].join("\n")).not.toContain("go back to school");
  }, 180_000);
});
