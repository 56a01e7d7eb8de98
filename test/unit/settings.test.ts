import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { formSettingsFrom } from "../../src/report-form/settings.js";
import { environmentRows, environmentSchema, environmentTable, readSettings, TABLE_END, TABLE_START, withEnvironmentTable } from "../../src/settings.js";

const PUBLIC_URL_PROBLEM = "PUBLIC_URL must be an http(s) URL such as https://call-in.example.org";
const REPORT_KEY_PROBLEM =
  "REPORT_ENCRYPTION_KEY must be 32 bytes, written as 64 hex digits or in base64 (e.g. `openssl rand -base64 32`). The report form is off until it is fixed.";

describe("readSettings: defaults", () => {
  it("an empty environment gives the documented defaults and nothing switched on", () => {
    const settings = readSettings({});
    expect(settings).toMatchObject({
      production: false,
      publicUrl: { value: null, problem: null },
      dataDir: resolve("./data"),
      reportKey: { value: null, problem: null },
      csrfSecret: null,
      webHost: "github.com",
      apiBaseUrl: "https://api.github.com",
      trustProxy: 0,
      reminderIntervalMs: 15 * 60_000,
      shutdownTimeoutMs: 25_000,
      redisUrl: null,
      pseudonymKey: null,
      caseMetadataKey: null,
      appId: null,
      githubToken: null,
      signIn: null,
      log: { level: null, messageKey: "msg", format: undefined, levelInString: false, sentryDsn: undefined },
    });
    expect(settings.privateKey()).toBeNull();
  });

  it("reads only the variables it documents: the rest of the environment is not copied anywhere", () => {
    const settings = readSettings({ SOME_OTHER_SECRET: "do-not-keep-me", PSEUDONYM_KEY: " k " });
    expect(JSON.stringify(settings)).not.toContain("do-not-keep-me");
    expect(settings.pseudonymKey).toBe("k");
  });

  it("GitHub Enterprise Server: the API address as Probot builds it, and the web host in lower case", () => {
    expect(readSettings({ GHE_HOST: "GHE.Example.com" })).toMatchObject({ apiBaseUrl: "https://GHE.Example.com/api/v3", webHost: "ghe.example.com" });
    expect(readSettings({ GHE_HOST: "ghe.example.com", GHE_PROTOCOL: "http" }).apiBaseUrl).toBe("http://ghe.example.com/api/v3");
  });

  it("the log view's sign-in needs both client id and secret; the session secret defaults to the client secret", () => {
    expect(readSettings({ GITHUB_CLIENT_ID: "Iv1.x" }).signIn).toBeNull();
    expect(readSettings({ GITHUB_CLIENT_SECRET: "s" }).signIn).toBeNull();
    expect(readSettings({ GITHUB_CLIENT_ID: "Iv1.x", GITHUB_CLIENT_SECRET: "s" }).signIn).toStrictEqual({
      clientId: "Iv1.x",
      clientSecret: "s",
      sessionSecret: "s",
    });
    expect(readSettings({ GITHUB_CLIENT_ID: "Iv1.x", GITHUB_CLIENT_SECRET: "s", SESSION_SECRET: "t" }).signIn?.sessionSecret).toBe("t");
  });

  it("logging follows Probot's variables", () => {
    expect(
      readSettings({
        LOG_LEVEL: "debug",
        LOG_FORMAT: "json",
        LOG_LEVEL_IN_STRING: "true",
        LOG_MESSAGE_KEY: "message",
        SENTRY_DSN: "https://k@sentry.example/1",
      }).log,
    ).toStrictEqual({
      level: "debug",
      format: "json",
      levelInString: true,
      messageKey: "message",
      sentryDsn: "https://k@sentry.example/1",
    });
    expect(readSettings({ LOG_FORMAT: "yaml" } as unknown as NodeJS.ProcessEnv).log.format).toBeUndefined();
  });
});

describe("readSettings: PUBLIC_URL, parsed one way", () => {
  it.each([
    ["https://call-in.example.org", "https://call-in.example.org"],
    ["https://call-in.example.org/", "https://call-in.example.org"],
    ["https://call-in.example.org/base//", "https://call-in.example.org/base"],
    [" https://call-in.example.org \n", "https://call-in.example.org"],
    ["http://localhost:3000", "http://localhost:3000"],
    ["https://Call-In.Example.org", "https://call-in.example.org"],
  ])("%j -> %j", (given, expected) => {
    expect(readSettings({ PUBLIC_URL: given }).publicUrl).toStrictEqual({ value: expected, problem: null });
  });

  it.each([
    "call-in.example.org",
    "ftp://call-in.example.org",
    "javascript:alert(1)",
    "https://",
    "https:///path",
    "https://call in.example.org",
    "https://call-in.example.org/a b",
    "https://exa[mple.org",
  ])("refuses %j with the operator's message", (given) => {
    expect(readSettings({ PUBLIC_URL: given }).publicUrl).toStrictEqual({ value: null, problem: PUBLIC_URL_PROBLEM });
  });

  it("a refused PUBLIC_URL turns the report form off with that message", () => {
    expect(
      formSettingsFrom(readSettings({ PUBLIC_URL: "ftp://call-in.example.org", DATA_DIR: mkdtempSync(join(tmpdir(), "call-in-settings-")) })),
    ).toStrictEqual({ ok: false, problem: PUBLIC_URL_PROBLEM });
  });
});

describe("readSettings: REPORT_ENCRYPTION_KEY, production and development", () => {
  const key = randomBytes(32);

  it.each([
    ["hex", key.toString("hex")],
    ["base64", key.toString("base64")],
    ["base64url", key.toString("base64url")],
  ])("accepts 32 bytes in %s", (_kind, written) => {
    expect(readSettings({ REPORT_ENCRYPTION_KEY: written }).reportKey).toStrictEqual({ value: key, problem: null });
  });

  it.each(["nope", key.toString("hex").slice(2), randomBytes(31).toString("base64"), randomBytes(48).toString("base64")])(
    "refuses %j, and the form says so",
    (written) => {
      const settings = readSettings({ REPORT_ENCRYPTION_KEY: written });
      expect(settings.reportKey).toStrictEqual({ value: null, problem: REPORT_KEY_PROBLEM });
      expect(formSettingsFrom(settings)).toStrictEqual({ ok: false, problem: REPORT_KEY_PROBLEM });
    },
  );

  it("production without a key: the form stays off and no key file is written", () => {
    const dir = mkdtempSync(join(tmpdir(), "call-in-settings-"));
    const result = formSettingsFrom(readSettings({ NODE_ENV: "production", DATA_DIR: dir }));
    expect(result).toStrictEqual({
      ok: false,
      problem:
        "REPORT_ENCRYPTION_KEY is not set, so the report form is off: reports are stored encrypted until they are filed, and production needs a key that survives restarts. Set it to 32 random bytes (`openssl rand -base64 32`).",
    });
    expect(readdirSync(dir)).toStrictEqual([]);
  });

  it("development without a key: a key file in DATA_DIR, and a warning naming it", () => {
    const dir = mkdtempSync(join(tmpdir(), "call-in-settings-"));
    const result = formSettingsFrom(readSettings({ NODE_ENV: "development", DATA_DIR: dir }));
    if (!result.ok) throw new Error(result.problem);
    expect(result.settings.devKeyFile).toBe(join(dir, "development-report-key"));
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(/^REPORT_ENCRYPTION_KEY is not set: generated a development key and saved it in /);
    expect(result.settings.secureCookies).toBe(false);
  });

  it("production with a key: cookies are Secure without PUBLIC_URL, and a warning says links use the request's host", () => {
    const result = formSettingsFrom(
      readSettings({ NODE_ENV: "production", REPORT_ENCRYPTION_KEY: key.toString("base64"), DATA_DIR: mkdtempSync(join(tmpdir(), "call-in-settings-")) }),
    );
    expect(result).toMatchObject({
      ok: true,
      warnings: ["PUBLIC_URL is not set: receipt links use the host name of each request."],
      settings: { secureCookies: true, devKeyFile: null, publicUrl: null },
    });
  });

  it("an http PUBLIC_URL makes cookies not Secure even in production", () => {
    const result = formSettingsFrom(readSettings({ NODE_ENV: "production", PUBLIC_URL: "http://localhost:3000", REPORT_ENCRYPTION_KEY: key.toString("hex") }));
    expect(result).toMatchObject({ ok: true, warnings: [], settings: { secureCookies: false, publicUrl: "http://localhost:3000" } });
  });
});

describe("readSettings: values the whole process depends on stop it with the operator's message", () => {
  it.each([
    [
      { TRUST_PROXY: "true" },
      'TRUST_PROXY must be the number of reverse proxies in front of Call-In (for example 1 behind one load balancer), not "true". Trusting every proxy would let clients choose their own address with X-Forwarded-For.',
    ],
    [{ SHUTDOWN_TIMEOUT_SECONDS: "10s" }, 'SHUTDOWN_TIMEOUT_SECONDS must be a whole number of seconds, not "10s"'],
    [{ REMINDER_INTERVAL: "soon" }, 'not a duration: "soon" (expected e.g. 24h, 3d, 1w, 1mo)'],
  ])("%j", (env, message) => {
    expect(() => readSettings(env)).toThrow(new Error(message));
  });

  it("says every such mistake at once, one a line", () => {
    expect(() => readSettings({ TRUST_PROXY: "yes", SHUTDOWN_TIMEOUT_SECONDS: "-1" })).toThrow(
      /^TRUST_PROXY must be .*\nSHUTDOWN_TIMEOUT_SECONDS must be a whole number of seconds, not "-1"$/s,
    );
  });

  it("reads the good ones", () => {
    expect(readSettings({ TRUST_PROXY: " 2 ", SHUTDOWN_TIMEOUT_SECONDS: "10", REMINDER_INTERVAL: "1h" })).toMatchObject({
      trustProxy: 2,
      shutdownTimeoutMs: 10_000,
      reminderIntervalMs: 3_600_000,
    });
    expect(readSettings({ REMINDER_INTERVAL: "off" }).reminderIntervalMs).toBeNull();
    expect(readSettings({ REMINDER_INTERVAL: "0" }).reminderIntervalMs).toBeNull();
  });
});

describe("readSettings: the private key, read as Probot reads it", () => {
  const pem = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();

  it("PEM with escaped newlines, base64, or a file; PRIVATE_KEY wins over the file", () => {
    const escaped = pem.trim().replace(/\n/g, "\\n");
    expect(readSettings({ PRIVATE_KEY: escaped }).privateKey()).toBe(pem.trim());
    expect(readSettings({ PRIVATE_KEY: Buffer.from(pem).toString("base64") }).privateKey()).toBe(pem);
    const file = join(mkdtempSync(join(tmpdir(), "call-in-settings-")), "key.pem");
    writeFileSync(file, pem);
    expect(readSettings({ PRIVATE_KEY_PATH: file }).privateKey()).toBe(pem);
    expect(readSettings({ PRIVATE_KEY: escaped, PRIVATE_KEY_PATH: "/nonexistent/key.pem" }).privateKey()).toBe(pem.trim());
  });

  it("a missing key file fails where the key is needed, not when the settings are read", () => {
    const settings = readSettings({ PRIVATE_KEY_PATH: "/nonexistent/key.pem" });
    expect(() => settings.privateKey()).toThrow(/ENOENT/);
  });
});

describe("the environment table in docs/install.md", () => {
  const page = readFileSync(new URL("../../docs/install.md", import.meta.url), "utf8");

  it("is the one generated from the schema (run `npm run docs:env` after changing src/settings.ts)", () => {
    expect(withEnvironmentTable(page)).toBe(page);
    const between = page.slice(page.indexOf(TABLE_START) + TABLE_START.length, page.indexOf(TABLE_END));
    expect(between).toBe(`\n${environmentTable()}\n`);
  });

  it("lists every variable of the schema once, each with a description", () => {
    const names = Object.keys(environmentSchema.shape);
    expect(environmentRows().map((row) => row.name)).toStrictEqual(names);
    for (const row of environmentRows()) {
      expect(row.description.length, row.name).toBeGreaterThan(10);
      expect(page.split(`| \`${row.name}\` |`)).toHaveLength(2);
    }
  });

  it("is the only table of environment variables in the documentation", () => {
    const docs = new URL("../../docs/", import.meta.url);
    // The threat model's table of secrets says what each protects and what losing it means, not how to set it.
    const explained = new Set(["install.md", "security.md"]);
    const others = [
      new URL("../../README.md", import.meta.url),
      ...readdirSync(docs)
        .filter((name) => name.endsWith(".md") && !explained.has(name))
        .map((name) => new URL(name, docs)),
    ];
    for (const file of others) {
      const text = readFileSync(file, "utf8");
      for (const row of environmentRows()) expect(text.includes(`| \`${row.name}\` |`), `${file.pathname} lists ${row.name}`).toBe(false);
    }
  });

  it("refuses a page without the markers", () => {
    expect(() => withEnvironmentTable("# no table here\n")).toThrow(/docs\/install.md needs the markers/);
  });
});

describe("the environment is read in one place", () => {
  /** Every .ts file under src/. */
  function sources(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? sources(path) : path.endsWith(".ts") ? [path] : [];
    });
  }

  it("no module but src/settings.ts reads a variable by name", () => {
    const root = new URL("../../src/", import.meta.url).pathname;
    const readers = sources(root)
      .filter((path) => !path.endsWith("/settings.ts") || path.includes("/report-form/"))
      .filter((path) => /\b(?:process\.)?env\.[A-Z][A-Z0-9_]*\b|\benv\[/.test(readFileSync(path, "utf8")))
      .map((path) => path.slice(root.length));
    expect(readers).toStrictEqual([]);
  });

  it("and every variable the schema names is one it documents for a reason", () => {
    const settingsSource = readFileSync(new URL("../../src/settings.ts", import.meta.url), "utf8");
    for (const name of Object.keys(environmentSchema.shape)) {
      const probots = environmentRows().find((row) => row.name === name)?.probot;
      // Call-In's own variables are read into Settings; Probot's may be listed for the docs only.
      if (!probots) expect(settingsSource, name).toMatch(new RegExp(`raw\\.${name}\\b`));
    }
  });
});
