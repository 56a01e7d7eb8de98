import { describe, expect, it } from "vitest";
import { parseCommentLink } from "../../../src/github/comment-link.js";

describe("comment links", () => {
  it.each([
    ["https://github.com/o/r/issues/1#issuecomment-22", { kind: "issue_comment", owner: "o", repo: "r", number: 1, id: 22 }],
    ["https://github.com/o/r/pull/3#issuecomment-22", { kind: "issue_comment", owner: "o", repo: "r", number: 3, id: 22 }],
    ["https://github.com/o/r/pull/3#discussion_r44", { kind: "review_comment", owner: "o", repo: "r", number: 3, id: 44 }],
    ["https://github.com/o/r/pull/3/files#discussion_r44", { kind: "review_comment", owner: "o", repo: "r", number: 3, id: 44 }],
    ["https://github.com/o/r/pull/3#pullrequestreview-55", { kind: "review", owner: "o", repo: "r", number: 3, id: 55 }],
    ["https://github.com/o/r/discussions/9#discussioncomment-66", { kind: "discussion_comment", owner: "o", repo: "r", number: 9, id: 66 }],
  ])("%s", (link, expected) => {
    expect(parseCommentLink(link, "github.com")).toStrictEqual(expected);
  });

  it.each([
    "https://evil.example/o/r/issues/1#issuecomment-22",
    "https://github.com/o/r/issues/1",
    "https://github.com/o/r/discussions/9#issuecomment-1",
    "not a url",
    "javascript:alert(1)",
  ])("rejects %s", (link) => {
    expect(parseCommentLink(link, "github.com")).toBeNull();
  });
});
