/**
 * The objects of a webhook payload in the full shape GitHub sends them
 * (users, organisations, repositories, issues, comments, labels), with every
 * field GitHub's description requires: the API's `*_url` links follow
 * GitHub's own patterns under the sandbox's API URL. Tests check the result
 * against the `x-webhooks` of `@octokit/openapi`.
 */

export interface Hosts {
  /** The REST API's base URL, e.g. `http://127.0.0.1:3000/api/v3`. */
  api: string;
  /** The web interface's base URL, e.g. `http://127.0.0.1:3000`. */
  web: string;
}

export interface AccountLike {
  login: string;
  id: number;
  type: "User" | "Organization" | "Bot";
}

const EPOCH = "2026-01-01T00:00:00Z";

export function userPayload(hosts: Hosts, account: AccountLike) {
  const url = `${hosts.api}/users/${account.login}`;
  return {
    login: account.login,
    id: account.id,
    node_id: `U_${account.id}`,
    avatar_url: `${hosts.web}/avatars/${account.login}`,
    gravatar_id: "",
    url,
    html_url: `${hosts.web}/${account.login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: account.type,
    user_view_type: "public",
    site_admin: false,
  };
}

export function organizationPayload(hosts: Hosts, org: AccountLike) {
  const url = `${hosts.api}/orgs/${org.login}`;
  return {
    login: org.login,
    id: org.id,
    node_id: `O_${org.id}`,
    url,
    repos_url: `${url}/repos`,
    events_url: `${url}/events`,
    hooks_url: `${url}/hooks`,
    issues_url: `${url}/issues`,
    members_url: `${url}/members{/member}`,
    public_members_url: `${url}/public_members{/member}`,
    avatar_url: `${hosts.web}/avatars/${org.login}`,
    description: null,
  };
}

export function repositoryPayload(
  hosts: Hosts,
  repo: { id: number; name: string; owner: AccountLike; visibility: "public" | "private" | "internal"; archived: boolean; openIssues: number },
) {
  const fullName = `${repo.owner.login}/${repo.name}`;
  const url = `${hosts.api}/repos/${fullName}`;
  const web = `${hosts.web}/${fullName}`;
  const host = new URL(hosts.web).host;
  return {
    id: repo.id,
    node_id: `R_${repo.id}`,
    name: repo.name,
    full_name: fullName,
    private: repo.visibility !== "public",
    visibility: repo.visibility,
    owner: userPayload(hosts, repo.owner),
    html_url: web,
    description: null,
    fork: false,
    url,
    archive_url: `${url}/{archive_format}{/ref}`,
    assignees_url: `${url}/assignees{/user}`,
    blobs_url: `${url}/git/blobs{/sha}`,
    branches_url: `${url}/branches{/branch}`,
    collaborators_url: `${url}/collaborators{/collaborator}`,
    comments_url: `${url}/comments{/number}`,
    commits_url: `${url}/commits{/sha}`,
    compare_url: `${url}/compare/{base}...{head}`,
    contents_url: `${url}/contents/{+path}`,
    contributors_url: `${url}/contributors`,
    deployments_url: `${url}/deployments`,
    downloads_url: `${url}/downloads`,
    events_url: `${url}/events`,
    forks_url: `${url}/forks`,
    git_commits_url: `${url}/git/commits{/sha}`,
    git_refs_url: `${url}/git/refs{/sha}`,
    git_tags_url: `${url}/git/tags{/sha}`,
    hooks_url: `${url}/hooks`,
    issue_comment_url: `${url}/issues/comments{/number}`,
    issue_events_url: `${url}/issues/events{/number}`,
    issues_url: `${url}/issues{/number}`,
    keys_url: `${url}/keys{/key_id}`,
    labels_url: `${url}/labels{/name}`,
    languages_url: `${url}/languages`,
    merges_url: `${url}/merges`,
    milestones_url: `${url}/milestones{/number}`,
    notifications_url: `${url}/notifications{?since,all,participating}`,
    pulls_url: `${url}/pulls{/number}`,
    releases_url: `${url}/releases{/id}`,
    stargazers_url: `${url}/stargazers`,
    statuses_url: `${url}/statuses/{sha}`,
    subscribers_url: `${url}/subscribers`,
    subscription_url: `${url}/subscription`,
    tags_url: `${url}/tags`,
    teams_url: `${url}/teams`,
    trees_url: `${url}/git/trees{/sha}`,
    clone_url: `${web}.git`,
    git_url: `git://${host}/${fullName}.git`,
    ssh_url: `git@${host}:${fullName}.git`,
    svn_url: web,
    mirror_url: null,
    homepage: null,
    language: null,
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers: 0,
    watchers_count: 0,
    size: 0,
    open_issues: repo.openIssues,
    open_issues_count: repo.openIssues,
    default_branch: "main",
    has_downloads: true,
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_discussions: false,
    archived: repo.archived,
    disabled: false,
    license: null,
    topics: [],
    created_at: EPOCH,
    updated_at: EPOCH,
    pushed_at: EPOCH,
  };
}

export function labelPayload(hosts: Hosts, fullName: string, name: string) {
  return {
    id: labelId(name),
    node_id: `LA_${labelId(name)}`,
    url: `${hosts.api}/repos/${fullName}/labels/${encodeURIComponent(name)}`,
    name,
    color: "d73a4a",
    default: false,
    description: null,
  };
}

/** How GitHub says someone is related to the repository, from their permission on it. */
export function authorAssociation(permission: "admin" | "write" | "read" | "none", isOrgMember: boolean): string {
  if (permission === "admin" || permission === "write") return "COLLABORATOR";
  return isOrgMember ? "MEMBER" : "NONE";
}

export function reactionsPayload(url: string) {
  return { url: `${url}/reactions`, total_count: 0, "+1": 0, "-1": 0, laugh: 0, hooray: 0, confused: 0, heart: 0, rocket: 0, eyes: 0 };
}

/** A stable id per label name (GitHub's are numbers; the sandbox has no label table). */
function labelId(name: string): number {
  let hash = 7;
  for (const char of name.toLowerCase()) hash = (hash * 31 + char.charCodeAt(0)) % 1_000_000_007;
  return hash;
}
