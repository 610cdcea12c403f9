/** Shared arrangements for the own-certificate tests: PKI folders with the app identity, openssl when present. */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ensureIdentity } from '../../../../electron/core/opcua/identity';
import { OwnCertificates } from '../../../../electron/core/own-certs';
import { tempDir } from '../../../helpers/tmp';

/** CI installs openssl; where it is missing, the openssl cross-checks are replaced by our parser's. */
export const OPENSSL = existsSync('/usr/bin/openssl') ? '/usr/bin/openssl' : null;

export function openssl(args: string[], input?: Buffer | string): string {
  if (!OPENSSL) throw new Error('openssl is not installed');
  return execFileSync(OPENSSL, args, { input, stdio: ['pipe', 'pipe', 'pipe'] }).toString();
}

let template: Promise<string> | null = null;

/** A node-opcua PKI as the app leaves it on first start (own/certs/client_certificate.pem + key), copied per test. */
export async function appPki(): Promise<string> {
  template ??= (async () => {
    const dir = await tempDir('own-template-');
    await ensureIdentity(dir);
    return dir;
  })();
  const dir = await tempDir('own-pki-');
  cpSync(await template, dir, { recursive: true });
  return dir;
}

export async function openApp(): Promise<{ pki: string; own: OwnCertificates }> {
  const pki = await appPki();
  return { pki, own: OwnCertificates.open(pki) };
}

/** A file for upload or install, as the UI hands it over. */
export function fileOf(name: string, bytes: Buffer | string): { name: string; base64: string } {
  return { name, base64: Buffer.from(bytes).toString('base64') };
}

export function readIn(pki: string, rel: string): Buffer {
  return readFileSync(path.join(pki, ...rel.split('/')));
}

export const decode = (file: { base64: string }) => Buffer.from(file.base64, 'base64');
