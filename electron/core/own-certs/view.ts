import { existsSync, readFileSync } from 'node:fs';
import type { OwnCertFileState, OwnCertRecord, OwnCertStatus, OwnCertView } from '../../../shared/types/own-certs';
import { describe } from '../x509/decode';
import { EXPIRING_SOON_DAYS } from '../x509/problems';
import { describePeerCertificate } from '../x509/summary';
import { absolute, readCertificateFile, type OwnCertContext } from './context';
import { keyMatchesCertificate, readPrivateKey } from './keys';

const DAY = 86_400_000;

export interface ViewOptions {
  /** A certificate expiring within this many days is badged "expiring soon" (default 30). */
  expiringSoonDays?: number;
  now?: number;
}

/** The record with what is on disk now: badges, the parsed certificate, whether the key still belongs to it. */
export function viewOf(context: OwnCertContext, record: OwnCertRecord, options: ViewOptions = {}): OwnCertView {
  const now = options.now ?? Date.now();
  const soon = options.expiringSoonDays ?? EXPIRING_SOON_DAYS;
  const fileProblems: string[] = [];
  let certificateState: OwnCertFileState = 'ok';
  let keyState: OwnCertView['files']['privateKey'] = 'ok';
  let certificate: OwnCertView['certificate'] = null;
  let der: Buffer | null = null;

  const certificateFile = absolute(context, record.certificateFile);
  if (!existsSync(certificateFile)) {
    certificateState = 'missing';
    fileProblems.push(`the certificate file ${record.certificateFile} is missing`);
  } else {
    try {
      const read = readCertificateFile(certificateFile);
      if (!read) throw new Error('no certificate in it');
      der = read.der;
      certificate = describePeerCertificate(read.der, now);
    } catch (error) {
      certificateState = 'unreadable';
      fileProblems.push(`the certificate file ${record.certificateFile} cannot be read: ${describe(error)}`);
    }
  }

  const keyFile = absolute(context, record.privateKeyFile);
  if (!existsSync(keyFile)) {
    keyState = 'missing';
    fileProblems.push(`the private key file ${record.privateKeyFile} is missing`);
  } else {
    try {
      const key = readPrivateKey(readFileSync(keyFile));
      if (der && !keyMatchesCertificate(der, key)) {
        keyState = 'mismatch';
        fileProblems.push(`the private key in ${record.privateKeyFile} does not belong to the certificate`);
      }
    } catch (error) {
      keyState = 'unreadable';
      fileProblems.push(`the private key file ${record.privateKeyFile} cannot be read: ${describe(error)}`);
    }
  }

  const statuses: OwnCertStatus[] = [];
  let expiresInDays: number | null = null;
  if (certificate) {
    const left = new Date(certificate.notAfter).getTime() - now;
    // Negative once expired: -1 within the first day after notAfter.
    expiresInDays = left >= 0 ? Math.floor(left / DAY) : -Math.max(1, Math.floor(-left / DAY));
    statuses.push(left < 0 ? 'expired' : left < soon * DAY ? 'expiring-soon' : 'valid');
  }
  if (certificateState !== 'ok' || keyState === 'missing' || keyState === 'unreadable') statuses.push('missing-files');

  return {
    ...record,
    assignments: record.assignments.map((a) => ({ ...a })),
    backups: record.backups.map((b) => ({ ...b })),
    statuses,
    connectionCount: record.assignments.length,
    certificate,
    expiresInDays,
    files: { certificate: certificateState, privateKey: keyState },
    fileProblems,
  };
}
