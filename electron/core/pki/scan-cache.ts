import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FileFormat, FolderKind } from '../../../shared/types/cert';
import type { ParsedCertificate, ParsedCrl } from '../x509/parse';
import { writeFileAtomic } from './fs-atomic';
import { certEntry, crlEntry, unreadable, type ScannedItem } from './scan-items';

/**
 * What a store's last scan read, kept in the app's home between runs: a start on a store of 10,000
 * certificates then stats the files and parses only the new or changed ones. Only facts that do not
 * depend on the date are kept (what the parser read, or why a file cannot be read); problems are
 * computed from them at every scan, so "expired" appears on the day it becomes true. The cache is
 * a convenience: anything odd in it (another version, another store, broken JSON) and it is ignored
 * and written anew. It never holds key material: private key folders are not scanned, and a key
 * found in a trust folder is kept as the reason it is listed as unreadable, not as bytes.
 */
export const SCAN_CACHE_VERSION = 3;
/** Below this many files a store is parsed in a few tens of milliseconds: not worth a file in the home. */
export const SCAN_CACHE_MIN_FILES = 500;
const FORMAT = 'uatrust-scan-cache';

/** What identifies a file's content without reading it: any change (even a same-size rewrite or a chmod) moves ctime. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

/**
 * A certificate's parsed fields by position (no field names: they were 40% of a 9 MB cache), names
 * as [cn, o, text] and dates as epoch milliseconds. subjectKey and issuerKey are the names' text.
 */
const CERT_FIELDS = ['sha1', 'sha256', 'serialNumber', 'subject', 'issuer', 'applicationUri', 'dns', 'ip', 'notBefore', 'notAfter', 'keyType', 'keySize', 'signatureAlgorithm', 'keyUsage', 'extendedKeyUsage', 'isCA', 'selfSigned'] as const;
// Fails to compile when ParsedCertificate gains a field this format would silently drop.
const everyField: Exclude<keyof ParsedCertificate, (typeof CERT_FIELDS)[number] | 'subjectKey' | 'issuerKey'> extends never ? true : never = true;
void everyField;

type CachedItem = ['c', FileFormat, number, unknown[]] | ['l', FileFormat, ParsedCrl] | ['u', number | null, string];
/** One file: its stamp when read, then where in the cache file what it held is (JSON of CachedItem[], read only when the stamp matches). */
export type CachedRecord = [size: number, mtimeMs: number, ctimeMs: number, ino: number, itemsStart: number, itemsEnd: number];

/**
 * The records of the last run, by relative path, over the cache file's bytes. A file's items are
 * decoded from the bytes only when its stamp matches, one file at a time: a start does not hold
 * 10,000 decoded records at once, so what it decodes dies young instead of growing the old heap.
 */
export class CachedFiles {
  constructor(
    private readonly bytes: Buffer = Buffer.alloc(0),
    private readonly records = new Map<string, CachedRecord>(),
  ) {}

  get size(): number {
    return this.records.size;
  }

  has(rel: string): boolean {
    return this.records.has(rel);
  }

  get(rel: string): CachedRecord | undefined {
    return this.records.get(rel);
  }

  /** The scanned items of a cached file as found in `rel` of `folder`; null when the record is not what this version writes. */
  revive(record: CachedRecord, rel: string, folder: FolderKind): ScannedItem[] | null {
    return reviveItems(this.bytes.toString('utf8', record[4], record[5]), rel, folder);
  }
}

/**
 * The file: a JSON header line, then a line per store file — its relative path (JSON), size, mtimeMs,
 * ctimeMs, inode and items (JSON), separated by tabs. Per-line JSON keeps a start from building the
 * whole cache as one object tree (10,000 records at once grow the old heap, and the RSS stays up).
 */
interface CacheHeader {
  format: typeof FORMAT;
  version: number;
  root: string;
  layout: string;
}

export interface ScanCacheOptions {
  /** Delay before the first write (after the first scan); later writes wait at least minIntervalMs after the previous one. */
  firstDelayMs?: number;
  minIntervalMs?: number;
  /** Stores with fewer files are not cached (default SCAN_CACHE_MIN_FILES). */
  minFiles?: number;
}

/** Per file of the store (relative path), its stamp and what it held. */
export type CacheSnapshot = () => Iterable<[rel: string, stamp: FileStamp, items: ScannedItem[]]>;

/** The scan cache of one store: one JSON file in the app's home, written atomically off the answer path. */
export class ScanCache {
  private timer: NodeJS.Timeout | null = null;
  private pending: CacheSnapshot | null = null;
  private lastWrite = 0;
  private readonly firstDelayMs: number;
  private readonly minIntervalMs: number;
  readonly minFiles: number;

  constructor(
    readonly file: string,
    private readonly root: string,
    private readonly layout: string,
    options: ScanCacheOptions = {},
  ) {
    this.firstDelayMs = options.firstDelayMs ?? 300;
    this.minIntervalMs = options.minIntervalMs ?? 30_000;
    this.minFiles = options.minFiles ?? SCAN_CACHE_MIN_FILES;
  }

  /** The records of the last run; none when there is no usable cache. */
  load(): CachedFiles {
    const records = new Map<string, CachedRecord>();
    try {
      // Line by line from the bytes: no 6 MB string, and each file's items stay bytes until the scan wants them.
      const bytes = readFileSync(this.file);
      let start = bytes.indexOf(NEWLINE);
      if (start < 0) return new CachedFiles();
      const header = JSON.parse(bytes.toString('utf8', 0, start)) as Partial<CacheHeader> | null;
      if (!header || header.format !== FORMAT || header.version !== SCAN_CACHE_VERSION || header.root !== this.root || header.layout !== this.layout) return new CachedFiles();
      for (start++; start < bytes.length; ) {
        let end = bytes.indexOf(NEWLINE, start);
        if (end < 0) end = bytes.length;
        const record = parseLine(bytes, start, end);
        if (record) records.set(record[0], record[1]);
        start = end + 1;
      }
      return new CachedFiles(bytes, records);
    } catch {
      return new CachedFiles();
    }
  }

  /** Writes the snapshot later: soon after the first scan, then at most once per minIntervalMs. Never throws. */
  schedule(snapshot: CacheSnapshot): void {
    this.pending = snapshot;
    if (this.timer) return;
    const delay = this.lastWrite === 0 ? this.firstDelayMs : Math.max(0, this.lastWrite + this.minIntervalMs - Date.now());
    this.timer = setTimeout(() => this.flush(), delay);
    // A pending write must not keep a CLI command alive; the next run simply reads a little more.
    this.timer.unref();
  }

  /** Writes a pending snapshot now; true when something was written. */
  flush(): boolean {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const snapshot = this.pending;
    this.pending = null;
    if (!snapshot) return false;
    this.lastWrite = Date.now();
    try {
      const header: CacheHeader = { format: FORMAT, version: SCAN_CACHE_VERSION, root: this.root, layout: this.layout };
      mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
      // Written as it is made, a line at a time: never the whole file as one string.
      writeFileAtomic(this.file, cacheLines(header, snapshot), 0o600);
      return true;
    } catch {
      // A home that cannot be written (read-only, full disk) costs the next start its speed, nothing else.
      return false;
    }
  }

  /** Drops a pending write (the store is closed). */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
  }
}

const NEWLINE = 0x0a;
const TAB = 0x09;

/** One line of the file: the relative path and its record; null for a damaged line (that file is simply read again). */
function parseLine(bytes: Buffer, start: number, end: number): [string, CachedRecord] | null {
  const tabs: number[] = [];
  for (let at = bytes.indexOf(TAB, start); at >= 0 && at < end && tabs.length < 5; at = bytes.indexOf(TAB, at + 1)) tabs.push(at);
  if (tabs.length !== 5) return null;
  const rel: unknown = JSON.parse(bytes.toString('utf8', start, tabs[0]));
  const stamp = [0, 1, 2, 3].map((i) => Number(bytes.toString('latin1', tabs[i] + 1, tabs[i + 1])));
  if (typeof rel !== 'string' || !stamp.every(Number.isFinite)) return null;
  return [rel, [stamp[0], stamp[1], stamp[2], stamp[3], tabs[4] + 1, end]];
}

/** The file's lines, header first; JSON escapes tabs and line breaks, in names as in values. */
function* cacheLines(header: CacheHeader, snapshot: CacheSnapshot): Generator<string> {
  yield `${JSON.stringify(header)}\n`;
  for (const [rel, stamp, items] of snapshot()) yield `${[JSON.stringify(rel), stamp.size, stamp.mtimeMs, stamp.ctimeMs, stamp.ino, JSON.stringify(items.map(toCached))].join('\t')}\n`;
}

/** True when the record was made from a file with exactly this stamp. */
export function sameStamp(record: CachedRecord, stamp: FileStamp): boolean {
  return record[0] === stamp.size && record[1] === stamp.mtimeMs && record[2] === stamp.ctimeMs && record[3] === stamp.ino;
}

function toCached(item: ScannedItem): CachedItem {
  if (item.kind === 'certificate') return ['c', item.format, item.bundleSiblings, packCertificate(item.parsed)];
  if (item.kind === 'crl') return ['l', item.format, item.parsed];
  return ['u', item.size, item.reason];
}

/** The scanned items of a cached file (its items' JSON) as found in `rel` of `folder`; null when they are not what this version writes. */
function reviveItems(json: string, rel: string, folder: FolderKind): ScannedItem[] | null {
  try {
    const cached = JSON.parse(json) as CachedItem[];
    if (!Array.isArray(cached)) return null;
    const items: ScannedItem[] = [];
    for (const item of cached) {
      if (item[0] === 'c') {
        const parsed = unpackCertificate(item[3]);
        if (!parsed || !isCertificate(parsed) || !isFormat(item[1]) || typeof item[2] !== 'number') return null;
        items.push(certEntry(parsed, rel, folder, item[1], item[2]));
      } else if (item[0] === 'l') {
        const parsed = reviveDates<ParsedCrl>(item[2], ['thisUpdate', 'nextUpdate']);
        if (!parsed || !isCrl(parsed) || !isFormat(item[1])) return null;
        items.push(crlEntry(parsed, rel, folder, item[1]));
      } else if (item[0] === 'u' && typeof item[2] === 'string' && (item[1] === null || typeof item[1] === 'number')) {
        items.push(unreadable(rel, folder, item[1], item[2]));
      } else {
        return null;
      }
    }
    return items;
  } catch {
    return null;
  }
}

function packCertificate(parsed: ParsedCertificate): unknown[] {
  return CERT_FIELDS.map((field) => {
    const value = parsed[field];
    if (value instanceof Date) return value.getTime();
    if (field === 'subject' || field === 'issuer') return [parsed[field].cn, parsed[field].o, parsed[field].text];
    return value;
  });
}

/** Names that recur in every certificate (key usages, algorithms): one string each, as the parser's constants are. */
const sharedNames = new Map<string, string>();
function shared<T>(value: T): T {
  if (typeof value !== 'string' || value.length > 64) return value;
  const known = sharedNames.get(value);
  if (known !== undefined) return known as T;
  if (sharedNames.size < 512) sharedNames.set(value, value);
  return value;
}
const sharedList = <T>(value: T): T => (Array.isArray(value) ? (value.map(shared) as T) : value);

function unpackCertificate(packed: unknown): ParsedCertificate | null {
  if (!Array.isArray(packed) || packed.length !== CERT_FIELDS.length) return null;
  const [sha1, sha256, serialNumber, subjectName, issuerName, applicationUri, dns, ip, notBefore, notAfter, keyType, keySize, signatureAlgorithm, keyUsage, extendedKeyUsage, isCA, selfSigned] = packed;
  if (!Array.isArray(subjectName) || !Array.isArray(issuerName) || typeof notBefore !== 'number' || typeof notAfter !== 'number') return null;
  const subject = { cn: subjectName[0], o: subjectName[1], text: subjectName[2] };
  const issuer = { cn: issuerName[0], o: issuerName[1], text: issuerName[2] };
  // The same shape, in the same order, as parseCertificate gives (one hidden class for fresh and cached entries).
  return {
    sha1, sha256, serialNumber, subject, issuer, subjectKey: subject.text, issuerKey: issuer.text, applicationUri, dns, ip,
    notBefore: new Date(notBefore), notAfter: new Date(notAfter), keyType: shared(keyType), keySize, signatureAlgorithm: shared(signatureAlgorithm),
    keyUsage: sharedList(keyUsage), extendedKeyUsage: sharedList(extendedKeyUsage), isCA, selfSigned,
  };
}

// In place: the record was parsed for this scan alone, and a copy of 10,000 of them would double the peak memory of a start.
function reviveDates<T>(value: unknown, keys: string[]): T | null {
  if (typeof value !== 'object' || value === null) return null;
  const target = value as Record<string, unknown>;
  for (const key of keys) {
    const text = target[key];
    if (text === null || text === undefined) continue;
    if (typeof text !== 'string') return null;
    const date = new Date(text);
    if (Number.isNaN(date.getTime())) return null;
    target[key] = date;
  }
  return target as T;
}

const isFormat = (value: unknown): value is FileFormat => value === 'der' || value === 'pem';
const isText = (value: unknown) => typeof value === 'string';
const isName = (value: unknown) => typeof value === 'object' && value !== null && isText((value as { text?: unknown }).text);

// Enough to know the record came from this version's parser; the scan trusts the home it wrote itself.
function isCertificate(p: ParsedCertificate): boolean {
  return (
    isText(p.sha1) && isText(p.sha256) && isText(p.serialNumber) && isName(p.subject) && isName(p.issuer) && isText(p.subjectKey) && isText(p.issuerKey) &&
    p.notBefore instanceof Date && p.notAfter instanceof Date && Array.isArray(p.dns) && Array.isArray(p.ip) && Array.isArray(p.keyUsage) &&
    Array.isArray(p.extendedKeyUsage) && isText(p.keyType) && typeof p.keySize === 'number' && isText(p.signatureAlgorithm) && typeof p.isCA === 'boolean'
  );
}

function isCrl(p: ParsedCrl): boolean {
  return isText(p.sha256) && isName(p.issuer) && isText(p.issuerKey) && p.thisUpdate instanceof Date && Array.isArray(p.revokedSerials) && isText(p.signatureAlgorithm);
}
