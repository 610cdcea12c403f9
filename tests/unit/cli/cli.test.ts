import { readFileSync, statSync, symlinkSync, truncateSync, utimesSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { COMMANDS } from "../../../electron/cli/commands";
import { LAYOUTS, type LayoutId } from "../../../shared/pki/layouts";
import { expiredCert, makeCert, makeCrl, pemBundle, type MadeCert } from "../../helpers/certs";
import { uatrust, type CliRun } from "../../helpers/cli";
import { filesIn, put, snapshot } from "../../helpers/pki";
import { tempDir } from "../../helpers/tmp";
import { certsWithSameSha1Prefix } from "../../helpers/twins";

let ca: MadeCert;
let server: MadeCert;
let client: MadeCert;
let crl: { der: Buffer; pem: string };
/** Certificate files to import, in every format. */
let files: Record<"caDer" | "serverPem" | "clientCrt" | "clientCer" | "bundle" | "crl" | "garbage", string>;

beforeAll(async () => {
  ca = await makeCert({ cn: "Plant CA", o: "Acme", ca: true });
  server = await makeCert({ cn: "PLC-7", o: "Acme", issuer: ca, dns: ["plc7.local"], ip: ["10.0.0.7", "::1"] });
  client = await makeCert({ cn: "scada", key: "ec-p256" });
  crl = await makeCrl(ca, { revoked: [server] });
  const dir = await tempDir("cli-sources-");
  files = {
    caDer: put(dir, "ca.der", ca.der),
    serverPem: put(dir, "server.pem", server.pem),
    clientCrt: put(dir, "client.crt", client.pem),
    clientCer: put(dir, "client.cer", client.der),
    bundle: put(dir, "chain.pem", pemBundle(server, ca)),
    crl: put(dir, "ca.crl", crl.der),
    garbage: put(dir, "garbage.der", "definitely not a certificate"),
  };
});

async function newStore(layout: LayoutId): Promise<string> {
  const root = await tempDir(`cli-${layout}-`);
  expect((await uatrust("init", root, "--layout", layout)).code).toBe(0);
  return root;
}

async function listJson(root: string, ...extra: string[]) {
  const run = await uatrust("list", root, "--json", ...extra);
  expect(run).toMatchObject({ code: 0, stderr: "" });
  return JSON.parse(run.stdout) as { root: string; layout: string; entries: Record<string, any>[] };
}

/** A failure as the user sees it: exit 1 and exactly one line on stderr. */
function expectOneLineFailure(run: CliRun, pattern: RegExp): void {
  expect(run.code).toBe(1);
  expect(run.stderr.split("\n")).toEqual([expect.stringMatching(pattern)]);
}

describe("uatrust", () => {
  describe("usage and exit codes", () => {
    it("prints the usage and exits 2 without a command, 0 with --help", async () => {
      const bare = await uatrust();
      expect(bare.code).toBe(2);
      expect(bare.stdout).toContain("usage: uatrust <command> [options]");
      const help = await uatrust("--help");
      expect(help.code).toBe(0);
      for (const command of COMMANDS) expect(help.stdout).toContain(`  ${command.name} `);
    });

    it("exits 2 for an unknown command", async () => {
      const run = await uatrust("frobnicate");
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^uatrust: unknown command "frobnicate"/);
    });

    it.each(COMMANDS.map((c) => c.name))("shows the help of %s with --help and exits 0", async (name) => {
      const run = await uatrust(name, "--help");
      expect(run).toMatchObject({ code: 0, stderr: "" });
      expect(run.stdout).toMatch(new RegExp(`^usage: uatrust ${name}`));
      expect(run.stdout).toContain("--help");
    });

    it.each([
      ["a missing argument", ["list"], /^uatrust list: expected <dir>/],
      ["too many arguments", ["show", "a", "b", "c"], /^uatrust show: expected <dir> <ref>/],
      ["an unknown option", ["list", ".", "--colour"], /^uatrust list: Unknown option '--colour'/],
      ["an unknown layout", ["list", ".", "--layout", "siemens"], /^uatrust list: unknown layout "siemens"/],
      ["an unknown folder", ["list", ".", "--folder", "bin"], /^uatrust list: --folder must be one of own, trusted, issuers, rejected/],
      ["init without --layout", ["init", "."], /^uatrust init: --layout is required/],
      ["import --to own", ["import", ".", "x.der", "--to", "own"], /^uatrust import: --to must be trusted, issuers or rejected/],
      ["export without --out", ["export", ".", "abcdef12"], /^uatrust export: --out is required/],
      ["export --format p12", ["export", ".", "abcdef12", "--out", "x", "--format", "p12"], /^uatrust export: --format must be der or pem/],
      ["prune-rejected without --max", ["prune-rejected", "."], /^uatrust prune-rejected: --max <n> is required/],
      ["prune-rejected --max 1.5", ["prune-rejected", ".", "--max", "1.5"], /^uatrust prune-rejected: --max <n> is required/],
    ])("exits 2 for %s, with the command's help", async (_what, argv, message) => {
      const run = await uatrust(...(argv as string[]));
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toContain(`usage: uatrust ${(argv as string[])[0]}`);
    });
  });

  describe("layouts", () => {
    it("lists the six profiles with their folders", async () => {
      const run = await uatrust("layouts");
      expect(run.code).toBe(0);
      const rows = run.stdout.split("\n").slice(1).map((line) => line.split(/\s+/).slice(0, 4));
      expect(rows).toEqual([
        ["node-opcua", "trusted/certs", "issuers/certs", "rejected"],
        ["ua-net", "trusted/certs", "issuer/certs", "rejected/certs"],
        ["open62541", "ApplCerts/trusted/certs", "ApplCerts/issuer/certs", "ApplCerts/rejected/certs"],
        ["uaexpert", "trusted/certs", "issuers/certs", "rejected/certs"],
        ["prosys", "certs", "CA/certs", "rejected"],
        ["flat", "trusted", "-", "rejected"],
      ]);
    });
  });

  describe.each(LAYOUTS.map((l) => l.id))("a %s store", (layout) => {
    it("is created by init with every folder, the private one for the owner only", async () => {
      const root = path.join(await tempDir(`cli-init-${layout}-`), "pki");
      const run = await uatrust("init", root, "--layout", layout);
      expect(run.code).toBe(0);
      const folders = LAYOUTS.find((l) => l.id === layout)!.folders;
      expect(run.stdout.split("\n")).toEqual([`created a ${layout} store in ${root}`, ...Object.values(folders).map((rel) => `  ${rel}/`)]);
      for (const rel of Object.values(folders)) expect(statSync(path.join(root, rel)).isDirectory()).toBe(true);
      if (folders["own.private"] && process.platform !== "win32") expect(statSync(path.join(root, folders["own.private"])).mode & 0o777).toBe(0o700);
    });

    it("is detected with full confidence, also from the folder above it", async () => {
      const parent = await tempDir(`cli-detect-${layout}-`);
      await uatrust("init", path.join(parent, "pki"), "--layout", layout);
      const here = await uatrust("detect", path.join(parent, "pki"));
      expect(here.code).toBe(0);
      expect(here.stdout).toMatch(new RegExp(`^layout: +${layout}\nconfidence: +100%\nroot: +${path.join(parent, "pki")}\n`));
      const above = JSON.parse((await uatrust("detect", parent, "--json")).stdout);
      expect(above).toMatchObject({ layout, confidence: 1, root: path.join(parent, "pki") });
    });

    it("lists imported certificates and CRLs in the right folders, named per profile", async () => {
      const root = await newStore(layout);
      const hasIssuers = layout !== "flat";
      expect((await uatrust("import", root, files.serverPem, files.crl)).code).toBe(0);
      expect((await uatrust("import", root, files.clientCer, "--to", "rejected")).code).toBe(0);
      if (hasIssuers) expect((await uatrust("import", root, files.caDer, "--to", "issuers")).code).toBe(0);
      const { layout: listed, entries } = await listJson(root);
      expect(listed).toBe(layout);
      const where = Object.fromEntries(entries.map((e) => [e.kind === "crl" ? "crl" : e.subject.cn, [e.folder, e.file]]));
      const folders = LAYOUTS.find((l) => l.id === layout)!.folders;
      const name = (cn: string, cert: MadeCert, folder: string) =>
        ({
          "node-opcua": `${folder === "issuers" ? "issuer_" : ""}${cn}[${cert.sha1}].pem`,
          open62541: `${cn}[${cert.sha1.toUpperCase()}]${folder === "rejected" ? "" : ".der"}`,
        })[layout as string] ?? `${cn} [${cert.sha1.toUpperCase()}].der`;
      expect(where["PLC-7"]).toEqual(["trusted", `${folders["trusted.certs"]}/${name("PLC-7", server, "trusted")}`]);
      expect(where.scada).toEqual(["rejected", `${folders["rejected.certs"]}/${name("scada", client, "rejected")}`]);
      expect(where.crl[0]).toBe("trusted");
      expect(where.crl[1].startsWith(`${folders["trusted.crl"] ?? folders["trusted.certs"]}/`)).toBe(true);
      if (hasIssuers) expect(where["Plant CA"]).toEqual(["issuers", `${folders["issuers.certs"]}/${name("Plant CA", ca, "issuers")}`]);
    });
  });

  describe("detect", () => {
    it("fails with exit 1 on a folder with no known layout, and on a missing folder", async () => {
      const empty = await tempDir("cli-detect-none-");
      expectOneLineFailure(await uatrust("detect", empty), /^uatrust detect: no known PKI layout in /);
      expectOneLineFailure(await uatrust("detect", path.join(empty, "missing")), /^uatrust detect: .*missing is not a folder$/);
    });
  });

  describe("list", () => {
    let root: string;
    beforeAll(async () => {
      root = await newStore("ua-net");
      await uatrust("import", root, files.serverPem, files.caDer, files.clientCrt);
      await uatrust("import", root, files.clientCrt, "--to", "rejected");
      put(root, "trusted/certs/old.der", (await expiredCert("old")).der);
      put(root, "trusted/certs/future.der", (await makeCert({ cn: "future", notBefore: new Date(Date.now() + 86_400_000) })).der);
      put(root, "trusted/certs/bare.der", (await makeCert({ cn: "bare", applicationUri: null, key: "rsa-1024", hash: "SHA-1", keyUsage: "none" })).der);
      put(root, "rejected/certs/junk.der", "junk");
    });

    it("prints a table with folder, kind, name, SHA-1, expiry, problems and file", async () => {
      const run = await uatrust("list", root);
      expect(run).toMatchObject({ code: 0, stderr: "" });
      const [title, header, ...rows] = run.stdout.split("\n");
      expect(title).toBe(`${root} (ua-net)`);
      expect(header.split(/\s{2,}/)).toEqual(["FOLDER", "KIND", "NAME", "SHA1", "EXPIRES", "PROBLEMS", "FILE"]);
      const row = (name: string) => rows.find((r) => r.split(/\s{2,}/)[2] === name)?.split(/\s{2,}/);
      expect(row("PLC-7")).toEqual(["trusted", "cert", "PLC-7", server.sha1.slice(0, 16), server.cert.notAfter.toISOString().slice(0, 10), "ok", `trusted/certs/PLC-7 [${server.sha1.toUpperCase()}].der`]);
      expect(row("Plant CA")?.[5]).toBe("ca-without-crl");
      expect(row("old")?.[5]).toBe("expired");
      expect(row("future")?.[5]).toBe("not-yet-valid");
      expect(row("bare")?.[5]).toBe("no-application-uri,sha1-signature,weak-rsa-key,missing-key-usage");
      expect(rows.filter((r) => r.includes("scada")).map((r) => r.split(/\s{2,}/)[5])).toEqual(["trusted-and-rejected", "trusted-and-rejected"]);
      expect(rows.find((r) => r.includes("junk.der"))).toMatch(/^rejected\s+unreadable\s+\(unreadable: neither a DER certificate nor a CRL\)\s+-\s+-\s+unreadable\s+rejected\/certs\/junk\.der$/);
    });

    it("gives every field with --json", async () => {
      const { entries } = await listJson(root);
      expect(entries.find((e) => e.sha1 === server.sha1)).toEqual({
        kind: "certificate",
        id: server.sha256,
        sha1: server.sha1,
        sha256: server.sha256,
        serialNumber: server.cert.serialNumber.toLowerCase(),
        subject: { cn: "PLC-7", o: "Acme", text: "CN=PLC-7, O=Acme" },
        issuer: { cn: "Plant CA", o: "Acme", text: "CN=Plant CA, O=Acme" },
        applicationUri: "urn:test:PLC-7",
        dns: ["plc7.local"],
        ip: ["10.0.0.7", "::1"],
        notBefore: server.cert.notBefore.toISOString(),
        notAfter: server.cert.notAfter.toISOString(),
        keyType: "RSA",
        keySize: 2048,
        signatureAlgorithm: "sha256WithRSAEncryption",
        keyUsage: ["digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment"],
        extendedKeyUsage: ["serverAuth", "clientAuth"],
        isCA: false,
        selfSigned: false,
        folder: "trusted",
        file: `trusted/certs/PLC-7 [${server.sha1.toUpperCase()}].der`,
        format: "der",
        bundleSiblings: 0,
        problems: [],
      });
      expect(entries.find((e) => e.sha1 === client.sha1 && e.folder === "trusted")).toMatchObject({ keyType: "EC", keySize: 256, signatureAlgorithm: "ecdsa-with-SHA256", selfSigned: true, isCA: false });
      expect(entries.find((e) => e.sha1 === ca.sha1)).toMatchObject({ isCA: true, selfSigned: true, problems: [expect.objectContaining({ code: "ca-without-crl" })] });
      expect(entries.find((e) => e.kind === "unreadable")).toMatchObject({ file: "rejected/certs/junk.der", reason: "neither a DER certificate nor a CRL", size: 4 });
    });

    it("shows one folder with --folder", async () => {
      const { entries } = await listJson(root, "--folder", "rejected");
      expect(entries.map((e) => e.file).sort()).toEqual([`rejected/certs/junk.der`, `rejected/certs/scada [${client.sha1.toUpperCase()}].der`]);
      expect((await uatrust("list", root, "--folder", "own")).stdout).toBe(`${root} (ua-net)\nno files in own`);
    });

    it("no longer flags the CA once its CRL is imported", async () => {
      const copy = await newStore("ua-net");
      await uatrust("import", copy, files.caDer, "--to", "issuers");
      expect((await listJson(copy)).entries[0].problems.map((p: { code: string }) => p.code)).toEqual(["ca-without-crl"]);
      await uatrust("import", copy, files.crl, "--to", "issuers");
      expect((await listJson(copy)).entries.map((e) => [e.kind, e.problems])).toEqual([
        ["certificate", []],
        ["crl", []],
      ]);
    });

    it("says so for an empty store", async () => {
      const empty = await newStore("flat");
      expect((await uatrust("list", empty)).stdout).toBe(`${empty} (flat)\nthe store is empty`);
    });

    it("lists a 50 MB file and a symbolic link out of the store as unreadable", async () => {
      const store = await newStore("uaexpert");
      truncateSync(put(store, "rejected/certs/huge.der", ""), 50 * 1024 * 1024);
      symlinkSync(files.serverPem, path.join(store, "rejected/certs/link.pem"));
      const started = performance.now();
      const { entries } = await listJson(store);
      expect(performance.now() - started).toBeLessThan(2000);
      expect(entries.map((e) => [e.file, e.kind, e.reason])).toEqual([
        ["rejected/certs/huge.der", "unreadable", "too large for a certificate (50.0 MiB)"],
        ["rejected/certs/link.pem", "unreadable", "symbolic link pointing outside the store"],
      ]);
    });

    it("fails with exit 1 on a folder that is not a store", async () => {
      expectOneLineFailure(await uatrust("list", await tempDir("cli-nostore-")), /^uatrust list: no known PKI layout in .*; use --layout or init$/);
    });
  });

  describe("show", () => {
    let root: string;
    beforeAll(async () => {
      root = await newStore("node-opcua");
      await uatrust("import", root, files.serverPem, files.clientCer);
    });

    it("shows every field of a certificate found by a SHA-1 prefix", async () => {
      const run = await uatrust("show", root, server.sha1.slice(0, 8));
      expect(run.code).toBe(0);
      const fields = Object.fromEntries(run.stdout.split("\n").map((l) => [l.slice(0, 20).trim().replace(/:$/, ""), l.slice(20)]));
      expect(fields).toMatchObject({
        Subject: "CN=PLC-7, O=Acme",
        Issuer: "CN=Plant CA, O=Acme",
        ApplicationUri: "urn:test:PLC-7",
        "DNS names": "plc7.local",
        "IP addresses": "10.0.0.7, ::1",
        Key: "RSA 2048 bits",
        Signature: "sha256WithRSAEncryption",
        CA: "no",
        "Self-signed": "no",
        "SHA-1": server.sha1,
        "SHA-256": server.sha256,
        Folder: "trusted",
        File: `trusted/certs/PLC-7[${server.sha1}].pem (PEM)`,
        Problems: "none",
      });
    });

    it("finds a certificate by a SHA-256 prefix and by its file, also as JSON", async () => {
      expect((await uatrust("show", root, client.sha256.slice(0, 10))).stdout).toContain(`SHA-1:              ${client.sha1}`);
      const json = JSON.parse((await uatrust("show", root, `trusted/certs/scada[${client.sha1}].pem`, "--json")).stdout);
      expect(json).toMatchObject({ sha256: client.sha256, keyType: "EC" });
    });

    it("fails with exit 1 for an unknown, a too short or an ambiguous reference", async () => {
      expectOneLineFailure(await uatrust("show", root, "0123456789abcdef"), /^uatrust show: no certificate, CRL or file "0123456789abcdef" in /);
      expectOneLineFailure(await uatrust("show", root, server.sha1.slice(0, 5)), /^uatrust show: ".{5}" is too short for a thumbprint: give at least 8 hex digits$/);
      const [a, b] = certsWithSameSha1Prefix(server.der);
      const twins = await newStore("flat");
      put(twins, "trusted/a.der", a);
      put(twins, "trusted/b.der", b);
      const prefix = (await listJson(twins)).entries[0].sha1.slice(0, 8);
      expectOneLineFailure(await uatrust("show", twins, prefix), new RegExp(`^uatrust show: "${prefix}" matches 2 certificates; give more digits$`));
    });

    it("refuses a file outside the store, also through a symbolic link", async () => {
      expectOneLineFailure(await uatrust("show", root, files.serverPem), /^uatrust show: ".*server\.pem" is outside the store /);
      expectOneLineFailure(await uatrust("show", root, "../x.pem"), /^uatrust show: "\.\.\/x\.pem" is outside the store /);
      symlinkSync(files.serverPem, path.join(root, "rejected/link.pem"));
      expectOneLineFailure(await uatrust("show", root, "rejected/link.pem"), /^uatrust show: "rejected\/link\.pem" leads outside the store through a symbolic link$/);
    });
  });

  describe("trust, reject and delete", () => {
    it("trusts a rejected certificate, says where it went, and keeps its bytes", async () => {
      const root = await newStore("node-opcua");
      await uatrust("import", root, files.serverPem, "--to", "rejected");
      const from = `rejected/PLC-7[${server.sha1}].pem`;
      const before = readFileSync(path.join(root, from));
      const run = await uatrust("trust", root, server.sha1.slice(0, 8));
      expect(run).toEqual({ code: 0, stdout: `moved ${from} → trusted/certs/PLC-7[${server.sha1}].pem`, stderr: "" });
      expect(filesIn(root)).toEqual([`trusted/certs/PLC-7[${server.sha1}].pem`]);
      expect(readFileSync(path.join(root, `trusted/certs/PLC-7[${server.sha1}].pem`))).toEqual(before);
    });

    it("rejects and deletes by file, several at once", async () => {
      const root = await newStore("ua-net");
      await uatrust("import", root, files.serverPem, files.clientCrt);
      const serverFile = `trusted/certs/PLC-7 [${server.sha1.toUpperCase()}].der`;
      const clientFile = `trusted/certs/scada [${client.sha1.toUpperCase()}].der`;
      const reject = await uatrust("reject", root, serverFile, clientFile);
      expect(reject.code).toBe(0);
      expect(reject.stdout.split("\n")).toEqual([
        `moved ${serverFile} → rejected/certs/PLC-7 [${server.sha1.toUpperCase()}].der`,
        `moved ${clientFile} → rejected/certs/scada [${client.sha1.toUpperCase()}].der`,
      ]);
      const del = await uatrust("delete", root, server.sha256.slice(0, 8), client.sha1);
      expect(del.code).toBe(0);
      expect(del.stdout).toContain(`deleted rejected/certs/PLC-7 [${server.sha1.toUpperCase()}].der`);
      expect(filesIn(root)).toEqual([]);
    });

    it("trusts an open62541 rejected file that has no extension", async () => {
      const root = await newStore("open62541");
      await uatrust("import", root, files.clientCer, "--to", "rejected");
      expect((await uatrust("trust", root, client.sha1.slice(0, 8))).code).toBe(0);
      expect(filesIn(root)).toEqual([`ApplCerts/trusted/certs/scada[${client.sha1.toUpperCase()}].der`]);
    });

    it("moves files whose names hold two dots, and a certificate whose CN is \"..\"", async () => {
      const root = await newStore("ua-net");
      put(root, "rejected/certs/a..b.der", server.der);
      const dots = await makeCert({ cn: ".." });
      const dotsFile = put(await tempDir("cli-dots-"), "dots.der", dots.der);
      expect((await uatrust("import", root, dotsFile, "--to", "rejected")).stdout).toMatch(/imported into rejected\/certs\/certificate \[[0-9A-F]{40}\]\.der$/);
      const run = await uatrust("trust", root, `rejected/certs/a..b.der`, dots.sha1.slice(0, 8));
      expect(run.code).toBe(0);
      expect(filesIn(root)).toEqual([`trusted/certs/a..b.der`, `trusted/certs/certificate [${dots.sha1.toUpperCase()}].der`]);
    });

    it("exits 0 and says unchanged when the certificate is already trusted", async () => {
      const root = await newStore("ua-net");
      await uatrust("import", root, files.serverPem);
      expect(await uatrust("trust", root, server.sha1.slice(0, 8))).toMatchObject({ code: 0, stdout: "unchanged: already in trusted" });
    });

    it("fails with exit 1 and one line for what cannot be done, and moves nothing", async () => {
      const root = await newStore("flat");
      await uatrust("import", root, files.serverPem, files.crl);
      put(root, "rejected/junk.der", "junk");
      const before = snapshot(root);
      expectOneLineFailure(await uatrust("trust", root, "rejected/junk.der"), /^uatrust trust: failed: rejected\/junk\.der is not a readable certificate; it can only be deleted$/);
      expectOneLineFailure(await uatrust("reject", root, "0123456789"), /^uatrust reject: no certificate, CRL or file "0123456789"/);
      expectOneLineFailure(await uatrust("trust", root, files.serverPem), /is outside the store/);
      expect(snapshot(root)).toEqual(before);
    });

    it("lists each failure, then counts them, when several changes fail", async () => {
      const root = await newStore("flat");
      put(root, "rejected/a.der", "junk");
      put(root, "rejected/b.der", "junk");
      const run = await uatrust("trust", root, "rejected/a.der", "rejected/b.der");
      expect(run.code).toBe(1);
      expect(run.stderr.split("\n")).toEqual([
        "failed: rejected/a.der is not a readable certificate; it can only be deleted",
        "failed: rejected/b.der is not a readable certificate; it can only be deleted",
        "uatrust trust: 2 failed, 0 conflict(s); see above",
      ]);
    });

    it("does not move a file reached through a symbolic link that leaves the store", async () => {
      const root = await newStore("uaexpert");
      const outside = await tempDir("cli-outside-");
      const target = put(outside, "victim.pem", server.pem);
      symlinkSync(target, path.join(root, "rejected/certs/victim.pem"));
      expectOneLineFailure(await uatrust("trust", root, "rejected/certs/victim.pem"), /leads outside the store through a symbolic link/);
      expectOneLineFailure(await uatrust("delete", root, "rejected/certs/victim.pem"), /leads outside the store through a symbolic link/);
      expect(filesIn(root)).toEqual(["rejected/certs/victim.pem"]);
      expect(readFileSync(target, "utf8")).toBe(server.pem);
    });
  });

  describe("import", () => {
    it("imports DER, PEM, .crt, .cer, a PEM bundle and a CRL, one line each", async () => {
      const root = await newStore("uaexpert");
      const run = await uatrust("import", root, files.caDer, files.serverPem, files.clientCrt, files.bundle, files.crl);
      expect(run.code).toBe(0);
      expect(run.stdout.split("\n")).toEqual([
        `${files.caDer}: imported into trusted/certs/Plant CA [${ca.sha1.toUpperCase()}].der`,
        `${files.serverPem}: imported into trusted/certs/PLC-7 [${server.sha1.toUpperCase()}].der`,
        `${files.clientCrt}: imported into trusted/certs/scada [${client.sha1.toUpperCase()}].der`,
        `${files.bundle}: already in trusted`,
        `${files.bundle}: already in trusted`,
        expect.stringMatching(new RegExp(`^${files.crl}: imported into trusted/crl/Plant CA \\[[0-9A-F]{40}\\]\\.crl$`)),
      ]);
      expect((await uatrust("import", root, files.clientCer)).stdout).toBe(`${files.clientCer}: already in trusted`);
      expect(readFileSync(path.join(root, `trusted/certs/PLC-7 [${server.sha1.toUpperCase()}].der`))).toEqual(server.der);
    });

    it("imports every certificate of a PEM bundle into an empty folder", async () => {
      const root = await newStore("node-opcua");
      expect((await uatrust("import", root, files.bundle, "--to", "issuers")).code).toBe(0);
      expect(filesIn(root)).toEqual([`issuers/certs/issuer_PLC-7[${server.sha1}].pem`, `issuers/certs/issuer_Plant CA[${ca.sha1}].pem`]);
    });

    it("fails with exit 1 and the reason for garbage, writing nothing", async () => {
      const root = await newStore("ua-net");
      expectOneLineFailure(await uatrust("import", root, files.garbage), /^uatrust import: .*garbage\.der: not a certificate or CRL: /);
      expect(filesIn(root)).toEqual([]);
    });

    it("imports the good files and fails with exit 1 for the bad one", async () => {
      const root = await newStore("ua-net");
      const run = await uatrust("import", root, files.serverPem, files.garbage);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain("imported into trusted/certs/PLC-7");
      expect(run.stderr).toMatch(/^uatrust import: .*garbage\.der: not a certificate or CRL/);
      expect(filesIn(root)).toHaveLength(1);
    });

    it("fails with exit 1 for a missing file and a 50 MB file, writing nothing", async () => {
      const root = await newStore("ua-net");
      const dir = await tempDir("cli-big-");
      const huge = put(dir, "huge.pem", "");
      truncateSync(huge, 50 * 1024 * 1024);
      expectOneLineFailure(await uatrust("import", root, path.join(dir, "nope.der")), /^uatrust import: cannot read .*nope\.der: does not exist$/);
      expectOneLineFailure(await uatrust("import", root, huge), /^uatrust import: .*huge\.pem is too large for a certificate/);
      expect(filesIn(root)).toEqual([]);
    });

    it("fails with exit 1 for the issuers folder of a flat store", async () => {
      expectOneLineFailure(await uatrust("import", await newStore("flat"), files.caDer, "--to", "issuers"), /^uatrust import: the Flat \(TwinCAT-style\) layout has no issuers folder$/);
    });
  });

  describe("export", () => {
    it("writes the exact DER and PEM of a certificate", async () => {
      const root = await newStore("node-opcua");
      await uatrust("import", root, files.clientCer);
      const out = await tempDir("cli-export-");
      const der = await uatrust("export", root, client.sha1.slice(0, 8), "--out", path.join(out, "c.der"));
      expect(der).toEqual({ code: 0, stdout: `wrote ${path.join(out, "c.der")} (DER, ${client.der.length} bytes)`, stderr: "" });
      expect(readFileSync(path.join(out, "c.der"))).toEqual(client.der);
      expect((await uatrust("export", root, client.sha256.slice(0, 8), "--out", path.join(out, "c.pem"), "--format", "pem")).code).toBe(0);
      expect(readFileSync(path.join(out, "c.pem"), "utf8")).toBe(client.pem);
    });

    it("fails with exit 1 and one line when the file cannot be written", async () => {
      const root = await newStore("node-opcua");
      await uatrust("import", root, files.clientCer);
      const out = path.join(await tempDir("cli-export-missing-"), "no/such/dir/c.der");
      expectOneLineFailure(await uatrust("export", root, client.sha1.slice(0, 8), "--out", out), /^uatrust export: cannot write .*c\.der: does not exist$/);
    });
  });

  describe("prune-rejected", () => {
    it("keeps the newest certificates by file time and lists the ones it deleted", async () => {
      const root = await newStore("ua-net");
      const certs = await Promise.all(["r0", "r1", "r2", "r3"].map((cn) => makeCert({ cn })));
      const now = Date.now() / 1000;
      certs.forEach((cert, i) => {
        const file = put(root, `rejected/certs/r${i}.der`, cert.der);
        utimesSync(file, now - i * 86_400, now - i * 86_400); // r0 is the newest
      });
      put(root, "rejected/certs/junk.der", "junk");
      const run = await uatrust("prune-rejected", root, "--max", "2");
      expect(run.code).toBe(0);
      expect(run.stdout.split("\n")).toEqual(["deleted rejected/certs/r2.der (r2)", "deleted rejected/certs/r3.der (r3)", "kept 2, deleted 2"]);
      expect(filesIn(root)).toEqual(["rejected/certs/junk.der", "rejected/certs/r0.der", "rejected/certs/r1.der"]);
    });

    it("deletes nothing when the folder holds no more than the maximum", async () => {
      const root = await newStore("flat");
      await uatrust("import", root, files.clientCer, "--to", "rejected");
      expect((await uatrust("prune-rejected", root, "--max", "1")).stdout).toBe("kept 1, deleted 0");
      expect(filesIn(root)).toHaveLength(1);
    });
  });
});
