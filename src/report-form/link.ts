import { parseCommentLink, type CommentLink } from "../github/comment-link.js";

/** What a reporter's link points at: a thread, or one comment in it. Never fetched: only parsed. */
export interface ReportedLink {
  owner: string;
  repo: string;
  number: number;
  /** From the URL path; an `issues` link may turn out to be a pull request (the API says). */
  area: "issues" | "pull" | "discussions";
  comment: CommentLink | null;
  /** The link as given, without query string. */
  url: string;
}

export type LinkProblem = "url-missing" | "url-not-a-link" | "url-wrong-host" | "url-not-a-thread";

const NAME = /^[A-Za-z0-9_.-]{1,100}$/;

export function parseReportedLink(input: string, webHost: string): { ok: true; link: ReportedLink } | { ok: false; problem: LinkProblem } {
  const text = input.trim();
  if (text === "") return { ok: false, problem: "url-missing" };
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`);
  } catch {
    return { ok: false, problem: "url-not-a-link" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, problem: "url-not-a-link" };
  const host = url.host.toLowerCase();
  if (host !== webHost && host !== `www.${webHost}`) return { ok: false, problem: "url-wrong-host" };
  const path = /^\/([^/]+)\/([^/]+)\/(issues|pull|discussions)\/(\d{1,9})(?:\/files)?\/?$/.exec(url.pathname);
  if (!path) return { ok: false, problem: "url-not-a-thread" };
  const [, owner = "", repo = "", area = "issues", num = ""] = path;
  if (!NAME.test(owner) || !NAME.test(repo)) return { ok: false, problem: "url-not-a-thread" };
  const clean = `https://${webHost}${url.pathname}${url.hash}`;
  const comment = url.hash ? parseCommentLink(clean, webHost) : null;
  return {
    ok: true,
    link: { owner, repo, number: Number(num), area: area as ReportedLink["area"], comment, url: clean },
  };
}
