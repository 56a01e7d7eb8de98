import { describe, expect, it } from "vitest";
import { trustProxySetting } from "../../src/util/trust-proxy.js";

describe("TRUST_PROXY", () => {
  it.each([
    [undefined, false],
    ["", false],
    ["0", 0],
    ["2", 2],
    ["true", true],
    ["yes", false],
    ["-1", false],
  ])("%j -> %j", (value, expected) => {
    expect(trustProxySetting(value === undefined ? {} : { TRUST_PROXY: value })).toBe(expected);
  });
});
