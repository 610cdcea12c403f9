import type { CertSummary, StoreEntry } from '../../../shared/types/cert';

/** The one mark a tree row shows: the worst thing about an entry. */
export type EntryStatus = 'valid' | 'expiring' | 'expired' | 'not-yet-valid' | 'problem' | 'warning' | 'unreadable';

export const STATUS_TEXT: Record<EntryStatus, string> = {
  valid: 'valid',
  expiring: 'expires soon',
  expired: 'expired',
  'not-yet-valid': 'not yet valid',
  problem: 'has problems',
  warning: 'has warnings',
  unreadable: 'unreadable',
};

export function entryStatus(entry: StoreEntry): EntryStatus {
  if (entry.kind === 'unreadable') return 'unreadable';
  const codes = new Set(entry.problems.map((p) => p.code));
  if (codes.has('expired') || codes.has('crl-expired')) return 'expired';
  if (codes.has('not-yet-valid')) return 'not-yet-valid';
  if (entry.problems.some((p) => p.severity === 'error')) return 'problem';
  if (codes.has('expiring-soon')) return 'expiring';
  if (entry.problems.some((p) => p.severity === 'warning')) return 'warning';
  return 'valid';
}

function basename(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

/** What the user calls the entry: a certificate's CN, a CRL's issuer, an unreadable file's name. */
export function entryLabel(entry: StoreEntry): string {
  switch (entry.kind) {
    case 'certificate':
      return entry.subject.cn ?? (entry.subject.text || basename(entry.file));
    case 'crl':
      return `CRL of ${entry.issuer.cn ?? entry.issuer.text}`;
    case 'unreadable':
      return basename(entry.file);
  }
}

export function isCertificate(entry: StoreEntry | null | undefined): entry is CertSummary {
  return entry?.kind === 'certificate';
}

/** Elapsed share of the validity period, 0..100. */
export function validityProgress(notBefore: string, notAfter: string, now = Date.now()): number {
  const start = Date.parse(notBefore);
  const end = Date.parse(notAfter);
  if (!(end > start)) return now >= end ? 100 : 0;
  return Math.min(100, Math.max(0, ((now - start) / (end - start)) * 100));
}
