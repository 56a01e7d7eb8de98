import { describe, expect, it } from "vitest";
import { BackgroundWork, beforeDeadline, type Deadline } from "../../../src/report-form/deadline.js";

/** A deadline the test passes itself; counts cancelled waits. */
function heldDeadline() {
  let pass: () => void = () => undefined;
  const state = { cancelled: 0 };
  const deadline: Deadline = {
    start: () => ({ passed: new Promise<void>((resolve) => (pass = resolve)), cancel: () => void state.cancelled++ }),
  };
  return { deadline, pass: () => pass(), state };
}

describe("a page's deadline", () => {
  it("gives the work's result when it comes first, and leaves nothing behind", async () => {
    const { deadline, state } = heldDeadline();
    const background = new BackgroundWork();
    expect(await beforeDeadline(Promise.resolve("branded"), deadline, background, "generic")).toBe("branded");
    expect(state.cancelled).toBe(1);
    let waited = false;
    await background.idle().then(() => (waited = true));
    expect(waited).toBe(true);
  });

  it("answers without the work once the deadline passes, and the work goes on where a test can wait for it", async () => {
    const { deadline, pass } = heldDeadline();
    const background = new BackgroundWork();
    let finish: (value: string) => void = () => undefined;
    let finished = false;
    const work = new Promise<string>((resolve) => (finish = resolve)).then((v) => ((finished = true), v));
    const answer = beforeDeadline(work, deadline, background, "generic");
    pass();
    expect(await answer).toBe("generic");
    let idleDone = false;
    const idle = background.idle().then(() => (idleDone = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(idleDone).toBe(false); // still waiting for the work
    finish("branded");
    await idle;
    expect(finished).toBe(true);
  });

  it("passes the work's failure on when it comes first", async () => {
    const { deadline } = heldDeadline();
    await expect(beforeDeadline(Promise.reject(new Error("502")), deadline, new BackgroundWork(), "generic")).rejects.toThrow("502");
  });
});
