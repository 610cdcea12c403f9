import { EventEmitter } from 'node:events';
import { existsSync, readdirSync, readFileSync, statSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { FolderKind } from '../../../shared/types/cert';
import { noteChanged, watchStarted, watchStopped } from './change-hints';
import { isOwnFile } from './fs-atomic';
import { certificateFolders, isQuietName, MAX_FILE_BYTES, readStoreFile } from './scan';
import type { PkiStore } from './store';

export interface StoreChangeEvent {
  type: 'added' | 'removed' | 'changed';
  folder: FolderKind;
  /** Relative to the store root. */
  file: string;
  /** SHA-256 of the (first) certificate or CRL in the file; null for an unreadable file. */
  thumbprint: string | null;
}

/** A quiet period per file, so that a file being written emits one event. */
const SETTLE_MS = 40;

/**
 * Watches a store's certificate folders and emits typed `change` events.
 *
 * One `fs.watch` per folder (inotify, ReadDirectoryChangesW, FSEvents): the OS names the file that
 * changed. chokidar re-lists and lstat()s the whole folder on every event instead, which on a
 * folder of 10,000 certificates cost 0.5–1 s of CPU per file dropped in, and it stats every file
 * once more when it starts.
 */
export class StoreWatcher extends EventEmitter<{ change: [StoreChangeEvent]; error: [Error] }> {
  private watchers: FSWatcher[] = [];
  private readonly known = new Map<string, string | null>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly folders: { abs: string; folder: FolderKind }[];
  /** True while this watcher vouches for the store's scan cache (see change-hints). */
  private vouching = false;

  constructor(private readonly store: PkiStore) {
    super();
    this.folders = certificateFolders(store.layout).map((f) => ({ abs: path.join(store.root, f.rel), folder: f.folder }));
  }

  /**
   * Resolves once the watcher is ready; changes after that are reported. A store not scanned yet
   * is scanned here, once watching has begun: that first scan then already counts as checked
   * (see change-hints), so the next one re-reads only what changed.
   */
  async start(): Promise<void> {
    for (const { abs } of this.folders) {
      if (!existsSync(abs)) continue;
      try {
        const watcher = watch(abs, (_type, name) => this.onFolderEvent(abs, name));
        watcher.on('error', (error) => this.fail(error));
        this.watchers.push(watcher);
      } catch (error) {
        this.fail(error as Error);
      }
    }
    if (!this.vouching && this.watchers.length > 0) {
      this.vouching = true;
      watchStarted(this.store.root);
    }
    const { entries } = await this.store.ensureScanned();
    for (const entry of entries) if (!this.known.has(entry.file)) this.known.set(entry.file, entry.kind === 'unreadable' ? null : entry.id);
  }

  private fail(error: Error): void {
    this.stopVouching();
    this.emit('error', error);
  }

  private stopVouching(): void {
    if (!this.vouching) return;
    this.vouching = false;
    watchStopped(this.store.root);
  }

  async close(): Promise<void> {
    this.stopVouching();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const watcher of this.watchers) watcher.close();
    this.watchers = [];
  }

  private onFolderEvent(dir: string, name: string | null): void {
    if (this.watchers.length === 0) return;
    if (name === null) return this.checkFolder(dir);
    // Events for a sub-folder's content do not come (not recursive); a name with a separator is not ours.
    if (name.includes('/') || name.includes(path.sep) || isOwnFile(name)) return;
    this.schedule(path.join(dir, name));
  }

  /** Where the OS does not name the file: what appeared in or vanished from the folder. */
  private checkFolder(dir: string): void {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      names = [];
    }
    const present = new Set(names.filter((n) => !isOwnFile(n)).map((n) => path.join(dir, n)));
    for (const abs of present) if (!this.known.has(this.store.relative(abs))) this.schedule(abs);
    const prefix = `${this.store.relative(dir)}/`;
    for (const file of this.known.keys()) {
      const abs = path.join(dir, file.slice(prefix.length));
      if (file.startsWith(prefix) && !file.slice(prefix.length).includes('/') && !present.has(abs)) this.schedule(abs);
    }
  }

  private folderOf(abs: string): FolderKind | null {
    const dir = path.dirname(abs);
    return this.folders.find((f) => f.abs === dir)?.folder ?? null;
  }

  private schedule(abs: string): void {
    // At once, not after the settle delay: a scan in between must already re-read this file.
    noteChanged(abs);
    clearTimeout(this.timers.get(abs));
    this.timers.set(abs, setTimeout(() => this.settle(abs), SETTLE_MS));
  }

  private settle(abs: string): void {
    this.timers.delete(abs);
    const folder = this.folderOf(abs);
    if (!folder) return;
    const file = this.store.relative(abs);
    const before = this.known.has(file);
    let thumbprint: string | null = null;
    let present = false;
    try {
      const stat = statSync(abs);
      present = stat.isFile();
      if (present && stat.size <= MAX_FILE_BYTES) {
        const first = readStoreFile(readFileSync(abs), file, folder)[0];
        thumbprint = first && first.kind !== 'unreadable' ? first.id : null;
      }
    } catch {
      present = false;
    }
    if (!present) {
      if (!before) return;
      const old = this.known.get(file) ?? null;
      this.known.delete(file);
      this.emit('change', { type: 'removed', folder, file, thumbprint: old });
      return;
    }
    if (before && this.known.get(file) === thumbprint) return;
    // A hidden file or a stack's lock file is news only when it holds a certificate (as in the scan).
    if (!before && thumbprint === null && isQuietName(this.store.layout, path.basename(abs))) return;
    this.known.set(file, thumbprint);
    this.emit('change', { type: before ? 'changed' : 'added', folder, file, thumbprint });
  }
}
