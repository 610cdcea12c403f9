import "reflect-metadata"; // must precede @peculiar/x509 (tsyringe needs the Reflect polyfill)
import { X509Certificate as NodeX509, createPrivateKey, createPublicKey } from "node:crypto";
import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { sep } from "node:path";
import * as x509 from "@peculiar/x509";
import {
  convertPEMtoDER,
  exploreCertificate,
  exploreCertificateRevocationList,
  split_der,
} from "node-opcua-crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { expiredCert, makeCert, makeCrl, makeManyCerts, type MadeCert, pemBundle } from "./certs";
import { cleanupTempDirs, tempDir } from "./tmp";

/** Serial/identifier hex in a comparable form: no colons, lowercase, no leading zeros. */
const hex = (s: string | null | undefined) => (s ?? "").replace(/:/g, "").toLowerCase().replace(/^0+/, "");
const ext = (c: MadeCert) => {
  const e = exploreCertificate(c.der).tbsCertificate.extensions;
  if (!e) throw new Error("certificate has no extensions");
  return e;
};
const node = (c: MadeCert) => new NodeX509(c.der);

let ca: MadeCert;
let leaf: MadeCert;

beforeAll(async () => {
  ca = await makeCert({ cn: "Test Root CA", o: "Test Org", ca: true });
  leaf = await makeCert({ cn: "server", issuer: ca, dns: ["localhost"], ip: ["127.0.0.1"] });
});

describe("makeCert", () => {
  it("makes a self-signed leaf with the default application URI, OPC UA key usages and both extended key usages", async () => {
    const c = await makeCert({ cn: "selfie" });
    const e = ext(c);
    expect(e.subjectAltName?.uniformResourceIdentifier).toEqual(["urn:test:selfie"]);
    expect(e.basicConstraints.cA).toBe(false);
    expect(e.keyUsage).toMatchObject({
      digitalSignature: true,
      nonRepudiation: true,
      keyEncipherment: true,
      dataEncipherment: true,
      keyCertSign: false,
      cRLSign: false,
    });
    expect(e.extKeyUsage).toMatchObject({ serverAuth: true, clientAuth: true });
    expect(e.subjectKeyIdentifier).toBeTruthy();
    expect(e.authorityKeyIdentifier?.keyIdentifier).toBe(e.subjectKeyIdentifier);

    const n = node(c);
    expect(n.subject).toBe("CN=selfie");
    expect(n.issuer).toBe("CN=selfie");
    expect(n.verify(n.publicKey)).toBe(true);
    expect(exploreCertificate(c.der).signatureAlgorithm.identifier).toBe("sha256WithRSAEncryption");
    expect(exploreCertificate(c.der).tbsCertificate.subjectPublicKeyInfo.keyLength).toBe(256);
  });

  it("exposes DER, PEM, SHA-1/SHA-256 thumbprints and a PKCS#8 private key that all agree", async () => {
    const n = node(leaf);
    expect(convertPEMtoDER(leaf.pem).equals(leaf.der)).toBe(true);
    expect(leaf.pem).toMatch(/^-----BEGIN CERTIFICATE-----\n([A-Za-z0-9+/=]{1,64}\n)+-----END CERTIFICATE-----\n$/);
    expect(leaf.sha1).toMatch(/^[0-9a-f]{40}$/);
    expect(leaf.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(leaf.sha1).toBe(n.fingerprint.replace(/:/g, "").toLowerCase());
    expect(leaf.sha256).toBe(n.fingerprint256.replace(/:/g, "").toLowerCase());
    expect(Buffer.from(leaf.cert.rawData).equals(leaf.der)).toBe(true);

    expect(leaf.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const pub = createPublicKey(createPrivateKey(leaf.keyPem)).export({ type: "spki", format: "der" });
    expect(pub.equals(n.publicKey.export({ type: "spki", format: "der" }))).toBe(true);
    expect(leaf.keys.privateKey.type).toBe("private");
    expect(leaf.keys.publicKey.type).toBe("public");
  });

  it("puts DNS names and IP addresses into the subjectAltName next to the application URI", () => {
    const san = ext(leaf).subjectAltName;
    expect(san?.uniformResourceIdentifier).toEqual(["urn:test:server"]);
    expect(san?.dNSName).toEqual(["localhost"]);
    expect(san?.iPAddress).toEqual(["7f000001"]);
    expect(node(leaf).subjectAltName).toBe("URI:urn:test:server, DNS:localhost, IP Address:127.0.0.1");
  });

  it("uses a custom application URI, and leaves the URI out when applicationUri is null", async () => {
    const custom = await makeCert({ cn: "custom", applicationUri: "urn:host:Custom App", ip: ["::1"] });
    expect(ext(custom).subjectAltName?.uniformResourceIdentifier).toEqual(["urn:host:Custom App"]);
    expect(ext(custom).subjectAltName?.iPAddress).toEqual(["00000000000000000000000000000001"]);

    const noUri = await makeCert({ cn: "no-uri", applicationUri: null, dns: ["host.example"] });
    expect(ext(noUri).subjectAltName).toEqual({ dNSName: ["host.example"] });

    const noSan = await makeCert({ cn: "no-san", applicationUri: null });
    expect(ext(noSan).subjectAltName).toBeUndefined();
    expect(node(noSan).subjectAltName).toBeUndefined();
  });

  it("makes a CA certificate with basicConstraints cA and keyCertSign, cRLSign and digitalSignature usages", () => {
    const e = ext(ca);
    expect(e.basicConstraints).toMatchObject({ cA: true, critical: true });
    expect(e.keyUsage).toMatchObject({
      keyCertSign: true,
      cRLSign: true,
      digitalSignature: true,
      nonRepudiation: false,
      keyEncipherment: false,
      dataEncipherment: false,
    });
    expect(e.extKeyUsage).toBeUndefined();
    expect(node(ca).ca).toBe(true);
    expect(node(ca).subject).toBe("CN=Test Root CA\nO=Test Org");
    expect(node(ca).checkIssued(node(ca))).toBe(true);
  });

  it("signs a leaf with its issuer so that Node's checkIssued and verify hold", () => {
    const n = node(leaf);
    expect(n.issuer).toBe(node(ca).subject);
    expect(n.checkIssued(node(ca))).toBe(true);
    expect(n.verify(node(ca).publicKey)).toBe(true);
    expect(n.verify(n.publicKey)).toBe(false);
    expect(ext(leaf).authorityKeyIdentifier?.keyIdentifier).toBe(ext(ca).subjectKeyIdentifier);
    expect(ext(leaf).basicConstraints.cA).toBe(false);
    expect(exploreCertificate(leaf.der).tbsCertificate.issuer.commonName).toBe("Test Root CA");
  });

  it("gives every CA its own key, so a certificate does not verify against another CA", async () => {
    const otherCa = await makeCert({ cn: "Other CA", ca: true });
    expect(otherCa.keyPem).not.toBe(ca.keyPem);
    expect(node(leaf).verify(node(otherCa).publicKey)).toBe(false);
    expect(node(leaf).checkIssued(node(otherCa))).toBe(false);
  });

  it("shares the cached key between leaves unless freshKey is set", async () => {
    const a = await makeCert({ cn: "a" });
    const b = await makeCert({ cn: "b" });
    const fresh = await makeCert({ cn: "fresh", freshKey: true });
    expect(a.keyPem).toBe(b.keyPem);
    expect(a.keys).toBe(b.keys);
    expect(a.sha1).not.toBe(b.sha1);
    expect(fresh.keyPem).not.toBe(a.keyPem);
    expect(ext(fresh).subjectKeyIdentifier).not.toBe(ext(a).subjectKeyIdentifier);
  });

  it("builds a root, intermediate and leaf chain", async () => {
    const intermediate = await makeCert({ cn: "Intermediate CA", ca: true, issuer: ca });
    const deep = await makeCert({ cn: "deep", issuer: intermediate });
    expect(ext(intermediate).basicConstraints.cA).toBe(true);
    expect(node(intermediate).checkIssued(node(ca))).toBe(true);
    expect(node(intermediate).verify(node(ca).publicKey)).toBe(true);
    expect(node(deep).checkIssued(node(intermediate))).toBe(true);
    expect(node(deep).verify(node(intermediate).publicKey)).toBe(true);
    expect(ext(deep).authorityKeyIdentifier?.keyIdentifier).toBe(ext(intermediate).subjectKeyIdentifier);
  });

  it("honours the serial number, validity window and organization", async () => {
    const notBefore = new Date("2024-01-02T03:04:05Z");
    const notAfter = new Date("2030-06-07T08:09:10Z");
    const c = await makeCert({ cn: "fixed", o: "Org", serial: "1A2b3C", notBefore, notAfter });
    const tbs = exploreCertificate(c.der).tbsCertificate;
    expect(hex(tbs.serialNumber)).toBe("1a2b3c");
    expect(c.cert.serialNumber).toBe("1a2b3c");
    expect(hex(node(c).serialNumber)).toBe("1a2b3c");
    expect(tbs.validity.notBefore.toISOString()).toBe(notBefore.toISOString());
    expect(tbs.validity.notAfter.toISOString()).toBe(notAfter.toISOString());
    expect(tbs.subject.organizationName).toBe("Org");
    expect(tbs.subject.commonName).toBe("fixed");
  });

  it("defaults to a random serial and a validity from one hour ago to a year ahead", async () => {
    const before = Date.now();
    const c = await makeCert({ cn: "defaults" });
    const { validity, serialNumber } = exploreCertificate(c.der).tbsCertificate;
    expect(hex(serialNumber)).toMatch(/^[0-9a-f]{31,32}$/);
    expect(hex(serialNumber)).toBe(hex(c.cert.serialNumber));
    expect(Math.abs(validity.notBefore.getTime() - (before - 3600_000))).toBeLessThan(5000);
    expect(Math.abs(validity.notAfter.getTime() - (before + 365 * 86400_000))).toBeLessThan(5000);
    const other = await makeCert({ cn: "defaults" });
    expect(other.cert.serialNumber).not.toBe(c.cert.serialNumber);
  });

  it("signs with SHA-1 when asked, both self-signed and by a CA", async () => {
    const self = await makeCert({ cn: "sha1-self", hash: "SHA-1" });
    const signed = await makeCert({ cn: "sha1-signed", hash: "SHA-1", issuer: ca });
    expect(exploreCertificate(self.der).signatureAlgorithm.identifier).toBe("sha1WithRSAEncryption");
    expect(exploreCertificate(signed.der).signatureAlgorithm.identifier).toBe("sha1WithRSAEncryption");
    expect(node(self).verify(node(self).publicKey)).toBe(true);
    expect(node(signed).verify(node(ca).publicKey)).toBe(true);
    // the CA key is still usable for SHA-256 afterwards
    const again = await makeCert({ cn: "sha256-again", issuer: ca });
    expect(exploreCertificate(again.der).signatureAlgorithm.identifier).toBe("sha256WithRSAEncryption");
    expect(node(again).verify(node(ca).publicKey)).toBe(true);
  });

  it("makes EC P-256 and P-384 certificates signed with ECDSA, also as CA of an RSA leaf", async () => {
    const p256 = await makeCert({ cn: "ec256", key: "ec-p256" });
    const p384ca = await makeCert({ cn: "ec384 CA", key: "ec-p384", ca: true, hash: "SHA-256" });
    const rsaLeaf = await makeCert({ cn: "rsa-under-ec", issuer: p384ca });
    expect(node(p256).publicKey.asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
    expect(node(p384ca).publicKey.asymmetricKeyDetails?.namedCurve).toBe("secp384r1");
    // ecdsa-with-SHA256
    expect(exploreCertificate(p256.der).signatureAlgorithm.identifier).toBe("1.2.840.10045.4.3.2");
    expect(exploreCertificate(rsaLeaf.der).signatureAlgorithm.identifier).toBe("1.2.840.10045.4.3.2");
    expect(node(p256).verify(node(p256).publicKey)).toBe(true);
    expect(node(rsaLeaf).checkIssued(node(p384ca))).toBe(true);
    expect(node(rsaLeaf).verify(node(p384ca).publicKey)).toBe(true);
    expect(ext(p256).subjectAltName?.uniformResourceIdentifier).toEqual(["urn:test:ec256"]);
    expect(createPrivateKey(p256.keyPem).asymmetricKeyType).toBe("ec");
  });

  it("makes RSA 1024 and 3072 bit keys", async () => {
    const [small, big] = await Promise.all([
      makeCert({ cn: "rsa1024", key: "rsa-1024" }),
      makeCert({ cn: "rsa3072", key: "rsa-3072" }),
    ]);
    expect(node(small).publicKey.asymmetricKeyDetails?.modulusLength).toBe(1024);
    expect(node(big).publicKey.asymmetricKeyDetails?.modulusLength).toBe(3072);
    expect(exploreCertificate(small.der).tbsCertificate.subjectPublicKeyInfo.keyLength).toBe(128);
    expect(node(big).verify(node(big).publicKey)).toBe(true);
  }, 20_000); // RSA-3072 key generation time varies a lot

  it("applies the keyUsage profiles 'digitalSignatureOnly' and 'none'", async () => {
    const dsOnly = await makeCert({ cn: "ds", keyUsage: "digitalSignatureOnly" });
    const none = await makeCert({ cn: "none", keyUsage: "none" });
    expect(ext(dsOnly).keyUsage).toMatchObject({ digitalSignature: true, nonRepudiation: false, keyEncipherment: false });
    expect(ext(none).keyUsage).toBeUndefined();
    expect(ext(none).extKeyUsage).toMatchObject({ serverAuth: true, clientAuth: true });
  });
});

describe("expiredCert", () => {
  it("makes a certificate whose notAfter is in the past", async () => {
    const c = await expiredCert("old");
    const n = node(c);
    expect(new Date(n.validTo).getTime()).toBeLessThan(Date.now());
    expect(new Date(n.validFrom).getTime()).toBeLessThan(new Date(n.validTo).getTime());
    expect(exploreCertificate(c.der).tbsCertificate.validity.notAfter.getTime()).toBeLessThan(Date.now());
    expect(n.subject).toBe("CN=old");
  });
});

describe("makeCrl", () => {
  it("lists the revoked serial numbers so that node-opcua-crypto reads them", async () => {
    const other = await makeCert({ cn: "also-revoked", issuer: ca, serial: "00ff01" });
    const crl = await makeCrl(ca, { revoked: [leaf, other] });
    const info = exploreCertificateRevocationList(crl.der);
    expect(info.tbsCertList.revokedCertificates.map((r) => hex(r.userCertificate))).toEqual([
      hex(leaf.cert.serialNumber),
      "ff01",
    ]);
    expect(info.tbsCertList.issuer.commonName).toBe("Test Root CA");
    expect(info.signatureAlgorithm.identifier).toBe("sha256WithRSAEncryption");
    expect(info.tbsCertList.nextUpdate?.getTime()).toBeGreaterThan(Date.now());
    expect(info.tbsCertList.thisUpdate.getTime()).toBeLessThanOrEqual(Date.now());

    const parsed = new x509.X509Crl(Uint8Array.from(crl.der));
    expect(await parsed.verify({ publicKey: ca.cert })).toBe(true);
    expect(parsed.findRevoked(leaf.cert)).not.toBeNull();
    expect(crl.pem).toMatch(/^-----BEGIN X509 CRL-----\n[\s\S]+\n-----END X509 CRL-----\n$/);
    expect(convertPEMtoDER(crl.pem).equals(crl.der)).toBe(true);
  });

  it("makes an empty CRL with the given thisUpdate and nextUpdate", async () => {
    const thisUpdate = new Date("2025-01-01T00:00:00Z");
    const nextUpdate = new Date("2025-02-01T00:00:00Z");
    const crl = await makeCrl(ca, { thisUpdate, nextUpdate });
    const info = exploreCertificateRevocationList(crl.der);
    expect(info.tbsCertList.revokedCertificates).toEqual([]);
    expect(info.tbsCertList.thisUpdate.toISOString()).toBe(thisUpdate.toISOString());
    expect(info.tbsCertList.nextUpdate?.toISOString()).toBe(nextUpdate.toISOString());
  });

  it("signs the CRL of an EC CA with ECDSA", async () => {
    const ecCa = await makeCert({ cn: "EC CA", key: "ec-p256", ca: true });
    const crl = await makeCrl(ecCa, { revoked: [await makeCert({ cn: "x", issuer: ecCa, serial: "42" })] });
    const parsed = new x509.X509Crl(Uint8Array.from(crl.der));
    expect(await parsed.verify({ publicKey: ecCa.cert })).toBe(true);
    expect(exploreCertificateRevocationList(crl.der).tbsCertList.revokedCertificates.map((r) => hex(r.userCertificate))).toEqual(["42"]);
  });
});

describe("pemBundle", () => {
  it("joins several certificates into one PEM text that splits back into the same DER", () => {
    const bundle = pemBundle(ca, leaf);
    expect(bundle.match(/-----BEGIN CERTIFICATE-----/g)).toHaveLength(2);
    const parts = split_der(convertPEMtoDER(bundle));
    expect(parts).toHaveLength(2);
    expect(parts[0]?.equals(ca.der)).toBe(true);
    expect(parts[1]?.equals(leaf.der)).toBe(true);
    expect(pemBundle()).toBe("");
  });
});

describe("makeManyCerts", () => {
  it("makes 1,000 distinct valid certificates that share one key", async () => {
    const started = Date.now();
    const many = await makeManyCerts(1000, "bench");
    const elapsed = Date.now() - started;
    expect(many).toHaveLength(1000);
    expect(new Set(many.map((c) => c.sha1)).size).toBe(1000);
    expect(new Set(many.map((c) => hex(exploreCertificate(c.der).tbsCertificate.serialNumber))).size).toBe(1000);
    expect(new Set(many.map((c) => c.keyPem)).size).toBe(1);
    expect(elapsed).toBeLessThan(10_000); // ~0.5 s on 2 cores; the generic makeCert path would take ~2.5 s

    for (const i of [0, 1, 999]) {
      const c = many[i]!;
      const n = node(c);
      expect(n.subject).toBe(`CN=bench-${i}`);
      expect(n.verify(n.publicKey)).toBe(true);
      expect(c.sha1).toBe(n.fingerprint.replace(/:/g, "").toLowerCase());
      expect(convertPEMtoDER(c.pem).equals(c.der)).toBe(true);
      const e = ext(c);
      expect(e.subjectAltName?.uniformResourceIdentifier).toEqual([`urn:test:bench-${i}`]);
      expect(e.keyUsage?.keyEncipherment).toBe(true);
      expect(e.extKeyUsage).toMatchObject({ serverAuth: true, clientAuth: true });
      expect(e.authorityKeyIdentifier?.keyIdentifier).toBe(e.subjectKeyIdentifier);
      expect(c.cert.subject).toBe(`CN=bench-${i}`);
      expect(await c.cert.verify({ signatureOnly: true })).toBe(true);
      expect(new Date(n.validTo).getTime()).toBeGreaterThan(Date.now());
    }
  }, 20_000);

  it("uses the prefix 'bulk' by default", async () => {
    const [first] = await makeManyCerts(1);
    expect(node(first!).subject).toBe("CN=bulk-0");
  });
});

describe("tempDir", () => {
  it("creates distinct empty directories under the OS temp dir that cleanupTempDirs removes", async () => {
    const a = await tempDir();
    const b = await tempDir("store-");
    expect(a).not.toBe(b);
    expect(statSync(a).isDirectory()).toBe(true);
    expect(readdirSync(b)).toEqual([]);
    expect(b.split(sep).pop()).toMatch(/^uatrust-store-/);
    const { realpathSync } = await import("node:fs");
    expect(b.startsWith(realpathSync(tmpdir()))).toBe(true);
    writeFileSync(`${a}${sep}file.der`, leaf.der);

    await cleanupTempDirs();
    expect(existsSync(a)).toBe(false);
    expect(existsSync(b)).toBe(false);
    await cleanupTempDirs(); // idempotent
  });
});
