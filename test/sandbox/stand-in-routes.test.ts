// The GitHub stand-in's routes the demo's flows need, each request checked against GitHub's REST
// description or GraphQL schema (test/helpers/stand-in.ts): app authentication (JWT, installation
// tokens), GraphQL (hide, unhide, lock) from the same state as REST, issue listings `since`,
// blocks and interaction limits, and the webhooks a person's action gives, in GitHub's own shape.
import { generateKeyPairSync, sign } from "node:crypto";
import { createAppAuth } from "@octokit/auth-app";
import { Octokit } from "@octokit/rest";
import { afterEach, describe, expect, it } from "vitest";
import { LOCK_LOCKABLE, MINIMIZE_COMMENT, UNMINIMIZE_COMMENT } from "../../src/github/graphql-documents.js";
import { GitHubStandIn } from "../../src/sandbox/github-stand-in.js";
import { CASES, ORG, PEOPLE, PROJECT, seedSandbox } from "../../src/sandbox/seed.js";
import { checkAgainstGitHub, validateWebhookPayload } from "../helpers/stand-in.js";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

function keyPair() {
  return generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
  });
}

/** An app's JWT (RS256) with the given claims. */
function appJwt(privateKey: string, claims: Record<string, number>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${part({ alg: "RS256", typ: "JWT" })}.${part(claims)}`;
  return `${unsigned}.${sign("sha256", Buffer.from(unsigned), privateKey).toString("base64url")}`;
}

describe("the GitHub stand-in, as the demo uses it", () => {
  let github: GitHubStandIn;

  afterEach(async () => {
    await github?.stop();
  });

  async function seeded(options: { appPublicKey?: string } = {}): Promise<GitHubStandIn> {
    github = new GitHubStandIn({ prefix: "/api/v3", check: checkAgainstGitHub, ...options });
    seedSandbox(github);
    await github.start();
    github.webHost = github.origin;
    return github;
  }

  const unauthenticated = () => new Octokit({ baseUrl: github.url, log: quiet });
  const client = (auth: unknown = "stand-in") => new Octokit({ auth, baseUrl: github.url, log: quiet });

  it("serves the app only with a JWT signed by its key, then only with the installation token it issued", async () => {
    const app = keyPair();
    const stranger = keyPair();
    await seeded({ appPublicKey: app.publicKey });

    const asApp = new Octokit({ authStrategy: createAppAuth, auth: { appId: 1, privateKey: app.privateKey }, baseUrl: github.url, log: quiet });
    expect((await asApp.rest.apps.getAuthenticated()).data).toMatchObject({ slug: "call-in" });
    // Finding an account's or a repository's installation is the app's own request too (the report form's first step).
    expect((await asApp.rest.apps.getOrgInstallation({ org: ORG })).data).toMatchObject({ id: 1, account: { login: ORG } });
    expect((await asApp.rest.apps.getUserInstallation({ username: ORG })).data).toMatchObject({ id: 1 });
    expect((await asApp.rest.apps.getRepoInstallation({ owner: ORG, repo: PROJECT })).data).toMatchObject({ id: 1 });
    const forged = new Octokit({ authStrategy: createAppAuth, auth: { appId: 1, privateKey: stranger.privateKey }, baseUrl: github.url, log: quiet });
    await expect(forged.rest.apps.getAuthenticated()).rejects.toMatchObject({ status: 401 });
    // Signed by the app's key, but expired a minute ago (GitHub allows ten minutes at most).
    const expired = appJwt(app.privateKey, { iat: Math.floor(Date.now() / 1000) - 660, exp: Math.floor(Date.now() / 1000) - 60, iss: 1 });
    await expect(unauthenticated().request("GET /app", { headers: { authorization: `bearer ${expired}` } })).rejects.toMatchObject({
      status: 401,
    });
    const fresh = appJwt(app.privateKey, { iat: Math.floor(Date.now() / 1000) - 60, exp: Math.floor(Date.now() / 1000) + 540, iss: 1 });
    expect((await unauthenticated().request("GET /app", { headers: { authorization: `bearer ${fresh}` } })).status).toBe(200);

    const installation = new Octokit({
      authStrategy: createAppAuth,
      auth: { appId: 1, privateKey: app.privateKey, installationId: 1 },
      baseUrl: github.url,
      log: quiet,
    });
    expect((await installation.rest.repos.get({ owner: ORG, repo: CASES })).data).toMatchObject({ private: true });
    await expect(client("ghs_made-up").rest.repos.get({ owner: ORG, repo: CASES })).rejects.toMatchObject({ status: 401 });
    await expect(client().rest.apps.getAuthenticated()).rejects.toMatchObject({ status: 401 });
    expect(github.violations).toStrictEqual([]);
  });

  it("hides, unhides and locks through GraphQL, answered from the same state as REST, the documents checked against GitHub's schema", async () => {
    await seeded();
    const octokit = client();
    const [, rude] = github.issuesOf(ORG, PROJECT)[0]!.comments;
    const subjectId = (await octokit.rest.issues.getComment({ owner: ORG, repo: PROJECT, comment_id: rude!.id })).data.node_id;

    expect(await octokit.graphql(MINIMIZE_COMMENT, { subjectId, classifier: "ABUSE" })).toStrictEqual({
      minimizeComment: { minimizedComment: { isMinimized: true } },
    });
    expect(rude!.minimized).toBe("ABUSE");
    expect(await octokit.graphql(UNMINIMIZE_COMMENT, { subjectId })).toStrictEqual({ unminimizeComment: { unminimizedComment: { isMinimized: false } } });
    expect(rude!.minimized).toBeNull();

    const lockableId = (await octokit.rest.issues.get({ owner: ORG, repo: PROJECT, issue_number: 1 })).data.node_id;
    await octokit.graphql(LOCK_LOCKABLE, { lockableId, lockReason: "TOO_HEATED" });
    expect((await octokit.rest.issues.get({ owner: ORG, repo: PROJECT, issue_number: 1 })).data.locked).toBe(true);

    await expect(octokit.graphql(MINIMIZE_COMMENT, { subjectId: "IC_0", classifier: "SPAM" })).rejects.toThrow(/Could not resolve to a node/);
    expect(github.violations).toStrictEqual([]);

    // A document GitHub's schema rejects is a violation, whatever the stand-in answers.
    await octokit
      .graphql('mutation { minimizeComment(input: { subjectId: "IC_1", classifier: TOO_HEATED }) { minimizedComment { isMinimized } } }')
      .catch(() => undefined);
    expect(github.violations.join("\n")).toMatch(/TOO_HEATED/);
  });

  it("lists issues updated since a time, most recently updated first, as GitHub's index answers", async () => {
    await seeded();
    const octokit = client();
    const issues = github.issuesOf(ORG, PROJECT);
    for (const title of ["second", "third"]) github.issue(ORG, PROJECT, { title, body: "", author: "newcomer-nia" });
    issues[0]!.updatedAt = "2026-11-01T10:00:00.000Z";
    issues[1]!.updatedAt = "2026-11-03T10:00:00.000Z";
    issues[2]!.updatedAt = "2026-11-02T10:00:00.000Z";

    const since = await octokit.rest.issues.listForRepo({
      owner: ORG,
      repo: PROJECT,
      state: "all",
      since: "2026-11-02T00:00:00Z",
      sort: "updated",
      direction: "desc",
    });
    expect(since.data.map((i) => i.title)).toStrictEqual(["second", "third"]);
    const ascending = await octokit.rest.issues.listForRepo({ owner: ORG, repo: PROJECT, sort: "updated", direction: "asc" });
    expect(ascending.data.map((i) => i.title)).toStrictEqual([issues[0]!.title, "third", "second"]);
    const newestFirst = await octokit.rest.issues.listForRepo({ owner: ORG, repo: PROJECT, per_page: 2, page: 1 });
    expect(newestFirst.data.map((i) => i.title)).toStrictEqual(["third", "second"]);
    expect(github.violations).toStrictEqual([]);
  });

  it("blocks and unblocks in the organisation and limits a repository's interactions", async () => {
    await seeded();
    const octokit = client();
    await octokit.rest.orgs.blockUser({ org: ORG, username: "rude-ray" });
    expect([...github.blocks]).toStrictEqual([`${ORG}/rude-ray`]);
    expect((await octokit.rest.orgs.checkBlockedUser({ org: ORG, username: "rude-ray" })).status).toBe(204);
    await octokit.rest.orgs.unblockUser({ org: ORG, username: "rude-ray" });
    await expect(octokit.rest.orgs.checkBlockedUser({ org: ORG, username: "rude-ray" })).rejects.toMatchObject({ status: 404 });

    const limit = await octokit.rest.interactions.setRestrictionsForRepo({ owner: ORG, repo: PROJECT, limit: "collaborators_only", expiry: "one_day" });
    expect(limit.data).toMatchObject({ limit: "collaborators_only", origin: "repository" });
    expect(github.interactionLimits.get(`${ORG}/${PROJECT}`)).toBe("collaborators_only");
    expect(github.violations).toStrictEqual([]);
  });

  it("gives, for each action of a person, the webhook GitHub would deliver, in the shape GitHub describes", async () => {
    await seeded();
    const labelled = github.addLabel(ORG, PROJECT, 1, "call-in", PEOPLE.maintainer.login);
    const commented = github.addComment(ORG, PROJECT, 1, "This violates our code of conduct.", PEOPLE.commenter.login);
    const opened = github.openIssue(ORG, PROJECT, { title: "A question", body: "Where is the changelog?" }, PEOPLE.commenter.login);
    for (const event of [labelled, commented, opened]) expect(validateWebhookPayload(event.name, event.payload)).toStrictEqual([]);

    expect(labelled).toMatchObject({
      name: "issues",
      payload: {
        action: "labeled",
        label: { name: "call-in" },
        issue: { number: 1, html_url: `${github.origin}/${ORG}/${PROJECT}/issues/1`, labels: [{ name: "call-in" }] },
        sender: { login: PEOPLE.maintainer.login },
        repository: { full_name: `${ORG}/${PROJECT}`, private: false },
        organization: { login: ORG },
        installation: { id: 1 },
      },
    });
    const comment = github.issuesOf(ORG, PROJECT)[0]!.comments.at(-1)!;
    expect(commented.payload).toMatchObject({
      action: "created",
      comment: {
        id: comment.id,
        body: "This violates our code of conduct.",
        html_url: `${github.origin}/${ORG}/${PROJECT}/issues/1#issuecomment-${comment.id}`,
        author_association: "NONE",
      },
    });
    expect(opened.payload).toMatchObject({ action: "opened", issue: { number: 2, title: "A question", user: { login: PEOPLE.commenter.login } } });
    // A payload GitHub's description rejects is reported (the check is not a rubber stamp).
    expect(validateWebhookPayload("issues", { ...labelled.payload, issue: { number: 1 } })).not.toStrictEqual([]);
  });
});
