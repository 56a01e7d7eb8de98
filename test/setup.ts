import nock from "nock";
import { afterEach, expect } from "vitest";
import { installContractChecks, settleContractChecks, takeViolations } from "./helpers/contract.js";

// No real network: GitHub is mocked with nock; loopback stays open for the app's own HTTP server and the browser tests.
nock.disableNetConnect();
nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);

// Every request a mock answers is checked against GitHub's API descriptions; unmatched requests are reported too.
installContractChecks();

afterEach(async () => {
  try {
    await settleContractChecks();
    expect(takeViolations(), "requests GitHub would reject, or that no mock answered (see test/helpers/contract.ts)").toStrictEqual([]);
  } finally {
    nock.cleanAll();
  }
});
