import { existsSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { APP_STORE_ID, TrustService } from "../../../../electron/core/app/trust-service";
import { StoreScanner } from "../../../../electron/core/pki/scan";
import { SCAN_CACHE_MIN_FILES, ScanCache } from "../../../../electron/core/pki/scan-cache";
import { PkiStore } from "../../../../electron/core/pki/store";
import { getLayout } from "../../../../shared/pki/layouts";
import type { StoreEntry } from "../../../../shared/types/cert";
import { expiredCert, makeCert, makeCrl, pemBundle, type MadeCert } from "../../../helpers/certs";
import { filesIn, put } from "../../../helpers/pki";
import { tempDir } from "../../../helpers/tmp";

const DAY = 86_400_000;

let ca: MadeCert;
let otherCa: MadeCert;
let leaf: MadeCert;
let client: MadeCert;
let deviceA: MadeCert;
let deviceB: MadeCert;
let crl: { der: Buffer; pem: string };

beforeAll(async () => {
  ca = await makeCert({ cn: "Plant CA", o: "Acme", ca: true });
  otherCa = await makeCert({ cn: "Other CA", ca: true });
  leaf = await makeCert({ cn: "server", issuer: ca, dns: ["localhost"], ip: ["10.0.0.1"] });
  client = await makeCert({ cn: "client", key: "ec-p256" });
  deviceA = await makeCert({ cn: "device-a" });
  deviceB = await makeCert({ cn: "device-b" });
  crl = await makeCrl(ca);
});

/** A node-opcua store with a bit of everything a scan reports, cross-file problems included. */
async function varietyStore(): Promise<string> {
  const root = await tempDir("cache-store-");
  PkiStore.init(root, "node-opcua");
  put(root, "trusted/certs/ca.der", ca.der);
  put(root, "trusted/certs/server.pem", leaf.pem);
  put(root, "trusted/certs/client.pem", client.pem);
  put(root, "rejected/client.der", client.der); // trusted-and-rejected on both copies
  put(root, "issuers/certs/other-ca.pem", otherCa.pem); // ca-without-crl
  put(root, "trusted/crl/plant.crl", crl.der);
  put(root, "trusted/certs/bundle.pem", pemBundle(deviceA, deviceB));
  put(root, "trusted/certs/garbage.der", Buffer.from("not a certificate at all"));
  put(root, "trusted/certs/stray-key.pem", leaf.keyPem); // a key where certificates belong: unreadable
  put(root, "own/private/private_key.pem", leaf.keyPem);
  return root;
}

const byFile = (entries: StoreEntry[]) => [...entries].sort((a, b) => `${a.file} ${a.id}`.localeCompare(`${b.file} ${b.id}`));
const cacheFileIn = async () => path.join(await tempDir("cache-home-"), "cache", "scan-store.json");
/** A scan with no cache at all: what the store holds, read from scratch. */
const freshScan = (root: string) => PkiStore.open(root, { layout: "node-opcua" }).scan().entries;

/** Opens the store with its cache file, scans, and writes the cache at once. */
function scanAndPersist(root: string, cacheFile: string) {
  const store = PkiStore.open(root, { layout: "node-opcua", scanCacheFile: cacheFile, scanCacheMinFiles: 0 });
  const outcome = store.scan();
  store.flushScanCache();
  return outcome;
}

describe("the scan cache between runs", () => {
  it("gives exactly the entries and problems of a fresh scan, without parsing a file", async () => {
    const root = await varietyStore();
    const cacheFile = await cacheFileIn();
    const first = scanAndPersist(root, cacheFile);
    expect(first.filesRead).toBe(9);
    expect(existsSync(cacheFile)).toBe(true);

    const second = scanAndPersist(root, cacheFile);
    expect(second.filesRead).toBe(0);
    expect(second.filesReused).toBe(9);
    const fresh = freshScan(root);
    expect(byFile(second.entries)).toEqual(byFile(fresh));
    // The cross-file problems are there, computed after merging as for a fresh scan.
    const codes = (file: string) => second.entries.filter((e) => e.file === file).flatMap((e) => e.problems.map((p) => p.code));
    expect(codes("rejected/client.der")).toContain("trusted-and-rejected");
    expect(codes("issuers/certs/other-ca.pem")).toContain("ca-without-crl");
    expect(codes("trusted/certs/garbage.der")).toEqual(["unreadable"]);
    expect(second.entries.filter((e) => e.file === "trusted/certs/bundle.pem")).toHaveLength(2);
  });

  it("re-parses a file rewritten with other bytes of the same size, even with its old mtime put back", async () => {
    const root = await varietyStore();
    const cacheFile = await cacheFileIn();
    expect(deviceB.der.length).toBe(deviceA.der.length);
    const file = put(root, "trusted/certs/device.der", deviceA.der);
    // Whole seconds, so that putting the mtime back gives exactly the same mtimeMs.
    const mtime = Math.floor(Date.now() / 1000) - 3600;
    utimesSync(file, mtime, mtime);
    scanAndPersist(root, cacheFile);
    const before = statSync(file);
    writeFileSync(file, deviceB.der);
    utimesSync(file, mtime, mtime);
    expect(statSync(file).size).toBe(before.size);
    expect(statSync(file).mtimeMs).toBe(before.mtimeMs);

    const outcome = scanAndPersist(root, cacheFile);
    expect(outcome.filesRead).toBe(1);
    expect(outcome.entries.find((e) => e.file === "trusted/certs/device.der")?.id).toBe(deviceB.sha256);
    expect(byFile(outcome.entries)).toEqual(byFile(freshScan(root)));
  });

  it("forgets a removed file, in the list and in the cache", async () => {
    const root = await varietyStore();
    const cacheFile = await cacheFileIn();
    scanAndPersist(root, cacheFile);
    rmSync(path.join(root, "trusted/certs/server.pem"));

    const outcome = scanAndPersist(root, cacheFile);
    expect(outcome.filesRead).toBe(0);
    expect(outcome.entries.some((e) => e.file === "trusted/certs/server.pem")).toBe(false);
    expect(readFileSync(cacheFile, "utf8")).not.toContain("trusted/certs/server.pem");
    expect(byFile(outcome.entries)).toEqual(byFile(freshScan(root)));
  });

  it("says a certificate or CRL has expired even though it was valid when the cache was written", async () => {
    const root = await tempDir("cache-expiry-");
    PkiStore.init(root, "node-opcua");
    const expired = await expiredCert("gone-stale"); // valid from 60 days ago until yesterday
    const staleCrl = await makeCrl(ca, { thisUpdate: new Date(Date.now() - 20 * DAY), nextUpdate: new Date(Date.now() - DAY) });
    put(root, "trusted/certs/gone-stale.der", expired.der);
    put(root, "trusted/crl/stale.crl", staleCrl.der);
    const layout = getLayout("node-opcua");
    const cacheFile = await cacheFileIn();
    const codes = (entries: StoreEntry[]) => entries.flatMap((e) => e.problems.map((p) => p.code));

    // Ten days ago the certificate had nine days left and the CRL was current.
    const then = new ScanCache(cacheFile, root, "node-opcua", { firstDelayMs: 60_000, minFiles: 0 });
    const earlier = new StoreScanner(root, layout, then).scan(Date.now() - 10 * DAY);
    expect(codes(earlier.entries)).toContain("expiring-soon");
    expect(codes(earlier.entries)).not.toContain("expired");
    expect(codes(earlier.entries)).not.toContain("crl-expired");
    expect(then.flush()).toBe(true);

    const today = new StoreScanner(root, layout, new ScanCache(cacheFile, root, "node-opcua", { minFiles: 0 })).scan();
    expect(today.filesRead).toBe(0);
    expect(codes(today.entries)).toContain("expired");
    expect(codes(today.entries)).not.toContain("expiring-soon");
    expect(codes(today.entries)).toContain("crl-expired");
  });

  it.each([
    ["broken JSON", "{ this is not json"],
    ["a cache of another version", JSON.stringify({ format: "uatrust-scan-cache", version: 0, root: "/", layout: "node-opcua", files: {} })],
    ["a record that does not hold what it claims", null],
    ["a file cut off in the middle of a line", "cut"],
  ])("ignores %s and replaces it", async (_name, content) => {
    const root = await varietyStore();
    const cacheFile = await cacheFileIn();
    scanAndPersist(root, cacheFile);
    if (content === null) {
      const lines = readFileSync(cacheFile, "utf8").split("\n");
      const i = lines.findIndex((line) => line.startsWith('"trusted/certs/server.pem"\t'));
      expect(i).toBeGreaterThan(0);
      lines[i] = [...lines[i].split("\t").slice(0, 5), JSON.stringify([["c", "pem", 0, { sha256: 42 }]])].join("\t");
      writeFileSync(cacheFile, lines.join("\n"));
    } else if (content === "cut") {
      const bytes = readFileSync(cacheFile);
      const lastLine = bytes.lastIndexOf("\n", bytes.length - 2);
      writeFileSync(cacheFile, bytes.subarray(0, lastLine + 20)); // the last record loses its end
    } else {
      writeFileSync(cacheFile, content);
    }

    const outcome = scanAndPersist(root, cacheFile);
    expect(outcome.filesRead).toBe(content === null || content === "cut" ? 1 : 9);
    expect(byFile(outcome.entries)).toEqual(byFile(freshScan(root)));
    // Replaced by a good one: the next run parses nothing.
    expect(scanAndPersist(root, cacheFile).filesRead).toBe(0);
  });

  it("holds no key material, is private to the user, and is never written inside the store", async () => {
    const root = await varietyStore();
    const cacheFile = await cacheFileIn();
    scanAndPersist(root, cacheFile);
    const text = readFileSync(cacheFile, "utf8");
    const keyLines = leaf.keyPem.split("\n").filter((line) => line.length > 20 && !line.startsWith("-----"));
    expect(keyLines.length).toBeGreaterThan(0);
    for (const line of keyLines) expect(text).not.toContain(line);
    expect(text).not.toContain("PRIVATE KEY");
    expect(text).not.toContain("own/private");
    expect(statSync(cacheFile).mode & 0o777).toBe(0o600);

    const before = filesIn(root);
    const inside = PkiStore.open(root, { layout: "node-opcua", scanCacheFile: path.join(root, "trusted", "scan.json"), scanCacheMinFiles: 0 });
    inside.scan();
    expect(inside.flushScanCache()).toBe(false);
    expect(filesIn(root)).toEqual(before);
  });

  it("is kept per store in the app's home by the trust service, for stores big enough to need it", async () => {
    const home = await tempDir("cache-service-home-");
    const big = await tempDir("cache-big-");
    PkiStore.init(big, "node-opcua");
    for (let i = 0; i < SCAN_CACHE_MIN_FILES; i++) put(big, `rejected/copy-${i}.pem`, client.pem);
    const service = new TrustService({ home, mode: "browser", extraStores: [big], watch: false });
    let bigId = "";
    try {
      await service.start();
      bigId = service.listStores().find((s) => !s.builtIn)!.id;
    } finally {
      await service.close();
    }
    const cached = path.join(home, "cache", `scan-${bigId}.json`);
    expect(existsSync(cached)).toBe(true);
    expect(readFileSync(cached, "utf8")).toContain("rejected/copy-0.pem");
    // The app's own store holds a handful of files: parsed at every start, no cache file for it.
    expect(existsSync(path.join(home, "cache", `scan-${APP_STORE_ID}.json`))).toBe(false);
  });
});
