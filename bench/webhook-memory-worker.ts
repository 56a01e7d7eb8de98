// One app in a fresh process: resident memory once loaded and idle, then after 10,000 events
// (most of them ordinary comments, as on a real installation; one in a hundred a label that opens a case).
// Prints one JSON line. Run by webhooks.bench.ts with --expose-gc.
import { benchApp, labelledIssue, ordinaryComment, seededStandIn, type AppKind } from "./webhook-apps.js";

const EVENTS = 10_000;
const LABELS_EVERY = 100;
const kind = process.argv[2] as AppKind;

function settledRssMb(): number {
  for (let i = 0; i < 3; i++) (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss / 1_048_576;
}

const github = await seededStandIn({ latencyMs: 0, issues: EVENTS / LABELS_EVERY + 1 });
const app = await benchApp(kind, github.url);
// The stand-in lives in this process too, for both apps alike; its state grows with the cases opened.
await app.deliver("issue_comment", ordinaryComment(1));
const idleMb = settledRssMb();
let label = 1;
for (let i = 1; i <= EVENTS; i++) {
  if (i % LABELS_EVERY === 0) await app.deliver("issues", labelledIssue(label++));
  else await app.deliver("issue_comment", ordinaryComment((i % 50) + 1));
}
const afterMb = settledRssMb();
await github.stop();
process.stdout.write(`${JSON.stringify({ idleMb, afterMb, events: EVENTS })}\n`);
process.exit(0);
