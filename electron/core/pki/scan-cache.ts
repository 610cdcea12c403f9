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
export const SCAN_CACHE_VERSION = 1;
const FORMAT = 'uatrust-scan-cache';

/** What identifies a file's content without reading it: any change (even a same-size rewrite or a chmod) moves ctime. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

type CachedItem = ['c', FileFormat, number, ParsedCertificate] | ['l', FileFormat, ParsedCrl] | ['u', number | null, string];
/** One file: its stamp when read, then what it held. */
export type CachedRecord = [size: number, mtimeMs: number, ctimeMs: number, ino: number, items: CachedItem[]];

interface CacheFile {
  format: typeof FORMAT;
  version: number;
  root: string;
  layout: string;
  files: Record<string, CachedRecord>;
}

export interface ScanCacheOptions {
  /** Delay before the first write (after the first scan); later writes wait at least minIntervalMs after the previous one. */
  firstDelayMs?: number;
  minIntervalMs?: number;
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

  constructor(
    readonly file: string,
    private readonly root: string,
    private readonly layout: string,
    options: ScanCacheOptions = {},
  ) {
    this.firstDelayMs = options.firstDelayMs ?? 300;
    this.minIntervalMs = options.minIntervalMs ?? 30_000;
  }

  /** The records of the last run, by relative path; empty when there is no usable cache. */
  load(): Map<string, CachedRecord> {
    try {
      const data = JSON.parse(readFileSync(this.file, 'utf8')) as Partial<CacheFile> | null;
      if (!data || data.format !== FORMAT || data.version !== SCAN_CACHE_VERSION || data.root !== this.root || data.layout !== this.layout) return new Map();
      if (typeof data.files !== 'object' || data.files === null) return new Map();
      return new Map(Object.entries(data.files));
    } catch {
      return new Map();
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
      const files: Record<string, CachedRecord> = {};
      for (const [rel, stamp, items] of snapshot()) files[rel] = [stamp.size, stamp.mtimeMs, stamp.ctimeMs, stamp.ino, items.map(toCached)];
      const data: CacheFile = { format: FORMAT, version: SCAN_CACHE_VERSION, root: this.root, layout: this.layout, files };
      mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
      writeFileAtomic(this.file, JSON.stringify(data), 0o600);
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

/** True when the record was made from a file with exactly this stamp. */
export function sameStamp(record: CachedRecord, stamp: FileStamp): boolean {
  return record[0] === stamp.size && record[1] === stamp.mtimeMs && record[2] === stamp.ctimeMs && record[3] === stamp.ino;
}

function toCached(item: ScannedItem): CachedItem {
  if (item.kind === 'certificate') return ['c', item.format, item.bundleSiblings, item.parsed];
  if (item.kind === 'crl') return ['l', item.format, item.parsed];
  return ['u', item.size, item.reason];
}

/** The scanned items of a cached file as found in `rel` of `folder`; null when the record is not what this version writes. */
export function reviveItems(record: CachedRecord, rel: string, folder: FolderKind): ScannedItem[] | null {
  try {
    const cached = record[4];
    if (!Array.isArray(cached)) return null;
    const items: ScannedItem[] = [];
    for (const item of cached) {
      if (item[0] === 'c') {
        const parsed = reviveDates<ParsedCertificate>(item[3], ['notBefore', 'notAfter']);
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

function reviveDates<T>(value: unknown, keys: string[]): T | null {
  if (typeof value !== 'object' || value === null) return null;
  const copy: Record<string, unknown> = { ...value };
  for (const key of keys) {
    const text = copy[key];
    if (text === null || text === undefined) continue;
    if (typeof text !== 'string') return null;
    const date = new Date(text);
    if (Number.isNaN(date.getTime())) return null;
    copy[key] = date;
  }
  return copy as T;
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
