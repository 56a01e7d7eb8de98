// The report form on loopback: GET (page with a CSRF token) and POST (validate,
// encrypt, fsync to the spool, receipt) requests per second and p99 latency.
// GitHub is unreachable (a refused loopback port), so a POST measures accept + spool.
// First, field validation: hostile contact fields against ordinary ones (a ratio near 1 means no blow-up).
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { pino } from "pino";
import { Probot, ProbotOctokit, type ApplicationFunctionOptions } from "probot";
import { createApp } from "../src/index.js";
import { isContact, LIMITS, parseFields } from "../src/report-form/fields.js";
import type { RunningReportForm } from "../src/report-form/index.js";

const SECONDS = 4;

function run(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/** Runs `fn` for about `ms` milliseconds; returns microseconds per call. */
function microsPerCall(fn: () => unknown, ms: number): number {
  fn(); // warm-up
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    fn();
    calls++;
    elapsed = performance.now() - start;
  }
  return (elapsed * 1000) / calls;
}

function validationBench(): void {
  const categories = ["Spam"];
  const submit = (contact: string) =>
    parseFields(
      { url: "https://github.com/octo-org/octo-repo/issues/1", description: "A rude reply.", category: "", contact, submission: "a".repeat(24) },
      categories,
    );
  const ordinary = "reporter@example.org";
  const near = (unit: string, size: number) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  // Hostile inputs of the largest size the body limit lets through (60,000 characters), and of the field's own limit.
  const hostile: Array<[string, string]> = [
    ["a@ + 60,000 dots + @ (the finding)", `a@${".".repeat(60_000)}@`],
    ["60,000 x '@.'", near("@.", 60_000)],
    ["a@ + dots + @, at the field limit", `a@${".".repeat(LIMITS.contact - 3)}@`],
    ["'a.' x 100 (no @), at the field limit", near("a.", LIMITS.contact)],
  ];
  const base = microsPerCall(() => submit(ordinary), 300);
  console.log("Field validation (parseFields): hostile contact fields against an ordinary e-mail address.");
  console.log(`${"ordinary contact (20 characters)".padEnd(42)} ${base.toFixed(1).padStart(8)} µs/check   1.00x`);
  for (const [name, contact] of hostile) {
    const us = microsPerCall(() => submit(contact), 300);
    console.log(`${name.padEnd(42)} ${us.toFixed(1).padStart(8)} µs/check   ${(us / base).toFixed(2)}x`);
  }
  // The pattern itself (RE2), at the field limit: linear, so 200 hostile characters cost about what 200 ordinary ones do.
  const plain = `${near("reporter.example.", LIMITS.contact - 4)}@x.y`;
  const patternBase = microsPerCall(() => isContact(plain), 300);
  const patternHostile = microsPerCall(() => isContact(`a@${".".repeat(LIMITS.contact - 3)}@`), 300);
  console.log(
    `contact pattern at ${LIMITS.contact} characters: ordinary ${patternBase.toFixed(1)} µs, hostile ${patternHostile.toFixed(1)} µs, ratio ${(patternHostile / patternBase).toFixed(2)}x\n`,
  );
}

export default async function bench(): Promise<void> {
  validationBench();
  const dataDir = mkdtempSync(join(tmpdir(), "call-in-bench-"));
  const probot = new Probot({
    githubToken: "bench",
    baseUrl: "http://127.0.0.1:9",
    log: pino({ level: "silent" }),
    Octokit: ProbotOctokit.defaults((o: Record<string, unknown>) => ({ ...o, retry: { enabled: false }, throttle: { enabled: false } })),
  });
  const handlers: Array<Parameters<ApplicationFunctionOptions["addHandler"]>[0]> = [];
  let form: RunningReportForm | null = null;
  await probot.load(
    createApp({
      env: { ...process.env, DATA_DIR: dataDir, REPORT_ENCRYPTION_KEY: "42".repeat(32), NODE_ENV: "production", PUBLIC_URL: "http://127.0.0.1" },
      reportForm: { reportsPerWindow: 1_000_000, statusPerMinute: 1_000_000, baseBackoffMs: 60_000, drainIntervalMs: 600_000, onStart: (f) => (form = f) },
    }),
    { cwd: process.cwd(), addHandler: (h) => handlers.push(h) },
  );
  const server = createServer(async (req, res) => {
    for (const h of handlers) if (await h(req, res)) return;
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // One form page: its CSRF cookie and token are reused by every POST (as one busy browser would).
  const page = await fetch(`${base}/call-in/report`);
  const html = await page.text();
  const cookie = page.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const csrf = /name="_csrf" value="([^"]*)"/.exec(html)![1]!;
  const submission = /name="submission" value="([^"]*)"/.exec(html)![1]!;

  const get = await run({ url: `${base}/call-in/report`, connections: 10, duration: SECONDS });
  let n = 0;
  const post = await run({
    url: `${base}/call-in/report`,
    connections: 10,
    duration: SECONDS,
    requests: [
      {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie },
        // A distinct description per request: every POST is a new report, a new spool file.
        setupRequest: (request) => ({
          ...request,
          body: new URLSearchParams({
            _csrf: csrf,
            submission,
            url: "https://github.com/octo-org/octo-repo/issues/1",
            description: `Benchmark report number ${++n}: a rude reply.`,
            category: "",
            contact: "",
          }).toString(),
        }),
      },
    ],
  });
  (form as RunningReportForm | null)?.drainer.stop();
  await (form as RunningReportForm | null)?.drainer.idle();
  server.close();
  server.closeAllConnections();

  const spooled = readdirSync(join(dataDir, "spool", "pending")).length + readdirSync(join(dataDir, "spool", "claimed")).length;
  rmSync(dataDir, { recursive: true, force: true });
  const line = (name: string, r: autocannon.Result) =>
    `${name.padEnd(34)} ${r.requests.average.toFixed(0).padStart(7)} req/s   p50 ${String(r.latency.p50).padStart(4)} ms   p99 ${String(r.latency.p99).padStart(4)} ms   non-2xx ${r.non2xx}   errors ${r.errors}`;
  console.log(`loopback, 10 connections, ${SECONDS} s each; GitHub unreachable`);
  console.log(line("GET /call-in/report (form page)", get));
  console.log(line("POST /call-in/report (accept+spool)", post));
  console.log(
    `POST/GET throughput ratio: ${(post.requests.average / get.requests.average).toFixed(2)}; reports in the spool afterwards: ${spooled} (POSTs answered 200: ${post["2xx"]})`,
  );
}
