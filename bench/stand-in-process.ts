// The seeded GitHub stand-in served from its own process, for the throughput figure: GitHub's
// own work (routing, serialising pages) then runs on its own core and is not charged to the
// app under measure, for both apps alike. Same stand-in, same routes and checks as in-process.
// Run by `standInProcess` (webhook-apps.ts); answers the parent over IPC.
import type { GitHubStandIn } from "../src/sandbox/github-stand-in.js";
import { seededStandIn } from "./webhook-apps.js";

export type StandInCommand = { type: "count-issues"; owner: string; repo: string } | { type: "stop" };
export type StandInReply = { type: "ready"; url: string } | { type: "issues"; count: number } | { type: "stopped" };

const options = JSON.parse(process.argv[2] ?? "{}") as { latencyMs: number; issues: number };
const github = await seededStandIn(options);
honourSince(github);
const send = (reply: StandInReply) => process.send!(reply);

process.on("message", (command: StandInCommand) => {
  if (command.type === "count-issues") send({ type: "issues", count: github.issuesOf(command.owner, command.repo).length });
  if (command.type === "stop")
    void github.stop().then(() => {
      send({ type: "stopped" });
      process.disconnect();
    });
});
send({ type: "ready", url: github.url });

interface ListedIssue {
  state: string;
  updatedAt: string;
}
type IssuesRoute = (
  repo: { issues: ListedIssue[] },
  method: string,
  rest: string[],
  body: unknown,
  query: URLSearchParams,
) => { status: number; data?: unknown };

/**
 * GitHub's `since` (with `sort=updated`) on an issue listing: only issues
 * updated at or after `since`, most recently updated first, then paged, as
 * GitHub answers it from an index. The stand-in's issue route ignores both for
 * now (other routes are being added there), so this entry answers such a
 * listing itself and leaves every other request to the route, unchanged:
 * without it, a listing "since" would list every issue again.
 */
function honourSince(standIn: GitHubStandIn): void {
  const internals = standIn as unknown as { issues: IssuesRoute; issueJson: (repo: unknown, issue: ListedIssue) => unknown };
  const route = internals.issues.bind(standIn);
  internals.issues = (repo, method, rest, body, query) => {
    const since = query.get("since");
    if (method !== "GET" || rest.length !== 0 || since === null) return route(repo, method, rest, body, query);
    const state = query.get("state") ?? "open";
    const from = Date.parse(since);
    const changed = repo.issues.filter((issue) => (state === "all" || issue.state === state) && Date.parse(issue.updatedAt) >= from);
    const direction = query.get("direction") === "asc" ? 1 : -1;
    if (query.get("sort") === "updated") changed.sort((a, b) => direction * (Date.parse(a.updatedAt) - Date.parse(b.updatedAt)));
    else changed.reverse();
    const perPage = Number(query.get("per_page") ?? 30);
    const page = Number(query.get("page") ?? 1);
    return { status: 200, data: changed.slice((page - 1) * perPage, page * perPage).map((issue) => internals.issueJson(repo, issue)) };
  };
}
