import { identifyDERContent, split_der } from './crypto-light';
import { derDefect } from './der-structure';

/** One object found in a file: a certificate, a CRL, a private key (never read further) or something broken. */
export type DecodedItem =
  | { type: 'certificate'; der: Buffer }
  | { type: 'crl'; der: Buffer }
  | { type: 'private-key' }
  | { type: 'invalid'; reason: string };

export interface DecodedFile {
  format: 'der' | 'pem';
  items: DecodedItem[];
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
const BASE64_BODY = /^[A-Za-z0-9+/=\s]*$/;

function looksLikePem(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 4096).toString('latin1');
  return head.includes('-----BEGIN ');
}

function decodePem(text: string): DecodedItem[] {
  const items: DecodedItem[] = [];
  for (const match of text.matchAll(PEM_BLOCK)) {
    const [, label, body] = match;
    if (/PRIVATE KEY/.test(label)) {
      items.push({ type: 'private-key' });
      continue;
    }
    // Headers such as "Proc-Type:" are not part of certificates; anything else that is not base64 is broken.
    const base64 = body.includes(':') ? body.replace(/^[A-Za-z-]+:.*$/gm, '') : body;
    if (!BASE64_BODY.test(base64)) {
      items.push({ type: 'invalid', reason: `PEM block "${label}" has characters that are not base64` });
      continue;
    }
    // Node's base64 decoder skips the line breaks itself.
    const der = Buffer.from(base64, 'base64');
    if (label === 'CERTIFICATE' || label === 'X509 CERTIFICATE' || label === 'TRUSTED CERTIFICATE') {
      items.push(...decodeDer(der, 'certificate'));
    } else if (label === 'X509 CRL') {
      items.push(...decodeDer(der, 'crl'));
    } else {
      items.push({ type: 'invalid', reason: `PEM block "${label}" is neither a certificate nor a CRL` });
    }
  }
  if (items.length === 0) items.push({ type: 'invalid', reason: 'PEM text without a complete BEGIN/END block' });
  return items;
}

function decodeDer(der: Buffer, expected?: 'certificate' | 'crl'): DecodedItem[] {
  let kind: string;
  try {
    kind = identifyDERContent(der);
  } catch (error) {
    return [{ type: 'invalid', reason: `not DER: ${describe(error)}` }];
  }
  switch (kind) {
    case 'X509Certificate':
      return expected === 'crl' ? [{ type: 'invalid', reason: 'X509 CRL block holds a certificate' }] : [wellFormed(der, 'certificate')];
    case 'X509CertificateChain':
      try {
        return split_der(der).map((part) => wellFormed(Buffer.from(part), 'certificate'));
      } catch (error) {
        return [{ type: 'invalid', reason: `broken certificate chain: ${describe(error)}` }];
      }
    case 'CertificateRevocationList':
      return expected === 'certificate' ? [{ type: 'invalid', reason: 'CERTIFICATE block holds a CRL' }] : [wellFormed(der, 'crl')];
    case 'PrivateKey':
    case 'PKCS12':
      return [{ type: 'private-key' }];
    case 'CertificateSigningRequest':
      return [{ type: 'invalid', reason: 'a certificate signing request (CSR), not a certificate' }];
    default:
      return [{ type: 'invalid', reason: der.length === 0 ? 'empty' : 'neither a DER certificate nor a CRL' }];
  }
}

/** The object, or why it is not a well-formed one (see der-structure.ts). */
function wellFormed(der: Buffer, type: 'certificate' | 'crl'): DecodedItem {
  const defect = derDefect(der, type);
  return defect === null ? { type, der } : { type: 'invalid', reason: `malformed ${type === 'crl' ? 'CRL' : 'certificate'}: ${defect}` };
}

/** Sniffs the content (DER or PEM, certificate or CRL) whatever the file's extension. */
export function decodeFile(bytes: Buffer): DecodedFile {
  if (bytes.length === 0) return { format: 'der', items: [{ type: 'invalid', reason: 'empty file (0 bytes)' }] };
  if (looksLikePem(bytes)) return { format: 'pem', items: decodePem(bytes.toString('latin1')) };
  return { format: 'der', items: decodeDer(bytes) };
}

export function toPem(der: Buffer, label: 'CERTIFICATE' | 'X509 CRL'): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
