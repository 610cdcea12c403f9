import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { IssuedCertificate } from '../../../shared/types/own-certs';
import { TrustError } from '../errors';
import { writeFileAtomic } from '../pki/fs-atomic';

/** Files of a local CA, relative to its folder (openssl-ca-like, with the index as JSON). */
export const CA_FILES = {
  state: 'ca-index.json',
  certificate: 'certs/ca_certificate.pem',
  privateKey: 'private/ca_private_key.pem',
  crl: 'crl/ca_revocation_list.pem',
  issuedDir: 'issued',
} as const;

/** The serial counter, the CRL number and the index of issued certificates. */
export interface CaState {
  version: 1;
  subject: string;
  keySize: number;
  /** 8 hex digits, first byte 0x10–0x7f, so serials stay positive and of fixed length; random per CA. */
  serialPrefix: string;
  /** Counter of the next serial (the serial is prefix + counter as 8 hex digits). */
  nextSerial: number;
  /** Number of the CRL last published (0: none yet). */
  crlNumber: number;
  crlDays: number;
  issued: IssuedCertificate[];
}

export function caPath(dir: string, rel: string): string {
  return path.join(dir, ...rel.split('/'));
}

export function hasCa(dir: string): boolean {
  return existsSync(caPath(dir, CA_FILES.state));
}

export function loadState(dir: string): CaState {
  const file = caPath(dir, CA_FILES.state);
  if (!existsSync(file)) throw new TrustError('NOT_FOUND', `no local CA in ${dir} (create one with "uatrust ca init")`);
  try {
    const state = JSON.parse(readFileSync(file, 'utf8')) as CaState;
    if (state.version !== 1 || typeof state.serialPrefix !== 'string' || !Number.isInteger(state.nextSerial) || !Array.isArray(state.issued)) throw new Error('unknown format');
    return state;
  } catch (error) {
    throw new TrustError('IO', `the CA index ${file} cannot be read: ${(error as Error).message}`);
  }
}

export function saveState(dir: string, state: CaState): void {
  writeFileAtomic(caPath(dir, CA_FILES.state), `${JSON.stringify(state, null, 2)}\n`, 0o600);
}

export function serialOf(state: CaState, counter: number): string {
  return `${state.serialPrefix}${counter.toString(16).padStart(8, '0')}`;
}

/** A serial as users type it ("10:2A:…", "0x102a…") in the index's form. */
export function normalizeSerial(text: string): string {
  return text.trim().toLowerCase().replace(/^0x/, '').replace(/[:\s]/g, '').replace(/^(00)+(?=[0-9a-f])/, '');
}
