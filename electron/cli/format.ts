import type { CertSummary, StoreEntry } from '../../shared/types/cert';

/** A plain text table: columns padded to their widest cell; the last column is not padded. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

const date = (iso: string | null) => (iso ? iso.slice(0, 10) : '-');

export function entryName(entry: StoreEntry): string {
  if (entry.kind === 'certificate') return entry.subject.cn ?? entry.subject.text ?? '(no CN)';
  if (entry.kind === 'crl') return `CRL of ${entry.issuer.cn ?? entry.issuer.text}`;
  return `(unreadable: ${entry.reason})`;
}

export function entriesTable(entries: StoreEntry[]): string {
  const order = { own: 0, trusted: 1, issuers: 2, rejected: 3 } as const;
  const sorted = [...entries].sort((a, b) => order[a.folder] - order[b.folder] || a.file.localeCompare(b.file));
  const rows = sorted.map((e) => [
    e.folder,
    e.kind === 'certificate' ? 'cert' : e.kind,
    entryName(e),
    e.kind === 'certificate' ? e.sha1.slice(0, 16) : e.kind === 'crl' ? e.id.slice(0, 16) : '-',
    e.kind === 'certificate' ? date(e.notAfter) : e.kind === 'crl' ? date(e.nextUpdate) : '-',
    e.problems.map((p) => p.code).join(',') || 'ok',
    e.file,
  ]);
  return table(['FOLDER', 'KIND', 'NAME', 'SHA1', 'EXPIRES', 'PROBLEMS', 'FILE'], rows);
}

/** Every field of a certificate, one per line, for `uatrust show`. */
export function certDetails(cert: CertSummary): string {
  const fields: [string, string][] = [
    ['Subject', cert.subject.text],
    ['Issuer', cert.issuer.text],
    ['ApplicationUri', cert.applicationUri ?? '(none)'],
    ['DNS names', cert.dns.join(', ') || '(none)'],
    ['IP addresses', cert.ip.join(', ') || '(none)'],
    ['Valid from', cert.notBefore],
    ['Valid until', cert.notAfter],
    ['Key', `${cert.keyType} ${cert.keySize} bits`],
    ['Signature', cert.signatureAlgorithm],
    ['Key usage', cert.keyUsage.join(', ') || '(none)'],
    ['Extended key usage', cert.extendedKeyUsage.join(', ') || '(none)'],
    ['CA', cert.isCA ? 'yes' : 'no'],
    ['Self-signed', cert.selfSigned ? 'yes' : 'no'],
    ['Serial number', cert.serialNumber],
    ['SHA-1', cert.sha1],
    ['SHA-256', cert.sha256],
    ['Folder', cert.folder],
    ['File', `${cert.file} (${cert.format.toUpperCase()})`],
    ['Problems', cert.problems.length ? cert.problems.map((p) => `${p.severity}: ${p.message}`).join('\n' + ' '.repeat(20)) : 'none'],
  ];
  return fields.map(([k, v]) => `${(k + ':').padEnd(20)}${v}`).join('\n');
}
