/** Plain-data builders for renderer tests: store views and entries as the host sends them. */
import type { CertSummary, CrlSummary, FolderKind, UnreadableEntry } from '../../../shared/types/cert';
import type { StoreView } from '../../../shared/types/store';
import type { LayoutId } from '../../../shared/pki/layouts';

let serial = 0;

function hex(n: number, length: number): string {
  return n.toString(16).padStart(length, '0');
}

export function cert(cn: string, folder: FolderKind, overrides: Partial<CertSummary> = {}): CertSummary {
  const n = ++serial;
  return {
    kind: 'certificate',
    id: hex(n, 64),
    sha1: hex(n, 40),
    sha256: hex(n, 64),
    serialNumber: hex(n, 8),
    subject: { cn, o: null, text: `CN=${cn}` },
    issuer: { cn, o: null, text: `CN=${cn}` },
    applicationUri: `urn:test:${cn}`,
    dns: [],
    ip: [],
    notBefore: '2026-01-01T00:00:00.000Z',
    notAfter: '2027-01-01T00:00:00.000Z',
    keyType: 'RSA',
    keySize: 2048,
    signatureAlgorithm: 'sha256WithRSAEncryption',
    keyUsage: ['digitalSignature'],
    extendedKeyUsage: [],
    selfSigned: true,
    isCA: false,
    format: 'der',
    bundleSiblings: 0,
    folder,
    file: `${folder}/certs/${cn}.der`,
    problems: [],
    ...overrides,
  };
}

export function crl(issuer: string, folder: FolderKind, overrides: Partial<CrlSummary> = {}): CrlSummary {
  const n = ++serial;
  return {
    kind: 'crl',
    id: hex(n, 64),
    issuer: { cn: issuer, o: null, text: `CN=${issuer}` },
    thisUpdate: '2026-01-01T00:00:00.000Z',
    nextUpdate: '2026-02-01T00:00:00.000Z',
    revokedSerials: [],
    signatureAlgorithm: 'sha256WithRSAEncryption',
    format: 'der',
    folder,
    file: `${folder}/crl/${issuer}.crl`,
    problems: [],
    ...overrides,
  };
}

export function unreadable(file: string, folder: FolderKind): UnreadableEntry {
  return { kind: 'unreadable', id: `file:${file}`, folder, file, size: 3, reason: 'not DER or PEM', problems: [{ code: 'unreadable', severity: 'error', message: 'cannot be read: not DER or PEM' }] };
}

export function storeView(id: string, entries: StoreView['entries'] = [], overrides: Partial<StoreView> = {}): StoreView {
  return {
    id,
    name: id,
    root: `/pki/${id}`,
    layout: 'uaexpert' as LayoutId,
    role: 'server',
    writable: true,
    builtIn: false,
    entries,
    missingFolders: [],
    error: null,
    scannedAt: '2026-11-26T12:00:00.000Z',
    ...overrides,
  };
}
