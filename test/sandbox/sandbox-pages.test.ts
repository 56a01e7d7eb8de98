// The sandbox's pages act only for the visitor who sent the sandbox's own form, only as far as the
// person they chose may act on GitHub (labels take write access; private repositories take a
// permission), and say which is public and which is private.
import { afterEach, describe, expect, it } from "vitest";
import type { DemoAction } from "../../src/sandbox/demo.js";
import { GitHubStandIn } from "../../src/sandbox/github-stand-in.js";
import { sandboxPages } from "../../src/sandbox/sandbox-pages.js";
import { CASES, ORG, PROJECT, type Role, seedSandbox } from "../../src/sandbox/seed.js";

describe("the sandbox's pages", () => {
  let github: GitHubStandIn;
  const acted: Array<{ as: Role; action: DemoAction }> = [];

  afterEach(async () => {
    acted.length = 0;
    await github?.stop();
  });

  async function started(): Promise<string> {
    github = new GitHubStandIn({
      prefix: "/api/v3",
      web: (req, res) => pages(req, res),
    });
    const pages = sandboxPages({
      github,
      appUrl: "http://127.0.0.1:9",
      act: async (as, action) => {
        acted.push({ as, action });
        return { id: "delivery", status: 200 };
      },
    });
    seedSandbox(github);
    await github.start();
    github.webHost = github.origin;
    return github.origin;
  }

  const post = (url: string, fields: Record<string, string>, cookie = "") =>
    fetch(url, { method: "POST", body: new URLSearchParams(fields), headers: cookie ? { cookie } : {}, redirect: "manual" });

  async function formToken(url: string): Promise<string> {
    const html = await (await fetch(url)).text();
    return /name="token" value="([0-9a-f]{32})"/.exec(html)![1]!;
  }

  it("refuses a form without the sandbox's token (another site posting to loopback), and acts with it", async () => {
    const base = await started();
    const forged = await post(`${base}/_sandbox/label`, { repo: PROJECT, number: "1", token: "0".repeat(32) });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toMatch(/<h1>This form has expired<\/h1>\s*<p>Reload the page and try again.<\/p>/);
    expect(acted).toStrictEqual([]);

    const token = await formToken(`${base}/${ORG}/${PROJECT}/issues/1`);
    const labelled = await post(`${base}/_sandbox/label`, { repo: PROJECT, number: "1", token });
    expect(labelled.status).toBe(303);
    expect(labelled.headers.get("location")).toBe(`/${ORG}/${PROJECT}/issues/1#latest`);
    expect(acted).toStrictEqual([{ as: "maintainer", action: { kind: "label", repo: PROJECT, number: 1 } }]);
  });

  it("lets a commenter comment in public but neither label nor reach the private case repository", async () => {
    const base = await started();
    const token = await formToken(base);
    const chosen = await post(`${base}/_sandbox/as`, { as: "commenter", back: "/", token });
    const cookie = chosen.headers.get("set-cookie")!.split(";")[0]!;
    expect(chosen.headers.get("set-cookie")).toMatch(/HttpOnly; SameSite=Strict/);

    const refusedLabel = await post(`${base}/_sandbox/label`, { repo: PROJECT, number: "1", token }, cookie);
    expect(refusedLabel.status).toBe(403);
    expect(await refusedLabel.text()).toContain(`<h1>Only maintainers can label</h1>\n<p>commenter-cas cannot add labels in ${ORG}/${PROJECT}.</p>`);
    const refusedComment = await post(`${base}/_sandbox/comment`, { repo: CASES, number: "1", body: "/ack", token }, cookie);
    expect(refusedComment.status).toBe(404);
    expect(await refusedComment.text()).toContain(`<h1>Not found</h1>\n<p>commenter-cas cannot see ${ORG}/${CASES}.</p>`);
    expect((await post(`${base}/_sandbox/comment`, { repo: PROJECT, number: "1", body: "Please be kind.", token }, cookie)).status).toBe(303);
    expect(acted).toStrictEqual([{ as: "commenter", action: { kind: "comment", repo: PROJECT, number: 1, body: "Please be kind." } }]);

    const hidden = await fetch(`${base}/${ORG}/${CASES}`, { headers: { cookie } });
    expect(hidden.status).toBe(404);
    expect(await hidden.text()).toContain(`${ORG}/${CASES} is private`);
  });

  it("says on every repository page whether it is public or private, under a CSP that allows only the sandbox's scripts", async () => {
    const base = await started();
    const thread = await fetch(`${base}/${ORG}/${PROJECT}/issues/1`);
    expect(thread.headers.get("content-security-policy")).toContain("script-src 'self';");
    expect(await thread.text()).toContain("Public: anyone can read this thread");
    expect(await (await fetch(`${base}/${ORG}/${CASES}`)).text()).toContain("Only people with access to this repository see what is in it.");
  });
});
