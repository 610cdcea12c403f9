import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ASSIGNMENT_SECURITY_MODES, type OwnCertAssignment, type OwnCertBackup, type OwnCertRecord } from '../../../shared/types/own-certs';
import { TrustError } from '../errors';
import { writeFileAtomic } from '../pki/fs-atomic';
import { isInside, resolveInsideStore } from '../pki/paths';

export const REGISTRY_DIR = '.uatrust';
export const REGISTRY_NAME = 'own-certificates.json';

interface RegistryFile {
  version: 1;
  records: OwnCertRecord[];
}

/** Where the files of own certificates may be: a record naming anything else is dropped on load. */
export interface OwnFolders {
  root: string;
  certs: string;
  private: string;
}

export function registryPath(root: string): string {
  return path.join(root, REGISTRY_DIR, REGISTRY_NAME);
}

const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);

/** A store-relative path from the file, kept only if it stays inside `folder` (a hand-edited registry must not reach other files). */
function insideFolder(folders: OwnFolders, folder: string, rel: unknown): string | null {
  if (typeof rel !== 'string' || rel === '') return null;
  try {
    const abs = resolveInsideStore(folders.root, rel);
    return isInside(folder, abs) && abs !== folder ? rel : null;
  } catch {
    return null;
  }
}

function sanitizeBackup(folders: OwnFolders, raw: unknown): OwnCertBackup | null {
  const b = (raw ?? {}) as Partial<OwnCertBackup>;
  const certificateFile = insideFolder(folders, folders.certs, b.certificateFile);
  const privateKeyFile = b.privateKeyFile === null ? null : insideFolder(folders, folders.private, b.privateKeyFile);
  if (!certificateFile || typeof b.id !== 'string' || (b.privateKeyFile !== null && !privateKeyFile)) return null;
  return {
    id: b.id,
    createdAt: str(b.createdAt),
    reason: b.reason === 'signed-certificate-installed' ? b.reason : 'regenerated',
    certificateFile,
    privateKeyFile,
    sha1: typeof b.sha1 === 'string' ? b.sha1 : null,
    notAfter: typeof b.notAfter === 'string' ? b.notAfter : null,
  };
}

function sanitizeRecord(folders: OwnFolders, raw: unknown): OwnCertRecord | null {
  const r = (raw ?? {}) as Partial<OwnCertRecord>;
  const certificateFile = insideFolder(folders, folders.certs, r.certificateFile);
  const privateKeyFile = insideFolder(folders, folders.private, r.privateKeyFile);
  if (typeof r.id !== 'string' || !r.id || !certificateFile || !privateKeyFile) return null;
  const assignments = (Array.isArray(r.assignments) ? r.assignments : []).filter(
    (a): a is OwnCertAssignment => typeof a?.connection === 'string' && ASSIGNMENT_SECURITY_MODES.includes(a.securityMode),
  );
  return {
    id: r.id,
    name: str(r.name, r.id),
    description: str(r.description),
    applicationName: str(r.applicationName),
    applicationUri: str(r.applicationUri),
    hostnames: strings(r.hostnames),
    ips: strings(r.ips),
    keySize: Number.isInteger(r.keySize) ? (r.keySize as number) : 0,
    validityDays: Number.isInteger(r.validityDays) ? (r.validityDays as number) : 0,
    certificateFile,
    privateKeyFile,
    isDefault: r.isDefault === true,
    assignments: assignments.map((a) => ({ connection: a.connection, securityMode: a.securityMode })),
    backups: (Array.isArray(r.backups) ? r.backups : []).map((b) => sanitizeBackup(folders, b)).filter((b): b is OwnCertBackup => b !== null),
    origin: r.origin === 'adopted' || r.origin === 'uploaded' ? r.origin : 'generated',
    createdAt: str(r.createdAt),
    updatedAt: str(r.updatedAt),
  };
}

/** The records on disk; none when the registry does not exist yet. Exactly one is the default when there are any. */
export function loadRecords(folders: OwnFolders): OwnCertRecord[] {
  const file = registryPath(folders.root);
  if (!existsSync(file)) return [];
  let parsed: Partial<RegistryFile>;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<RegistryFile>;
  } catch (error) {
    throw new TrustError('IO', `the own-certificate list ${file} cannot be read (${(error as Error).message}); repair or remove it`);
  }
  const records = (Array.isArray(parsed.records) ? parsed.records : []).map((r) => sanitizeRecord(folders, r)).filter((r): r is OwnCertRecord => r !== null);
  const ids = new Set<string>();
  const unique = records.filter((r) => !ids.has(r.id) && ids.add(r.id));
  const defaults = unique.filter((r) => r.isDefault);
  if (unique.length > 0 && defaults.length !== 1) {
    const keep = defaults[0] ?? unique[0];
    for (const r of unique) r.isDefault = r === keep;
  }
  return unique;
}

export function saveRecords(root: string, records: OwnCertRecord[]): void {
  const file = registryPath(root);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const content: RegistryFile = { version: 1, records };
  writeFileAtomic(file, `${JSON.stringify(content, null, 2)}\n`, 0o600);
}
