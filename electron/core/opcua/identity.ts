import { existsSync, mkdirSync, readFileSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { webcrypto } from 'node:crypto';
import { writeFileAtomic } from '../pki/fs-atomic';
import { CertificatePurpose } from '../x509/crypto-light';
import { cryptoLib } from '../x509/crypto-lib';
import { parseCertificate, type ParsedCertificate } from '../x509/parse';
import { decodeFile } from '../x509/decode';

export const APP_NAME = 'OpcUaTrustManager';

export interface Identity {
  certificateFile: string;
  privateKeyFile: string;
  certificate: ParsedCertificate;
  applicationUri: string;
  created: boolean;
}

export interface IdentityOptions {
  /** Application name in the subject and in the ApplicationUri `urn:<host>:<name>`. */
  applicationName?: string;
  hostname?: string;
  keySize?: 2048 | 3072 | 4096;
  validityDays?: number;
  /** Extra SANs beyond the host name (e.g. 127.0.0.1, localhost for a loopback server). */
  dns?: string[];
  ip?: string[];
  certificateName?: string;
}

export function applicationUriFor(applicationName: string, hostname = os.hostname()): string {
  return `urn:${hostname}:${applicationName}`;
}

/** Generates an RSA key pair with Node's crypto and returns both halves as PEM / CryptoKey. */
async function generateRsaKey(modulusLength: number): Promise<{ pem: string; key: webcrypto.CryptoKey }> {
  const pair = await webcrypto.subtle.generateKey(
    { name: 'RSASSA-PKCS1-v1_5', modulusLength, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true,
    ['sign', 'verify'],
  );
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', pair.privateKey));
  const lines = pkcs8.toString('base64').match(/.{1,64}/g) ?? [];
  return { pem: `-----BEGIN PRIVATE KEY-----\n${lines.join('\n')}\n-----END PRIVATE KEY-----\n`, key: pair.privateKey };
}

/**
 * The application instance certificate of a node-opcua PKI (own/certs + own/private), created when
 * missing: RSA, SHA-256, SAN URI = ApplicationUri, DNS = host name, the key usages OPC UA needs,
 * private key written 0600.
 */
export async function ensureIdentity(pkiRoot: string, options: IdentityOptions = {}): Promise<Identity> {
  const hostname = options.hostname ?? os.hostname();
  const applicationName = options.applicationName ?? APP_NAME;
  const certificateFile = path.join(pkiRoot, 'own', 'certs', options.certificateName ?? 'client_certificate.pem');
  const privateKeyFile = path.join(pkiRoot, 'own', 'private', 'private_key.pem');
  const applicationUri = applicationUriFor(applicationName, hostname);
  let created = false;
  if (!existsSync(certificateFile) || !existsSync(privateKeyFile)) {
    mkdirSync(path.dirname(certificateFile), { recursive: true });
    mkdirSync(path.dirname(privateKeyFile), { recursive: true, mode: 0o700 });
    const { pem: keyPem, key } = await generateRsaKey(options.keySize ?? 2048);
    const now = new Date();
    const { createSelfSignedCertificate } = await cryptoLib();
    const { cert } = await createSelfSignedCertificate({
      privateKey: key,
      notBefore: new Date(now.getTime() - 24 * 3600_000),
      validity: options.validityDays ?? 365 * 2,
      subject: `/CN=${applicationName}@${hostname}/O=OPC UA Trust Manager`,
      dns: [...new Set([hostname, ...(options.dns ?? [])])],
      ip: options.ip ?? [],
      applicationUri,
      purpose: CertificatePurpose.ForApplication,
    });
    writeFileAtomic(privateKeyFile, keyPem, 0o600);
    chmodSync(privateKeyFile, 0o600);
    writeFileAtomic(certificateFile, cert);
    created = true;
  }
  const decoded = decodeFile(readFileSync(certificateFile)).items.find((i) => i.type === 'certificate');
  if (!decoded || decoded.type !== 'certificate') throw new Error(`${certificateFile} does not hold a certificate`);
  const certificate = parseCertificate(decoded.der);
  return { certificateFile, privateKeyFile, certificate, applicationUri: certificate.applicationUri ?? applicationUri, created };
}
