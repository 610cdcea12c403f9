import { createPrivateKey, webcrypto, X509Certificate, type KeyObject } from 'node:crypto';
import { TrustError } from '../errors';
import { describe } from '../x509/decode';

export interface GeneratedKey {
  /** PKCS#8 PEM, as written to own/private. */
  pem: string;
  key: webcrypto.CryptoKey;
  publicKey: webcrypto.CryptoKey;
}

/** A new RSA key pair from Node's crypto (OpenSSL underneath), for RSASSA-PKCS1-v1_5 with SHA-256. */
export async function generateRsaKey(modulusLength: number): Promise<GeneratedKey> {
  const pair = await webcrypto.subtle.generateKey(
    { name: 'RSASSA-PKCS1-v1_5', modulusLength, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true,
    ['sign', 'verify'],
  );
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', pair.privateKey));
  return { pem: pemOf(pkcs8, 'PRIVATE KEY'), key: pair.privateKey, publicKey: pair.publicKey };
}

function pemOf(der: Buffer, label: string): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** Reads a PEM private key (PKCS#8, PKCS#1 or SEC1; encrypted ones with their password). */
export function readPrivateKey(bytes: Buffer | string, password?: string): KeyObject {
  const text = typeof bytes === 'string' ? bytes : bytes.toString('latin1');
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) throw new TrustError('INVALID_INPUT', 'the private key file holds no PEM private key (-----BEGIN PRIVATE KEY-----)');
  const encrypted = /ENCRYPTED|Proc-Type: 4,ENCRYPTED/.test(text);
  if (encrypted && !password) throw new TrustError('INVALID_INPUT', 'the private key is encrypted: give its password');
  try {
    return createPrivateKey({ key: text, format: 'pem', ...(encrypted ? { passphrase: password } : {}) });
  } catch (error) {
    throw new TrustError('INVALID_INPUT', encrypted ? 'the private key cannot be decrypted: wrong password?' : `the private key cannot be read: ${describe(error)}`);
  }
}

/** The key as unencrypted PKCS#8 PEM: OPC UA stacks read own/private without a password. */
export function privateKeyPem(key: KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'pem' }) as string;
}

/** True when the private key belongs to the certificate's public key. */
export function keyMatchesCertificate(certificateDer: Buffer, key: KeyObject): boolean {
  try {
    return new X509Certificate(certificateDer).checkPrivateKey(key);
  } catch {
    return false;
  }
}

/** RSA modulus length in bits (EC: curve size), 0 when unknown. */
export function keyBits(key: KeyObject): number {
  const details = key.asymmetricKeyDetails;
  if (details?.modulusLength) return details.modulusLength;
  const curves: Record<string, number> = { prime256v1: 256, secp384r1: 384, secp521r1: 521 };
  return curves[details?.namedCurve ?? ''] ?? 0;
}

/** A WebCrypto signing key for node-opcua-crypto's generators; they sign with RSA only. */
export async function rsaSigningKey(key: KeyObject): Promise<webcrypto.CryptoKey> {
  if (key.asymmetricKeyType !== 'rsa') {
    throw new TrustError('INVALID_INPUT', `this is a ${key.asymmetricKeyType?.toUpperCase() ?? 'non-RSA'} key: signing requests and certificates are made for RSA keys only`);
  }
  const pkcs8 = key.export({ type: 'pkcs8', format: 'der' });
  return webcrypto.subtle.importKey('pkcs8', pkcs8, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['sign']);
}
