import type { Logger } from "pino";
import type { CallInConfig } from "../config/schema.js";
import type { GitHub, RepoRef } from "../github/client.js";
import { readLargeTextFile, writeTextFile } from "../github/contents.js";
import { checkCaseRepository } from "../cases/case-repository.js";
import { TemplateSet } from "../templates/engine.js";
import type { LogEntry } from "./entry.js";
import { isoDay, parsePeriod, type Period } from "./period.js";
import { readLogTexts } from "./read.js";
import { periodStatsFromText } from "./scan.js";
import { standingResolutions } from "./resolutions.js";
import { NONE, formatDuration, periodStats, type DurationStats, type PeriodStats } from "./stats.js";
import { protectBreakdown, protectCount, type PublishedBreakdown } from "./suppression.js";

export const TRANSPARENCY_TEMPLATE = "transparency-report.md";
export const REPORTS_FOLDER = "reports";

/** Mermaid labels live inside double quotes: keep them on one line and free of quotes. */
function chartLabel(label: string): string {
  return label.replace(/["\n\r]/g, "'").slice(0, 60);
}

function breakdownData(breakdown: PublishedBreakdown) {
  const shown = breakdown.cells.filter((c) => c.visibility === "shown");
  return {
    published: breakdown.published,
    rows: breakdown.cells.map((c) => ({ label: c.label === NONE ? null : c.label, visibility: c.visibility, count: c.count, percent: c.percent })),
    anyHidden: breakdown.cells.some((c) => c.visibility !== "shown"),
    hiddenSum: breakdown.hiddenSum,
    chart: {
      slices: shown.map((c) => ({ label: chartLabel(c.label === NONE ? "none recorded" : c.label), value: c.count })),
      labels: shown.map((c) => `"${chartLabel(c.label === NONE ? "none recorded" : c.label)}"`).join(", "),
      values: shown.map((c) => c.count).join(", "),
      max: Math.max(1, ...shown.map((c) => c.count ?? 0)),
    },
  };
}

/**
 * Times are shown only when at least `threshold` cases contribute. The number of
 * contributing cases is not printed: total minus it would be a small count
 * (e.g. "one case was never acknowledged") that suppression exists to hide.
 */
function durationData(stats: DurationStats, threshold: number) {
  const enough = stats.count >= threshold;
  return {
    enough,
    median: enough ? formatDuration(stats.medianMs) : null,
    p90: enough ? formatDuration(stats.p90Ms) : null,
    medianHours: enough && stats.medianMs !== null ? Math.round((stats.medianMs / 3_600_000) * 10) / 10 : null,
    p90Hours: enough && stats.p90Ms !== null ? Math.round((stats.p90Ms / 3_600_000) * 10) / 10 : null,
  };
}

/** Everything the report template receives: already suppressed, nothing identifying. */
export function transparencyReportData(stats: PeriodStats, period: Period, threshold: number, generatedAt: Date): Record<string, unknown> {
  const enough = stats.total >= threshold;
  const repeat = protectCount(stats.repeatPseudonyms, threshold);
  return {
    period: { label: period.label, start: isoDay(period.start), last: isoDay(new Date(period.end.getTime() - 86_400_000)) },
    generatedAt: generatedAt.toISOString(),
    threshold,
    enough,
    total: enough ? stats.total : null,
    categories: enough ? breakdownData(protectBreakdown(stats.byCategory, stats.total, threshold)) : null,
    outcomes: enough ? breakdownData(protectBreakdown(stats.byOutcome, stats.total, threshold)) : null,
    triggers: enough ? breakdownData(protectBreakdown(stats.byTrigger, stats.total, threshold)) : null,
    acknowledge: durationData(stats.acknowledge, threshold),
    resolve: durationData(stats.resolve, threshold),
    repeat: enough ? repeat : null,
  };
}

/** Parse-free core: entries in, Markdown out. */
export async function renderTransparencyReport(
  entries: readonly LogEntry[],
  period: Period,
  config: Pick<CallInConfig, "log">,
  options: { templates?: TemplateSet; now?: Date } = {},
): Promise<{ markdown: string; warnings: string[] }> {
  return renderPeriodStats(periodStats(standingResolutions(entries), period.start, period.end), period, config, options);
}

/** The numbers of a period in, Markdown out (suppression is applied here). */
export async function renderPeriodStats(
  stats: PeriodStats,
  period: Period,
  config: Pick<CallInConfig, "log">,
  options: { templates?: TemplateSet; now?: Date } = {},
): Promise<{ markdown: string; warnings: string[] }> {
  const data = transparencyReportData(stats, period, config.log.suppressBelow, options.now ?? new Date());
  const rendered = await (options.templates ?? TemplateSet.bundled()).render(TRANSPARENCY_TEMPLATE, data);
  return { markdown: rendered.text, warnings: rendered.warnings };
}

/**
 * The report for a period, from the case repository's log. Only the month shards
 * that overlap the period are read, and of their lines only the period's standing
 * resolutions are built as entries (src/resolution-log/scan.ts: the same numbers as
 * periodStats(standingResolutions(parseShard(...)))). Resolutions are counted in the period they
 * were made; a later /reopen withdraws one (see resolutions.ts).
 */
export async function transparencyReport(
  github: GitHub,
  caseRepo: RepoRef,
  config: Pick<CallInConfig, "log">,
  period: Period | string,
  options: { templates?: TemplateSet; now?: Date; log?: Logger } = {},
): Promise<{ period: Period; markdown: string; skipped: number }> {
  const resolved = typeof period === "string" ? parsePeriod(period) : period;
  const read = await readLogTexts(github, caseRepo, { start: resolved.start, end: resolved.end });
  const { stats, skipped } = periodStatsFromText(read.texts, resolved.start, resolved.end);
  if (skipped > 0) options.log?.warn({ skipped, shards: read.shards }, "some log lines could not be read and are left out of the report");
  const { markdown } = await renderPeriodStats(stats, resolved, config, options);
  return { period: resolved, markdown, skipped };
}

export type CommitResult = { status: "committed" | "unchanged"; path: string; url: string | null; markdown: string } | { status: "refused"; reason: string };

/**
 * Writes `reports/<period>.md` in the case repository (the `/transparency <period>`
 * command and `call-in transparency --commit`). It goes through the privacy gate
 * like every write there, and rewrites the file only when the text changed.
 */
export async function commitTransparencyReport(
  github: GitHub,
  caseRepo: RepoRef,
  config: Pick<CallInConfig, "log">,
  period: Period | string,
  log: Logger,
  options: { templates?: TemplateSet; now?: Date } = {},
): Promise<CommitResult> {
  const check = await checkCaseRepository(github, caseRepo.owner, caseRepo.repo);
  if (!check.ok) {
    log.error({ owner: caseRepo.owner, caseRepository: caseRepo.repo, reason: check.reason }, check.message);
    return { status: "refused", reason: check.message };
  }
  const report = await transparencyReport(github, caseRepo, config, period, { ...options, log });
  const path = `${REPORTS_FOLDER}/${report.period.label}.md`;
  const existing = await readLargeTextFile(github, caseRepo, path);
  if (existing && withoutGeneratedLine(existing.text) === withoutGeneratedLine(report.markdown)) {
    return { status: "unchanged", path, url: `${check.repository.htmlUrl}/blob/HEAD/${path}`, markdown: report.markdown };
  }
  const written = await writeTextFile(github, caseRepo, path, {
    text: report.markdown,
    sha: existing?.sha ?? null,
    message: `Transparency report ${report.period.label}`,
  });
  log.info({ path, period: report.period.label }, "transparency report written");
  return { status: "committed", path, url: written.url, markdown: report.markdown };
}

/** The report names when it was generated; that alone is no reason to write a new commit. */
function withoutGeneratedLine(text: string): string {
  return text.replace(/^.*\bgenerated\b.*$/gim, "");
}
