import { describe, expect, it } from "vitest";
import { pino } from "pino";
import { BackgroundWork, type Deadline } from "../../../src/report-form/deadline.js";
import type { GitHubAccess } from "../../../src/report-form/github-access.js";
import { OwnerForms } from "../../../src/report-form/owner-forms.js";

const NEVER: Deadline = { start: () => ({ passed: new Promise<void>(() => undefined), cancel: () => undefined }) };

/** GitHub as the owner lookup sees it: no owner has installed the app. Counts the requests. */
function nobodyInstalled(): GitHubAccess & { requests: string[] } {
  const requests: string[] = [];
  const app = {
    rest: {
      apps: {
        getRepoInstallation: async ({ owner }: { owner: string }) => {
          requests.push(owner);
          throw Object.assign(new Error("Not Found"), { status: 404 });
        },
      },
    },
  };
  return {
    requests,
    app: async () => app as never,
    installation: async () => {
      throw new Error("no installation should be read");
    },
  };
}

/** GitHub as the owner lookup sees it: every owner has installed the app; `files` are the owner's `call-in.yml` contents (null: none). */
function installedWith(files: Record<string, Record<string, unknown> | null>): GitHubAccess & { reads: string[] } {
  const reads: string[] = [];
  const app = { rest: { apps: { getRepoInstallation: async () => ({ data: { id: 7 } }) } } };
  const installation = {
    config: {
      // As @probot/octokit-plugin-config answers: a missing file is `config: null` in `files`, and `config` is then `{}`.
      get: async ({ owner, repo, path }: { owner: string; repo: string; path: string }) => {
        reads.push(`${owner}/${repo}/${path}`);
        const config = files[owner] ?? null;
        return { config: config ?? {}, files: [{ owner, repo, config }] };
      },
    },
  };
  return { reads, app: async () => app as never, installation: async () => installation as never };
}

describe("owner form lookups", () => {
  it("brand the form from the owner's own .github file, and keep the generic form for an owner without one", async () => {
    const github = installedWith({ "octo-org": { form: { title: "Octo community" } }, "no-file": null });
    const owners = new OwnerForms(github, pino({ level: "silent" }), NEVER, new BackgroundWork());
    expect(await owners.forOwner("octo-org")).toMatchObject({ owner: "octo-org", title: "Octo community", enabled: true });
    expect(await owners.forOwner("no-file")).toBe(owners.generic());
    expect(github.reads).toStrictEqual(["octo-org/.github/.github/call-in.yml", "no-file/.github/.github/call-in.yml"]);
  });

  it("spend at most the budget on GitHub per window, whoever asks, and show the generic form past it", async () => {
    const github = nobodyInstalled();
    let now = 1_000_000;
    const owners = new OwnerForms(github, pino({ level: "silent" }), NEVER, new BackgroundWork(), { lookupsPerWindow: 5, windowMs: 60_000, now: () => now });
    const pages = [];
    for (let i = 0; i < 40; i++) pages.push(await owners.forOwner(`scanner-${i}`));
    expect(github.requests).toStrictEqual(["scanner-0", "scanner-1", "scanner-2", "scanner-3", "scanner-4"]);
    expect(pages.every((p) => p.owner === null && p.enabled)).toBe(true);
    // Owners seen past the budget were not remembered as unknown: they are looked up once the window has passed.
    expect(owners.needsLookup("scanner-39")).toBe(true);
    expect(owners.needsLookup("scanner-0")).toBe(false);
    now += 60_000;
    await owners.forOwner("scanner-39");
    await owners.forOwner("scanner-0");
    expect(github.requests).toHaveLength(6);
    expect(github.requests.at(-1)).toBe("scanner-39");
  });

  it("need no lookup for the generic form or an owner name GitHub cannot have", () => {
    const owners = new OwnerForms(nobodyInstalled(), pino({ level: "silent" }), NEVER, new BackgroundWork());
    expect(owners.needsLookup(undefined)).toBe(false);
    expect(owners.needsLookup("-not-a-name")).toBe(false);
    expect(owners.needsLookup("a".repeat(40))).toBe(false);
    expect(owners.needsLookup("octo-org")).toBe(true);
  });
});
