/** What a link to a comment on GitHub (or GitHub Enterprise Server) points at. */
export type CommentLink =
  | { kind: "issue_comment"; owner: string; repo: string; number: number; id: number }
  | { kind: "review_comment"; owner: string; repo: string; number: number; id: number }
  | { kind: "review"; owner: string; repo: string; number: number; id: number }
  | { kind: "discussion_comment"; owner: string; repo: string; number: number; id: number };

/**
 * Parses a comment link; only links on `webHost` (the host the event came
 * from) are accepted. The app never fetches the URL: it calls the API instead.
 */
export function parseCommentLink(link: string, webHost: string): CommentLink | null {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return null;
  }
  if (url.host.toLowerCase() !== webHost.toLowerCase()) return null;
  const path = /^\/([^/]+)\/([^/]+)\/(issues|pull|discussions)\/(\d+)(?:\/files)?\/?$/.exec(url.pathname);
  if (!path) return null;
  const [, owner = "", repo = "", area, num = ""] = path;
  const number = Number(num);
  const hash = url.hash;
  let m: RegExpExecArray | null;
  if ((m = /^#issuecomment-(\d+)$/.exec(hash)) && area !== "discussions") return { kind: "issue_comment", owner, repo, number, id: Number(m[1]) };
  if ((m = /^#discussion_r(\d+)$/.exec(hash)) && area === "pull") return { kind: "review_comment", owner, repo, number, id: Number(m[1]) };
  if ((m = /^#pullrequestreview-(\d+)$/.exec(hash)) && area === "pull") return { kind: "review", owner, repo, number, id: Number(m[1]) };
  if ((m = /^#discussioncomment-(\d+)$/.exec(hash)) && area === "discussions") return { kind: "discussion_comment", owner, repo, number, id: Number(m[1]) };
  return null;
}
