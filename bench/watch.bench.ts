// Watch screening throughput with the default rules: comments per second for short, long and 1 MB comments,
// against a naive baseline (lower-case the raw text and `includes` each phrase: no Markdown, no word boundaries),
// and hostile inputs against ordinary text of the same size (a ratio near 1 means no blow-up).
import { configSchema } from "../src/config/schema.js";
import { compileWatchRules } from "../src/watch/rules.js";
import { screen } from "../src/watch/screen.js";

const watch = configSchema.parse({ watch: { enabled: true } }).watch;
const rules = compileWatchRules(watch, "octo-org", "moderators");
const phrases = [...watch.phrases, ...watch.extraPhrases].map((p) => p.toLowerCase());

/** A realistic comment: prose, inline code, a fenced block, a quote; no report phrase (the slowest path: nothing matches). */
const PARAGRAPHS = [
  "Thanks for the patch! I left a few notes on the tests; the `parseConfig` change looks right to me.",
  "> Could we keep the old flag for one more release?\n> I think people rely on it.",
  "```ts\nconst config = await load(ref);\nif (!config.ok) return null;\n```",
  "Maybe **rename** the helper, and add a test for an empty file. See https://example.org/docs/config#files for the format.",
];

function comment(size: number): string {
  let text = "";
  for (let i = 0; text.length < size; i++) text += `${PARAGRAPHS[i % PARAGRAPHS.length]}\n\n`;
  return text.slice(0, size);
}

function naive(text: string): boolean {
  const lower = text.toLowerCase();
  return phrases.some((p) => lower.includes(p));
}

/** Runs `fn` on `input` for about `ms` milliseconds; returns calls per second. */
function perSecond(fn: (text: string) => unknown, input: string, ms: number): number {
  fn(input); // warm-up
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    fn(input);
    calls++;
    elapsed = performance.now() - start;
  }
  return (calls * 1000) / elapsed;
}

function row(cells: string[]): string {
  return `| ${cells.join(" | ")} |`;
}

export default async function bench(): Promise<void> {
  console.log("Default rules (6 phrases + moderator-team mention), no match in the text (the full text is screened).\n");
  console.log(row(["comment", "screened/s", "MB/s", "naive includes/s", "screen vs naive"]));
  console.log(row(["---", "---:", "---:", "---:", "---:"]));
  for (const [name, size, ms] of [
    ["short (200 B)", 200, 500],
    ["long (10 KB)", 10_000, 500],
    ["huge (1 MB)", 1_000_000, 2_000],
  ] as const) {
    const text = comment(size);
    if (screen(rules, text) !== null || naive(text)) throw new Error("the bench text must not match");
    const screened = perSecond((t) => screen(rules, t), text, ms);
    const baseline = perSecond(naive, text, ms);
    console.log(row([name, screened.toFixed(0), ((screened * size) / 1e6).toFixed(1), baseline.toFixed(0), `${(baseline / screened).toFixed(1)}x slower`]));
  }

  console.log("\nHostile 1 MB inputs, relative to ordinary 1 MB text (1.0 = same speed; a backtracking blow-up would be 1000x+).\n");
  const ordinary = perSecond((t) => screen(rules, t), comment(1_000_000), 1_000);
  const MB = 1_000_000;
  const hostile: Array<[string, string]> = [
    ["one long word", "a"],
    ["white space only", " \n"],
    ["near-miss phrases", "code of conduc "],
    ["unclosed backticks", "x `` ``` ` "],
    ["nested quotes", "> "],
    ["open brackets", "["],
    ["emphasis soup", "*a _b "],
  ];
  const repeated = (unit: string, size: number) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  console.log(row(["input", "screened/s", "time vs ordinary", "time 1 MB / time 100 KB (linear = 10)"]));
  console.log(row(["---", "---:", "---:", "---:"]));
  for (const [name, unit] of hostile) {
    const rate = perSecond((t) => screen(rules, t), repeated(unit, MB), 1_000);
    const small = perSecond((t) => screen(rules, t), repeated(unit, MB / 10), 500);
    console.log(row([name, rate.toFixed(2), `${(ordinary / rate).toFixed(2)}x`, (small / rate).toFixed(1)]));
  }

  const patterns = compileWatchRules(
    configSchema.parse({ watch: { phrases: [], screening: { enabled: true, patterns: ["(a+)+$", "(x|xx)+y"] } } }).watch,
    "o",
    undefined,
  );
  const evil = `${"a".repeat(MB)}!`;
  const rate = perSecond((t) => screen(patterns, t), evil, 1_000);
  console.log(`\nRE2 screening patterns (a+)+$ and (x|xx)+y on 1 MB of "a…a!": ${rate.toFixed(2)} comments/s (${(1000 / rate).toFixed(0)} ms each).`);
}
