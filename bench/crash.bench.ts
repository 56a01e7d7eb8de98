// Seconds from "GitHub is back" to a spooled report's case, after a crash (target < 30 s).
// The same harness as test/report-form-crash.test.ts, a few times: a child process accepts a
// report while GitHub never answers, is killed with SIGKILL while filing, then GitHub answers
// again and a new process starts on the same DATA_DIR. The clock starts when GitHub is back
// (the new process's start-up included), and stops when the case issue exists.
import { mkdtempSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { TEST_SEAL_ENV } from "../test/helpers/cases.js";
import { FakeGitHub, OWNER, REPO, kill, startChild } from "../test/helpers/child-app.js";
import { openForm, submitForm, waitFor } from "../test/helpers/form.js";

const RUNS = 3;
const TARGET_S = 30;

async function once(): Promise<{ seconds: number; startS: number }> {
  const github = new FakeGitHub();
  await github.start();
  const env = {
    DATA_DIR: mkdtempSync(join(tmpdir(), "call-in-crash-bench-")),
    REPORT_ENCRYPTION_KEY: "",
    ...TEST_SEAL_ENV,
    FAKE_GITHUB_URL: github.url,
    NODE_ENV: "development",
    LEASE_MS: "",
  };
  const first = await startChild(env);
  try {
    const page = await openForm(first.base);
    const receipt = await submitForm(first.base, page, {
      url: `https://github.com/${OWNER}/${REPO}/issues/1`,
      description: "A reply in the review told a newcomer to go away. Please look at it.",
    });
    if (receipt.status !== 200) throw new Error(`the form answered ${receipt.status}`);
    await waitFor(() => github.seen.some((r) => r.path.startsWith(`/repos/${OWNER}/${REPO}/issues/1`)), 60_000, "the filing to start");
  } finally {
    await kill(first);
  }
  github.hang = false;
  const backAt = performance.now();
  const second = await startChild(env);
  const startS = (performance.now() - backAt) / 1_000;
  try {
    await waitFor(() => github.createdIssues.length === 1, 60_000, "the case to be filed");
    const seconds = (performance.now() - backAt) / 1_000;
    if (github.createdIssues.length !== 1) throw new Error(`expected one case, found ${github.createdIssues.length}`);
    return { seconds, startS };
  } finally {
    await kill(second);
    await github.stop();
  }
}

export default async function crashBench(): Promise<void> {
  console.log(
    `machine: ${cpus().length} x ${cpus()[0]?.model ?? "cpu"}, node ${process.version}, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  const results: number[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const { seconds, startS } = await once();
    results.push(seconds);
    console.log(`run ${run}: the case exists ${seconds.toFixed(1)} s after GitHub is back (the new process took ${startS.toFixed(1)} s to listen)`);
  }
  const sorted = [...results].sort((a, b) => a - b);
  console.log(
    `crash, then GitHub back -> case: median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} s, worst ${sorted.at(-1)!.toFixed(1)} s (target < ${TARGET_S} s); load average ${loadavg()[0]!.toFixed(2)}`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await crashBench();
