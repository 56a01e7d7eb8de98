import nock from "nock";
import { generateKeyPairSync } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { githubForOwner, installedOwners } from "../../../src/cli/github.js";
import { readSettings } from "../../../src/settings.js";
import { installationAnswer, mockGitHub } from "../../helpers/github.js";

const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});
const env = readSettings({ APP_ID: "1", PRIVATE_KEY: privateKey });
const installation = (id: number, login: string) => installationAnswer(login, id);

afterEach(() => {
  nock.cleanAll();
});

describe("the command line's GitHub client (the app's own installation lookups)", () => {
  it("finds an organisation's installation after the user lookup answers 404, and acts as that installation", async () => {
    const github = mockGitHub();
    github.scope.get("/users/Codertocat/installation").reply(404, { message: "Not Found" });
    github.scope.get("/orgs/Codertocat/installation").reply(200, installation(42, "Codertocat"));
    github.scope.post("/app/installations/42/access_tokens").reply(201, { token: "ghs_installation", expires_at: "2099-01-01T00:00:00Z" });
    github.scope.get("/repos/Codertocat/moderation/issues/1/comments").matchHeader("authorization", "token ghs_installation").reply(200, []);
    const client = await githubForOwner("Codertocat", env);
    const { data } = await client.rest.issues.listComments({ owner: "Codertocat", repo: "moderation", issue_number: 1 });
    expect(data).toStrictEqual([]);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("says the app is not installed when both lookups answer 404, and passes other failures on", async () => {
    mockGitHub().accountInstallation("Codertocat", null);
    await expect(githubForOwner("Codertocat", env)).rejects.toThrow("the GitHub App is not installed for Codertocat");
    const github = mockGitHub();
    github.scope.get("/users/Codertocat/installation").reply(500, { message: "Server Error" });
    await expect(githubForOwner("Codertocat", env)).rejects.toMatchObject({ status: 500 });
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  it("lists the owners of every installation, users and organisations alike", async () => {
    const github = mockGitHub();
    github.scope
      .get("/app/installations")
      .query({ per_page: "100" })
      .reply(200, [installation(1, "Codertocat"), installation(2, "octo-org")]);
    expect(await installedOwners(env)).toStrictEqual(["Codertocat", "octo-org"]);
    expect(nock.pendingMocks()).toStrictEqual([]);
  });
});
