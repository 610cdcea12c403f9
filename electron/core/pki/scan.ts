import { closeSync, constants, fstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import type { CertProblem, CertSummary, FileFormat, FolderKind, StoreEntry, UnreadableEntry } from '../../../shared/types/cert';
import { folderKindOf, type LayoutProfile, type LogicalFolder } from '../../../shared/pki/layouts';
import { describe } from '../x509/decode';
import { parseCertificate, parseCrl, type ParsedCertificate, type ParsedCrl } from '../x509/parse';
import { certificateProblems, crlProblems, EXPIRING_SOON_DAYS } from '../x509/problems';
import { currentGeneration, hintsFor } from './change-hints';
import { isOwnFile } from './fs-atomic';
import { isInside, toStoreRelative } from './paths';
import { certificateDefect, crlDefect, decodeSafely } from './sanity';
import { sameStamp, type CachedFiles, type FileStamp, type ScanCache } from './scan-cache';
import { certEntry, crlEntry, unreadable, type ScannedCert, type ScannedItem } from './scan-items';

export type { ScannedCert, ScannedCrl } from './scan-items';

/** A certificate is a few KiB; even one with thousands of SANs stays far below this. */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;

interface CachedFile extends FileStamp {
  rel: string;
  items: ScannedItem[];
  /** Number of the last scan that listed this file: the others are dropped from the cache. */
  listedIn: number;
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
  return name.startsWith('.') || quietPatterns(layout).some((pattern) => pattern.test(name));
}

// Compiled once per layout: a listing of 10,000 files asks for every name.
const quietPatternCache = new WeakMap<LayoutProfile, RegExp[]>();

function quietPatterns(layout: LayoutProfile): RegExp[] {
  let patterns = quietPatternCache.get(layout);
  if (!patterns) quietPatternCache.set(layout, (patterns = layout.ignore.map(globToRegExp)));
  return patterns;
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i');
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
  return certEntry(parsed, rel, folder, format, siblings);
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
  return crlEntry(parsed, rel, folder, format);
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

/**
 * Scans a store's folders; unchanged files (same size, mtime, ctime and inode) are taken from the
 * cache, kept in memory and, given a ScanCache, on disk between runs.
 */
export class StoreScanner {
  private cache = new Map<string, CachedFile>();
  /** What the disk cache held, by relative path, until the first scan has used it; null once used (or with no disk cache). */
  private stored: CachedFiles | null = null;
  /** Generation (see change-hints) at the start of the last scan, and of the last one that checked every file while watched. */
  private scannedAt = -1;
  private validatedAt = -1;
  private scans = 0;

  constructor(
    private readonly realRoot: string,
    private readonly layout: LayoutProfile,
    private diskCache: ScanCache | null = null,
  ) {}

  /** Uses a disk cache from the first scan on; false (and ignored) once a scan has run. */
  attachDiskCache(cache: ScanCache): boolean {
    if (this.scans > 0 || this.running) return false;
    this.diskCache = cache;
    return true;
  }

  /** Writes a pending update of the disk cache now (tests, closing); true when something was written. */
  flushDiskCache(): boolean {
    return this.diskCache?.flush() ?? false;
  }

  /** A scan started by scanYielding and not finished yet; a synchronous scan finishes it first. */
  private running: Generator<void, ScanOutcome> | null = null;

  scan(now = Date.now()): ScanOutcome {
    this.finishRunning();
    return drain(this.steps(now));
  }

  /**
   * The same scan in slices of about `sliceMs`, giving the event loop a turn between them: a first
   * scan of 10,000 files (~1 s) then does not keep a server that just started from answering.
   */
  async scanYielding(now = Date.now(), sliceMs = 20): Promise<ScanOutcome> {
    this.finishRunning();
    const steps = this.steps(now);
    this.running = steps;
    let sliceStart = performance.now();
    for (;;) {
      // A synchronous scan meanwhile drove this one to its end: it returns done at once.
      const next = steps.next();
      if (next.done) {
        if (this.running === steps) this.running = null;
        return next.value ?? this.lastOutcome!;
      }
      if (performance.now() - sliceStart >= sliceMs) {
        await new Promise((resolve) => setImmediate(resolve));
        sliceStart = performance.now();
      }
    }
  }

  private lastOutcome: ScanOutcome | null = null;

  private finishRunning(): void {
    const running = this.running;
    this.running = null;
    if (running) this.lastOutcome = drain(running);
  }

  /** The scan, pausing (yield) every few files so that scanYielding can give the event loop a turn. */
  private *steps(now: number): Generator<void, ScanOutcome> {
    const folders = certificateFolders(this.layout);
    const folderPaths = new Set(folders.map((f) => path.join(this.realRoot, f.rel)));
    const items: ScannedItem[] = [];
    const missingFolders: string[] = [];
    const scanNumber = ++this.scans;
    let filesRead = 0;
    let filesReused = 0;
    let visited = 0;
    const started = currentGeneration();
    // Under a live watcher, a regular file it has not seen change since the last scan is taken from the cache unchecked.
    const hints = hintsFor(this.realRoot);
    const trustCache = hints !== null && hints.trusted(this.validatedAt);
    // The first scan of this run may take what an earlier run read from the disk cache.
    if (scanNumber === 1 && this.diskCache) this.stored = this.diskCache.load();
    let filesFromDisk = 0;

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
      // Names from readdir hold no separator, so the relative path is the folder's plus the name.
      const relPrefix = `${toStoreRelative(this.realRoot, dir)}/`;
      for (const dirent of dirents) {
        const name = dirent.name;
        if (isOwnFile(name)) continue;
        const abs = dir + path.sep + name;
        if (dirent.isDirectory() || folderPaths.has(abs)) continue;
        let found = trustCache && dirent.isFile() && !hints.changedAfter(abs, this.scannedAt) ? this.cache.get(abs)?.items : undefined;
        if (found) filesReused++;
        else {
          const result = this.readCached(abs, relPrefix + name, folder, dirent);
          found = result.items;
          if (result.reused) filesReused++;
          else filesRead++;
          if (result.fromDisk) filesFromDisk++;
        }
        const cached = this.cache.get(abs);
        if (cached) cached.listedIn = scanNumber;
        if ((++visited & 63) === 0) yield;
        for (const item of found) {
          // A hidden or lock file is listed only for what it holds (see isQuietName).
          if (item.kind !== 'unreadable' || !isQuietName(this.layout, name)) items.push(item);
        }
      }
    }
    let removed = 0;
    for (const [key, cached] of this.cache) {
      if (cached.listedIn !== scanNumber) {
        this.cache.delete(key);
        removed++;
      }
    }
    if (this.diskCache) {
      // Rewritten when this run read something, forgot a file, or the disk cache held more (or less) than it used.
      const stale = this.stored !== null && this.stored.size !== filesFromDisk;
      if ((filesRead > 0 || removed > 0 || stale) && this.cache.size >= this.diskCache.minFiles) this.diskCache.schedule(() => this.snapshot());
      this.stored = null;
    }
    this.scannedAt = started;
    if (hints?.trusted(started) && !trustCache) this.validatedAt = started;
    const outcome = { entries: withStoreProblems(items, now), missingFolders, filesRead, filesReused };
    this.lastOutcome = outcome;
    return outcome;
  }

  /** The cached files for the disk cache: the in-memory cache is always what the latest scan saw. */
  private *snapshot(): Generator<[string, FileStamp, ScannedItem[]]> {
    for (const cached of this.cache.values()) yield [cached.rel, cached, cached.items];
  }

  private readCached(abs: string, rel: string, folder: FolderKind, dirent: Dirent): { items: ScannedItem[]; reused: boolean; fromDisk?: boolean } {
    if (dirent.isFile() && !this.cache.has(abs) && !this.stored?.has(rel)) {
      const items = this.readNewFile(abs, rel, folder);
      if (items) return { items, reused: false };
    }
    let stamp: FileStamp;
    try {
      if (dirent.isSymbolicLink()) {
        if (!isInside(this.realRoot, realpathSync(abs))) return { items: [unreadable(rel, folder, null, 'symbolic link pointing outside the store')], reused: false };
      }
      const stat = statSync(abs);
      if (stat.isDirectory()) return { items: [], reused: false };
      if (!stat.isFile()) return { items: [unreadable(rel, folder, null, 'not a regular file')], reused: false };
      stamp = { size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, ino: stat.ino };
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
    const { size } = stamp;
    const cached = this.cache.get(abs);
    if (cached && cached.size === size && cached.mtimeMs === stamp.mtimeMs && cached.ctimeMs === stamp.ctimeMs && cached.ino === stamp.ino) return { items: cached.items, reused: true };
    const stored = this.stored;
    const record = stored?.get(rel);
    const revived = stored && record && sameStamp(record, stamp) ? stored.revive(record, rel, folder) : null;
    if (revived) {
      this.cache.set(abs, { ...stamp, rel, items: revived, listedIn: 0 });
      return { items: revived, reused: true, fromDisk: true };
    }
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
    this.cache.set(abs, { ...stamp, rel, items, listedIn: 0 });
    return { items, reused: false };
  }

  /**
   * A regular file not seen before: stat and read through one descriptor (a separate stat costs
   * a second lookup of the name, a quarter of a first scan). Null on any surprise, so that the
   * stat path above says what is wrong in its words.
   */
  private readNewFile(abs: string, rel: string, folder: FolderKind): ScannedItem[] | null {
    let fd: number;
    try {
      fd = openSync(abs, OPEN_FOR_READING);
    } catch {
      return null;
    }
    try {
      const stat = fstatSync(fd);
      if (!stat.isFile()) return null;
      const items =
        stat.size > MAX_FILE_BYTES
          ? [unreadable(rel, folder, stat.size, `too large for a certificate (${(stat.size / 1048576).toFixed(1)} MiB)`)]
          : readStoreFile(readExactly(fd, stat.size), rel, folder);
      this.cache.set(abs, { size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, ino: stat.ino, rel, items, listedIn: 0 });
      return items;
    } catch {
      return null;
    } finally {
      closeSync(fd);
    }
  }
}

function drain<T>(steps: Generator<void, T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

// Non-blocking, so that a FIFO swapped in after the listing cannot hang the scan (0 where the flag does not exist).
const OPEN_FOR_READING = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** `size` bytes from the start of an open file (fewer if it shrank meanwhile). */
function readExactly(fd: number, size: number): Buffer {
  const buffer = Buffer.allocUnsafe(size);
  let offset = 0;
  while (offset < size) {
    const n = readSync(fd, buffer, offset, size - offset, offset);
    if (n === 0) break;
    offset += n;
  }
  return offset === size ? buffer : buffer.subarray(0, offset);
}

const DAY = 86_400_000;
const TIME_DEPENDENT = new Set(['expired', 'expiring-soon', 'not-yet-valid']);

interface OwnProblems {
  /** The entry as listed when nothing in the rest of the store adds to its problems. */
  entry: CertSummary;
  /** The span of `now` in which its problems stay exactly what certificateProblems gives. */
  from: number;
  until: number;
}

// Per cached item: a re-scan of 10,000 unchanged certificates would otherwise redo them all.
const ownProblemCache = new WeakMap<ScannedCert, OwnProblems>();

/** A certificate with its own problems; the same object while `now` stays where none of them depends on the date. */
function withOwnProblems(item: ScannedCert, now: number): CertSummary {
  let cached = ownProblemCache.get(item);
  if (!cached || !(now >= cached.from && now <= cached.until)) {
    const { parsed, ...cert } = item;
    const problems = certificateProblems(parsed, now);
    const stable = !problems.some((p) => TIME_DEPENDENT.has(p.code));
    const from = stable ? parsed.notBefore.getTime() : now;
    const until = stable ? parsed.notAfter.getTime() - EXPIRING_SOON_DAYS * DAY : now;
    cached = { entry: { ...cert, problems }, from, until };
    ownProblemCache.set(item, cached);
  }
  return cached.entry;
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
    const entry = withOwnProblems(item, now);
    const problems: CertProblem[] = [];
    if (item.folder === 'rejected' && trusted.has(item.id)) {
      problems.push({ code: 'trusted-and-rejected', severity: 'info', message: 'also in trusted: this rejected copy is left over (open62541 rewrites rejected; node-opcua checks rejected first, so delete it)' });
    } else if (item.folder === 'trusted' && rejected.has(item.id)) {
      problems.push({ code: 'trusted-and-rejected', severity: 'warning', message: 'also in rejected: some stacks check rejected first and still refuse it' });
    }
    if (item.isCA && (item.folder === 'trusted' || item.folder === 'issuers') && !crlIssuers.has(item.parsed.subjectKey)) {
      problems.push({ code: 'ca-without-crl', severity: 'warning', message: 'CA without a CRL in this store: servers will answer BadCertificateRevocationUnknown for certificates it signed' });
    }
    return problems.length === 0 ? entry : { ...entry, problems: [...entry.problems, ...problems] };
  });
}
