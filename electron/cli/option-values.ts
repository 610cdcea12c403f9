/** Option values of the certificate, CSR and CA commands: parsed and checked once, with the flag's name in the error. */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { OWN_CERT_KEY_SIZES, type ExportedOwnFile, type OwnCertFile, type OwnCertKeySize } from '../../shared/types/own-certs';
import { ioError, TrustError } from '../core/errors';
import { MAX_FILE_BYTES } from '../core/pki/scan';
import { UsageError, type OptionSpec } from './commands';

export type Options = Record<string, string | boolean | string[] | undefined>;

export const json: Record<string, OptionSpec> = { json: { type: 'boolean', description: 'print JSON' } };

/** A flag's value as a non-negative whole number. */
export function wholeNumber(value: unknown, name: string): number {
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new UsageError(`--${name} must be a whole number`);
  return n;
}

/** `--key-size`: one of the RSA sizes own certificates offer. */
export function keySizeOf(value: unknown): OwnCertKeySize | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!OWN_CERT_KEY_SIZES.includes(n as OwnCertKeySize)) throw new UsageError(`--key-size must be ${OWN_CERT_KEY_SIZES.join(', ')}`);
  return n as OwnCertKeySize;
}

export function formatOf(value: unknown, fallback: 'der' | 'pem'): 'der' | 'pem' {
  if (value === undefined) return fallback;
  if (value !== 'der' && value !== 'pem') throw new UsageError('--format must be der or pem');
  return value;
}

/** An input file as base64 (bounded in size), with an error naming the file. */
export function readInput(file: string): OwnCertFile {
  try {
    if (statSync(file).size > MAX_FILE_BYTES) throw new TrustError('INVALID_INPUT', `${file} is too large`);
    return { name: path.basename(file), base64: readFileSync(file).toString('base64') };
  } catch (error) {
    if (error instanceof TrustError) throw error;
    throw ioError(error, `cannot read ${file}`);
  }
}

/** Writes an exported file (mode 0644 unless told: a key gets 0600); returns the bytes written. */
export function writeOutput(file: string, exported: Pick<ExportedOwnFile, 'base64'>, mode = 0o644): number {
  const bytes = Buffer.from(exported.base64, 'base64');
  try {
    writeFileSync(file, bytes, { mode });
  } catch (error) {
    throw ioError(error, `cannot write ${file}`);
  }
  return bytes.length;
}

export function requireOut(options: Options): string {
  if (typeof options.out !== 'string') throw new UsageError('--out <file> is required');
  return options.out;
}

export const date = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : '-');
