/**
 * The fields of GitHub's REST answers that Call-In reads, per operation (the
 * operationId of GitHub's OpenAPI description). A dotted path also says its
 * parents are objects: `user.login` means GitHub sends a user here, never
 * `null` (the description marks some such fields nullable, e.g. an issue's
 * user, yet GitHub answers a deleted account with its ghost user). For list
 * operations the paths apply to every item.
 *
 * The test suite requires every mocked answer to carry these fields, so a
 * mock cannot leave out, or null, what the code depends on. Keep an entry
 * next to the code that reads the field when a wrapper in this folder starts
 * (or stops) reading one.
 */
const ISSUE = ["number", "node_id", "html_url", "title", "body", "state", "user.login", "user.type"];
const COMMENT = ["id", "html_url", "body", "user.login", "user.id", "user.type", "created_at", "updated_at"];
const REPOSITORY = ["id", "node_id", "name", "owner.login", "owner.type", "private", "visibility", "html_url"];
const INSTALLATION = ["id"];

export const RESPONSE_FIELDS_READ: Readonly<Record<string, readonly string[]>> = {
  // issues.ts
  "issues/get": ISSUE,
  "issues/create": ISSUE,
  "issues/list-for-repo": ISSUE,
  "issues/create-comment": ["id", "html_url"],
  "issues/list-comments": ["id", "user.login", "user.type", "created_at", "body"],
  // comments.ts
  "issues/get-comment": COMMENT,
  "pulls/get-review-comment": COMMENT,
  "pulls/get-review": ["id", "html_url", "body", "user.login", "user.type"],
  "pulls/create-reply-for-review-comment": ["id", "html_url"],
  // repository.ts, rooms.ts
  "repos/get": REPOSITORY,
  "repos/create-in-org": ["id", "owner.login", "name", "html_url", "private", "visibility"],
  // permissions.ts
  "repos/get-collaborator-permission-level": ["permission"],
  "teams/get-membership-for-user-in-org": ["state"],
  // apps.ts, installations.ts, app-identity.ts, users.ts
  "apps/get-repo-installation": INSTALLATION,
  "apps/get-user-installation": INSTALLATION,
  "apps/get-org-installation": INSTALLATION,
  "apps/list-installations": ["id", "account"],
  "teams/list-members-in-org": ["login"],
  "apps/get-authenticated": ["slug"],
  "users/get-authenticated": ["login", "id"],
  // labels.ts, branches.ts, pull-requests.ts, new-repository.ts (call-in init)
  "issues/get-label": ["name", "color"],
  "issues/create-label": ["name", "color"],
  "git/get-ref": ["object.sha"],
  "pulls/list": ["number", "html_url"],
  "pulls/create": ["number", "html_url"],
  "repos/create-for-authenticated-user": ["owner.login", "name", "html_url", "private", "visibility"],
  "users/get-by-username": ["type"],
  // contents.ts: a file or a folder listing
  "repos/get-content": ["type", "name", "path", "sha"],
};
