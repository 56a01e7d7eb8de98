import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import { Probot, ProbotOctokit, Server } from "probot";
import { afterEach, describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADERS } from "../src/logging.js";
import type { RunningReportForm } from "../src/report-form/index.js";
import { createApp } from "../src/index.js";
import { TEST_REPORT_KEY } from "./helpers/app.js";
import { captureLogs } from "./helpers/logs.js";

const CLIENT = "198.51.100.23";

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe("Probot's access log and the rate-limit headers", () => {
  let stop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await stop?.();
    stop = undefined;
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("carry no client address and nothing derived from it, on the report form and the log view", async () => {
    const logs = captureLogs("info");
    const port = await freePort();
    const Octokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({ ...options, retry: { enabled: false }, throttle: { enabled: false } }));
    // Probot's own server, as `npm start` runs it: its access log (pino-http) is what is under test.
    const server = new Server({ Probot: Probot.defaults({ githubToken: "test-token", log: logs.log, Octokit }), log: logs.log, port, host: "127.0.0.1" });
    let form: RunningReportForm | null = null;
    const env = { REPORT_ENCRYPTION_KEY: TEST_REPORT_KEY, DATA_DIR: mkdtempSync(join(tmpdir(), "call-in-test-")), TRUST_PROXY: "1" };
    await server.load(createApp({ env, reportForm: { drainIntervalMs: 60_000, onStart: (f) => (form = f) } }));
    await server.start();
    stop = async () => {
      form?.drainer.stop();
      await form?.drainer.idle();
      await server.stop();
    };

    const proxyHeaders = {
      "x-forwarded-for": CLIENT,
      "x-real-ip": CLIENT,
      "x-client-ip": CLIENT,
      forwarded: `for=${CLIENT}`,
      "cf-connecting-ip": CLIENT,
      "true-client-ip": CLIENT,
    };
    const base = `http://127.0.0.1:${port}`;
    const status = await fetch(`${base}/call-in/status/not-a-token`, { headers: proxyHeaders });
    const logView = await fetch(`${base}/call-in/log/acme`, { headers: proxyHeaders });
    await Promise.all([status.arrayBuffer(), logView.arrayBuffer()]);

    expect(status.status).toBe(404);
    expect(status.headers.get("ratelimit-policy")).toBe("60;w=60");
    expect(status.headers.get("ratelimit")).toMatch(/^limit=60, remaining=59, reset=\d+$/);
    expect(logView.headers.get("ratelimit-policy")).toBe("600;w=900");
    expect(logView.headers.get("ratelimit")).toMatch(/^limit=600, remaining=599, reset=\d+$/);
    for (const res of [status, logView]) for (const [name, value] of res.headers) expect(`${name}: ${value}`).not.toMatch(/pk=|198\.51\.100/);

    // pino-http writes its line when the response finishes, which the client may see first.
    const access = () => logs.lines.filter((line) => line.name === "http");
    for (let tries = 0; access().length < 2 && tries < 100; tries++) await new Promise((resolve) => setImmediate(resolve));
    const lines = access();
    expect(lines.map((line) => line.msg)).toStrictEqual([
      expect.stringMatching(/^GET \/call-in\/status\/\[token\] 404 - \d+ms$/),
      expect.stringMatching(/^GET \/call-in\/log\/acme 503 - \d+ms$/),
    ]);
    for (const line of lines) {
      expect(line).toMatchObject({ req: { method: "GET", remoteAddress: "[redacted]", remotePort: "[redacted]" }, res: { statusCode: expect.any(Number) } });
      const logged = JSON.stringify(line);
      for (const name of [...CLIENT_ADDRESS_HEADERS, "ratelimit", "127.0.0.1", CLIENT, "pk="]) expect(logged, name).not.toContain(name);
    }
  });
});
