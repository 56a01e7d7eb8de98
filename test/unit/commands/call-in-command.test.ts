import { describe, expect, it } from "vitest";
import { parseCallInCommand } from "../../../src/commands/call-in-command.js";

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
