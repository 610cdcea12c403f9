import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { writeFileAtomic } from "../../../../electron/core/pki/fs-atomic";
import { tempDir } from "../../../helpers/tmp";

describe("writeFileAtomic with content made piece by piece", () => {
  it("writes every piece, in order, with the mode asked for", async () => {
    const dir = await tempDir("atomic-");
    const target = path.join(dir, "lines.txt");
    const lines = Array.from({ length: 30_000 }, (_, i) => `line ${i} ${"x".repeat(i % 50)}\n`);
    writeFileAtomic(target, lines.values(), 0o600);
    expect(readFileSync(target, "utf8")).toBe(lines.join(""));
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(["lines.txt"]);
  });

  it("leaves the old file and no temp file when making the content fails halfway", async () => {
    const dir = await tempDir("atomic-");
    const target = path.join(dir, "cache.txt");
    writeFileSync(target, "the old content\n");
    function* failing() {
      for (let i = 0; i < 40_000; i++) yield `line ${i} ${"y".repeat(40)}\n`; // past the first chunk on disk
      throw new Error("the snapshot broke");
    }
    expect(() => writeFileAtomic(target, failing(), 0o600)).toThrow("the snapshot broke");
    expect(readFileSync(target, "utf8")).toBe("the old content\n");
    expect(readdirSync(dir)).toEqual(["cache.txt"]);
  });
});
