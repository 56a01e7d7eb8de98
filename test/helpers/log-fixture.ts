import { readFileSync } from "node:fs";
import { shardPathFor } from "../../src/resolution-log/entry.js";

/** test/fixtures/log-sample.jsonl: 20 log entries whose report numbers were checked by hand (test/transparency.test.ts). */
export const LOG_FIXTURE = readFileSync(new URL("../fixtures/log-sample.jsonl", import.meta.url), "utf8");

/** The fixture as month shards, the way appendLogEntry writes them. */
export function fixtureShards(): Record<string, string> {
  const shards: Record<string, string> = {};
  for (const line of LOG_FIXTURE.trim().split("\n")) {
    const path = shardPathFor(JSON.parse(line).at);
    shards[path] = `${shards[path] ?? ""}${line}\n`;
  }
  return shards;
}
