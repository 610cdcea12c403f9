import { createHash } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { PkiStore } from "../../../../electron/core/pki/store";
import { LAYOUTS } from "../../../../shared/pki/layouts";
import { makeCert, makeCrl, type MadeCert } from "../../../helpers/certs";
import { filesIn, put } from "../../../helpers/pki";
import { tempDir } from "../../../helpers/tmp";
import { certsWithSameSha1Prefix } from "../../../helpers/twins";

let leaf: MadeCert;
let ca: MadeCert;

beforeAll(async () => {
  ca = await makeCert({ cn: "CA", ca: true });
  leaf = await makeCert({ cn: "server", issuer: ca });
});

const failure = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return { code: (error as { code?: string }).code, message: (error as Error).message, details: (error as { details?: unknown }).details };
  }
  throw new Error("expected a failure");
};

describe("PkiStore.init", () => {
  describe.each(LAYOUTS.map((l) => l.id))("with the %s layout", (layoutId) => {
    it("creates every folder of the layout, private key folders readable by the owner only", async () => {
      const root = path.join(await tempDir(`init-${layoutId}-`), "pki");
      const store = PkiStore.init(root, layoutId);
      expect(store.layout.id).toBe(layoutId);
      for (const [logical, rel] of Object.entries(store.layout.folders)) {
        const stat = statSync(path.join(root, rel));
        expect(stat.isDirectory()).toBe(true);
        // Only the private folder has a fixed mode; the others follow the umask.
        if (process.platform !== "win32" && logical === "own.private") expect((stat.mode & 0o777).toString(8)).toBe("700");
      }
    });
  });

  it("keeps the files of a store that already exists", async () => {
    const root = await tempDir("init-again-");
    PkiStore.init(root, "ua-net");
    put(root, "trusted/certs/server.der", leaf.der);
    PkiStore.init(root, "ua-net");
    expect(filesIn(root)).toEqual(["trusted/certs/server.der"]);
  });

  it("says why it cannot create a store where a file is", async () => {
    const root = await tempDir("init-file-");
    put(root, "taken", "a file");
    expect(failure(() => PkiStore.init(path.join(root, "taken"), "flat"))).toMatchObject({ code: "IO", message: expect.stringContaining("cannot create the store") });
  });
});

describe("PkiStore.find", () => {
  let store: PkiStore;
  let crlId: string;

  beforeAll(async () => {
    store = PkiStore.init(await tempDir("find-"), "ua-net");
    const crl = await makeCrl(ca);
    crlId = createHash("sha256").update(crl.der).digest("hex");
    put(store.root, "trusted/certs/server.der", leaf.der);
    put(store.root, "rejected/certs/server.der", leaf.der);
    put(store.root, "issuer/certs/ca.der", ca.der);
    put(store.root, "issuer/crl/ca.crl", crl.der);
    put(store.root, "rejected/certs/junk.der", "junk");
  });

  it("finds a certificate by the first 8 digits of its SHA-1 thumbprint, in any case", () => {
    expect(store.find(ca.sha1.slice(0, 8).toUpperCase()).map((e) => e.file)).toEqual(["issuer/certs/ca.der"]);
  });

  it("finds a certificate by a SHA-256 prefix or the whole thumbprint", () => {
    expect(store.find(ca.sha256.slice(0, 12)).map((e) => e.file)).toEqual(["issuer/certs/ca.der"]);
    expect(store.find(ca.sha256).map((e) => e.file)).toEqual(["issuer/certs/ca.der"]);
  });

  it("gives every copy of a certificate that is in two folders", () => {
    expect(store.find(leaf.sha1.slice(0, 10)).map((e) => e.file).sort()).toEqual(["rejected/certs/server.der", "trusted/certs/server.der"]);
  });

  it("finds a CRL by its SHA-256 prefix", () => {
    expect(store.find(crlId.slice(0, 8)).map((e) => [e.kind, e.file])).toEqual([["crl", "issuer/crl/ca.crl"]]);
  });

  it("finds a file by its path in the store, relative or absolute, readable or not", () => {
    expect(store.find("issuer/certs/ca.der").map((e) => e.id)).toEqual([ca.sha256]);
    expect(store.find(path.join(store.root, "issuer/certs/ca.der")).map((e) => e.id)).toEqual([ca.sha256]);
    expect(store.find("rejected/certs/junk.der").map((e) => e.kind)).toEqual(["unreadable"]);
  });

  it("says a prefix of fewer than 8 digits is too short", () => {
    expect(failure(() => store.find(ca.sha1.slice(0, 6)))).toMatchObject({ code: "INVALID_INPUT", message: expect.stringContaining("at least 8 hex digits") });
  });

  it("says nothing matches an unknown thumbprint or file", () => {
    expect(failure(() => store.find("0123456789abcdef"))).toMatchObject({ code: "NOT_FOUND", message: expect.stringContaining('"0123456789abcdef"') });
    expect(failure(() => store.find("trusted/certs/nope.der")).code).toBe("NOT_FOUND");
  });

  it("refuses a path outside the store, in the words the user typed", () => {
    expect(failure(() => store.find("../elsewhere/ca.der"))).toMatchObject({ code: "OUTSIDE_STORE", message: expect.stringContaining('"../elsewhere/ca.der"') });
  });

  it("says a prefix shared by two certificates is ambiguous, and names both", async () => {
    const [a, b] = certsWithSameSha1Prefix(leaf.der);
    const twins = PkiStore.init(await tempDir("find-twins-"), "flat");
    put(twins.root, "trusted/a.der", a);
    put(twins.root, "trusted/b.der", b);
    const prefix = createHash("sha1").update(a).digest("hex").slice(0, 8);
    const ids = [a, b].map((d) => createHash("sha256").update(d).digest("hex"));
    expect(failure(() => twins.find(prefix))).toMatchObject({ code: "AMBIGUOUS", message: expect.stringContaining("matches 2 certificates"), details: expect.arrayContaining(ids) });
    expect(existsSync(path.join(twins.root, "trusted/a.der"))).toBe(true);
  });
});
