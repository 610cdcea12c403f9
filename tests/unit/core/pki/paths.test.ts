import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { resolveInsideStore, toStoreRelative } from "../../../../electron/core/pki/paths";
import { tempDir } from "../../../helpers/tmp";

let root: string;
let outside: string;

const refusal = (input: string) => {
  try {
    resolveInsideStore(root, input);
  } catch (error) {
    return { code: (error as { code?: string }).code, message: (error as Error).message };
  }
  return null;
};

beforeAll(async () => {
  root = await tempDir("paths-");
  outside = await tempDir("outside-");
  mkdirSync(path.join(root, "trusted/certs"), { recursive: true });
  mkdirSync(path.join(root, "..shared"));
  writeFileSync(path.join(outside, "secret.pem"), "secret");
  symlinkSync(path.join(outside, "secret.pem"), path.join(root, "trusted/certs/link.pem"));
  symlinkSync(outside, path.join(root, "escape"));
  symlinkSync(path.join(root, "trusted"), path.join(root, "alias"));
});

describe("resolveInsideStore", () => {
  describe("a path that stays inside the store", () => {
    it("resolves a relative path against the store root", () => {
      expect(resolveInsideStore(root, "trusted/certs/a.der")).toBe(path.join(root, "trusted/certs/a.der"));
    });

    it("accepts an absolute path inside the store and a `..` that stays inside", () => {
      expect(resolveInsideStore(root, path.join(root, "trusted/certs/a.der"))).toBe(path.join(root, "trusted/certs/a.der"));
      expect(resolveInsideStore(root, "trusted/../trusted/certs/a.der")).toBe(path.join(root, "trusted/certs/a.der"));
    });

    it("accepts names that merely start with two dots", () => {
      expect(resolveInsideStore(root, "..shared/a.der")).toBe(path.join(root, "..shared/a.der"));
      expect(resolveInsideStore(root, "trusted/certs/..a..b.der")).toBe(path.join(root, "trusted/certs/..a..b.der"));
    });

    it("accepts a symbolic link whose target is inside the store", () => {
      expect(resolveInsideStore(root, "alias/certs/a.der")).toBe(path.join(root, "alias/certs/a.der"));
    });
  });

  describe("a path that leaves the store", () => {
    it("refuses `..` that climbs out, and absolute paths elsewhere, with OUTSIDE_STORE", () => {
      expect(refusal("../x.der")).toMatchObject({ code: "OUTSIDE_STORE", message: expect.stringContaining("outside the store") });
      expect(refusal("trusted/../../x.der")?.code).toBe("OUTSIDE_STORE");
      expect(refusal(path.join(outside, "secret.pem"))?.code).toBe("OUTSIDE_STORE");
    });

    it("refuses a symbolic link to a file or folder outside the store", () => {
      expect(refusal("trusted/certs/link.pem")).toMatchObject({ code: "OUTSIDE_STORE", message: expect.stringContaining("symbolic link") });
      expect(refusal("escape/secret.pem")?.code).toBe("OUTSIDE_STORE");
      expect(refusal("escape/not-yet-there.pem")?.code).toBe("OUTSIDE_STORE");
    });

    it("refuses a NUL byte, backslashes and drive letters on Linux", () => {
      expect(refusal("trusted/a\0.der")?.code).toBe("OUTSIDE_STORE");
      if (process.platform !== "win32") {
        expect(refusal("trusted\\..\\..\\x")?.code).toBe("OUTSIDE_STORE");
        expect(refusal("C:/Windows/x.der")?.code).toBe("OUTSIDE_STORE");
      }
    });

    it("refuses an empty or absurdly long path as bad input", () => {
      expect(refusal("")?.code).toBe("INVALID_INPUT");
      expect(refusal("a/".repeat(600))?.code).toBe("INVALID_INPUT");
    });
  });
});

describe("toStoreRelative", () => {
  it("gives store-relative paths with forward slashes", () => {
    expect(toStoreRelative(root, path.join(root, "trusted", "certs", "a.der"))).toBe("trusted/certs/a.der");
  });
});
