import nock from "nock";
import { parse } from "yaml";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { runCli } from "./helpers/cli.js";
import { commentedConfig } from "../src/cli/init/config-file.js";
import { configReference } from "../src/config/reference.js";
import { configSchema } from "../src/config/schema.js";
import { FakeOwner } from "./helpers/fake-owner.js";

const OWNER = "acme";
const FORM_URL = `https://call-in.example.org/call-in/report/${OWNER}`;
const CODE_OF_CONDUCT = "# Code of Conduct\n\nBe kind.\n";

const run = runCli;

describe("call-in init", () => {
  let github: FakeOwner;
  beforeEach(() => {
    vi.stubEnv("GITHUB_TOKEN", "init-test-token");
    vi.stubEnv("GHE_HOST", "");
    vi.stubEnv("PUBLIC_URL", "https://call-in.example.org/");
    vi.stubEnv("GITHUB_CLIENT_ID", "");
    github = new FakeOwner(OWNER, "Organization");
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    github.dispose();
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("creates the private case repository and the label, and opens one pull request with call-in.yml and the Code of Conduct section", async () => {
    github
      .addRepository(".github", { files: { "CODE_OF_CONDUCT.md": CODE_OF_CONDUCT } })
      .addRepository("widgets")
      .addRepository("gadgets", { labels: ["call-in"] });
    const { code, stdout, stderr } = await run("init", "--owner", OWNER, "--repos", "widgets,gadgets");

    expect(code).toBe(0);
    expect(github.writes.map((w) => `${w.method} ${w.path}`)).toStrictEqual([
      "POST /orgs/acme/repos",
      "POST /repos/acme/widgets/labels",
      "POST /repos/acme/.github/git/refs",
      "PUT /repos/acme/.github/contents/.github/call-in.yml",
      "PUT /repos/acme/.github/contents/CODE_OF_CONDUCT.md",
      "POST /repos/acme/.github/pulls",
    ]);
    const [repo, label, ref, , , pull] = github.writes;
    expect(repo!.body).toMatchObject({ name: "moderation", private: true, visibility: "private" });
    expect(label!.body).toStrictEqual({
      name: "call-in",
      color: "5319e7",
      description: "Moves this conversation into a private Code of Conduct case (Call-In)",
    });
    expect(ref!.body).toStrictEqual({ ref: "refs/heads/call-in/setup", sha: github.repos.get(".github")!.branches.get("main") });
    expect(pull!.body).toMatchObject({ head: "call-in/setup", base: "main", title: "Set up Call-In for acme" });
    expect(github.writes.filter((w) => w.method === "PUT").map((w) => w.body.branch)).toStrictEqual(["call-in/setup", "call-in/setup"]);
    expect(github.file(".github", ".github/call-in.yml")).toBeUndefined();

    // The settings file parses, validates with every default, and names the case repository and label.
    const yaml = github.file(".github", ".github/call-in.yml", "call-in/setup")!;
    const parsed = configSchema.parse(parse(yaml));
    expect(parsed).toStrictEqual(configSchema.parse({}));
    expect(parse(yaml)).toStrictEqual({ caseRepository: "moderation", triggerLabel: "call-in" });
    // The Code of Conduct keeps its text and gains the link to the owner's report form.
    const conduct = github.file(".github", "CODE_OF_CONDUCT.md", "call-in/setup")!;
    expect(conduct.startsWith(CODE_OF_CONDUCT.trimEnd())).toBe(true);
    expect(conduct).toContain(`privately, without posting anything in public: ${FORM_URL}`);
    expect(pull!.body.body).toContain(FORM_URL);
    expect(pull!.body.body).toContain("`.github/call-in.yml`");

    expect(stdout).toContain("In place: acme/gadgets has the label call-in.");
    expect(stdout).toContain("Created https://github.com/acme/moderation (private).");
    expect(stdout).toContain("Opened https://github.com/acme/.github/pull/1");
    // Progress while it works, on stderr: the reads, then each write.
    expect(stderr.split("\n").filter(Boolean)).toStrictEqual([
      "Looking up acme...",
      "Reading acme/.github/.github/call-in.yml...",
      "Checking the case repository acme/moderation...",
      "Checking the label call-in in acme/widgets...",
      "Checking the label call-in in acme/gadgets...",
      "Checking acme/.github...",
      "Looking for acme/.github's Code of Conduct...",
      "Checking the branch call-in/setup of acme/.github...",
      "Create the private repository acme/moderation for cases.",
      "Create the label call-in (#5319e7) in acme/widgets.",
      "Open a pull request on acme/.github from a new branch call-in/setup writing .github/call-in.yml, CODE_OF_CONDUCT.md.",
    ]);
  });

  it("writes nothing on a second run: repository, label and pull request are found", async () => {
    github.addRepository(".github", { files: { "CODE_OF_CONDUCT.md": CODE_OF_CONDUCT } }).addRepository("widgets");
    expect((await run("init", "--owner", OWNER, "--repos", "widgets")).code).toBe(0);
    const firstWrites = github.writes.length;
    expect(firstWrites).toBe(6);

    const again = await run("init", "--owner", OWNER, "--repos", "widgets");
    expect(again.code).toBe(0);
    expect(github.writes).toHaveLength(firstWrites);
    expect(again.stdout).toBe(
      [
        "In place: The case repository acme/moderation exists and is private.",
        "In place: acme/widgets has the label call-in.",
        "In place: The set-up pull request is open: https://github.com/acme/.github/pull/1",
        "Nothing to do: everything is in place.",
        "",
      ].join("\n"),
    );
  });

  it("after the pull request is merged, a run finds the settings and the link and writes nothing", async () => {
    github.addRepository(".github", {
      files: { "CODE_OF_CONDUCT.md": `${CODE_OF_CONDUCT}\nReport: ${FORM_URL}\n`, ".github/call-in.yml": "caseRepository: cases\n" },
    });
    github.addRepository("cases", { visibility: "private" });
    const { code, stdout } = await run("init", "--owner", OWNER);
    expect(code).toBe(0);
    expect(github.writes).toStrictEqual([]);
    expect(stdout).toContain("In place: The case repository acme/cases exists and is private.");
    expect(stdout).toContain("In place: acme/.github has .github/call-in.yml.");
    expect(stdout).toContain("In place: acme/.github's CODE_OF_CONDUCT.md links to the report form.");
  });

  it("uses the branch an earlier run left behind, and writes only the files that differ there", async () => {
    github.addRepository(".github").addRepository("moderation", { visibility: "private" });
    expect((await run("init", "--owner", OWNER)).code).toBe(0);
    github.pulls[0]!.state = "closed";
    github.writes.length = 0;
    const { code } = await run("init", "--owner", OWNER);
    expect(code).toBe(0);
    // Same branch, same file: only a new pull request.
    expect(github.writes.map((w) => `${w.method} ${w.path}`)).toStrictEqual(["POST /repos/acme/.github/pulls"]);
  });

  it("refuses a case repository that exists and is public, and writes nothing", async () => {
    github.addRepository(".github").addRepository("moderation", { visibility: "public" }).addRepository("widgets");
    const { code, stdout } = await run("init", "--owner", OWNER, "--repos", "widgets");
    expect(code).toBe(1);
    expect(stdout).toBe(
      "Refused: acme/moderation exists and is public: cases must never be readable by others. Make it private, or choose another name with --case-repo.\nNothing was written.\n",
    );
    expect(github.writes).toStrictEqual([]);
  });

  it("refuses an internal case repository too (every member of the enterprise can read it)", async () => {
    github.addRepository(".github").addRepository("moderation", { visibility: "internal" });
    const { code, stdout } = await run("init", "--owner", OWNER);
    expect(code).toBe(1);
    expect(stdout).toContain("Refused: acme/moderation exists and is internal");
    expect(github.writes).toStrictEqual([]);
  });

  it("stops when GitHub makes the new case repository anything but private, before any label or pull request", async () => {
    github.addRepository(".github").addRepository("widgets");
    github.newRepositoryVisibility = "internal";
    const { code, stderr } = await run("init", "--owner", OWNER, "--repos", "widgets");
    expect(code).toBe(2);
    expect(stderr).toContain("call-in init: acme/moderation was created but is not private: make it private before installing the app.");
    expect(github.writes.map((w) => `${w.method} ${w.path}`)).toStrictEqual(["POST /orgs/acme/repos"]);
  });

  it("--dry-run prints the plan and sends no write request", async () => {
    github.addRepository(".github", { files: { "CODE_OF_CONDUCT.md": CODE_OF_CONDUCT } }).addRepository("widgets");
    const { code, stdout } = await run("init", "--owner", OWNER, "--repos", "widgets", "--case-repo", "coc-cases", "--dry-run");
    expect(code).toBe(0);
    expect(github.writes).toStrictEqual([]);
    expect(github.requests.every((request) => request.startsWith("GET "))).toBe(true);
    expect(stdout.replace(/\(\d+ lines\)/g, "(N lines)")).toBe(
      [
        "Would: Create the private repository acme/coc-cases for cases.",
        "Would: Create the label call-in (#5319e7) in acme/widgets.",
        "Would: Open a pull request on acme/.github from a new branch call-in/setup writing .github/call-in.yml, CODE_OF_CONDUCT.md.",
        "  .github/call-in.yml (N lines)",
        "  CODE_OF_CONDUCT.md (N lines)",
        "Dry run: nothing was written.",
        "",
      ].join("\n"),
    );
  });

  it("creates a user's case repository with POST /user/repos when the token is the user's own, and refuses another user's", async () => {
    // One account at a time: each fake answers every request to the API.
    github.dispose();
    const user = new FakeOwner("mona", "User", "mona");
    try {
      user.addRepository(".github");
      const own = await run("init", "--owner", "mona");
      expect(own.code).toBe(0);
      expect(user.writes[0]).toMatchObject({ method: "POST", path: "/user/repos", body: { name: "moderation", private: true } });
    } finally {
      user.dispose();
    }
    const other = new FakeOwner("hubot", "User", "mona");
    try {
      const { code, stdout } = await run("init", "--owner", "hubot");
      expect(code).toBe(1);
      expect(stdout).toContain("Refused: hubot is a user account; only hubot can create hubot/moderation, and this token is mona's.");
      expect(other.writes).toStrictEqual([]);
    } finally {
      other.dispose();
    }
  });

  it("says how to create the .github repository when it is missing, and still sets up the rest", async () => {
    github.addRepository("widgets");
    const { code, stdout } = await run("init", "--owner", OWNER, "--repos", "widgets");
    expect(code).toBe(0);
    expect(github.writes.map((w) => `${w.method} ${w.path}`)).toStrictEqual(["POST /orgs/acme/repos", "POST /repos/acme/widgets/labels"]);
    expect(stdout).toContain("For you: acme/.github does not exist. Create a public repository named .github for acme");
  });

  it("refuses --case-repo that contradicts the owner's call-in.yml, and a repository in --repos that does not exist", async () => {
    github.addRepository(".github", { files: { ".github/call-in.yml": "caseRepository: cases\n" } });
    const contradicting = await run("init", "--owner", OWNER, "--case-repo", "moderation");
    expect(contradicting.code).toBe(1);
    expect(contradicting.stdout).toContain("names the case repository cases, not moderation");
    const missing = await run("init", "--owner", OWNER, "--repos", "nope");
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain("Refused: acme/nope does not exist, or this token cannot see it (check --repos).");
    expect(github.writes).toStrictEqual([]);
  });

  it("leaves the Code of Conduct section out without PUBLIC_URL, and says so", async () => {
    vi.stubEnv("PUBLIC_URL", "");
    github.addRepository(".github", { files: { "CODE_OF_CONDUCT.md": CODE_OF_CONDUCT } }).addRepository("moderation", { visibility: "private" });
    const { code, stdout } = await run("init", "--owner", OWNER);
    expect(code).toBe(0);
    expect(github.writes.filter((w) => w.method === "PUT").map((w) => w.path)).toStrictEqual(["/repos/acme/.github/contents/.github/call-in.yml"]);
    expect(stdout).toContain("For you: PUBLIC_URL is not set");
  });

  it("signs in with GitHub's device flow when there is no token, and acts with the token it gets", async () => {
    vi.stubEnv("GITHUB_TOKEN", "");
    vi.stubEnv("GITHUB_CLIENT_ID", "Iv1.callin");
    github.addRepository(".github").addRepository("moderation", { visibility: "private" });
    const web = nock("https://github.com");
    web
      .post("/login/device/code", (body) => body.client_id === "Iv1.callin")
      .reply(200, { device_code: "dc-1", user_code: "WDJB-MJHT", verification_uri: "https://github.com/login/device", expires_in: 900, interval: 0 });
    web
      .post("/login/oauth/access_token", (body) => body.device_code === "dc-1" && body.grant_type === "urn:ietf:params:oauth:grant-type:device_code")
      .reply(200, { error: "authorization_pending" });
    web.post("/login/oauth/access_token", (body) => body.device_code === "dc-1").reply(200, { access_token: "ghu_device", token_type: "bearer", scope: "" });
    const { code, stderr } = await run("init", "--owner", OWNER, "--dry-run");
    expect(code).toBe(0);
    expect(stderr).toContain("To sign in, open https://github.com/login/device and enter the code WDJB-MJHT");
    expect(github.authorizations).toStrictEqual(new Set(["token ghu_device"]));
  });

  it("on GitHub Enterprise Server, signs in and acts on the server's own addresses", async () => {
    github.dispose();
    vi.stubEnv("GHE_HOST", "ghe.example.com");
    vi.stubEnv("GITHUB_TOKEN", "");
    vi.stubEnv("GITHUB_CLIENT_ID", "Iv1.callin");
    const server = new FakeOwner(OWNER, "Organization", "octocat", "https://ghe.example.com/api/v3");
    try {
      server.addRepository(".github").addRepository("moderation", { visibility: "private" });
      const web = nock("https://ghe.example.com");
      web
        .post("/login/device/code")
        .reply(200, { device_code: "dc-2", user_code: "ABCD-EFGH", verification_uri: "https://ghe.example.com/login/device", expires_in: 900, interval: 0 });
      web.post("/login/oauth/access_token").reply(200, { access_token: "ghu_server", token_type: "bearer", scope: "" });
      const { code, stdout, stderr } = await run("init", "--owner", OWNER);
      expect(code).toBe(0);
      expect(stderr).toContain("To sign in, open https://ghe.example.com/login/device and enter the code ABCD-EFGH");
      expect(server.authorizations).toStrictEqual(new Set(["token ghu_server"]));
      expect(stdout).toContain("Opened https://github.com/acme/.github/pull/1");
      expect(server.writes.map((w) => w.method)).toStrictEqual(["POST", "PUT", "POST"]);
    } finally {
      server.dispose();
    }
  });

  it("without a token or a client id, says what it needs", async () => {
    vi.stubEnv("GITHUB_TOKEN", "");
    const { code, stderr } = await run("init", "--owner", OWNER);
    expect(code).toBe(2);
    expect(stderr).toContain("call-in init: init needs a token");
    expect(github.requests).toStrictEqual([]);
  });
});

describe("the commented call-in.yml", () => {
  it("shows every key of the configuration reference under its description, and its defaults parse and validate", () => {
    const file = commentedConfig({ header: ["h"], values: {} });
    const prose = file
      .split("\n")
      .map((line) => line.replace(/^[#\s]+/, ""))
      .join(" ");
    for (const key of configReference()) {
      const name = key.path.split(".").at(-1)!;
      expect(file, key.path).toMatch(new RegExp(`^#\\s+${name}:`, "m"));
      expect(prose, key.path).toContain(key.description);
    }
    // Nothing is set: every line is a comment.
    expect(parse(file)).toBeNull();
    // The same file with every default made active is exactly the schema's defaults.
    const active = parse(commentedConfig({ header: ["h"], values: {}, activeDefaults: true }));
    expect(configSchema.parse(active)).toStrictEqual(configSchema.parse({}));
    const defaults = configSchema.parse({}) as Record<string, unknown>;
    expect(Object.keys(active)).toStrictEqual(Object.keys(defaults).filter((key) => defaults[key] !== null));
  });
});
