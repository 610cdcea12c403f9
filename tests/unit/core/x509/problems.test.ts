import { describe, expect, it } from "vitest";
import { parseCertificate } from "../../../../electron/core/x509/parse";
import { certificateProblems, crlProblems, distanceInWords } from "../../../../electron/core/x509/problems";
import { parseCrl } from "../../../../electron/core/x509/parse";
import { expiredCert, makeCert, makeCrl, type CertOptions } from "../../../helpers/certs";

const DAY = 86_400_000;
const codesOf = async (options: CertOptions) => certificateProblems(parseCertificate((await makeCert(options)).der)).map((p) => p.code);

describe("certificateProblems", () => {
  it("finds nothing wrong with a fresh OPC UA certificate", async () => {
    expect(await codesOf({ cn: "good", dns: ["host"] })).toEqual([]);
  });

  it("says how long ago an expired certificate expired", async () => {
    const problems = certificateProblems(parseCertificate((await expiredCert("old")).der));
    expect(problems).toEqual([expect.objectContaining({ code: "expired", severity: "error", message: expect.stringMatching(/^expired 1 day ago/) })]);
  });

  it("warns about a certificate that expires within 30 days", async () => {
    expect(await codesOf({ cn: "soon", notAfter: new Date(Date.now() + 5 * DAY) })).toEqual(["expiring-soon"]);
  });

  it("flags a certificate that is not valid yet", async () => {
    expect(await codesOf({ cn: "future", notBefore: new Date(Date.now() + 2 * DAY) })).toEqual(["not-yet-valid"]);
  });

  it("flags a missing ApplicationUri on an application certificate but not on a CA", async () => {
    expect(await codesOf({ cn: "no-uri", applicationUri: null })).toEqual(["no-application-uri"]);
    expect(await codesOf({ cn: "ca-no-uri", applicationUri: null, ca: true, freshKey: false })).toEqual([]);
  });

  it("flags a SHA-1 signature and an RSA key under 2048 bits", async () => {
    expect(await codesOf({ cn: "sha1", hash: "SHA-1" })).toEqual(["sha1-signature"]);
    expect(await codesOf({ cn: "small", key: "rsa-1024" })).toEqual(["weak-rsa-key"]);
  });

  it("names the key usages OPC UA needs that are missing", async () => {
    const problems = certificateProblems(parseCertificate((await makeCert({ cn: "ds", keyUsage: "digitalSignatureOnly" })).der));
    expect(problems).toEqual([expect.objectContaining({ code: "missing-key-usage", message: "keyUsage lacks nonRepudiation, keyEncipherment, dataEncipherment" })]);
    expect(await codesOf({ cn: "none", keyUsage: "none" })).toEqual(["missing-key-usage"]);
  });
});

describe("crlProblems", () => {
  it("warns about a CRL past its next update, and not about a current one", async () => {
    const ca = await makeCert({ cn: "CA", ca: true, freshKey: false });
    const old = await makeCrl(ca, { thisUpdate: new Date(Date.now() - 40 * DAY), nextUpdate: new Date(Date.now() - 10 * DAY) });
    expect(crlProblems(parseCrl(old.der)).map((p) => p.code)).toEqual(["crl-expired"]);
    expect(crlProblems(parseCrl((await makeCrl(ca)).der))).toEqual([]);
  });
});

describe("distanceInWords", () => {
  it("speaks in days, or hours under a day", () => {
    expect(distanceInWords(-3 * DAY)).toBe("3 days");
    expect(distanceInWords(DAY)).toBe("1 day");
    expect(distanceInWords(5 * 3_600_000)).toBe("5 hours");
    expect(distanceInWords(1000)).toBe("1 hour");
  });
});
