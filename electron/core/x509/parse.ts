import crypto, { createHash } from 'node:crypto';
import type { DirectoryName } from 'node-opcua-crypto';
import type { DistinguishedName } from '../../../shared/types/cert';
import { readCertificateFields } from './certificate-fields';
import { exploreCertificateRevocationList } from './crypto-light';

/**
 * Certificates are read with node-opcua-crypto's DER reader: it is the parser node-opcua stacks
 * themselves use (so we see what a server sees), it is pure JavaScript, it reads CRLs (Node's
 * crypto cannot), and read through `readCertificateFields` (its primitives without the parts
 * nobody looks at) it is faster than `crypto.X509Certificate` for these fields.
 */
export interface ParsedCertificate {
  sha1: string;
  sha256: string;
  serialNumber: string;
  subject: DistinguishedName;
  issuer: DistinguishedName;
  /** Raw DN text used to match issuers and CRLs. */
  subjectKey: string;
  issuerKey: string;
  applicationUri: string | null;
  dns: string[];
  ip: string[];
  notBefore: Date;
  notAfter: Date;
  keyType: string;
  keySize: number;
  signatureAlgorithm: string;
  keyUsage: string[];
  extendedKeyUsage: string[];
  isCA: boolean;
  selfSigned: boolean;
}

export interface ParsedCrl {
  sha256: string;
  issuer: DistinguishedName;
  issuerKey: string;
  thisUpdate: Date;
  nextUpdate: Date | null;
  revokedSerials: string[];
  signatureAlgorithm: string;
}

const SIGNATURE_NAMES: Record<string, string> = {
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.2.840.113549.1.1.10': 'rsassa-pss',
  '1.3.101.112': 'Ed25519',
};

// node-opcua-crypto names only prime256v1; the other curves come as their OIDs.
const CURVE_BITS: Record<string, number> = {
  prime256v1: 256,
  secp256r1: 256,
  secp384r1: 384,
  secp521r1: 521,
  brainpoolP256r1: 256,
  brainpoolP384r1: 384,
  '1.2.840.10045.3.1.7': 256,
  '1.3.132.0.34': 384,
  '1.3.132.0.35': 521,
  '1.3.36.3.3.2.8.1.1.7': 256,
  '1.3.36.3.3.2.8.1.1.11': 384,
};

const SHORT_NAMES: Record<string, string> = {
  commonName: 'CN',
  organizationName: 'O',
  organizationalUnitName: 'OU',
  localityName: 'L',
  stateOrProvinceName: 'ST',
  countryName: 'C',
  domainComponent: 'DC',
};

export function signatureName(identifier: string): string {
  return SIGNATURE_NAMES[identifier] ?? identifier;
}

function toDn(name: DirectoryName): DistinguishedName {
  const text = (name.entries ?? []).map((e) => `${SHORT_NAMES[e.name] ?? e.name}=${e.value}`).join(', ');
  return { cn: name.commonName ?? null, o: name.organizationName ?? null, text };
}

function ipText(hex: string): string {
  if (hex.length === 8) return (hex.match(/../g) ?? []).map((b) => parseInt(b, 16)).join('.');
  // The URL parser writes IPv6 in its canonical short form (RFC 5952): "::1", not "0:0:0:0:0:0:0:1".
  if (hex.length === 32) return new URL(`http://[${(hex.match(/.{4}/g) ?? []).join(':')}]`).hostname.slice(1, -1);
  return hex;
}

// crypto.hash (Node 20.12+) is ~10× faster than createHash for a certificate's few hundred bytes.
const oneShot = (crypto as { hash?: (algorithm: string, data: Buffer, encoding: 'hex') => string }).hash;
const hash = (algorithm: 'sha1' | 'sha256', der: Buffer) => (oneShot ? oneShot(algorithm, der, 'hex') : createHash(algorithm).update(der).digest('hex'));

/** Reads one DER certificate; throws with the parser's reason when it is malformed. */
export function parseCertificate(der: Buffer): ParsedCertificate {
  const fields = readCertificateFields(der);
  const ext = fields.extensions;
  const san = ext?.subjectAltName ?? {};
  const keyUsage = ext?.keyUsage ? Object.entries(ext.keyUsage).filter(([, on]) => on).map(([name]) => name) : [];
  const extendedKeyUsage = ext?.extKeyUsage ? Object.entries(ext.extKeyUsage).filter(([, on]) => on).map(([name]) => name) : [];
  const algorithm = fields.publicKeyAlgorithm;
  const isRsa = algorithm === 'rsaEncryption';
  const subject = toDn(fields.subject);
  const issuer = toDn(fields.issuer);
  if (!(fields.notBefore instanceof Date) || Number.isNaN(fields.notAfter?.getTime())) {
    throw new Error('validity dates cannot be read');
  }
  return {
    sha1: hash('sha1', der),
    sha256: hash('sha256', der),
    serialNumber: fields.serialHex,
    subject,
    issuer,
    subjectKey: subject.text,
    issuerKey: issuer.text,
    applicationUri: san.uniformResourceIdentifier?.[0] ?? null,
    dns: san.dNSName ?? [],
    ip: (san.iPAddress ?? []).map(ipText),
    notBefore: fields.notBefore,
    notAfter: fields.notAfter,
    keyType: isRsa ? 'RSA' : algorithm in CURVE_BITS ? 'EC' : algorithm,
    keySize: isRsa ? fields.keyLength * 8 : (CURVE_BITS[algorithm] ?? fields.keyLength * 8),
    signatureAlgorithm: signatureName(fields.signatureAlgorithm),
    keyUsage,
    extendedKeyUsage,
    isCA: ext?.basicConstraints?.cA === true,
    selfSigned: subject.text === issuer.text,
  };
}

/** Reads one DER CRL; throws with the parser's reason when it is malformed. */
export function parseCrl(der: Buffer): ParsedCrl {
  const info = exploreCertificateRevocationList(der);
  const tbs = info.tbsCertList;
  const issuer = toDn(tbs.issuer);
  if (!(tbs.thisUpdate instanceof Date)) throw new Error('CRL thisUpdate cannot be read');
  return {
    sha256: hash('sha256', der),
    issuer,
    issuerKey: issuer.text,
    thisUpdate: tbs.thisUpdate,
    nextUpdate: tbs.nextUpdate ?? null,
    revokedSerials: (tbs.revokedCertificates ?? []).map((r) => r.userCertificate.replace(/:/g, '').toLowerCase()),
    signatureAlgorithm: signatureName(info.signatureAlgorithm.identifier),
  };
}
