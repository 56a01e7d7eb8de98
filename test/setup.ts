import nock from "nock";
import { afterEach, beforeEach, expect } from "vitest";
import { installContractChecks, settleContractChecks, takeViolations } from "./helpers/contract.js";

// No real network: GitHub is mocked with nock; loopback stays open for the app's own HTTP server and the browser tests.
nock.disableNetConnect();
nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);

// Every request a mock answers is checked against GitHub's API descriptions; unmatched requests are reported too.
installContractChecks();

// Start every test clean: a test whose own afterEach failed must not hand its mocks to the next one.
beforeEach(() => {
  nock.cleanAll();
});

afterEach(async () => {
  try {
    await settleContractChecks();
    expect(takeViolations(), "requests GitHub would reject, or that no mock answered (see test/helpers/contract.ts)").toStrictEqual([]);
  } finally {
    nock.cleanAll();
  }
});
