import { describe, expect, it } from "vitest";
import { isCodeOfConductPath, titleIsAboutCodeOfConduct } from "../../../src/watch/coc-thread.js";

describe("isCodeOfConductPath", () => {
  it("knows a Code of Conduct by its file name, in any folder and case", () => {
    for (const path of [
      "CODE_OF_CONDUCT.md",
      ".github/CODE_OF_CONDUCT.md",
      "docs/code-of-conduct.md",
      "CODE_OF_CONDUCT",
      "community/Code_Of_Conduct.rst",
      "codeofconduct.txt",
      "docs/code of conduct.md",
    ])
      expect(isCodeOfConductPath(path), path).toBe(true);
  });

  it("does not take a folder of that name, or files that only look alike, for one", () => {
    for (const path of ["code-of-conduct/README.md", "docs/conduct.md", "CONTRIBUTING.md", "src/code-of-conduct-check.ts", "my_code_of_conduct.md"])
      expect(isCodeOfConductPath(path), path).toBe(false);
  });
});

describe("titleIsAboutCodeOfConduct", () => {
  it("a title that names the Code of Conduct is about it", () => {
    for (const title of ["Update the Code of Conduct", "Adopt a CoC", "Translate CODE_OF_CONDUCT.md into French", "code-of-conduct: clarify enforcement"])
      expect(titleIsAboutCodeOfConduct(title), title).toBe(true);
  });

  it("a title that names a concern under it is a report, and other titles are about something else", () => {
    for (const title of [
      "CoC violation in #12",
      "Code of Conduct violation by a maintainer",
      "Harassment in the release thread (code of conduct)",
      "Reporting abuse under our CoC",
      "Spelling error in the README file",
      "Cocoa bindings",
      null,
    ])
      expect(titleIsAboutCodeOfConduct(title), String(title)).toBe(false);
  });
});
