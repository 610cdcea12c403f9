import { existsSync, mkdirSync, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { getLayout, LAYOUTS, type LayoutId, type LayoutProfile, type LogicalFolder } from '../../../shared/pki/layouts';
import type { FolderKind, StoreEntry } from '../../../shared/types/cert';
import { TrustError, ioError } from '../errors';
import { detectLayout, type Detection } from './detect';
import { JOURNAL_NAME, isTempFile } from './fs-atomic';
import { recoverStore, staleLockFiles, withStoreLock, type RecoveryReport } from './journal';
import { isInside, resolveInsideStore, toStoreRelative } from './paths';
import { certificateFolders, StoreScanner, type ScanOutcome } from './scan';
import { ScanCache } from './scan-cache';

export interface OpenStoreOptions {
  /** Overrides detection. */
  layout?: LayoutId;
  /**
   * A file outside the store (in the app's home) where what the scans read is kept between runs,
   * so that opening the same big store again parses only what changed (see scan-cache).
   */
  scanCacheFile?: string;
  /** Fewer files than this and the scan cache is not written (default SCAN_CACHE_MIN_FILES). */
  scanCacheMinFiles?: number;
}

const THUMBPRINT_PREFIX = /^[0-9a-f]{8,64}$/i;
const SHORT_HEX = /^[0-9a-f]{1,7}$/i;

/** One PKI directory on disk, read and changed through its layout profile. */
export class PkiStore {
  private readonly scanner: StoreScanner;
  private last: ScanOutcome | null = null;

  private constructor(
    /** Real path (symbolic links resolved) of the store root. */
    readonly root: string,
    readonly layout: LayoutProfile,
    readonly detection: Detection | null,
    /** Set when opening finished or undid a sync that had been interrupted. */
    readonly recovery: RecoveryReport | null,
    scanCacheFile: string | undefined,
    scanCacheMinFiles?: number,
  ) {
    this.scanner = new StoreScanner(root, layout);
    if (scanCacheFile) this.attachScanCache(scanCacheFile, scanCacheMinFiles);
  }

  /**
   * Keeps what the scans read in `file` between runs (see OpenStoreOptions.scanCacheFile). Taken
   * into account only before the first scan, and never for a file inside the store; true when attached.
   */
  attachScanCache(file: string, minFiles?: number): boolean {
    // Never inside the store: a stack would see it, and a store shared by several users is not ours to write in.
    if (this.last || isInside(this.root, path.resolve(file))) return false;
    return this.scanner.attachDiskCache(new ScanCache(file, this.root, this.layout.id, { minFiles }));
  }

  /** Opens an existing store: detects its layout unless given, and finishes an interrupted sync. */
  static open(dir: string, options: OpenStoreOptions = {}): PkiStore {
    const root = realRootOf(dir);
    let detection: Detection | null = null;
    let layoutId = options.layout;
    let storeRoot = root;
    if (!layoutId) {
      detection = detectLayout(root);
      if (!detection.layout) {
        throw new TrustError('NOT_FOUND', `no known PKI layout in ${dir} (none of the folders of ${LAYOUTS.map((l) => l.id).join(', ')}); use --layout or init`);
      }
      layoutId = detection.layout;
      storeRoot = detection.root;
    }
    const layout = getLayout(layoutId);
    let recovery: RecoveryReport | null = null;
    try {
      if (needsRecovery(storeRoot, layout)) recovery = withStoreLock(storeRoot, () => recoverStore(storeRoot, folderRels(layout)), { wait: false });
    } catch (error) {
      if (error instanceof TrustError) throw error;
      throw ioError(error, `cannot finish the interrupted sync in ${storeRoot}`);
    }
    return new PkiStore(storeRoot, layout, detection, recovery, options.scanCacheFile, options.scanCacheMinFiles);
  }

  /** Creates the folders of a layout (private key folders 0700) and opens the store. */
  static init(dir: string, layoutId: LayoutId): PkiStore {
    const layout = getLayout(layoutId);
    try {
      mkdirSync(dir, { recursive: true });
      for (const [logical, rel] of Object.entries(layout.folders) as [LogicalFolder, string][]) {
        mkdirSync(path.join(dir, rel), { recursive: true, mode: logical === 'own.private' ? 0o700 : 0o755 });
      }
    } catch (error) {
      throw ioError(error, `cannot create the store in ${dir}`);
    }
    return PkiStore.open(dir, { layout: layoutId });
  }

  /** Absolute path of a logical folder; CRL folders fall back to the certificates folder where a layout has none. */
  folderPath(logical: LogicalFolder): string {
    const rel = this.layout.folders[logical] ?? this.layout.folders[logical.replace('.crl', '.certs') as LogicalFolder];
    if (!rel) throw new TrustError('INVALID_INPUT', `the ${this.layout.label} layout has no ${logical.split('.')[0]} folder`);
    return path.join(this.root, rel);
  }

  hasFolder(kind: FolderKind): boolean {
    return this.layout.folders[`${kind}.certs` as LogicalFolder] !== undefined;
  }

  /** Reads every certificate and CRL; unchanged files are not parsed again. */
  scan(): ScanOutcome {
    this.last = this.scanner.scan();
    return this.last;
  }

  /** The latest scan, or a first one that gives the event loop a turn every ~20 ms (a store opened at start). */
  async ensureScanned(): Promise<ScanOutcome> {
    if (this.last) return this.last;
    const outcome = await this.scanner.scanYielding();
    this.last ??= outcome;
    return this.last;
  }

  /** Writes what the scans read to the scan cache now instead of a moment later (a closing app, tests); true when written. */
  flushScanCache(): boolean {
    return this.scanner.flushDiskCache();
  }

  entries(): StoreEntry[] {
    return this.lastScan().entries;
  }

  /** The outcome of the latest scan (a first scan when there was none). */
  lastScan(): ScanOutcome {
    return this.last ?? this.scan();
  }

  /** Resolves a path given by a user or the UI; refuses anything outside the store. */
  resolve(input: string): string {
    return resolveInsideStore(this.root, input);
  }

  relative(absolute: string): string {
    return toStoreRelative(this.root, absolute);
  }

  /**
   * Entries a reference names: a thumbprint prefix (SHA-1 or SHA-256, 8+ hex digits) or a file
   * path inside the store. Several entries can share one thumbprint (a copy in trusted and rejected).
   */
  find(ref: string): StoreEntry[] {
    const entries = this.entries();
    if (THUMBPRINT_PREFIX.test(ref)) {
      const prefix = ref.toLowerCase();
      const matches = entries.filter(
        (e) => (e.kind === 'certificate' && (e.sha1.startsWith(prefix) || e.sha256.startsWith(prefix))) || (e.kind === 'crl' && e.id.startsWith(prefix)),
      );
      if (matches.length > 0) {
        const ids = new Set(matches.map((m) => m.id));
        if (ids.size > 1) throw new TrustError('AMBIGUOUS', `"${ref}" matches ${ids.size} certificates; give more digits`, [...ids]);
        return matches;
      }
    }
    const rel = this.relative(this.resolve(ref));
    const matches = entries.filter((e) => e.file === rel);
    if (matches.length === 0 && SHORT_HEX.test(ref)) throw new TrustError('INVALID_INPUT', `"${ref}" is too short for a thumbprint: give at least 8 hex digits`);
    if (matches.length === 0) throw new TrustError('NOT_FOUND', `no certificate, CRL or file "${ref}" in ${this.root}`);
    return matches;
  }

  /** Store-relative folders that hold certificates and CRLs. */
  certificateFolderRels(): string[] {
    return folderRels(this.layout);
  }
}

function folderRels(layout: LayoutProfile): string[] {
  return certificateFolders(layout).map((f) => f.rel);
}

function realRootOf(dir: string): string {
  try {
    const real = realpathSync(dir);
    if (!statSync(real).isDirectory()) throw new TrustError('INVALID_INPUT', `${dir} is not a folder`);
    return real;
  } catch (error) {
    if (error instanceof TrustError) throw error;
    throw ioError(error, `cannot open the store ${dir}`);
  }
}

/** A journal, a temp file or the lock of a dead process left behind means a sync was interrupted. */
function needsRecovery(root: string, layout: LayoutProfile): boolean {
  if (existsSync(path.join(root, JOURNAL_NAME)) || staleLockFiles(root).length > 0) return true;
  return ['', ...folderRels(layout)].some((rel) => {
    try {
      return readdirSync(path.join(root, rel)).some(isTempFile);
    } catch {
      return false;
    }
  });
}
