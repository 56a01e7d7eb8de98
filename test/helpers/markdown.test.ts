import { describe, expect, it } from "vitest";
import { inertText } from "../../src/text/neutralise.js";
import { activeParts } from "./markdown.js";

// The model of GitHub's renderer that the inert-text properties are checked with
// must be as eager as GitHub, and no more: a link GitHub would never make is a
// false alarm that fails a property run on a random seed.
describe("the Markdown model's e-mail autolinks follow GitHub's extension", () => {
  it("links an address GitHub links", () => {
    expect(activeParts("write to me@example.org please")).toContain("link mailto:me@example.org");
    expect(activeParts("a.b+c_d@ex-ample.co.uk")).toContain("link mailto:a.b+c_d@ex-ample.co.uk");
  });

  it("does not link a host name with a symbol GitHub's autolinker refuses (found by a property run: x@|github.com)", () => {
    expect(activeParts("x@|github.com/o/r/issues/1")).toStrictEqual([]);
    expect(activeParts(inertText("x@|github.com/o/r/issues/1"))).toStrictEqual([]);
  });

  it("still reports every other link linkify finds", () => {
    expect(activeParts("see https://example.org/x")).toContain("link https://example.org/x");
    expect(activeParts("[a](https://example.org)")).toStrictEqual(["link https://example.org"]);
    expect(activeParts("mailto:me@example.org")).toContain("link mailto:me@example.org");
  });
});
