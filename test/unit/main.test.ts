import type { Logger } from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// The entry point calls Probot's `run`: replaced, so no server starts and the test sees what it is given.
const run = vi.hoisted(() => vi.fn(async () => undefined));
vi.mock("probot", async (importOriginal) => ({ ...(await importOriginal<typeof import("probot")>()), run }));
// Without an app the entry point starts the first-run set-up instead: replaced too, so nothing listens.
const startFirstRun = vi.hoisted(() => vi.fn(async () => ({ stop: async () => undefined })));
vi.mock("../../src/setup/first-run.js", () => ({ startFirstRun }));

const REASON = "because of the periwinkle harbour-gull insult";

describe("src/main.ts", () => {
  beforeEach(() => {
    vi.resetModules();
    run.mockClear();
    startFirstRun.mockClear();
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it("gives Probot the logger that keeps payloads, bodies, tokens and quoted words out of every line", async () => {
    vi.stubEnv("LOG_FORMAT", "json");
    vi.stubEnv("LOG_LEVEL", "debug");
    vi.stubEnv("TRUST_PROXY", "");
    // An app exists, so Probot runs it (rather than the first-run set-up).
    vi.stubEnv("APP_ID", "1");
    vi.stubEnv("PRIVATE_KEY", "-----BEGIN RSA PRIVATE KEY-----\\nunused\\n-----END RSA PRIVATE KEY-----");
    const written: string[] = [];
    let sawLast!: () => void;
    const last = new Promise<void>((resolve) => (sawLast = resolve));
    const stdout = process.stdout.write.bind(process.stdout);
    vi.spyOn(process.stdout, "write").mockImplementation(((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const text = String(chunk);
      if (!text.includes('"marker":"main-test"')) return stdout(chunk, ...(rest as []));
      written.push(text);
      if (text.includes('"last":true')) sawLast();
      return true;
    }) as typeof process.stdout.write);

    await import("../../src/main.js");
    expect(run).toHaveBeenCalledTimes(1);
    const log = (run.mock.calls[0] as unknown as [unknown, { log: Logger }])[1].log.child({ marker: "main-test" });

    // What Probot and Octokit log when a handler fails: the webhook event on the error, the request with its body.
    const failure = Object.assign(new Error(`Validation Failed: {"field":"body","value":"${REASON}"}`), {
      status: 422,
      event: {
        id: "delivery-main",
        name: "issue_comment",
        payload: { action: "created", comment: { body: `/call-in ${REASON}` }, repository: { full_name: "acme/site" } },
      },
      request: {
        method: "POST",
        url: "https://api.github.com/repos/acme/moderation/issues?access_token=abc123",
        headers: { authorization: "token ghs_secret" },
        body: JSON.stringify({ body: REASON }),
      },
      response: { status: 422, headers: { "x-github-request-id": "C0DE:1234" }, data: { message: REASON } },
    });
    log.child({ name: "event", id: "delivery-main" }).error(failure);
    log.debug({ body: REASON, title: "CI-1" }, "GitHub request: POST /repos/acme/moderation/issues - 422");
    log.info({ last: true }, "done");
    await last;

    const lines = written.map((text) => JSON.parse(text) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({
      level: 50,
      err: {
        status: 422,
        event: { id: "delivery-main", name: "issue_comment", action: "created", repository: "acme/site" },
        request: { method: "POST", url: "https://api.github.com/repos/acme/moderation/issues" },
        requestId: "C0DE:1234",
      },
    });
    expect(String(lines[0]!.msg)).toMatch(/^Validation Failed/);
    const all = written.join("");
    for (const secret of [REASON, "periwinkle", "ghs_secret", "abc123", "CI-1"]) expect(all).not.toContain(secret);
  });

  it("refuses TRUST_PROXY=true at start-up with a message that says what to set, before anything listens", async () => {
    vi.stubEnv("TRUST_PROXY", "true");
    const said: string[] = [];
    vi.spyOn(console, "error").mockImplementation((message: unknown) => void said.push(String(message)));
    vi.spyOn(process, "exit").mockImplementation(((code?: number) => {
      throw new Error(`exit ${String(code)}`);
    }) as typeof process.exit);

    await expect(import("../../src/main.js")).rejects.toThrow("exit 1");
    expect(run).not.toHaveBeenCalled();
    expect(said.join("\n")).toMatch(/^TRUST_PROXY must be the number of reverse proxies in front of Call-In \(for example 1/);
  });

  it("without APP_ID or a private key, outside production, starts the first-run set-up instead of the app", async () => {
    vi.stubEnv("TRUST_PROXY", "");
    vi.stubEnv("APP_ID", "");
    vi.stubEnv("PRIVATE_KEY", "");
    vi.stubEnv("PRIVATE_KEY_PATH", "");
    vi.stubEnv("NODE_ENV", "development");
    vi.stubEnv("PUBLIC_URL", "https://call-in.acme.example");
    vi.spyOn(process, "on").mockImplementation(() => process);

    await import("../../src/main.js");
    expect(run).not.toHaveBeenCalled();
    expect(startFirstRun).toHaveBeenCalledTimes(1);
    const [settings] = startFirstRun.mock.calls[0] as unknown as [{ publicUrl: { value: string }; appId: string | null }];
    expect(settings).toMatchObject({ appId: null, publicUrl: { value: "https://call-in.acme.example" } });
  });

  it("in production without an app, leaves the refusal to Probot's run() (its message names APP_ID)", async () => {
    vi.stubEnv("TRUST_PROXY", "");
    vi.stubEnv("APP_ID", "");
    vi.stubEnv("PRIVATE_KEY", "");
    vi.stubEnv("PRIVATE_KEY_PATH", "");
    vi.stubEnv("NODE_ENV", "production");
    vi.spyOn(process, "on").mockImplementation(() => process);
    run.mockImplementationOnce(async () => {
      throw new Error("App ID is missing, and is required to run in production mode.");
    });

    await expect(import("../../src/main.js")).rejects.toThrow("App ID is missing");
    expect(startFirstRun).not.toHaveBeenCalled();
  });
});
