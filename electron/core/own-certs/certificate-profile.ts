import type { webcrypto } from 'node:crypto';
import { CertificatePurpose, Subject } from '../x509/crypto-light';
import { cryptoLib } from '../x509/crypto-lib';

const DAY = 86_400_000;

/** What an OPC UA application instance certificate (or its signing request) names. */
export interface ApplicationIdentityFields {
  commonName: string;
  organization?: string;
  applicationUri: string;
  dns: string[];
  ip: string[];
}

/** The subject in node-opcua-crypto's "/CN=…/O=…" syntax. */
export function subjectOf(fields: Pick<ApplicationIdentityFields, 'commonName' | 'organization'>): string {
  return new Subject({ commonName: fields.commonName, organization: fields.organization }).toString();
}

/**
 * A self-signed application instance certificate (OPC UA Part 6, 6.2.2) with node-opcua-crypto's
 * profile: SHA-256, SAN URI = ApplicationUri plus DNS/IP, keyUsage digitalSignature, nonRepudiation,
 * keyEncipherment, dataEncipherment (and keyCertSign, which Part 6 asks of self-signed
 * certificates), extendedKeyUsage serverAuth + clientAuth, basicConstraints CA:false, SKI/AKI.
 */
export async function createSelfSigned(key: webcrypto.CryptoKey, fields: ApplicationIdentityFields, validityDays: number): Promise<Buffer> {
  const { createSelfSignedCertificate } = await cryptoLib();
  const now = Date.now();
  const { der } = await createSelfSignedCertificate({
    privateKey: key,
    // A day back, so that a peer whose clock is behind does not see a certificate from the future.
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + validityDays * DAY),
    subject: subjectOf(fields),
    dns: fields.dns,
    ip: fields.ip,
    applicationUri: fields.applicationUri,
    purpose: CertificatePurpose.ForApplication,
  });
  return Buffer.from(der.rawData);
}

/** A PKCS#10 signing request for the key, with the same OPC UA fields as the certificate. */
export async function createSigningRequest(key: webcrypto.CryptoKey, fields: ApplicationIdentityFields): Promise<Buffer> {
  const { createCertificateSigningRequest } = await cryptoLib();
  const { der } = await createCertificateSigningRequest({
    privateKey: key,
    subject: subjectOf(fields),
    dns: fields.dns,
    ip: fields.ip,
    applicationUri: fields.applicationUri,
    purpose: CertificatePurpose.ForApplication,
  });
  return Buffer.from(der.rawData);
}
