import nock from "nock";
import { Probot } from "probot";
import { afterAll, afterEach, beforeEach, expect } from "vitest";
import { installContractChecks, settleContractChecks, takeResponseViolations, takeViolations } from "./helpers/contract.js";
import { neverLog, takeLeaks } from "./helpers/logs.js";

// No real network: GitHub is mocked with nock; loopback stays open for the app's own HTTP server and the browser tests.
nock.disableNetConnect();
nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);

// Every request a mock answers, and the mocked answer, is checked against GitHub's API descriptions; unmatched requests are reported too.
installContractChecks();

// What no log line of any test may hold (checked after each file, over every line captured by test/helpers/logs.ts):
// secrets of the test set-up, status tokens, rate-limit partition keys and documentation client addresses...
const STANDING_CANARIES = [
  "test-token",
  "6b".repeat(32),
  /\/call-in\/status\/(?!\[token\])[A-Za-z0-9_.-]{16,}/,
  /\bpk=/,
  /\b(?:203\.0\.113|198\.51\.100|192\.0\.2)\.\d{1,3}\b/,
];

/** The words people typed in a webhook payload: bodies, titles, each line, and a command's arguments. */
function typedText(payload: unknown): string[] {
  const found: string[] = [];
  const record = payload as Record<string, Record<string, unknown> | undefined>;
  for (const key of ["comment", "review", "issue", "pull_request", "discussion"]) {
    for (const field of ["body", "title"]) {
      const text = record?.[key]?.[field];
      if (typeof text !== "string") continue;
      // A bare command ("/call-in") or a link is not what anybody typed about anyone: logging those is fine.
      const typed = (candidate: string) => !/^(\/[\w-]+|https?:\/\/\S+)$/.test(candidate) && found.push(candidate);
      typed(text.trim());
      for (const line of text.split(/\r?\n/)) {
        const trimmed = line.trim();
        if (trimmed.length >= 10) typed(trimmed);
        // `/call-in [link] [reason]`: the reason.
        const reason = /^\/call-in(?:\s+https?:\/\/\S+)?\s+(.{8,})$/.exec(trimmed)?.[1];
        if (reason) typed(reason.trim());
      }
    }
  }
  return found;
}

// Every delivered webhook's typed text becomes a canary: no test may see it logged.
const receive = Probot.prototype.receive;
Probot.prototype.receive = function (this: Probot, event: Parameters<Probot["receive"]>[0]) {
  neverLog(...typedText(event.payload));
  return receive.call(this, event);
};

// Every report form submission's description and contact, and every cookie a test sends, too.
const originalFetch = globalThis.fetch;
globalThis.fetch = ((input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
  if (init?.body instanceof URLSearchParams) neverLog(init.body.get("description")?.trim(), init.body.get("contact")?.trim());
  const cookie = new Headers(init?.headers).get("cookie");
  if (cookie)
    neverLog(
      ...cookie
        .split(";")
        .map((pair) => pair.split("=").slice(1).join("=").trim())
        .filter((value) => value.length >= 12),
    );
  return originalFetch(input, init);
}) as typeof fetch;

// Start every test clean: a test whose own afterEach failed must not hand its mocks to the next one.
beforeEach(() => {
  nock.cleanAll();
  neverLog(...STANDING_CANARIES);
});

afterEach(async () => {
  try {
    await settleContractChecks();
    expect(
      [...takeViolations(), ...takeResponseViolations()],
      "requests GitHub would reject, answers GitHub would never send, or requests no mock answered (see test/helpers/contract.ts)",
    ).toStrictEqual([]);
  } finally {
    nock.cleanAll();
  }
});

afterAll(() => {
  expect(
    takeLeaks(),
    "log lines holding reported text, a contact, a token, a cookie, a client address or a case body (canaries: test/setup.ts, neverLog)",
  ).toStrictEqual([]);
});
