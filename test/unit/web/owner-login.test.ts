import { describe, expect, it } from "vitest";
import { isOwnerLogin, OWNER_LOGIN } from "../../../src/web/owner-login.js";

describe("the owner login in web addresses", () => {
  it.each(["a", "Z", "0", "octocat", "Codertocat", "my-org", "a1-b2-c3", "a".repeat(39), `a${"-".repeat(38)}`, "a--b", "a-"])("accepts %j", (login) => {
    expect(isOwnerLogin(login)).toBe(true);
    expect(OWNER_LOGIN.test(login)).toBe(true);
  });

  it.each([
    "",
    "-",
    "-a",
    "-octocat",
    "a".repeat(40),
    `a${"-".repeat(39)}`,
    "a_b",
    "a.b",
    "a/b",
    "..",
    ".github",
    "a b",
    "a%2Fb",
    "é",
    "ａ",
    "a\n",
    "\na",
    "a\u0000",
  ])("refuses %j", (login) => {
    expect(isOwnerLogin(login)).toBe(false);
  });

  it.each([undefined, null, 1, ["a"], { toString: () => "a" }])("refuses the non-string %j", (value) => {
    expect(isOwnerLogin(value)).toBe(false);
  });
});
