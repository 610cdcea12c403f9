import { mkdirSync, rmSync, symlinkSync, truncateSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { PkiStore } from "../../../../electron/core/pki/store";
import { LAYOUTS, type LogicalFolder } from "../../../../shared/pki/layouts";
import type { CertSummary, StoreEntry, UnreadableEntry } from "../../../../shared/types/cert";
import { makeCert, makeCrl, pemBundle, type MadeCert } from "../../../helpers/certs";
import { put } from "../../../helpers/pki";
import { tempDir } from "../../../helpers/tmp";

let ca: MadeCert;
let leaf: MadeCert;
let client: MadeCert;
let crl: { der: Buffer; pem: string };

beforeAll(async () => {
  ca = await makeCert({ cn: "Plant CA", o: "Acme", ca: true });
  leaf = await makeCert({ cn: "server", issuer: ca, dns: ["localhost"] });
  client = await makeCert({ cn: "client", key: "ec-p256" });
  crl = await makeCrl(ca);
});

const summary = (entries: StoreEntry[]) => entries.map((e) => ({ folder: e.folder, kind: e.kind, file: e.file })).sort((a, b) => a.file.localeCompare(b.file));
const certs = (entries: StoreEntry[]) => entries.filter((e): e is CertSummary => e.kind === "certificate");
const unreadable = (entries: StoreEntry[], file: string) => entries.find((e): e is UnreadableEntry => e.kind === "unreadable" && e.file === file);

async function emptyStore(layout: (typeof LAYOUTS)[number]["id"]): Promise<PkiStore> {
  return PkiStore.init(await tempDir(`scan-${layout}-`), layout);
}

describe("scanning a store", () => {
  describe.each(LAYOUTS.map((l) => l.id))("with the %s layout", (layoutId) => {
    it("lists each certificate and CRL under the folder it is in", async () => {
      const store = await emptyStore(layoutId);
      const rel = (logical: LogicalFolder) => store.layout.folders[logical];
      const expected: { folder: string; kind: string; file: string }[] = [];
      const place = (logical: LogicalFolder, name: string, bytes: Buffer | string, kind: string) => {
        const folder = rel(logical) ?? (logical.endsWith(".crl") ? rel(logical.replace(".crl", ".certs") as LogicalFolder) : undefined);
        if (!folder) return;
        put(store.root, `${folder}/${name}`, bytes);
        expected.push({ folder: logical.split(".")[0], kind, file: `${folder}/${name}` });
      };
      place("trusted.certs", "server.der", leaf.der, "certificate");
      place("trusted.crl", "ca.crl", crl.der, "crl");
      place("issuers.certs", "ca.pem", ca.pem, "certificate");
      place("rejected.certs", "client.pem", client.pem, "certificate");
      place("own.certs", "own.der", leaf.der, "certificate");
      const scan = store.scan();
      expect(summary(scan.entries)).toEqual(expected.sort((a, b) => a.file.localeCompare(b.file)));
      expect(scan.missingFolders).toEqual([]);
    });
  });

  it("reads open62541's rejected files, which have no extension", async () => {
    const store = await emptyStore("open62541");
    put(store.root, `ApplCerts/rejected/certs/client[${client.sha1.toUpperCase()}]`, client.der);
    expect(certs(store.scan().entries)).toEqual([expect.objectContaining({ folder: "rejected", sha1: client.sha1, format: "der" })]);
  });

  it("gives every field a user sees: thumbprints, names, SANs, validity, key, signature, flags, file and format", async () => {
    const store = await emptyStore("ua-net");
    put(store.root, "trusted/certs/server.pem", leaf.pem);
    const [entry] = store.scan().entries as CertSummary[];
    expect(entry).toMatchObject({
      kind: "certificate",
      id: leaf.sha256,
      sha1: leaf.sha1,
      sha256: leaf.sha256,
      subject: { cn: "server", o: null },
      issuer: { cn: "Plant CA", o: "Acme" },
      applicationUri: "urn:test:server",
      dns: ["localhost"],
      ip: [],
      notBefore: leaf.cert.notBefore.toISOString(),
      notAfter: leaf.cert.notAfter.toISOString(),
      keyType: "RSA",
      keySize: 2048,
      signatureAlgorithm: "sha256WithRSAEncryption",
      isCA: false,
      selfSigned: false,
      folder: "trusted",
      file: "trusted/certs/server.pem",
      format: "pem",
      bundleSiblings: 0,
      problems: [],
    });
    expect(entry).not.toHaveProperty("parsed");
  });

  it("lists each certificate of a PEM bundle, all in the same file", async () => {
    const store = await emptyStore("uaexpert");
    put(store.root, "trusted/certs/chain.pem", pemBundle(leaf, ca, client));
    const entries = certs(store.scan().entries);
    expect(entries.map((e) => [e.sha1, e.file, e.bundleSiblings])).toEqual([
      [leaf.sha1, "trusted/certs/chain.pem", 2],
      [ca.sha1, "trusted/certs/chain.pem", 2],
      [client.sha1, "trusted/certs/chain.pem", 2],
    ]);
  });

  it("skips what the stack or this tool keeps beside the certificates", async () => {
    const store = await emptyStore("node-opcua");
    put(store.root, "trusted/certs/server.pem", leaf.pem);
    put(store.root, "trusted/certs/server.pem.mutex", "");
    put(store.root, "trusted/certs/.uatrust-0123456789ab.tmp", leaf.der);
    put(store.root, "trusted/certs/.DS_Store", "Bud1 junk");
    mkdirSync(path.join(store.root, "trusted/certs/sub"));
    put(store.root, "trusted/certs/sub/nested.der", client.der);
    expect(summary(store.scan().entries)).toEqual([{ folder: "trusted", kind: "certificate", file: "trusted/certs/server.pem" }]);
  });

  it("reports the layout's folders that are missing on disk", async () => {
    const store = await emptyStore("ua-net");
    rmSync(path.join(store.root, "issuer"), { recursive: true });
    expect(store.scan().missingFolders).toEqual(["issuer/certs", "issuer/crl"]);
  });

  describe("files that are not certificates", () => {
    let store: PkiStore;
    let entries: StoreEntry[];
    let ms: number;

    beforeAll(async () => {
      store = await emptyStore("uaexpert");
      const outside = await tempDir("scan-outside-");
      put(store.root, "rejected/certs/good.der", client.der);
      put(store.root, "rejected/certs/garbage.der", Buffer.from("this is not DER \x00\x01\x02"));
      put(store.root, "rejected/certs/truncated.der", leaf.der.subarray(0, leaf.der.length / 2));
      put(store.root, "rejected/certs/empty.der", Buffer.alloc(0));
      put(store.root, "rejected/certs/key.pem", leaf.keyPem);
      const huge = put(store.root, "rejected/certs/huge.der", Buffer.alloc(0));
      truncateSync(huge, 50 * 1024 * 1024);
      writeFileSync(path.join(outside, "secret.der"), leaf.der);
      symlinkSync(path.join(outside, "secret.der"), path.join(store.root, "rejected/certs/outside.der"));
      symlinkSync(path.join(store.root, "rejected/certs/gone.der"), path.join(store.root, "rejected/certs/dangling.der"));
      symlinkSync(path.join(store.root, "rejected/certs/good.der"), path.join(store.root, "rejected/certs/inside-link.der"));
      const started = performance.now();
      entries = store.scan().entries;
      ms = performance.now() - started;
    });

    it("lists each of them as unreadable with the reason, next to the good certificate", () => {
      expect(certs(entries).map((e) => e.file)).toEqual(["rejected/certs/good.der", "rejected/certs/inside-link.der"]);
      expect(unreadable(entries, "rejected/certs/garbage.der")?.reason).toMatch(/neither a DER certificate nor a CRL|not DER/);
      expect(unreadable(entries, "rejected/certs/truncated.der")?.reason).toBeTruthy();
      expect(unreadable(entries, "rejected/certs/empty.der")?.reason).toBe("empty file (0 bytes)");
      expect(unreadable(entries, "rejected/certs/key.pem")?.reason).toBe("a private key: it does not belong in a trust folder");
      expect(unreadable(entries, "rejected/certs/dangling.der")?.reason).toBe("dangling symbolic link");
      const garbage = unreadable(entries, "rejected/certs/garbage.der")!;
      expect(garbage).toMatchObject({ folder: "rejected", problems: [{ code: "unreadable", severity: "error", message: expect.stringContaining(garbage.reason) }] });
    });

    it("does not follow a symbolic link that points outside the store", () => {
      expect(unreadable(entries, "rejected/certs/outside.der")?.reason).toBe("symbolic link pointing outside the store");
    });

    it("does not read a 50 MB file, and says it is too large, quickly", () => {
      expect(unreadable(entries, "rejected/certs/huge.der")).toMatchObject({ size: 50 * 1024 * 1024, reason: "too large for a certificate (50.0 MiB)" });
      expect(ms).toBeLessThan(2000);
    });
  });

  describe("problems that depend on the rest of the store", () => {
    it("flags a CA in trusted or issuers without a CRL in the store", async () => {
      const store = await emptyStore("ua-net");
      put(store.root, "trusted/certs/ca.der", ca.der);
      expect(certs(store.scan().entries)[0].problems.map((p) => p.code)).toEqual(["ca-without-crl"]);
    });

    it("does not flag the CA once its CRL is there, in any CRL folder", async () => {
      const store = await emptyStore("ua-net");
      put(store.root, "issuer/certs/ca.der", ca.der);
      put(store.root, "trusted/crl/ca.crl", crl.der);
      expect(certs(store.scan().entries)[0].problems).toEqual([]);
    });

    it("flags a certificate that is both trusted and rejected, on both copies", async () => {
      const store = await emptyStore("node-opcua");
      put(store.root, "trusted/certs/client.pem", client.pem);
      put(store.root, "rejected/client.der", client.der);
      const byFolder = Object.fromEntries(certs(store.scan().entries).map((e) => [e.folder, e.problems]));
      expect(byFolder.trusted).toEqual([expect.objectContaining({ code: "trusted-and-rejected", severity: "warning" })]);
      expect(byFolder.rejected).toEqual([expect.objectContaining({ code: "trusted-and-rejected", severity: "info" })]);
    });
  });

  describe("scanning again", () => {
    it("reuses files that did not change and re-reads one that did", async () => {
      const store = await emptyStore("flat");
      put(store.root, "trusted/a.der", leaf.der);
      const b = put(store.root, "trusted/b.der", ca.der);
      expect(store.scan()).toMatchObject({ filesRead: 2, filesReused: 0 });
      expect(store.scan()).toMatchObject({ filesRead: 0, filesReused: 2 });
      writeFileSync(b, client.der);
      utimesSync(b, new Date(), new Date(Date.now() + 5000));
      const third = store.scan();
      expect(third).toMatchObject({ filesRead: 1, filesReused: 1 });
      expect(certs(third.entries).map((e) => e.sha1).sort()).toEqual([leaf.sha1, client.sha1].sort());
    });
  });
});
