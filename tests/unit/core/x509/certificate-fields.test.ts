import { exploreCertificate } from "node-opcua-crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { fieldsFromExplore as fromExplore, readCertificateFields } from "../../../../electron/core/x509/certificate-fields";
import { makeCert, makeManyCerts, type MadeCert } from "../../../helpers/certs";

const samples: [string, MadeCert][] = [];

beforeAll(async () => {
  const ca = await makeCert({ cn: "Plant CA", o: "Acme", ca: true });
  samples.push(
    ["a self-signed CA", ca],
    ["a leaf with DNS, IPv4 and IPv6 names signed by a CA", await makeCert({ cn: "PLC-7", o: "Acme", issuer: ca, dns: ["plc7.local", "plc7"], ip: ["192.168.0.7", "::1"] })],
    ["an EC P-256 key", await makeCert({ cn: "ec", key: "ec-p256" })],
    ["an EC P-384 key", await makeCert({ cn: "ec384", key: "ec-p384" })],
    ["an RSA-1024 key signed with SHA-1", await makeCert({ cn: "old-plc", key: "rsa-1024", hash: "SHA-1" })],
    ["no keyUsage and no ApplicationUri", await makeCert({ cn: "bare", keyUsage: "none", applicationUri: null })],
    ["validity past 2049 (GeneralizedTime)", await makeCert({ cn: "long", notBefore: new Date("1999-01-01T00:00:00Z"), notAfter: new Date("2070-01-01T00:00:00Z") })],
    ["a serial number with a leading zero byte", await makeCert({ cn: "serial", serial: "00ff01" })],
    ...(await makeManyCerts(3, "bulk")).map((c, i): [string, MadeCert] => [`bulk certificate ${i}`, c]),
  );
});

describe("reading the fields a store listing shows", () => {
  it("gives what exploreCertificate gives, for every kind of certificate the tests make", () => {
    for (const [what, cert] of samples) expect(readCertificateFields(cert.der), what).toEqual(fromExplore(cert.der));
  });

  it("reads the extensions a listing shows and skips the others (key identifiers)", () => {
    const fields = readCertificateFields(samples[1]![1].der);
    expect(Object.keys(fields.extensions ?? {}).sort()).toEqual(["basicConstraints", "extKeyUsage", "keyUsage", "subjectAltName"]);
  });

  it("refuses a truncated certificate as exploreCertificate does", () => {
    const der = samples[0]![1].der;
    expect(() => readCertificateFields(der.subarray(0, der.length - 10))).toThrow();
    expect(() => exploreCertificate(der.subarray(0, der.length - 10))).toThrow();
  });
});
