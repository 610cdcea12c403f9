import { EventEmitter } from 'node:events';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { FolderKind } from '../../../shared/types/cert';
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

/** Watches a store's certificate folders and emits typed `change` events. */
export class StoreWatcher extends EventEmitter<{ change: [StoreChangeEvent]; error: [Error] }> {
  private watcher: FSWatcher | null = null;
  private readonly known = new Map<string, string | null>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly folders: { abs: string; folder: FolderKind }[];

  constructor(private readonly store: PkiStore) {
    super();
    this.folders = certificateFolders(store.layout).map((f) => ({ abs: path.join(store.root, f.rel), folder: f.folder }));
    for (const entry of store.entries()) if (!this.known.has(entry.file)) this.known.set(entry.file, entry.kind === 'unreadable' ? null : entry.id);
  }

  /** Resolves once the watcher is ready; changes after that are reported. */
  start(): Promise<void> {
    const paths = this.folders.map((f) => f.abs).filter((p) => existsSync(p));
    this.watcher = watch(paths, {
      depth: 0,
      ignoreInitial: true,
      ignored: (p: string) => isOwnFile(path.basename(p)),
    });
    for (const type of ['add', 'change', 'unlink'] as const) this.watcher.on(type, (p: string) => this.schedule(p));
    this.watcher.on('error', (error) => this.emit('error', error as Error));
    return new Promise((resolve) => this.watcher!.once('ready', () => resolve()));
  }

  async close(): Promise<void> {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await this.watcher?.close();
    this.watcher = null;
  }

  private folderOf(abs: string): FolderKind | null {
    const dir = path.dirname(abs);
    return this.folders.find((f) => f.abs === dir)?.folder ?? null;
  }

  private schedule(abs: string): void {
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
