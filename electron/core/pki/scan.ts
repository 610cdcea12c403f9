import { lstatSync, readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import type { CertSummary, CrlSummary, FileFormat, FolderKind, StoreEntry, UnreadableEntry } from '../../../shared/types/cert';
import { folderKindOf, type LayoutProfile, type LogicalFolder } from '../../../shared/pki/layouts';
import { describe } from '../x509/decode';
import { parseCertificate, parseCrl, type ParsedCertificate, type ParsedCrl } from '../x509/parse';
import { certificateProblems, crlProblems } from '../x509/problems';
import { isOwnFile } from './fs-atomic';
import { isInside, toStoreRelative } from './paths';
import { certificateDefect, crlDefect, decodeSafely } from './sanity';

/** A certificate is a few KiB; even one with thousands of SANs stays far below this. */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;

export type ScannedCert = Omit<CertSummary, 'problems'> & { parsed: ParsedCertificate };
export type ScannedCrl = Omit<CrlSummary, 'problems'> & { parsed: ParsedCrl };
type ScannedItem = ScannedCert | ScannedCrl | UnreadableEntry;

interface CachedFile {
  size: number;
  mtimeMs: number;
  items: ScannedItem[];
}

export interface ScanOutcome {
  entries: StoreEntry[];
  /** Folders of the layout that do not exist on disk (relative). */
  missingFolders: string[];
  filesRead: number;
  filesReused: number;
}

/** The folders that hold certificates and CRLs (not private keys), each with its user-visible kind. */
export function certificateFolders(layout: LayoutProfile): { logical: LogicalFolder; rel: string; folder: FolderKind }[] {
  const seen = new Set<string>();
  const result: { logical: LogicalFolder; rel: string; folder: FolderKind }[] = [];
  for (const [logical, rel] of Object.entries(layout.folders) as [LogicalFolder, string][]) {
    if (logical === 'own.private' || seen.has(rel)) continue;
    seen.add(rel);
    result.push({ logical, rel, folder: folderKindOf(logical) });
  }
  return result;
}

/**
 * Names a listing passes over unless they hold a certificate or CRL: hidden files and what the
 * layout says the stack keeps beside its certificates (lock files). A stack reads them all
 * (node-opcua trusts any file in trusted/certs), so a certificate hidden there is still shown.
 */
export function isQuietName(layout: LayoutProfile, name: string): boolean {
  return name.startsWith('.') || layout.ignore.some((glob) => globToRegExp(glob).test(name));
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i');
}

function unreadable(rel: string, folder: FolderKind, size: number | null, reason: string): UnreadableEntry {
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

function certItem(der: Buffer, rel: string, folder: FolderKind, format: FileFormat, siblings: number): ScannedItem {
  let parsed: ParsedCertificate;
  try {
    parsed = parseCertificate(der);
  } catch (error) {
    return unreadable(rel, folder, der.length, `malformed certificate: ${describe(error)}`);
  }
  const defect = certificateDefect(parsed);
  if (defect) return unreadable(rel, folder, der.length, defect);
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

function crlItem(der: Buffer, rel: string, folder: FolderKind, format: FileFormat): ScannedItem {
  let parsed: ParsedCrl;
  try {
    parsed = parseCrl(der);
  } catch (error) {
    return unreadable(rel, folder, der.length, `malformed CRL: ${describe(error)}`);
  }
  const defect = crlDefect(parsed);
  if (defect) return unreadable(rel, folder, der.length, defect);
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

/** Reads one file into the certificates, CRLs or reasons it cannot be read; never throws. */
export function readStoreFile(bytes: Buffer, rel: string, folder: FolderKind): ScannedItem[] {
  const decoded = decodeSafely(bytes);
  const certs = decoded.items.filter((i) => i.type === 'certificate').length;
  const items: ScannedItem[] = [];
  for (const item of decoded.items) {
    if (item.type === 'certificate') items.push(certItem(item.der, rel, folder, decoded.format, certs - 1));
    else if (item.type === 'crl') items.push(crlItem(item.der, rel, folder, decoded.format));
    else if (item.type === 'invalid') items.push(unreadable(rel, folder, bytes.length, item.reason));
    else if (folder !== 'own') items.push(unreadable(rel, folder, bytes.length, 'a private key: it does not belong in a trust folder'));
  }
  // A file with several broken blocks is one unreadable file.
  const broken = items.filter((i) => i.kind === 'unreadable');
  if (broken.length > 1) return [...items.filter((i) => i.kind !== 'unreadable'), unreadable(rel, folder, bytes.length, [...new Set(broken.map((b) => (b as UnreadableEntry).reason))].join('; '))];
  return items;
}

/** Scans a store's folders; unchanged files (same size and mtime) are taken from the cache. */
export class StoreScanner {
  private cache = new Map<string, CachedFile>();

  constructor(
    private readonly realRoot: string,
    private readonly layout: LayoutProfile,
  ) {}

  scan(now = Date.now()): ScanOutcome {
    const folders = certificateFolders(this.layout);
    const folderPaths = new Set(folders.map((f) => path.join(this.realRoot, f.rel)));
    const items: ScannedItem[] = [];
    const missingFolders: string[] = [];
    const seen = new Set<string>();
    let filesRead = 0;
    let filesReused = 0;

    for (const { rel: folderRel, folder } of folders) {
      const dir = path.join(this.realRoot, folderRel);
      let dirents: Dirent[];
      try {
        dirents = readdirSync(dir, { withFileTypes: true });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') missingFolders.push(folderRel);
        else items.push(unreadable(folderRel, folder, null, `folder cannot be listed: ${code ?? describe(error)}`));
        continue;
      }
      for (const dirent of dirents) {
        const name = dirent.name;
        if (isOwnFile(name)) continue;
        const abs = path.join(dir, name);
        if (dirent.isDirectory() || folderPaths.has(abs)) continue;
        const rel = toStoreRelative(this.realRoot, abs);
        seen.add(abs);
        const result = this.readCached(abs, rel, folder, dirent);
        if (result.reused) filesReused++;
        else filesRead++;
        items.push(...(isQuietName(this.layout, name) ? result.items.filter((i) => i.kind !== 'unreadable') : result.items));
      }
    }
    for (const key of this.cache.keys()) if (!seen.has(key)) this.cache.delete(key);
    return { entries: withStoreProblems(items, now), missingFolders, filesRead, filesReused };
  }

  private readCached(abs: string, rel: string, folder: FolderKind, dirent: Dirent): { items: ScannedItem[]; reused: boolean } {
    let size: number;
    let mtimeMs: number;
    try {
      if (dirent.isSymbolicLink()) {
        if (!isInside(this.realRoot, realpathSync(abs))) return { items: [unreadable(rel, folder, null, 'symbolic link pointing outside the store')], reused: false };
      }
      const stat = statSync(abs);
      if (stat.isDirectory()) return { items: [], reused: false };
      if (!stat.isFile()) return { items: [unreadable(rel, folder, null, 'not a regular file')], reused: false };
      size = stat.size;
      mtimeMs = stat.mtimeMs;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // readdir decodes names as UTF-8: a name that is not comes back with U+FFFD and names no file.
      const lossyName = code === 'ENOENT' && path.basename(abs).includes('\uFFFD') && !dirent.isSymbolicLink();
      const reason = lossyName
        ? 'the file name is not valid UTF-8, so it cannot be opened by name: rename the file'
        : code === 'ELOOP'
          ? 'symbolic link loop'
          : code === 'ENOENT'
            ? 'dangling symbolic link'
            : `cannot be opened: ${code ?? describe(error)}`;
      return { items: [unreadable(rel, folder, null, reason)], reused: false };
    }
    const cached = this.cache.get(abs);
    if (cached && cached.size === size && cached.mtimeMs === mtimeMs) return { items: cached.items, reused: true };
    let items: ScannedItem[];
    if (size > MAX_FILE_BYTES) {
      items = [unreadable(rel, folder, size, `too large for a certificate (${(size / 1048576).toFixed(1)} MiB)`)];
    } else {
      try {
        items = readStoreFile(readFileSync(abs), rel, folder);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        items = [unreadable(rel, folder, size, code === 'EACCES' ? 'permission denied' : `cannot be read: ${code ?? describe(error)}`)];
      }
    }
    this.cache.set(abs, { size, mtimeMs, items });
    return { items, reused: false };
  }
}

/** Adds the problems that depend on the rest of the store, and drops parser internals. */
function withStoreProblems(items: ScannedItem[], now: number): StoreEntry[] {
  const trusted = new Set<string>();
  const rejected = new Set<string>();
  const crlIssuers = new Set<string>();
  for (const item of items) {
    if (item.kind === 'certificate') (item.folder === 'rejected' ? rejected : item.folder === 'trusted' ? trusted : null)?.add(item.id);
    if (item.kind === 'crl') crlIssuers.add(item.parsed.issuerKey);
  }
  return items.map((item): StoreEntry => {
    if (item.kind === 'unreadable') return item;
    if (item.kind === 'crl') {
      const { parsed, ...crl } = item;
      return { ...crl, problems: crlProblems(parsed, now) };
    }
    const { parsed, ...cert } = item;
    const problems = certificateProblems(parsed, now);
    if (item.folder === 'rejected' && trusted.has(item.id)) {
      problems.push({ code: 'trusted-and-rejected', severity: 'info', message: 'also in trusted: this rejected copy is left over (open62541 rewrites rejected; node-opcua checks rejected first, so delete it)' });
    } else if (item.folder === 'trusted' && rejected.has(item.id)) {
      problems.push({ code: 'trusted-and-rejected', severity: 'warning', message: 'also in rejected: some stacks check rejected first and still refuse it' });
    }
    if (item.isCA && (item.folder === 'trusted' || item.folder === 'issuers') && !crlIssuers.has(parsed.subjectKey)) {
      problems.push({ code: 'ca-without-crl', severity: 'warning', message: 'CA without a CRL in this store: servers will answer BadCertificateRevocationUnknown for certificates it signed' });
    }
    return { ...cert, problems };
  });
}
