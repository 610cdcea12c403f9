import type { CertSummary, CrlSummary, FileFormat, FolderKind, UnreadableEntry } from '../../../shared/types/cert';
import type { ParsedCertificate, ParsedCrl } from '../x509/parse';

/** A certificate as a scan holds it: its summary without problems (they depend on the date and the store), plus what the parser read. */
export type ScannedCert = Omit<CertSummary, 'problems'> & { parsed: ParsedCertificate };
export type ScannedCrl = Omit<CrlSummary, 'problems'> & { parsed: ParsedCrl };
export type ScannedItem = ScannedCert | ScannedCrl | UnreadableEntry;

/** A file (or folder) that cannot be listed as a certificate or CRL, with the reason in words. */
export function unreadable(rel: string, folder: FolderKind, size: number | null, reason: string): UnreadableEntry {
  return {
    kind: 'unreadable',
    id: `file:${rel}`,
    folder,
    file: rel,
    size,
    reason,
    problems: [{ code: 'unreadable', severity: 'error', message: `cannot be read: ${reason}` }],
  };
}

/** The scanned form of a parsed certificate found in `rel` (one of `siblings + 1` in a bundle). */
export function certEntry(parsed: ParsedCertificate, rel: string, folder: FolderKind, format: FileFormat, siblings: number): ScannedCert {
  const { subjectKey: _s, issuerKey: _i, notBefore, notAfter, ...fields } = parsed;
  return {
    kind: 'certificate',
    id: parsed.sha256,
    ...fields,
    notBefore: notBefore.toISOString(),
    notAfter: notAfter.toISOString(),
    folder,
    file: rel,
    format,
    bundleSiblings: siblings,
    parsed,
  };
}

/** The scanned form of a parsed CRL found in `rel`. */
export function crlEntry(parsed: ParsedCrl, rel: string, folder: FolderKind, format: FileFormat): ScannedCrl {
  return {
    kind: 'crl',
    id: parsed.sha256,
    issuer: parsed.issuer,
    thisUpdate: parsed.thisUpdate.toISOString(),
    nextUpdate: parsed.nextUpdate?.toISOString() ?? null,
    revokedSerials: parsed.revokedSerials,
    signatureAlgorithm: parsed.signatureAlgorithm,
    folder,
    file: rel,
    format,
    parsed,
  };
}
