import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { ImportResult } from '../../../shared/types/changes';
import type { OwnCertFile, SigningRequest } from '../../../shared/types/own-certs';
import { TrustError } from '../errors';
import { importIntoStore } from '../pki/import';
import { safeFilePart } from '../pki/naming';
import { cryptoLib } from '../x509/crypto-lib';
import { decodeFile, toPem } from '../x509/decode';
import { parseCertificate, parseCrl, type ParsedCertificate } from '../x509/parse';
import { createSigningRequest } from './certificate-profile';
import { absolute, findRecord, mutate, readCertificateFile, readRecords, type OwnCertContext } from './context';
import { MIME } from './exports';
import { applyFileSteps, type FileStep } from './file-steps';
import { keyMatchesCertificate, readPrivateKey, rsaSigningKey } from './keys';
import { backupEntry, backupNames, certificateBytes, commonNameFor } from './lifecycle';
import { bytesOf } from './upload';

const DAY = 86_400_000;

function ownKey(context: OwnCertContext, privateKeyFile: string) {
  const file = absolute(context, privateKeyFile);
  if (!existsSync(file)) throw new TrustError('NOT_FOUND', `the private key file ${privateKeyFile} is missing`);
  return readPrivateKey(readFileSync(file));
}

/**
 * A PKCS#10 signing request for an own certificate's key, with its OPC UA fields: the subject of
 * the current certificate, SAN URI = ApplicationUri, its DNS names and IP addresses.
 */
export async function createOwnSigningRequest(context: OwnCertContext, ref: string, format: 'der' | 'pem' = 'pem'): Promise<SigningRequest> {
  if (format !== 'der' && format !== 'pem') throw new TrustError('INVALID_INPUT', 'the format must be der or pem');
  const record = findRecord(context, readRecords(context), ref);
  if (!record.applicationUri) throw new TrustError('INVALID_CERT', `"${record.name}" has no ApplicationUri: an OPC UA certificate needs one; regenerate it first`);
  const signingKey = await rsaSigningKey(ownKey(context, record.privateKeyFile));
  let subject = { commonName: commonNameFor(record.applicationName || 'OpcUa', record.hostnames[0] ?? 'localhost'), organization: undefined as string | undefined };
  try {
    const current = readCertificateFile(absolute(context, record.certificateFile))?.parsed;
    if (current?.subject.cn) subject = { commonName: current.subject.cn, organization: current.subject.o ?? undefined };
  } catch {
    // no readable certificate: the subject comes from the record
  }
  const der = await createSigningRequest(signingKey, { ...subject, applicationUri: record.applicationUri, dns: record.hostnames, ip: record.ips });
  const { x509 } = await cryptoLib();
  const bytes = format === 'pem' ? Buffer.from(x509.PemConverter.encode(der, 'CERTIFICATE REQUEST') + '\n') : der;
  const base = safeFilePart(record.name).replace(/\s+/g, '_');
  return {
    name: format === 'pem' ? `${base}.csr` : `${base}.csr.der`,
    format,
    mime: format === 'pem' ? MIME.pem : MIME.csrDer,
    base64: bytes.toString('base64'),
    subject: new x509.Pkcs10CertificateRequest(der).subject,
    applicationUri: record.applicationUri,
    dns: [...record.hostnames],
    ip: [...record.ips],
  };
}

interface InstallMaterial {
  certificates: { der: Buffer; parsed: ParsedCertificate; source: string }[];
  crls: { der: Buffer; issuerKey: string; source: string }[];
}

function readInstallFiles(files: OwnCertFile[]): InstallMaterial {
  if (!Array.isArray(files) || files.length === 0) throw new TrustError('INVALID_INPUT', 'give the signed certificate (and its issuers and CRLs)');
  const material: InstallMaterial = { certificates: [], crls: [] };
  for (const file of files) {
    for (const item of decodeFile(bytesOf(file, 'certificate')).items) {
      if (item.type === 'private-key') throw new TrustError('INVALID_INPUT', `${file.name} holds a private key: only the signed certificate, its issuers and CRLs are installed`);
      if (item.type === 'invalid' && /CERTIFICATE REQUEST|\(CSR\)/.test(item.reason)) throw new TrustError('INVALID_CERT', `${file.name} is a certificate signing request (CSR), not a certificate: have it signed by the CA first`);
      if (item.type === 'invalid') throw new TrustError('INVALID_CERT', `${file.name}: ${item.reason}`);
      if (item.type === 'certificate') material.certificates.push({ der: item.der, parsed: parseCertificate(item.der), source: file.name });
      else material.crls.push({ der: item.der, issuerKey: parseCrl(item.der).issuerKey, source: file.name });
    }
  }
  return material;
}

function signedBy(leaf: Buffer, issuer: Buffer): boolean {
  try {
    return new X509Certificate(leaf).verify(new X509Certificate(issuer).publicKey);
  } catch {
    return false;
  }
}

/**
 * Installs the certificate a CA signed for an own certificate's key: refused when its public key is
 * not ours or its ApplicationUri differs. Its issuers and CRLs go to the store's issuers folders; the
 * certificate it replaces is kept as a backup.
 */
export function installSignedCertificate(context: OwnCertContext, ref: string, files: OwnCertFile[]): { id: string; issuers: ImportResult[]; warnings: string[] } {
  const record = findRecord(context, readRecords(context), ref);
  const key = ownKey(context, record.privateKeyFile);
  const material = readInstallFiles(files);
  const leaf = material.certificates.find((c) => keyMatchesCertificate(c.der, key));
  if (!leaf) {
    const candidate = material.certificates.find((c) => !c.parsed.isCA);
    throw new TrustError(
      'INVALID_CERT',
      candidate
        ? `the public key of ${candidate.parsed.subject.text} (${candidate.source}) does not match the private key of "${record.name}": it was signed for another request; nothing was installed`
        : 'none of the files holds an application certificate (only CA certificates or CRLs); nothing was installed',
    );
  }
  if ((leaf.parsed.applicationUri ?? '') !== record.applicationUri) {
    throw new TrustError('INVALID_CERT', `the signed certificate names ApplicationUri ${leaf.parsed.applicationUri ?? '(none)'} but "${record.name}" is ${record.applicationUri}: the CA changed it; nothing was installed`);
  }
  const issuers = material.certificates.filter((c) => c !== leaf && c.parsed.isCA);
  const warnings = material.certificates.filter((c) => c !== leaf && !c.parsed.isCA).map((c) => `${c.parsed.subject.text} (${c.source}) is not a CA certificate: not installed`);
  const storeEntries = context.store.scan().entries;
  const issuer = issuers.find((c) => c.parsed.subjectKey === leaf.parsed.issuerKey);
  if (issuer && !signedBy(leaf.der, issuer.der)) throw new TrustError('INVALID_CERT', `the certificate was not signed by the issuer given (${issuer.parsed.subject.text}); nothing was installed`);
  const issuerInStore = storeEntries.some((e) => e.kind === 'certificate' && e.isCA && (e.folder === 'issuers' || e.folder === 'trusted') && e.subject.text === leaf.parsed.issuer.text);
  if (!leaf.parsed.selfSigned && !issuer && !issuerInStore) warnings.push(`the issuer ${leaf.parsed.issuer.text} was not given and is not in the store: peers need it to check the certificate`);
  const crlInStore = storeEntries.some((e) => e.kind === 'crl' && e.issuer.text === leaf.parsed.issuer.text);
  if (!leaf.parsed.selfSigned && !material.crls.some((c) => c.issuerKey === leaf.parsed.issuerKey) && !crlInStore) {
    warnings.push(`no CRL of ${leaf.parsed.issuer.text} was given: servers that check revocation answer BadCertificateRevocationUnknown until they have it`);
  }

  const sources = [
    ...issuers.map((c) => ({ name: c.source, bytes: Buffer.from(toPem(c.der, 'CERTIFICATE')) })),
    ...material.crls.map((c) => ({ name: c.source, bytes: Buffer.from(toPem(c.der, 'X509 CRL')) })),
  ];
  const imported = sources.length ? importIntoStore(context.store, sources, 'issuers') : [];

  mutate(context, (records) => {
    const current = findRecord(context, records, record.id);
    const certificateFile = absolute(context, current.certificateFile);
    const steps: FileStep[] = [];
    let format = context.format;
    if (existsSync(certificateFile)) {
      format = decodeFile(readFileSync(certificateFile)).format;
      const names = backupNames(current, false);
      current.backups.push(backupEntry(certificateFile, names, 'signed-certificate-installed'));
      steps.push({ kind: 'move', from: current.certificateFile, to: names.certificateFile });
    }
    steps.push({ kind: 'write', file: current.certificateFile, bytes: certificateBytes(leaf.der, format) });
    applyFileSteps(context, steps);
    current.validityDays = Math.round((leaf.parsed.notAfter.getTime() - leaf.parsed.notBefore.getTime()) / DAY);
    current.updatedAt = new Date().toISOString();
  });
  return { id: record.id, issuers: imported, warnings };
}
