import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {
  DeleteOwnCertResult,
  GenerateOwnCertInput,
  OwnCertBackup,
  OwnCertKeySize,
  OwnCertProgress,
  OwnCertRecord,
  RegenerateOwnCertOptions,
} from '../../../shared/types/own-certs';
import { OWN_CERT_KEY_SIZES } from '../../../shared/types/own-certs';
import { TrustError } from '../errors';
import { APP_NAME, applicationUriFor } from '../opcua/identity';
import { decodeFile, toPem } from '../x509/decode';
import { createSelfSigned, type ApplicationIdentityFields } from './certificate-profile';
import { absolute, BACKUP_DIR, findRecord, mutate, newFileNames, readCertificateFile, readRecords, type OwnCertContext } from './context';
import { applyFileSteps, type FileStep } from './file-steps';
import {
  checkApplicationUri,
  checkDescription,
  checkHostnames,
  checkIps,
  checkKeySize,
  checkName,
  checkSubjectValue,
  checkValidityDays,
  DEFAULT_VALIDITY_DAYS,
} from './input';
import { generateRsaKey } from './keys';

export type ProgressListener = (step: OwnCertProgress) => void;

/** The subject CN of a generated certificate: `<application name>@<host>`, at most 64 characters. */
export function commonNameFor(applicationName: string, host: string): string {
  return `${applicationName}@${host}`.slice(0, 64);
}

export function certificateBytes(der: Buffer, format: 'der' | 'pem'): Buffer | string {
  return format === 'pem' ? toPem(der, 'CERTIFICATE') : der;
}

/** A file keeps the encoding it has; a new one follows its extension. */
function formatOf(file: string): 'der' | 'pem' {
  try {
    return decodeFile(readFileSync(file)).format;
  } catch {
    return /\.(der|cer|crt)$/i.test(file) ? 'der' : 'pem';
  }
}

export function assertUniqueName(records: OwnCertRecord[], name: string, except?: string): void {
  if (records.some((r) => r.id !== except && r.name.toLowerCase() === name.toLowerCase())) throw new TrustError('EXISTS', `an own certificate named "${name}" exists already`);
}

export function newRecordId(): string {
  return `oc-${randomBytes(5).toString('hex')}`;
}

/** Makes one record the default and every other one not. */
export function makeDefault(records: OwnCertRecord[], record: OwnCertRecord): void {
  for (const r of records) r.isDefault = r === record;
}

/** Generates a key and a self-signed OPC UA application certificate and registers them. */
export async function generateOwnCertificate(context: OwnCertContext, input: GenerateOwnCertInput, onProgress: ProgressListener = () => undefined): Promise<string> {
  const name = checkName(input.name);
  const description = checkDescription(input.description);
  const applicationName = input.applicationName === undefined ? APP_NAME : checkSubjectValue(input.applicationName, 'application name');
  const hostnames = input.hostnames === undefined ? [os.hostname()] : checkHostnames(input.hostnames);
  const ips = checkIps(input.ips);
  const host = hostnames[0] ?? os.hostname();
  const applicationUri = input.applicationUri === undefined || input.applicationUri === '' ? applicationUriFor(applicationName, host) : checkApplicationUri(input.applicationUri);
  const organization = input.organization === undefined || input.organization === '' ? undefined : checkSubjectValue(input.organization, 'organization');
  const keySize = checkKeySize(input.keySize, 2048);
  const validityDays = checkValidityDays(input.validityDays);
  assertUniqueName(readRecords(context), name);

  onProgress('generating-key');
  const key = await generateRsaKey(keySize);
  onProgress('signing');
  const fields: ApplicationIdentityFields = { commonName: commonNameFor(applicationName, host), organization, applicationUri, dns: hostnames, ip: ips };
  const der = await createSelfSigned(key.key, fields, validityDays);
  onProgress('writing');
  const id = mutate(context, (records) => {
    assertUniqueName(records, name);
    const files = newFileNames(context, records, name);
    applyFileSteps(context, [
      { kind: 'write', file: files.certificateFile, bytes: certificateBytes(der, context.format) },
      { kind: 'write', file: files.privateKeyFile, bytes: key.pem, privateKey: true },
    ]);
    const now = new Date().toISOString();
    const record: OwnCertRecord = {
      id: newRecordId(),
      name,
      description,
      applicationName,
      applicationUri,
      hostnames,
      ips,
      keySize,
      validityDays,
      ...files,
      isDefault: false,
      assignments: [],
      backups: [],
      origin: 'generated',
      createdAt: now,
      updatedAt: now,
    };
    records.push(record);
    if (input.makeDefault || !records.some((r) => r.isDefault)) makeDefault(records, record);
    return record.id;
  });
  onProgress('done');
  return id;
}

function stamp(date = new Date()): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
}

/** Where the current files of a record go when they are replaced: own/certs/backup and own/private/backup. */
export function backupNames(record: OwnCertRecord, withKey: boolean): { certificateFile: string; privateKeyFile: string | null } {
  const suffix = `${stamp()}-${randomBytes(2).toString('hex')}`;
  const rename = (rel: string) => {
    const { dir, name, ext } = path.posix.parse(rel);
    return `${dir}/${BACKUP_DIR}/${name}-${suffix}${ext}`;
  };
  return { certificateFile: rename(record.certificateFile), privateKeyFile: withKey ? rename(record.privateKeyFile) : null };
}

/** A backup entry describing the certificate now in `file`. */
export function backupEntry(file: string, names: { certificateFile: string; privateKeyFile: string | null }, reason: OwnCertBackup['reason']): OwnCertBackup {
  let sha1: string | null = null;
  let notAfter: string | null = null;
  try {
    const parsed = readCertificateFile(file)?.parsed;
    sha1 = parsed?.sha1 ?? null;
    notAfter = parsed?.notAfter.toISOString() ?? null;
  } catch {
    // an unreadable certificate is backed up all the same
  }
  return { id: `b-${randomBytes(4).toString('hex')}`, createdAt: new Date().toISOString(), reason, ...names, sha1, notAfter };
}

/**
 * A new key and self-signed certificate for a record: same name, ApplicationUri, host names and
 * assignments; the old pair moves to the backup folders and is listed in the record.
 */
export async function regenerateOwnCertificate(context: OwnCertContext, ref: string, options: RegenerateOwnCertOptions = {}, onProgress: ProgressListener = () => undefined): Promise<string> {
  const current = findRecord(context, readRecords(context), ref);
  const keySize = checkKeySize(options.keySize, OWN_CERT_KEY_SIZES.includes(current.keySize as OwnCertKeySize) ? (current.keySize as OwnCertKeySize) : 2048);
  const validityDays = checkValidityDays(options.validityDays, current.validityDays > 0 && current.validityDays <= 7300 ? current.validityDays : DEFAULT_VALIDITY_DAYS);
  const host = current.hostnames[0] ?? os.hostname();
  const applicationName = current.applicationName || APP_NAME;
  let subject = { commonName: commonNameFor(applicationName, host), organization: undefined as string | undefined };
  try {
    const parsed = readCertificateFile(absolute(context, current.certificateFile))?.parsed;
    if (parsed?.subject.cn) subject = { commonName: parsed.subject.cn, organization: parsed.subject.o ?? undefined };
  } catch {
    // the old certificate is gone or broken: the subject is made from the record
  }
  const fields: ApplicationIdentityFields = {
    ...subject,
    applicationUri: current.applicationUri || applicationUriFor(applicationName, host),
    dns: current.hostnames,
    ip: current.ips,
  };

  onProgress('generating-key');
  const key = await generateRsaKey(keySize);
  onProgress('signing');
  const der = await createSelfSigned(key.key, fields, validityDays);
  onProgress('writing');
  mutate(context, (records) => {
    const record = findRecord(context, records, current.id);
    const certificateFile = absolute(context, record.certificateFile);
    const hasCertificate = existsSync(certificateFile);
    const hasKey = existsSync(absolute(context, record.privateKeyFile));
    const names = backupNames(record, hasKey);
    const steps: FileStep[] = [];
    if (hasCertificate) steps.push({ kind: 'move', from: record.certificateFile, to: names.certificateFile });
    if (hasKey && names.privateKeyFile) steps.push({ kind: 'move', from: record.privateKeyFile, to: names.privateKeyFile });
    // Listed also when only the key was left (the certificate had gone), so that it can be deleted.
    const backup = hasCertificate || hasKey ? backupEntry(certificateFile, names, 'regenerated') : null;
    steps.push({ kind: 'write', file: record.certificateFile, bytes: certificateBytes(der, hasCertificate ? formatOf(certificateFile) : context.format) });
    steps.push({ kind: 'write', file: record.privateKeyFile, bytes: key.pem, privateKey: true });
    applyFileSteps(context, steps);
    if (backup) record.backups.push(backup);
    record.keySize = keySize;
    record.validityDays = validityDays;
    record.applicationUri = fields.applicationUri;
    record.updatedAt = new Date().toISOString();
  });
  onProgress('done');
  return current.id;
}

/** Deletes a record and its files (backups included); refused for the default. */
export function deleteOwnCertificate(context: OwnCertContext, ref: string): DeleteOwnCertResult {
  return mutate(context, (records) => {
    const record = findRecord(context, records, ref);
    if (record.isDefault) throw new TrustError('CONFLICT', `"${record.name}" is the default certificate and cannot be deleted; make another one the default first`);
    const fallback = records.find((r) => r.isDefault);
    if (!fallback) throw new TrustError('CONFLICT', 'there is no default certificate to fall back to');
    const files = [record.certificateFile, record.privateKeyFile, ...record.backups.flatMap((b) => [b.certificateFile, b.privateKeyFile ?? ''])];
    applyFileSteps(
      context,
      files.filter((f) => f && existsSync(absolute(context, f))).map((file) => ({ kind: 'delete', file })),
    );
    records.splice(records.indexOf(record), 1);
    return { deleted: { id: record.id, name: record.name }, fallback: { id: fallback.id, name: fallback.name }, connections: record.assignments.map((a) => ({ ...a })) };
  });
}

/** Deletes one backup (its certificate and key files) of a record. */
export function deleteOwnBackup(context: OwnCertContext, ref: string, backupId: string): void {
  mutate(context, (records) => {
    const record = findRecord(context, records, ref);
    const backup = record.backups.find((b) => b.id === backupId);
    if (!backup) throw new TrustError('NOT_FOUND', `"${record.name}" has no backup "${backupId}"`);
    const files = [backup.certificateFile, backup.privateKeyFile ?? ''].filter((f) => f && existsSync(absolute(context, f)));
    applyFileSteps(context, files.map((file) => ({ kind: 'delete', file })));
    record.backups.splice(record.backups.indexOf(backup), 1);
  });
}
