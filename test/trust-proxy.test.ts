import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./helpers/app.js";
import { readSettings } from "../src/settings.js";

describe("TRUST_PROXY", () => {
  it.each([
    [undefined, 0],
    ["", 0],
    ["0", 0],
    ["2", 2],
    [" 1 ", 1],
  ])("%j -> %j hops", (value, expected) => {
    expect(readSettings(value === undefined ? {} : { TRUST_PROXY: value }).trustProxy).toBe(expected);
  });

  it.each(["true", "yes", "-1", "1.5", "loopback", "10.0.0.0/8"])("refuses %j, saying to give a hop count", (value) => {
    expect(() => readSettings({ TRUST_PROXY: value }).trustProxy).toThrow(
      /^TRUST_PROXY must be the number of reverse proxies in front of Call-In \(for example 1 behind one load balancer\), not "/,
    );
  });
});

describe("per-address limits behind proxies", () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
    expect(nock.pendingMocks()).toStrictEqual([]);
  });

  /** Status page views, each with its own X-Forwarded-For; the answers' status codes. */
  async function statusViews(env: NodeJS.ProcessEnv, forwardedFor: (i: number) => string, views: number): Promise<number[]> {
    app = await createTestApp({ services: { env, reportForm: { statusPerMinute: 3, drainIntervalMs: 60_000 } } });
    const base = await app.listen();
    const statuses: number[] = [];
    for (let i = 0; i < views; i++) {
      const res = await fetch(`${base}/call-in/status/not-a-token`, { headers: { "x-forwarded-for": forwardedFor(i) } });
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    return statuses;
  }

  it("without TRUST_PROXY, a made-up X-Forwarded-For does not buy a new allowance", async () => {
    expect(await statusViews({}, (i) => `198.51.100.${i + 1}`, 5)).toStrictEqual([404, 404, 404, 429, 429]);
  });

  it("with one proxy, only the address that proxy saw counts, not what the client wrote before it", async () => {
    expect(await statusViews({ TRUST_PROXY: "1" }, (i) => `198.51.100.${i + 1}, 192.0.2.7`, 5)).toStrictEqual([404, 404, 404, 429, 429]);
  });

  it("with one proxy, two people behind it are counted apart", async () => {
    expect(await statusViews({ TRUST_PROXY: "1" }, (i) => `192.0.2.${i + 1}`, 5)).toStrictEqual([404, 404, 404, 404, 404]);
  });
});
