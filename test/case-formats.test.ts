import { afterEach, beforeEach, describe, expect, it } from "vitest";
import nock from "nock";
import { createTestApp, type TestApp } from "./helpers/app.js";
import { mockGitHub } from "./helpers/github.js";
import { examplePayload, withOverrides } from "./helpers/payloads.js";
import { parseMeta } from "../src/cases/metadata.js";

const labeled = () =>
  withOverrides(examplePayload("issues", { action: "labeled" }), { label: { name: "call-in" }, sender: { login: "maintainer-mo", id: 77, type: "User" } });

describe("case formats, hosts and wording", () => {
  let app: TestApp;
  afterEach(() => {
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  describe("on github.com", () => {
    beforeEach(async () => {
      app = await createTestApp();
    });

    it("discussion mode: opens the case as a Discussion in the configured category", async () => {
      const github = mockGitHub()
        .config("Codertocat", "Hello-World", "caseFormat: discussion\ndiscussionCategory: Private cases\n")
        .repository("Codertocat", "moderation")
        .templates("Codertocat")
        .graphqlOp("DiscussionCategories", () => ({
          repository: {
            discussionCategories: {
              nodes: [
                { id: "DIC_general", name: "General", slug: "general" },
                { id: "DIC_cases", name: "Private cases", slug: "private-cases" },
              ],
            },
          },
        }))
        .graphqlOp("Discussions", (variables) => {
          expect(variables).toMatchObject({ owner: "Codertocat", repo: "moderation", categoryId: "DIC_cases" });
          return { repository: { discussions: { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } } } };
        })
        .graphqlOp("CreateDiscussion", (variables) => ({
          createDiscussion: {
            discussion: { id: "D_1", number: 7, url: "https://github.com/Codertocat/moderation/discussions/7", title: variables.title, body: variables.body },
          },
        }))
        .removesLabel("Codertocat", "Hello-World", 1, "call-in");

      await app.receive("issues", labeled());

      const create = github.sent.graphql.find((g) => /CreateDiscussion/.test(g.query));
      expect(create?.variables).toMatchObject({ repositoryId: "R_kgDOcase", categoryId: "DIC_cases", title: expect.stringMatching(/^CI-/) });
      expect(parseMeta(String(create?.variables.body))).toMatchObject({ trigger: "label", source: { number: 1 } });
    });

    it("discussion mode with a missing category: says which categories exist, writes nothing", async () => {
      mockGitHub()
        .config("Codertocat", "Hello-World", "caseFormat: discussion\n")
        .repository("Codertocat", "moderation")
        // The owner's templates are read beside the privacy gate.
        .templates("Codertocat")
        .graphqlOp("DiscussionCategories", () => ({
          repository: { discussionCategories: { nodes: [{ id: "DIC_general", name: "General", slug: "general" }] } },
        }));

      await app.receive("issues", labeled());

      expect(app.logs.lines.find((l) => l.level === 50)?.msg).toMatch(/category "Cases" does not exist .* \(categories: General\)/);
    });

    it("uses the owner's own template, and falls back (with a warning in the case) when one is broken", async () => {
      const github = mockGitHub()
        .config("Codertocat", "Hello-World", null)
        .repository("Codertocat", "moderation")
        .templates("Codertocat", { "call-in-message.md": "### Our message\n\nHello {{ snapshot.author }}, let's talk.", "checklist.md": "{% if %}" })
        .openCases("Codertocat", "moderation")
        .createsIssue("Codertocat", "moderation")
        .removesLabel("Codertocat", "Hello-World", 1, "call-in");

      await app.receive("issues", labeled());

      const body = github.sent.createdIssues[0]?.body ?? "";
      expect(body).toContain("> [!WARNING]");
      expect(body).toContain("A custom template could not be used while rendering case.md");
      expect(body).toContain("### Checklist");
      expect(body).not.toContain("### Our message");
    });

    it("uses a valid override", async () => {
      const github = mockGitHub()
        .config("Codertocat", "Hello-World", null)
        .repository("Codertocat", "moderation")
        .templates("Codertocat", { "call-in-message.md": "### Our message\n\nHello {{ snapshot.author }}, let's talk." })
        .openCases("Codertocat", "moderation")
        .createsIssue("Codertocat", "moderation")
        .removesLabel("Codertocat", "Hello-World", 1, "call-in");

      await app.receive("issues", labeled());

      const body = github.sent.createdIssues[0]?.body ?? "";
      expect(body).toContain("### Our message\n\nHello Codertocat, let's talk.");
      expect(body).not.toContain("[!WARNING]");
    });
  });

  describe("on GitHub Enterprise Server", () => {
    const GHES = "https://ghe.example.com/api/v3";
    beforeEach(async () => {
      app = await createTestApp({ baseUrl: GHES });
    });

    it("talks to the GHES API and takes web links from the payload", async () => {
      const payload = withOverrides(labeled(), {
        issue: { html_url: "https://ghe.example.com/Codertocat/Hello-World/issues/1" },
      });
      const github = mockGitHub(GHES).readyToOpenCase("Codertocat", "Hello-World").removesLabel("Codertocat", "Hello-World", 1, "call-in");

      await app.receive("issues", payload);

      expect(github.lastCaseMeta().source.url).toBe("https://ghe.example.com/Codertocat/Hello-World/issues/1");
      expect(github.sent.createdIssues[0]?.body).toContain("| Where | `https://ghe.example.com/Codertocat/Hello-World/issues/1` |");
    });

    it("accepts /call-in links on the GHES host only", async () => {
      const payload = withOverrides(examplePayload("issue_comment", { action: "created" }), {
        comment: {
          id: 9,
          html_url: "https://ghe.example.com/Codertocat/Hello-World/issues/1#issuecomment-9",
          body: "/call-in https://github.com/Codertocat/Hello-World/issues/1#issuecomment-42",
          user: { login: "maintainer-mo", id: 77, type: "User" },
        },
        sender: { login: "maintainer-mo", id: 77, type: "User" },
      });
      mockGitHub(GHES).config("Codertocat", "Hello-World", null).permission("Codertocat", "Hello-World", "maintainer-mo", "write");

      await app.receive("issue_comment", payload);

      expect(app.logs.lines.find((l) => l.level === 40)?.msg).toMatch(/could not be found/);
    });
  });
});
