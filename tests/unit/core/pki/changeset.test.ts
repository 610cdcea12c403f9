import { readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { changesFor, freeName, syncChanges } from "../../../../electron/core/pki/changeset";
import { PkiStore } from "../../../../electron/core/pki/store";
import type { LayoutId } from "../../../../shared/pki/layouts";
import type { CertSummary } from "../../../../shared/types/cert";
import type { StagedChange } from "../../../../shared/types/changes";
import { makeCert, makeCrl, pemBundle, type MadeCert } from "../../../helpers/certs";
import { filesIn, put, snapshot } from "../../../helpers/pki";
import { tempDir } from "../../../helpers/tmp";

let a: MadeCert;
let b: MadeCert;
let c: MadeCert;
let ca: MadeCert;

beforeAll(async () => {
  [a, b, c] = await Promise.all([makeCert({ cn: "alpha" }), makeCert({ cn: "bravo" }), makeCert({ cn: "charlie" })]);
  ca = await makeCert({ cn: "CA", ca: true });
});

async function store(layout: LayoutId, files: Record<string, Buffer | string>): Promise<PkiStore> {
  const s = PkiStore.init(await tempDir(`changes-${layout}-`), layout);
  for (const [rel, bytes] of Object.entries(files)) put(s.root, rel, bytes);
  s.scan();
  return s;
}

const stage = (s: PkiStore, kind: StagedChange["kind"], file: string): StagedChange => ({ kind, file, id: s.entries().find((e) => e.file === file)!.id });
const read = (s: PkiStore, rel: string) => readFileSync(path.join(s.root, rel));
/** Certificate files only: what a user sees in the folders. */
const certFiles = (s: PkiStore) => filesIn(s.root).filter((f) => !f.includes("/.") && !f.startsWith("."));
const leftovers = (s: PkiStore) => filesIn(s.root).filter((f) => /(^|\/)\.uatrust/.test(f));

describe("syncing staged changes", () => {
  describe("trust, reject and delete", () => {
    it("moves a rejected certificate to trusted, keeping its name and bytes", async () => {
      const s = await store("ua-net", { "rejected/certs/alpha.der": a.der });
      const report = syncChanges(s, [stage(s, "trust", "rejected/certs/alpha.der")]);
      expect(report).toMatchObject({ done: 1, conflicts: 0, failed: 0 });
      expect(report.results[0]).toMatchObject({ status: "done", to: "trusted/certs/alpha.der", message: "moved rejected/certs/alpha.der → trusted/certs/alpha.der" });
      expect(certFiles(s)).toEqual(["trusted/certs/alpha.der"]);
      expect(read(s, "trusted/certs/alpha.der")).toEqual(a.der);
      expect(leftovers(s)).toEqual([]);
    });

    it("moves a trusted certificate to node-opcua's flat rejected folder", async () => {
      const s = await store("node-opcua", { "trusted/certs/alpha.pem": a.pem });
      syncChanges(s, [stage(s, "reject", "trusted/certs/alpha.pem")]);
      expect(certFiles(s)).toEqual(["rejected/alpha.pem"]);
      expect(read(s, "rejected/alpha.pem").toString()).toBe(a.pem);
    });

    it("moves a CA to the issuers folder and a CRL to trusted's CRL folder", async () => {
      const crl = await makeCrl(ca);
      const s = await store("ua-net", { "trusted/certs/ca.der": ca.der, "issuer/crl/ca.crl": crl.der });
      syncChanges(s, [stage(s, "move-to-issuers", "trusted/certs/ca.der"), stage(s, "trust", "issuer/crl/ca.crl")]);
      expect(certFiles(s)).toEqual(["issuer/certs/ca.der", "trusted/crl/ca.crl"]);
    });

    it("deletes a certificate and leaves no trash behind", async () => {
      const s = await store("uaexpert", { "rejected/certs/alpha.der": a.der, "rejected/certs/bravo.der": b.der });
      expect(syncChanges(s, [stage(s, "delete", "rejected/certs/alpha.der")]).results[0].message).toBe("deleted rejected/certs/alpha.der");
      expect(filesIn(s.root)).toEqual(["rejected/certs/bravo.der"]);
    });

    it("gives an open62541 rejected file (no extension) a .der extension when it is trusted", async () => {
      const name = `alpha[${a.sha1.toUpperCase()}]`;
      const s = await store("open62541", { [`ApplCerts/rejected/certs/${name}`]: a.der });
      syncChanges(s, [stage(s, "trust", `ApplCerts/rejected/certs/${name}`)]);
      expect(certFiles(s)).toEqual([`ApplCerts/trusted/certs/${name}.der`]);
    });

    it("picks a free name when the target folder already has a file of that name", async () => {
      const s = await store("ua-net", { "rejected/certs/x.der": a.der, "trusted/certs/x.der": b.der });
      const report = syncChanges(s, [stage(s, "trust", "rejected/certs/x.der")]);
      expect(report.results[0].to).toBe("trusted/certs/x (2).der");
      expect(read(s, "trusted/certs/x.der")).toEqual(b.der);
      expect(read(s, "trusted/certs/x (2).der")).toEqual(a.der);
    });

    it("removes the rejected copy when the same certificate is already trusted", async () => {
      const s = await store("ua-net", { "rejected/certs/a1.der": a.der, "trusted/certs/a2.der": a.der });
      const report = syncChanges(s, [stage(s, "trust", "rejected/certs/a1.der")]);
      expect(report.results[0]).toMatchObject({ status: "done", to: "trusted/certs/a2.der", message: expect.stringContaining("already in trusted") });
      expect(certFiles(s)).toEqual(["trusted/certs/a2.der"]);
    });

    it("moves a PEM bundle as one file and says the other certificates went with it", async () => {
      const s = await store("uaexpert", { "rejected/certs/chain.pem": pemBundle(a, b) });
      const report = syncChanges(s, [stage(s, "trust", "rejected/certs/chain.pem")]);
      expect(report.results[0].message).toContain("with the 1 other certificate(s) of the same file");
      expect(certFiles(s)).toEqual(["trusted/certs/chain.pem"]);
    });
  });

  describe("changes that cannot be done", () => {
    it("reports a change to a certificate already in its target folder as unchanged", async () => {
      const s = await store("ua-net", { "trusted/certs/alpha.der": a.der });
      expect(syncChanges(s, [stage(s, "trust", "trusted/certs/alpha.der")]).results[0]).toMatchObject({ status: "unchanged", message: "already in trusted" });
    });

    it("refuses to trust an unreadable file, to reject a CRL, and to use a folder the layout lacks", async () => {
      const crl = await makeCrl(ca);
      const s = await store("flat", { "rejected/junk.der": "junk", "trusted/ca.crl": crl.der, "trusted/alpha.der": a.der });
      const report = syncChanges(s, [stage(s, "trust", "rejected/junk.der"), stage(s, "reject", "trusted/ca.crl"), stage(s, "move-to-issuers", "trusted/alpha.der")]);
      expect(report.results.map((r) => [r.status, r.message])).toEqual([
        ["failed", "rejected/junk.der is not a readable certificate; it can only be deleted"],
        ["failed", "a CRL cannot be rejected; delete it instead"],
        ["failed", "the Flat (TwinCAT-style) layout has no issuers folder"],
      ]);
      expect(certFiles(s)).toEqual(["rejected/junk.der", "trusted/alpha.der", "trusted/ca.crl"]);
    });

    it("deletes an unreadable file", async () => {
      const s = await store("flat", { "rejected/junk.der": "junk" });
      expect(syncChanges(s, [stage(s, "delete", "rejected/junk.der")]).done).toBe(1);
      expect(filesIn(s.root)).toEqual([]);
    });
  });

  describe("a file that changed on disk between staging and sync", () => {
    it("reports a file removed since staging as a conflict and applies the other changes", async () => {
      const s = await store("ua-net", { "rejected/certs/alpha.der": a.der, "rejected/certs/bravo.der": b.der });
      const changes = [stage(s, "trust", "rejected/certs/alpha.der"), stage(s, "trust", "rejected/certs/bravo.der")];
      unlinkSync(path.join(s.root, "rejected/certs/alpha.der"));
      const report = syncChanges(s, changes);
      expect(report).toMatchObject({ done: 1, conflicts: 1, failed: 0 });
      expect(report.results[0]).toMatchObject({ status: "conflict", message: expect.stringContaining("is no longer there") });
      expect(certFiles(s)).toEqual(["trusted/certs/bravo.der"]);
    });

    it("leaves alone a file that holds another certificate now, and applies the other changes", async () => {
      const s = await store("ua-net", { "rejected/certs/alpha.der": a.der, "rejected/certs/bravo.der": b.der });
      const changes = [stage(s, "trust", "rejected/certs/alpha.der"), stage(s, "delete", "rejected/certs/bravo.der")];
      writeFileSync(path.join(s.root, "rejected/certs/alpha.der"), c.der);
      const report = syncChanges(s, changes);
      expect(report.results.map((r) => r.status)).toEqual(["conflict", "done"]);
      expect(report.results[0].message).toContain("changed on disk since it was staged");
      expect(certFiles(s)).toEqual(["rejected/certs/alpha.der"]);
      expect(read(s, "rejected/certs/alpha.der")).toEqual(c.der);
    });
  });

  describe("a change that fails on disk", () => {
    it("rolls back the changes before it, so every file is where it was, and says where it stopped", async () => {
      const s = await store("ua-net", { "rejected/certs/alpha.der": a.der, "trusted/certs/bravo.der": b.der, "trusted/certs/charlie.der": c.der });
      const before = snapshot(s.root);
      const changes = [stage(s, "trust", "rejected/certs/alpha.der"), stage(s, "delete", "trusted/certs/charlie.der"), stage(s, "move-to-issuers", "trusted/certs/bravo.der")];
      // The issuers folder is replaced by a file: the third change cannot be written.
      rmSync(path.join(s.root, "issuer/certs"), { recursive: true });
      writeFileSync(path.join(s.root, "issuer/certs"), "not a folder");
      const report = syncChanges(s, changes);
      expect(report).toMatchObject({ done: 0, failed: 3 });
      expect(report.results[0].message).toMatch(/^sync stopped at issuer\/certs\/bravo\.der; nothing was changed: /);
      expect(snapshot(s.root)).toEqual({ ...before, "issuer/certs": expect.any(String) });
      expect(leftovers(s)).toEqual([]);
    });
  });

  describe("several changes to the same file", () => {
    it("applies the first and reports the others as unchanged", async () => {
      const s = await store("ua-net", { "rejected/certs/alpha.der": a.der });
      const report = syncChanges(s, [stage(s, "trust", "rejected/certs/alpha.der"), stage(s, "delete", "rejected/certs/alpha.der")]);
      expect(report.results.map((r) => r.status)).toEqual(["done", "unchanged"]);
      expect(certFiles(s)).toEqual(["trusted/certs/alpha.der"]);
    });
  });
});

describe("changesFor (the CLI's references)", () => {
  it("stages every copy that is not already in the target folder", async () => {
    const s = await store("ua-net", { "rejected/certs/a1.der": a.der, "trusted/certs/a2.der": a.der, "rejected/certs/bravo.der": b.der });
    expect(changesFor(s, "trust", [a.sha1.slice(0, 8), "rejected/certs/bravo.der"])).toEqual([
      { kind: "trust", file: "rejected/certs/a1.der", id: a.sha256 },
      { kind: "trust", file: "rejected/certs/bravo.der", id: b.sha256 },
    ]);
  });

  it("stages one file of a bundle once", async () => {
    const s = await store("ua-net", { "rejected/certs/chain.pem": pemBundle(a, b) });
    expect(changesFor(s, "delete", ["rejected/certs/chain.pem"])).toHaveLength(1);
  });

  it("stages a no-op when the certificate is already where it should go", async () => {
    const s = await store("ua-net", { "trusted/certs/a.der": a.der });
    const changes = changesFor(s, "trust", [a.sha1.slice(0, 8)]);
    expect(syncChanges(s, changes).results.map((r) => r.status)).toEqual(["unchanged"]);
    expect((s.entries()[0] as CertSummary).file).toBe("trusted/certs/a.der");
  });
});

describe("freeName", () => {
  it("numbers a name that is taken on disk or by another change of the same sync", async () => {
    const dir = await tempDir("free-");
    put(dir, "a.der", "x");
    const taken = new Set<string>();
    expect(freeName(dir, "a.der", taken)).toBe("a (2).der");
    expect(freeName(dir, "a.der", taken)).toBe("a (3).der");
    expect(freeName(dir, "noext", taken)).toBe("noext");
    renameSync(path.join(dir, "a.der"), path.join(dir, "b.der"));
    expect(freeName(dir, "a.der", taken)).toBe("a.der");
  });
});
