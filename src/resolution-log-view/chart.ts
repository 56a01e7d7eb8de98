import type { LogEntry } from "../resolution-log/entry.js";

/** A bar chart drawn as SVG on the server: no script, so the page keeps a strict CSP. */
export interface BarChart {
  width: number;
  height: number;
  max: number;
  bars: Array<{ label: string; count: number; x: number; y: number; width: number; height: number; labelX: number }>;
}

const WIDTH = 720;
const HEIGHT = 180;
const MAX_BARS = 36;

/** Standing resolutions per month (UTC) from `start` to `end`, the newest MAX_BARS months. */
export function resolutionsPerMonth(standing: readonly LogEntry[], start: Date, end: Date): BarChart {
  const months: string[] = [];
  const cursor = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 1));
  while (cursor < end) {
    months.push(cursor.toISOString().slice(0, 7));
    cursor.setUTCMonth(cursor.getUTCMonth() + 1);
  }
  const shown = months.slice(-MAX_BARS);
  const counts = new Map(shown.map((m) => [m, 0]));
  for (const entry of standing) {
    const month = (entry.resolvedAt ?? entry.at).slice(0, 7);
    if (counts.has(month)) counts.set(month, counts.get(month)! + 1);
  }
  const max = Math.max(1, ...counts.values());
  const slot = shown.length > 0 ? WIDTH / shown.length : WIDTH;
  const barWidth = Math.max(4, Math.floor(slot * 0.7));
  const plot = HEIGHT - 20;
  return {
    width: WIDTH,
    height: HEIGHT,
    max,
    bars: shown.map((label, i) => {
      const count = counts.get(label)!;
      const height = Math.round((count / max) * (plot - 14));
      const x = Math.round(i * slot + (slot - barWidth) / 2);
      return { label, count, x, y: plot - height, width: barWidth, height, labelX: x + barWidth / 2 };
    }),
  };
}
