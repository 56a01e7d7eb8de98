import { describe, expect, it } from "vitest";
import { parseCallInCommand } from "../../src/commands/call-in-command.js";
import { parseCommentLink } from "../../src/github/comment-link.js";

describe("/call-in parsing", () => {
  it.each([
    ["/call-in", { link: null, reason: null }],
    ["/call-in   name-calling in review", { link: null, reason: "name-calling in review" }],
    ["/CALL-IN https://github.com/o/r/issues/1#issuecomment-2 slur", { link: "https://github.com/o/r/issues/1#issuecomment-2", reason: "slur" }],
    ["/call-in\r\nsecond line is not the reason", { link: null, reason: null }],
  ])("%j", (body, expected) => {
    expect(parseCallInCommand(body)).toStrictEqual(expected);
  });

  it.each(["please /call-in", "/call-inn", "text\n/call-in", "", null])("is not a command: %j", (body) => {
    expect(parseCallInCommand(body)).toBeNull();
  });
});

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
