import { RequestError } from "@octokit/request-error";
import { describe, expect, it } from "vitest";
import { installationIdForOwner } from "../../../src/github/apps.js";
import { NOT_FOUND, orNullWhenMissing, orWhenMissing, type GitHub } from "../../../src/github/client.js";
import { deleteIssueComment, deleteReviewComment, getIssueComment, getReview, getReviewComment } from "../../../src/github/comments.js";
import { listFolder, listFolderEntries, readLargeTextFile, readTextFile } from "../../../src/github/contents.js";
import { findRepoInstallation } from "../../../src/github/installations.js";
import { getIssue, removeLabel } from "../../../src/github/issues.js";
import { getPermission, isTeamMember, organizationRole } from "../../../src/github/permissions.js";
import { getRepository, repositoryVisibility } from "../../../src/github/repository.js";
import { getIssueOrPull } from "../../../src/github/threads.js";

function answer(status: number): RequestError {
  return new RequestError(`status ${status}`, status, { request: { method: "GET", url: "https://api.github.com/x", headers: {} } });
}

const ok = { data: { id: 7 } };

describe("orWhenMissing", () => {
  it("passes the answer through when the request succeeds", async () => {
    expect(await orWhenMissing(NOT_FOUND, "fallback", async () => ok)).toBe(ok);
  });

  it.each([
    [NOT_FOUND, 404],
    [[404, 451], 404],
    [[404, 451], 451],
    [[404, 410], 410],
  ])("with %j, %i gives the fallback", async (missing, status) => {
    expect(await orWhenMissing(missing, "fallback", () => Promise.reject(answer(status)))).toBe("fallback");
    expect(await orNullWhenMissing(missing, () => Promise.reject(answer(status)))).toBeNull();
  });

  it.each([
    [NOT_FOUND, 403],
    [NOT_FOUND, 410],
    [NOT_FOUND, 451],
    [NOT_FOUND, 500],
    [[404, 451], 403],
    [[404, 451], 401],
  ])("with %j, %i is thrown as it came", async (missing, status) => {
    const error = answer(status);
    await expect(orWhenMissing(missing, "fallback", () => Promise.reject(error))).rejects.toBe(error);
    await expect(orNullWhenMissing(missing, () => Promise.reject(error))).rejects.toBe(error);
  });

  it("throws failures without a status (network, programming errors)", async () => {
    const error = new Error("socket hang up");
    await expect(orNullWhenMissing(NOT_FOUND, () => Promise.reject(error))).rejects.toBe(error);
    const typeError = new TypeError("x is undefined");
    await expect(
      orNullWhenMissing(NOT_FOUND, async () => {
        throw typeError;
      }),
    ).rejects.toBe(typeError);
  });

  it("does not take a status written as text for the number", async () => {
    const error = Object.assign(new Error("Not Found"), { status: "404" });
    await expect(orNullWhenMissing(NOT_FOUND, () => Promise.reject(error))).rejects.toBe(error);
  });
});

/** A client whose every REST call fails with `status`. */
function failingWith(status: number): GitHub {
  const method = () => Promise.reject(answer(status));
  const namespace = new Proxy({}, { get: () => method });
  return { rest: new Proxy({}, { get: () => namespace }) } as unknown as GitHub;
}

const repo = { owner: "Codertocat", repo: "Hello-World" };

/** Each wrapper, what it answers when GitHub says "missing", and the statuses that mean it. */
const wrappers: Array<[string, (github: GitHub) => Promise<unknown>, unknown, number[]]> = [
  ["getIssue", (g) => getIssue(g, repo, 1), null, [404]],
  ["removeLabel", (g) => removeLabel(g, repo, 1, "call-in"), undefined, [404]],
  ["getIssueOrPull", (g) => getIssueOrPull(g, repo, 1), null, [404]],
  ["getIssueComment", (g) => getIssueComment(g, repo, 1), null, [404]],
  ["getReviewComment", (g) => getReviewComment(g, repo, 1), null, [404]],
  ["getReview", (g) => getReview(g, repo, 1, 2), null, [404]],
  ["deleteIssueComment", (g) => deleteIssueComment(g, repo, 1), undefined, [404]],
  ["deleteReviewComment", (g) => deleteReviewComment(g, repo, 1), undefined, [404]],
  ["listFolder", (g) => listFolder(g, repo, "cases"), [], [404]],
  ["listFolderEntries", (g) => listFolderEntries(g, repo, "cases"), [], [404]],
  ["readTextFile", (g) => readTextFile(g, repo, "a.md"), null, [404]],
  ["readLargeTextFile", (g) => readLargeTextFile(g, repo, "a.md"), null, [404]],
  ["getPermission", (g) => getPermission(g, repo, "octocat"), "none", [404]],
  ["isTeamMember", (g) => isTeamMember(g, "org", "team", "octocat"), false, [404]],
  ["organizationRole", (g) => organizationRole(g, "org", "octocat"), null, [404]],
  ["findRepoInstallation", (g) => findRepoInstallation(g, repo), null, [404]],
  ["installationIdForOwner", (g) => installationIdForOwner(g, "octocat"), null, [404]],
  ["getRepository", (g) => getRepository(g, repo), null, [404]],
  ["repositoryVisibility", (g) => repositoryVisibility(g, repo), "unseen", [404, 451]],
];

describe("which answers each GitHub wrapper takes for missing", () => {
  for (const [name, call, missing, statuses] of wrappers) {
    it(`${name}: ${statuses.join(", ")} mean missing; 401, 403, 410, 422, 451, 500 otherwise throw`, async () => {
      for (const status of statuses) expect(await call(failingWith(status))).toStrictEqual(missing);
      for (const status of [401, 403, 410, 422, 451, 500].filter((s) => !statuses.includes(s))) {
        await expect(call(failingWith(status)), `status ${status}`).rejects.toMatchObject({ status });
      }
    });
  }
});
