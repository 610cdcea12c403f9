import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { getLayout, type LayoutId } from '../../../shared/pki/layouts';
import type { OwnCertRecord } from '../../../shared/types/own-certs';
import { TrustError } from '../errors';
import { detectLayout } from '../pki/detect';
import { JOURNAL_NAME, isTempFile } from '../pki/fs-atomic';
import { withStoreLock } from '../pki/journal';
import { safeFilePart } from '../pki/naming';
import { toStoreRelative } from '../pki/paths';
import { PkiStore } from '../pki/store';
import { decodeFile } from '../x509/decode';
import { parseCertificate, type ParsedCertificate } from '../x509/parse';
import { loadRecords, REGISTRY_DIR, saveRecords, type OwnFolders } from './registry-file';

/** What ensureIdentity writes on the app's first start: adopted as the default record. */
export const APP_IDENTITY_FILES = { certificate: 'client_certificate.pem', privateKey: 'private_key.pem' } as const;
export const BACKUP_DIR = 'backup';

/** One PKI folder's own certificates: the store, its own folders and the file format new certificates get. */
export interface OwnCertContext {
  store: PkiStore;
  folders: OwnFolders;
  /** Format of certificate files the layout uses (node-opcua: PEM, UA-.NET: DER). */
  format: 'der' | 'pem';
}

/** Opens (creating when needed, node-opcua layout by default) the PKI folder whose own certificates are managed. */
export function openContext(pkiRoot: string, layout?: LayoutId): OwnCertContext {
  // A folder with only own/ (what ensureIdentity leaves) says little: unless a layout with own
  // certificates and keys is detected, it is node-opcua's, and its missing folders are created.
  const detection = !layout && existsSync(pkiRoot) ? detectLayout(pkiRoot) : null;
  const detected = detection?.layout ? getLayout(detection.layout) : null;
  const hasOwnFolders = !!detected?.folders['own.certs'] && !!detected.folders['own.private'];
  if (detected && !hasOwnFolders && detection!.confidence >= 0.5) {
    throw new TrustError('INVALID_INPUT', `${pkiRoot} is a ${detected.label} PKI, which keeps no own certificates and keys in folders of their own`);
  }
  const store = detection && detected && hasOwnFolders ? PkiStore.open(detection.root, { layout: detected.id }) : PkiStore.init(pkiRoot, layout ?? 'node-opcua');
  const folders = { root: store.root, certs: store.folderPath('own.certs'), private: store.folderPath('own.private') };
  if (folders.certs === folders.private) throw new TrustError('INVALID_INPUT', `the ${store.layout.label} layout keeps no separate folder for private keys`);
  const context: OwnCertContext = { store, folders, format: store.layout.naming.format };
  // Skipped while another process changes the store: its temp files are not stray.
  withStoreLock(store.root, () => removeStrayTemps(context), { wait: false });
  return context;
}

/**
 * Temp files of an own-certificate change that died before its journal (a new private key among
 * them) are not swept by the store's recovery, which looks at certificate folders only.
 */
function removeStrayTemps(context: OwnCertContext): void {
  if (existsSync(path.join(context.folders.root, JOURNAL_NAME))) return;
  const { root, certs, private: keys } = context.folders;
  for (const dir of [keys, path.join(keys, BACKUP_DIR), path.join(certs, BACKUP_DIR), path.join(root, REGISTRY_DIR)]) {
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) if (isTempFile(name)) rmSync(path.join(dir, name), { force: true });
  }
}

export function absolute(context: OwnCertContext, rel: string): string {
  return path.join(context.folders.root, ...rel.split('/'));
}

export function relative(context: OwnCertContext, abs: string): string {
  return toStoreRelative(context.folders.root, abs);
}

/** The first certificate in a file (PEM or DER), parsed with its DER; null when there is none. */
export function readCertificateFile(file: string): { der: Buffer; parsed: ParsedCertificate } | null {
  const item = decodeFile(readFileSync(file)).items.find((i) => i.type === 'certificate');
  if (!item || item.type !== 'certificate') return null;
  return { der: item.der, parsed: parseCertificate(item.der) };
}

function adoptAppIdentity(context: OwnCertContext, records: OwnCertRecord[]): boolean {
  const certificate = path.join(context.folders.certs, APP_IDENTITY_FILES.certificate);
  const privateKey = path.join(context.folders.private, APP_IDENTITY_FILES.privateKey);
  const certificateFile = relative(context, certificate);
  if (!existsSync(certificate) || !existsSync(privateKey) || records.some((r) => r.certificateFile === certificateFile)) return false;
  let parsed: ParsedCertificate | null = null;
  try {
    parsed = readCertificateFile(certificate)?.parsed ?? null;
  } catch {
    // adopted all the same: the list shows what is wrong with the file
  }
  const now = new Date().toISOString();
  const uri = parsed?.applicationUri ?? '';
  records.unshift({
    id: 'app',
    name: 'App certificate',
    description: 'Created by the app on its first start',
    applicationName: uri.split(':').pop() || parsed?.subject.cn || '',
    applicationUri: uri,
    hostnames: parsed?.dns ?? [],
    ips: parsed?.ip ?? [],
    keySize: parsed?.keySize ?? 0,
    validityDays: parsed ? Math.round((parsed.notAfter.getTime() - parsed.notBefore.getTime()) / 86_400_000) : 0,
    certificateFile,
    privateKeyFile: relative(context, privateKey),
    isDefault: !records.some((r) => r.isDefault),
    assignments: [],
    backups: [],
    origin: 'adopted',
    createdAt: now,
    updatedAt: now,
  });
  return true;
}

/** The records, after adopting the app's first-start identity when no record has it yet. */
export function readRecords(context: OwnCertContext): OwnCertRecord[] {
  const records = loadRecords(context.folders);
  const certificate = relative(context, path.join(context.folders.certs, APP_IDENTITY_FILES.certificate));
  const needsAdoption =
    !records.some((r) => r.certificateFile === certificate) && existsSync(absolute(context, certificate)) && existsSync(path.join(context.folders.private, APP_IDENTITY_FILES.privateKey));
  return needsAdoption ? mutate(context, (list) => list) : records;
}

/** Read-change-write of the registry under the store's lock (other processes included). */
export function mutate<T>(context: OwnCertContext, change: (records: OwnCertRecord[]) => T): T {
  return withStoreLock(context.folders.root, () => {
    const records = loadRecords(context.folders);
    adoptAppIdentity(context, records);
    const result = change(records);
    saveRecords(context.folders.root, records);
    return result;
  });
}

const HEX_PREFIX = /^[0-9a-f]{8,64}$/i;

/** A record named by id, by name (case-insensitive) or by a thumbprint prefix of its certificate. */
export function findRecord(context: OwnCertContext, records: OwnCertRecord[], ref: string): OwnCertRecord {
  const byId = records.find((r) => r.id === ref);
  if (byId) return byId;
  const byName = records.filter((r) => r.name.toLowerCase() === ref.trim().toLowerCase());
  if (byName.length === 1) return byName[0];
  if (HEX_PREFIX.test(ref)) {
    const prefix = ref.toLowerCase();
    const matches = records.filter((r) => {
      try {
        const cert = readCertificateFile(absolute(context, r.certificateFile))?.parsed;
        return cert !== undefined && (cert.sha1.startsWith(prefix) || cert.sha256.startsWith(prefix));
      } catch {
        return false;
      }
    });
    if (matches.length === 1) return matches[0];
    if (matches.length > 1) throw new TrustError('AMBIGUOUS', `"${ref}" matches ${matches.length} own certificates; give more digits`);
  }
  throw new TrustError('NOT_FOUND', `no own certificate "${ref}" (give its id, name or thumbprint)`);
}

/** Free store-relative names for a new record's certificate and key: `<name>.pem` in own/certs and own/private. */
export function newFileNames(context: OwnCertContext, records: OwnCertRecord[], name: string): { certificateFile: string; privateKeyFile: string } {
  const base = safeFilePart(name).replace(/\s+/g, '_');
  const taken = new Set(records.flatMap((r) => [r.certificateFile, r.privateKeyFile]));
  for (let n = 1; ; n++) {
    const stem = n === 1 ? base : `${base}_${n}`;
    const certificateFile = relative(context, path.join(context.folders.certs, `${stem}.${context.format}`));
    const privateKeyFile = relative(context, path.join(context.folders.private, `${stem}.pem`));
    const free = (rel: string) => !taken.has(rel) && !existsSync(absolute(context, rel));
    if (free(certificateFile) && free(privateKeyFile)) return { certificateFile, privateKeyFile };
  }
}
