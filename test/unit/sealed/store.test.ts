import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SealedReports } from "../../../src/sealed/store.js";
import { Sealer } from "../../../src/spool/sealed.js";

const KEY = { owner: "Codertocat", caseRepository: "moderation", code: "CI-7KQ3M2" };
const RECORD = {
  text: { reporterWords: "The owner told me to leave the project.", reporterContact: "reporter@example.org", maintainerReason: null },
  reported: { login: "org-owner", id: 7 },
  sealedAt: "2026-11-28T09:00:00.000Z",
};

describe("the sealed-report store", () => {
  it("keeps the text sealed on disk and gives it back with the same key", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sealed-"));
    const store = new SealedReports(dir, new Sealer(Buffer.alloc(32, 3)));
    await store.put(KEY, RECORD);
    const [file] = readdirSync(join(dir, "sealed"));
    expect(readFileSync(join(dir, "sealed", file!)).toString("latin1")).not.toContain("leave the project");
    expect(await store.get(KEY)).toStrictEqual({ v: 1, ...RECORD });
    expect(await store.get({ ...KEY, code: "CI-OTHER1" })).toBeNull();
  });

  it("cannot be opened with another key, nor moved to another case", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sealed-"));
    await new SealedReports(dir, new Sealer(Buffer.alloc(32, 3))).put(KEY, RECORD);
    await expect(new SealedReports(dir, new Sealer(Buffer.alloc(32, 4))).get(KEY)).rejects.toThrow(/cannot be opened/);
    const other = { ...KEY, code: "CI-OTHER1" };
    const { renameSync } = await import("node:fs");
    const files = readdirSync(join(dir, "sealed"));
    renameSync(join(dir, "sealed", files[0]!), join(dir, "sealed", files[0]!.replace("CI-7KQ3M2", "CI-OTHER1")));
    await expect(new SealedReports(dir, new Sealer(Buffer.alloc(32, 3))).get(other)).rejects.toThrow(/cannot be opened/);
  });

  it("refuses a key that could leave the folder", async () => {
    const store = new SealedReports(mkdtempSync(join(tmpdir(), "sealed-")), new Sealer(Buffer.alloc(32, 3)));
    await expect(store.get({ ...KEY, code: "../../etc" })).rejects.toThrow(/not a sealed-report key/);
  });
});
