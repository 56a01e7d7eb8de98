import type { Request, RequestHandler } from "express";
import type { Logger } from "pino";
import type { GitHub } from "../github/client.js";
import { DateBoundError, entriesToCsv, entryRows, filterEntries, parseDateBound } from "../resolution-log/export.js";
import type { LogEntry } from "../resolution-log/entry.js";
import { readLog, type LogRead } from "../resolution-log/read.js";
import { standingResolutions } from "../resolution-log/resolutions.js";
import type { OwnerTemplates } from "../templates/overrides.js";
import { isOwnerLogin } from "../web/owner-login.js";
import { personCanSee, type OwnerDirectory, type OwnerSetup } from "./access.js";
import { resolutionsPerMonth } from "./chart.js";
import { LOG_VIEW_PATH, type LogViewPages } from "./pages.js";
import type { SignIn } from "./sign-in.js";

export interface LogPageDeps {
  pages: LogViewPages;
  signIn: SignIn;
  directory: OwnerDirectory;
  /** A client acting as the signed-in person (their user token). */
  asPerson: (token: string) => GitHub;
  templates: OwnerTemplates;
  log: Logger;
  now: () => Date;
}

/**
 * `/call-in/log/<owner>`: the owner's resolution log, filtered, as a page or CSV,
 * to a signed-in person whose own token can see the case repository. Everyone
 * else gets the sign-in page or the one "not found".
 */
export function showLog(deps: LogPageDeps): RequestHandler {
  const { pages, signIn, directory, now } = deps;
  const { page, notFound } = pages;
  return async (req, res) => {
    const owner = String(req.params.owner);
    if (!isOwnerLogin(owner)) return notFound(res);
    const session = signIn.session(req);
    // Everyone who is not signed in sees the same sign-in page, whichever owner they ask for.
    if (!session) return page(res, 200, "log-view-sign-in.html", { owner });
    const setup = await directory.setupFor(owner);
    if (!setup) return notFound(res);
    const asPerson = deps.asPerson(session.token);
    if (!(await personCanSee(asPerson, setup.caseRepo))) return notFound(res);

    const filters = readFilters(req.query, now());
    if ("error" in filters) return page(res, 400, "log-view-message.html", { status: 400, kind: "bad-filter", owner, detail: filters.error });
    const read = await readLog(asPerson, setup.caseRepo, { start: filters.start, ...(filters.end ? { end: filters.end } : {}) });
    const entries = filterEntries(read.entries, filters);
    if (req.query.format === "csv") {
      res.type("text/csv").attachment(`call-in-log-${owner}.csv`).send(entriesToCsv(entries));
      return;
    }
    const templates = await deps.templates.forOwner(setup.github, owner, deps.log);
    await page(res, 200, "log-view.html", logPageModel({ owner, login: session.login, setup, filters, read, entries, now: now() }), templates);
  };
}

/** What log-view.html shows: the filtered entries, newest first, the choices for the filters, the chart. */
function logPageModel(input: {
  owner: string;
  login: string;
  setup: OwnerSetup;
  filters: LogFilters;
  read: LogRead;
  entries: LogEntry[];
  now: Date;
}): Record<string, unknown> {
  const { owner, setup, filters, read, entries } = input;
  const inRange = filterEntries(read.entries, { start: filters.start, ...(filters.end ? { end: filters.end } : {}) });
  const standing = standingResolutions(entries);
  // Log lines are editable by anyone with write access: link only to web addresses.
  const rows = entryRows(entries).map((row, i) => ({ ...row, url: /^https?:\/\//.test(entries[i]!.case.url) ? entries[i]!.case.url : null }));
  const csvQuery = new URLSearchParams({ ...filters.raw, format: "csv" }).toString();
  return {
    owner,
    login: input.login,
    caseRepository: `${setup.caseRepo.owner}/${setup.caseRepo.repo}`,
    filters: filters.raw,
    outcomes: distinct(inRange.map((e) => e.outcome)),
    categories: distinct(inRange.map((e) => e.category)),
    rows: rows.reverse(),
    count: entries.length,
    standing: standing.length,
    skipped: read.skipped,
    chart: resolutionsPerMonth(standing, filters.start, filters.end ?? input.now),
    csvHref: `${LOG_VIEW_PATH}/${encodeURIComponent(owner)}?${csvQuery}`,
  };
}

function distinct(values: Array<string | null>): string[] {
  return [...new Set(values.filter((v): v is string => v !== null))].sort((a, b) => a.localeCompare(b));
}

/** The filters as applied, and `raw`: as the person typed them (the form and the CSV link show them again). */
type LogFilters = { start: Date; end?: Date; outcome?: string; category?: string; raw: Record<string, string> };

type Filters = LogFilters | { error: string };

/** Filters from the query string; by default the last twelve months. */
function readFilters(query: Request["query"], now: Date): Filters {
  const text = (name: string) => (typeof query[name] === "string" ? (query[name] as string).trim().slice(0, 100) : "");
  const raw: Record<string, string> = {};
  for (const name of ["since", "until", "outcome", "category"]) if (text(name)) raw[name] = text(name);
  try {
    const start = raw.since ? parseDateBound(raw.since, "start") : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1));
    const end = raw.until ? parseDateBound(raw.until, "end") : undefined;
    if (!raw.since) raw.since = start.toISOString().slice(0, 10);
    return { start, ...(end ? { end } : {}), ...(raw.outcome ? { outcome: raw.outcome } : {}), ...(raw.category ? { category: raw.category } : {}), raw };
  } catch (error) {
    if (error instanceof DateBoundError) return { error: error.message };
    throw error;
  }
}
