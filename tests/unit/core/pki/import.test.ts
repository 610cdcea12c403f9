import { readFileSync, rmSync, truncateSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { exportEntry, importIntoStore, readImportSources, type ImportSource } from "../../../../electron/core/pki/import";
import { PkiStore } from "../../../../electron/core/pki/store";
import type { LayoutId } from "../../../../shared/pki/layouts";
import { makeCert, makeCrl, pemBundle, type MadeCert } from "../../../helpers/certs";
import { filesIn, put } from "../../../helpers/pki";
import { tempDir } from "../../../helpers/tmp";

let ca: MadeCert;
let leaf: MadeCert;
let ec: MadeCert;
let crl: { der: Buffer; pem: string };

beforeAll(async () => {
  ca = await makeCert({ cn: "Plant CA", ca: true });
  leaf = await makeCert({ cn: "PLC 7", issuer: ca });
  ec = await makeCert({ cn: "client", key: "ec-p256" });
  crl = await makeCrl(ca, { revoked: [leaf] });
});

const source = (name: string, bytes: Buffer | string): ImportSource => ({ name, bytes: Buffer.from(bytes) });
const newStore = async (layout: LayoutId) => PkiStore.init(await tempDir(`import-${layout}-`), layout);
const read = (store: PkiStore, rel: string) => readFileSync(path.join(store.root, rel));
const errorOf = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return { code: (error as { code?: string }).code, message: (error as Error).message };
  }
  throw new Error("expected a failure");
};

describe("importing into a store", () => {
  describe("file names per layout", () => {
    it("node-opcua: <CN>[sha1].pem in trusted, issuer_<CN>[sha1].pem in issuers, crl_[…].pem for CRLs", async () => {
      const store = await newStore("node-opcua");
      importIntoStore(store, [source("leaf.der", leaf.der)], "trusted");
      importIntoStore(store, [source("ca.der", ca.der), source("ca.crl", crl.der)], "issuers");
      const files = filesIn(store.root);
      expect(files).toContain(`trusted/certs/PLC 7[${leaf.sha1}].pem`);
      expect(files).toContain(`issuers/certs/issuer_Plant CA[${ca.sha1}].pem`);
      expect(files.find((f) => f.startsWith("issuers/crl/"))).toMatch(/^issuers\/crl\/crl_\[[0-9a-f]{40}\]\.pem$/);
      expect(read(store, `trusted/certs/PLC 7[${leaf.sha1}].pem`).toString()).toBe(leaf.pem);
    });

    it("ua-net: <CN> [SHA1].der with the DER bytes", async () => {
      const store = await newStore("ua-net");
      importIntoStore(store, [source("leaf.pem", leaf.pem)], "rejected");
      const name = `rejected/certs/PLC 7 [${leaf.sha1.toUpperCase()}].der`;
      expect(filesIn(store.root)).toEqual([name]);
      expect(read(store, name)).toEqual(leaf.der);
    });

    it("open62541: <CN>[SHA1] without extension in rejected, <CN>[SHA1].der in trusted", async () => {
      const store = await newStore("open62541");
      importIntoStore(store, [source("leaf.pem", leaf.pem)], "rejected");
      importIntoStore(store, [source("ec.der", ec.der)], "trusted");
      expect(filesIn(store.root)).toEqual([`ApplCerts/rejected/certs/PLC 7[${leaf.sha1.toUpperCase()}]`, `ApplCerts/trusted/certs/client[${ec.sha1.toUpperCase()}].der`]);
      expect(store.scan().entries.map((e) => [e.folder, e.kind])).toEqual([
        ["trusted", "certificate"],
        ["rejected", "certificate"],
      ]);
    });

    it.each(["uaexpert", "prosys", "flat"] as const)("%s: <CN> [SHA1].der in the trusted folder", async (layout) => {
      const store = await newStore(layout);
      importIntoStore(store, [source("ec.crt", ec.pem)]);
      expect(filesIn(store.root)).toEqual([`${store.layout.folders["trusted.certs"]}/client [${ec.sha1.toUpperCase()}].der`]);
    });

    it("puts a CRL imported with --to rejected into the issuers' CRL folder", async () => {
      const store = await newStore("ua-net");
      importIntoStore(store, [source("ca.crl", crl.pem)], "rejected");
      expect(filesIn(store.root)).toEqual([expect.stringMatching(/^issuer\/crl\/Plant CA \[[0-9A-F]{40}\]\.crl$/)]);
    });

    it("keeps a common name with slashes and dots inside the folder", async () => {
      const store = await newStore("ua-net");
      const sneaky = await makeCert({ cn: "../../../etc/passwd" });
      const [result] = importIntoStore(store, [source("sneaky.der", sneaky.der)]);
      expect(result.file).toBe(`trusted/certs/_.._.._etc_passwd [${sneaky.sha1.toUpperCase()}].der`);
      expect(filesIn(store.root)).toEqual([result.file]);
    });
  });

  describe("what can be imported", () => {
    it("imports each certificate of a PEM bundle as its own file", async () => {
      const store = await newStore("uaexpert");
      const results = importIntoStore(store, [source("chain.pem", pemBundle(leaf, ca, ec))]);
      expect(results.map((r) => [r.status, r.kind, r.id])).toEqual([
        ["imported", "certificate", leaf.sha256],
        ["imported", "certificate", ca.sha256],
        ["imported", "certificate", ec.sha256],
      ]);
      expect(filesIn(store.root)).toHaveLength(3);
    });

    it("reports a certificate already in the folder and does not write it twice", async () => {
      const store = await newStore("ua-net");
      importIntoStore(store, [source("leaf.der", leaf.der)]);
      const results = importIntoStore(store, [source("again.pem", leaf.pem), source("bundle.pem", pemBundle(ec, ec))]);
      expect(results.map((r) => [r.status, r.message])).toEqual([
        ["exists", "already in trusted"],
        ["imported", expect.stringContaining("imported into trusted/certs/client")],
        ["exists", "already in trusted"],
      ]);
      expect(filesIn(store.root)).toHaveLength(2);
    });

    it("refuses garbage, an empty file and a private key with the reason, and writes nothing for them", async () => {
      const store = await newStore("ua-net");
      const results = importIntoStore(store, [source("junk.der", "junk"), source("empty.der", ""), source("key.pem", leaf.keyPem), source("half.der", leaf.der.subarray(0, 200))]);
      expect(results.map((r) => [r.source, r.status])).toEqual([
        ["junk.der", "failed"],
        ["empty.der", "failed"],
        ["key.pem", "failed"],
        ["half.der", "failed"],
      ]);
      expect(results[1].message).toBe("not a certificate or CRL: empty file (0 bytes)");
      expect(results[2].message).toBe("a private key: not imported into a trust folder");
      expect(filesIn(store.root)).toEqual([]);
    });

    it("refuses a folder the layout does not have", async () => {
      const store = await newStore("flat");
      expect(errorOf(() => importIntoStore(store, [source("ca.der", ca.der)], "issuers"))).toEqual({ code: "INVALID_INPUT", message: "the Flat (TwinCAT-style) layout has no issuers folder" });
    });

    it("writes nothing when the target folder is gone", async () => {
      const store = await newStore("ua-net");
      rmSync(path.join(store.root, "trusted/certs"), { recursive: true });
      put(store.root, "trusted/certs", "");
      const failure = errorOf(() => importIntoStore(store, [source("ec.der", ec.der), source("leaf.der", leaf.der)]));
      expect(failure.message).toMatch(/^import failed; nothing was written: /);
      expect(filesIn(store.root)).toEqual(["trusted/certs"]);
    });
  });
});

describe("readImportSources", () => {
  it("reads the files named on the command line", async () => {
    const dir = await tempDir("sources-");
    const file = put(dir, "ca.cer", ca.der);
    expect(readImportSources([file])).toEqual([{ name: file, bytes: ca.der }]);
  });

  it("refuses a 50 MB file without reading it, and a missing file", async () => {
    const dir = await tempDir("sources-big-");
    const huge = put(dir, "huge.der", "");
    truncateSync(huge, 50 * 1024 * 1024);
    expect(errorOf(() => readImportSources([huge]))).toMatchObject({ code: "INVALID_CERT", message: expect.stringContaining("too large for a certificate") });
    expect(errorOf(() => readImportSources([path.join(dir, "missing.der")]))).toMatchObject({ code: "NOT_FOUND", message: expect.stringContaining("does not exist") });
  });
});

describe("exportEntry", () => {
  it("gives back the exact DER of a certificate stored as PEM, and its PEM", async () => {
    const store = await newStore("node-opcua");
    importIntoStore(store, [source("leaf.der", leaf.der)]);
    expect(exportEntry(store, leaf.sha1.slice(0, 8), "der")).toEqual({ bytes: leaf.der, suggestedName: "PLC 7.der" });
    expect(exportEntry(store, leaf.sha256.slice(0, 8), "pem").bytes.toString()).toBe(leaf.pem);
  });

  it("exports one certificate out of a bundle, and a CRL", async () => {
    const store = await newStore("ua-net");
    put(store.root, "trusted/certs/chain.pem", pemBundle(leaf, ec));
    put(store.root, "trusted/crl/ca.crl", crl.der);
    expect(exportEntry(store, ec.sha1.slice(0, 8), "der").bytes).toEqual(ec.der);
    const crlEntry = store.scan().entries.find((e) => e.kind === "crl")!;
    expect(exportEntry(store, crlEntry.id.slice(0, 8), "pem")).toEqual({ bytes: Buffer.from(crl.pem), suggestedName: "Plant CA.crl.pem" });
  });

  it("refuses an unreadable file", async () => {
    const store = await newStore("ua-net");
    put(store.root, "trusted/certs/junk.der", "junk");
    expect(errorOf(() => exportEntry(store, "trusted/certs/junk.der", "der")).code).toBe("INVALID_CERT");
  });
});
