import { describe, expect, it } from "vitest";
import { captureLogs, neverLog, takeLeaks } from "./logs.js";

// In a file of its own: taking the leaks here empties what test/setup.ts checks after the file.
describe("the suite's log check", () => {
  it("finds a registered canary in any line any test logged, and forgets it once reported", () => {
    const { log } = captureLogs();
    neverLog("a canary that must not be logged");
    log.debug({ note: "prefix a canary that must not be logged suffix" }, "debug line");
    const leaks = takeLeaks();
    expect(leaks).toHaveLength(1);
    expect(leaks[0]![0]).toBe("a canary that must not be logged");
    expect(leaks[0]![1]).toContain('"msg":"debug line"');
    expect(takeLeaks()).toStrictEqual([]);
  });
});
