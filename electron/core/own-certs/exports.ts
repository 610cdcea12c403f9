import { existsSync, readFileSync } from 'node:fs';
import type { ExportedOwnFile, OwnCertRecord } from '../../../shared/types/own-certs';
import { TrustError } from '../errors';
import { safeFilePart } from '../pki/naming';
import { toPem } from '../x509/decode';
import { absolute, findRecord, readCertificateFile, readRecords, type OwnCertContext } from './context';
import { privateKeyPem, readPrivateKey } from './keys';

export const MIME = { der: 'application/pkix-cert', pem: 'application/x-pem-file', csrDer: 'application/pkcs10' } as const;

function baseName(record: OwnCertRecord): string {
  return safeFilePart(record.name).replace(/\s+/g, '_');
}

/** The certificate of an own certificate as DER (.der) or PEM (.pem), for importing it into servers. */
export function exportOwnCertificate(context: OwnCertContext, ref: string, format: 'der' | 'pem'): ExportedOwnFile {
  if (format !== 'der' && format !== 'pem') throw new TrustError('INVALID_INPUT', 'the format must be der or pem');
  const record = findRecord(context, readRecords(context), ref);
  const file = absolute(context, record.certificateFile);
  if (!existsSync(file)) throw new TrustError('NOT_FOUND', `the certificate file ${record.certificateFile} is missing`);
  const read = readCertificateFile(file);
  if (!read) throw new TrustError('INVALID_CERT', `${record.certificateFile} holds no certificate`);
  const bytes = format === 'pem' ? Buffer.from(toPem(read.der, 'CERTIFICATE')) : read.der;
  return { name: `${baseName(record)}.${format}`, format, mime: MIME[format], base64: bytes.toString('base64') };
}

/**
 * The private key as unencrypted PKCS#8 PEM. Anyone holding it can impersonate this application,
 * so the caller must say `confirm: true`: nothing else in the API ever returns key material.
 */
export function exportOwnPrivateKey(context: OwnCertContext, ref: string, options: { confirm: true }): ExportedOwnFile {
  if (options?.confirm !== true) throw new TrustError('INVALID_INPUT', 'exporting a private key needs an explicit confirmation (confirm: true)');
  const record = findRecord(context, readRecords(context), ref);
  const file = absolute(context, record.privateKeyFile);
  if (!existsSync(file)) throw new TrustError('NOT_FOUND', `the private key file ${record.privateKeyFile} is missing`);
  const pem = privateKeyPem(readPrivateKey(readFileSync(file)));
  return { name: `${baseName(record)}.key.pem`, format: 'pem', mime: MIME.pem, base64: Buffer.from(pem).toString('base64') };
}
