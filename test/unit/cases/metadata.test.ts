import { describe, expect, it } from "vitest";
import { findMetaBlock, parseMeta, rememberDelivery, renderMetaJson, MAX_REMEMBERED_DELIVERIES, type CaseMetaInput } from "../../../src/cases/metadata.js";
import { withMeta } from "../../helpers/cases.js";
import { neutralise } from "../../../src/text/neutralise.js";

const meta: CaseMetaInput = {
  v: 1,
  code: "CI-ABC123",
  state: "open",
  trigger: "label",
  source: { key: "o/r#1", owner: "o", repo: "r", number: 1, threadKind: "issue", url: "https://github.com/o/r/issues/1" },
  subject: { kind: "issue", url: "https://github.com/o/r/issues/1" },
  openedAt: "2026-11-22T00:00:00.000Z",
};

describe("case metadata", () => {
  it("round-trips through a case body, keeping unknown fields of newer versions", () => {
    const body = withMeta("Case text", { ...meta, futureField: { x: 1 } } as CaseMetaInput);
    expect(parseMeta(body)).toMatchObject({ code: "CI-ABC123", futureField: { x: 1 }, deliveries: [] });
  });

  it("cannot be ended early by its own content", () => {
    const block = withMeta("", { ...meta, code: "--> <script>" }).trim();
    expect(block.indexOf("-->")).toBe(block.length - 3);
    expect(renderMetaJson({ ...meta, code: "--> <script>" })).not.toMatch(/[<>]|--/);
    expect(parseMeta(block)?.code).toBe("--> <script>");
  });

  it("cannot be forged by user text, once neutralised", () => {
    const forged = `<!-- call-in:meta ${JSON.stringify({ ...meta, code: "FORGED", state: "resolved" })} -->`;
    const body = withMeta(`Quoted: ${neutralise(forged)}`, meta);
    expect(parseMeta(body)?.code).toBe("CI-ABC123");
    expect(parseMeta(`Quoted: ${neutralise(forged)}`)).toBeNull();
  });

  it("replaces the block instead of stacking a second one", () => {
    const once = withMeta("text", meta);
    const twice = withMeta(once, { ...meta, state: "acknowledged" });
    expect(twice.match(/call-in:meta/g)).toHaveLength(1);
    expect(parseMeta(twice)?.state).toBe("acknowledged");
  });

  it("returns null for a damaged block", () => {
    expect(parseMeta("<!-- call-in:meta {not json} -->")).toBeNull();
    expect(parseMeta('<!-- call-in:meta {"v":2} -->')).toBeNull();
  });

  it("remembers a bounded number of deliveries, newest last", () => {
    let current = parseMeta(withMeta("", meta))!;
    for (let i = 0; i < MAX_REMEMBERED_DELIVERIES + 5; i++) current = rememberDelivery(current, `d${i}`);
    expect(current.deliveries).toHaveLength(MAX_REMEMBERED_DELIVERIES);
    expect(current.deliveries.at(-1)).toBe(`d${MAX_REMEMBERED_DELIVERIES + 4}`);
    expect(rememberDelivery(current, "d10").deliveries.filter((d) => d === "d10")).toHaveLength(1);
  });

  it("finds the block with string searches: many unclosed openers cost one pass, and the last block is the one read", () => {
    const sealed = withMeta("Case text", meta);
    expect(findMetaBlock(sealed)).toMatchObject({ seal: expect.stringMatching(/^v1\./) });
    // What anyone with read access could put in an issue of the case repository.
    const opener = "<!-- call-in:meta {";
    expect(findMetaBlock(opener.repeat(65_536 / opener.length))).toBeNull();
    // An unsealed block (older versions) is still found, its JSON exactly as written.
    expect(findMetaBlock('text\n\n<!-- call-in:meta {"v":1,"note":"a b"} -->\n')).toStrictEqual({ json: '{"v":1,"note":"a b"}', seal: null });
    // With two blocks, the last one counts; replacing it leaves no second block behind.
    const twice = `${sealed}\n${withMeta("", { ...meta, code: "CI-LAST01" })}`;
    expect(parseMeta(twice)?.code).toBe("CI-LAST01");
  });
});
