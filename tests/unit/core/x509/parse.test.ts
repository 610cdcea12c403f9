import { beforeAll, describe, expect, it } from "vitest";
import { decodeFile } from "../../../../electron/core/x509/decode";
import { parseCertificate, parseCrl } from "../../../../electron/core/x509/parse";
import { makeCert, makeCrl, pemBundle, type MadeCert } from "../../../helpers/certs";

let ca: MadeCert;
let leaf: MadeCert;

beforeAll(async () => {
  ca = await makeCert({ cn: "Plant CA", o: "Acme", ca: true });
  leaf = await makeCert({ cn: "PLC-7", o: "Acme", issuer: ca, dns: ["plc7.local", "plc7"], ip: ["192.168.0.7", "::1", "fe80::202:b3ff:fe1e:8329"] });
});

describe("parseCertificate", () => {
  describe("an RSA leaf signed by a CA", () => {
    it("reads the thumbprints and serial number the way OPC UA stacks show them", () => {
      const parsed = parseCertificate(leaf.der);
      expect(parsed.sha1).toBe(leaf.sha1);
      expect(parsed.sha256).toBe(leaf.sha256);
      expect(parsed.serialNumber).toBe(leaf.cert.serialNumber.toLowerCase());
    });

    it("reads subject and issuer with CN and O", () => {
      const parsed = parseCertificate(leaf.der);
      expect(parsed.subject).toEqual({ cn: "PLC-7", o: "Acme", text: "CN=PLC-7, O=Acme" });
      expect(parsed.issuer).toEqual({ cn: "Plant CA", o: "Acme", text: "CN=Plant CA, O=Acme" });
    });

    it("reads the ApplicationUri and the DNS and IP names of subjectAltName", () => {
      const parsed = parseCertificate(leaf.der);
      expect(parsed.applicationUri).toBe("urn:test:PLC-7");
      expect(parsed.dns).toEqual(["plc7.local", "plc7"]);
      expect(parsed.ip).toEqual(["192.168.0.7", "::1", "fe80::202:b3ff:fe1e:8329"]);
    });

    it("reads validity, key, signature algorithm, key usages and the CA and self-signed flags", () => {
      const parsed = parseCertificate(leaf.der);
      expect(parsed.notBefore.toISOString()).toBe(leaf.cert.notBefore.toISOString());
      expect(parsed.notAfter.toISOString()).toBe(leaf.cert.notAfter.toISOString());
      expect([parsed.keyType, parsed.keySize]).toEqual(["RSA", 2048]);
      expect(parsed.signatureAlgorithm).toBe("sha256WithRSAEncryption");
      expect(parsed.keyUsage).toEqual(expect.arrayContaining(["digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment"]));
      expect(parsed.keyUsage).not.toContain("keyCertSign");
      expect(parsed.extendedKeyUsage).toEqual(expect.arrayContaining(["serverAuth", "clientAuth"]));
      expect(parsed.isCA).toBe(false);
      expect(parsed.selfSigned).toBe(false);
    });
  });

  describe("a self-signed CA", () => {
    it("is flagged CA and self-signed, with keyCertSign and cRLSign", () => {
      const parsed = parseCertificate(ca.der);
      expect(parsed.isCA).toBe(true);
      expect(parsed.selfSigned).toBe(true);
      expect(parsed.keyUsage).toEqual(expect.arrayContaining(["keyCertSign", "cRLSign"]));
    });
  });

  describe("other keys and signatures", () => {
    it("reads an EC P-256 key as EC 256 bits signed with ecdsa-with-SHA256", async () => {
      const parsed = parseCertificate((await makeCert({ cn: "ec", key: "ec-p256" })).der);
      expect([parsed.keyType, parsed.keySize, parsed.signatureAlgorithm]).toEqual(["EC", 256, "ecdsa-with-SHA256"]);
    });

    it("reads an EC P-384 key as EC 384 bits", async () => {
      const parsed = parseCertificate((await makeCert({ cn: "ec384", key: "ec-p384" })).der);
      expect([parsed.keyType, parsed.keySize]).toEqual(["EC", 384]);
    });

    it("reads an RSA 1024 key as 1024 bits and a SHA-1 signature as sha1WithRSAEncryption", async () => {
      const parsed = parseCertificate((await makeCert({ cn: "old-plc", key: "rsa-1024", hash: "SHA-1" })).der);
      expect([parsed.keyType, parsed.keySize, parsed.signatureAlgorithm]).toEqual(["RSA", 1024, "sha1WithRSAEncryption"]);
    });

    it("gives null for a certificate without a URI in subjectAltName", async () => {
      expect(parseCertificate((await makeCert({ cn: "no-uri", applicationUri: null })).der).applicationUri).toBeNull();
    });
  });

  describe("broken input", () => {
    it("throws for a truncated certificate", () => {
      expect(() => parseCertificate(leaf.der.subarray(0, leaf.der.length - 40))).toThrow();
    });

    it("throws for garbage bytes", () => {
      expect(() => parseCertificate(Buffer.from("not a certificate at all"))).toThrow();
    });
  });
});

describe("parseCrl", () => {
  it("reads the issuer, the update dates and the revoked serial numbers", async () => {
    const thisUpdate = new Date(Date.now() - 3_600_000);
    const nextUpdate = new Date(Date.now() + 7 * 86_400_000);
    const crl = await makeCrl(ca, { revoked: [leaf], thisUpdate, nextUpdate });
    const parsed = parseCrl(crl.der);
    expect(parsed.issuer.text).toBe("CN=Plant CA, O=Acme");
    expect(parsed.issuerKey).toBe(parseCertificate(ca.der).subjectKey);
    expect(Math.abs(parsed.thisUpdate.getTime() - thisUpdate.getTime())).toBeLessThan(1000);
    expect(Math.abs(parsed.nextUpdate!.getTime() - nextUpdate.getTime())).toBeLessThan(1000);
    expect(parsed.revokedSerials).toEqual([leaf.cert.serialNumber.toLowerCase()]);
    expect(parsed.signatureAlgorithm).toBe("sha256WithRSAEncryption");
  });
});

describe("decodeFile", () => {
  it("sniffs DER whatever the name", () => {
    expect(decodeFile(leaf.der)).toEqual({ format: "der", items: [{ type: "certificate", der: leaf.der }] });
  });

  it("reads every certificate of a PEM bundle", async () => {
    const other = await makeCert({ cn: "other" });
    const decoded = decodeFile(Buffer.from(pemBundle(leaf, ca, other)));
    expect(decoded.format).toBe("pem");
    expect(decoded.items.map((i) => (i.type === "certificate" ? i.der : null))).toEqual([leaf.der, ca.der, other.der]);
  });

  it("reads a PEM with Windows line ends", () => {
    const decoded = decodeFile(Buffer.from(leaf.pem.replace(/\n/g, "\r\n")));
    expect(decoded.items).toEqual([{ type: "certificate", der: leaf.der }]);
  });

  it("tells a CRL from a certificate, in DER and PEM", async () => {
    const crl = await makeCrl(ca);
    expect(decodeFile(crl.der).items).toEqual([{ type: "crl", der: crl.der }]);
    expect(decodeFile(Buffer.from(crl.pem)).items).toEqual([{ type: "crl", der: crl.der }]);
  });

  it("recognises a private key without reading it", () => {
    expect(decodeFile(Buffer.from(leaf.keyPem)).items).toEqual([{ type: "private-key" }]);
  });

  it("says why an empty file, garbage, a broken PEM block or a truncated DER cannot be read", () => {
    expect(decodeFile(Buffer.alloc(0)).items).toEqual([{ type: "invalid", reason: "empty file (0 bytes)" }]);
    expect(decodeFile(Buffer.from("hello")).items[0]).toMatchObject({ type: "invalid" });
    expect(decodeFile(Buffer.from("-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n")).items[0]).toMatchObject({
      type: "invalid",
      reason: expect.stringContaining("not base64"),
    });
    expect(decodeFile(Buffer.from("-----BEGIN CERTIFICATE-----\nMIIB\n")).items[0]).toMatchObject({ type: "invalid", reason: expect.stringContaining("BEGIN/END") });
    const truncated = decodeFile(leaf.der.subarray(0, 300)).items;
    expect(truncated.every((i) => i.type === "invalid")).toBe(true);
  });
});
