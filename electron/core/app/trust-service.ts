import { createHash } from 'node:crypto';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import path from 'node:path';
import type { AppInfo, Detected, ExportedFile, StoreChangedEvent, SyncOutcome } from '../../../shared/ipc/contract';
import type { LayoutId } from '../../../shared/pki/layouts';
import type { ImportResult, StagedChange } from '../../../shared/types/changes';
import type { StoreInfo, StoreRole, StoreView } from '../../../shared/types/store';
import { TrustError } from '../errors';
import { syncChanges } from '../pki/changeset';
import { detectLayout } from '../pki/detect';
import { exportEntry, importIntoStore, type ImportTarget } from '../pki/import';
import { pruneRejected } from '../pki/prune';
import { PkiStore } from '../pki/store';
import { StoreWatcher, type StoreChangeEvent } from '../pki/watch';
import { SettingsFile, type RegisteredStore, type Settings } from '../settings/settings';

export const APP_STORE_ID = 'app-own';
const VERSION = '0.1.0';
/** Watcher events for files our own sync just wrote are not news to the user. */
const OWN_WRITE_QUIET_MS = 2000;

interface OpenedStore {
  info: StoreInfo;
  store: PkiStore | null;
  error: string | null;
  watcher: StoreWatcher | null;
}

export interface TrustServiceOptions {
  home: string;
  mode: AppInfo['mode'];
  /** Folders given on the command line (`--store`): registered like Add PKI folder. */
  extraStores?: string[];
  /** Watch the stores for changes on disk (default true). */
  watch?: boolean;
}

function storeIdFor(root: string): string {
  return `s-${createHash('sha256').update(root).digest('hex').slice(0, 12)}`;
}

function isWritable(root: string): boolean {
  try {
    accessSync(root, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** The main-process side of the app: registered stores, their watchers and the contract's operations. */
export class TrustService extends EventEmitter<{ 'stores:changed': [StoreChangedEvent] }> {
  private readonly settingsFile: SettingsFile;
  private settings: Settings;
  private readonly opened = new Map<string, OpenedStore>();
  private readonly ownWrites = new Map<string, number>();

  constructor(private readonly options: TrustServiceOptions) {
    super();
    this.settingsFile = new SettingsFile(options.home);
    this.settings = this.settingsFile.load();
  }

  /** Opens the app's own PKI (created on first start) and every registered store. */
  async start(): Promise<void> {
    mkdirSync(this.options.home, { recursive: true, mode: 0o700 });
    const appRoot = path.join(this.options.home, 'pki');
    PkiStore.init(appRoot, 'node-opcua');
    await this.openStore({ id: APP_STORE_ID, name: 'OPC UA Trust Manager (this app)', root: appRoot, layout: 'node-opcua', role: 'client' }, true);
    for (const registered of this.settings.stores) await this.openStore(registered, false);
    for (const dir of this.options.extraStores ?? []) {
      const root = path.resolve(dir);
      if (![...this.opened.values()].some((o) => o.info.root === root || o.store?.root === root)) await this.addStore({ path: root });
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.opened.values()].map((o) => o.watcher?.close()));
    this.opened.clear();
  }

  info(): AppInfo {
    return { mode: this.options.mode, version: VERSION, appStoreId: APP_STORE_ID, platform: process.platform };
  }

  listStores(): StoreView[] {
    return [...this.opened.values()].map((o) => this.view(o, true));
  }

  detect(dir: string): Detected {
    const detection = detectLayout(path.resolve(dir));
    return { path: detection.root, layout: detection.layout, confidence: detection.confidence, found: detection.found };
  }

  async addStore(input: { path: string; layout?: LayoutId; name?: string }): Promise<StoreView> {
    const store = PkiStore.open(path.resolve(input.path), { layout: input.layout });
    const id = storeIdFor(store.root);
    if (this.opened.has(id)) throw new TrustError('EXISTS', `${store.root} is already in the list`);
    const registered: RegisteredStore = {
      id,
      name: input.name?.trim() || path.basename(store.root) || store.root,
      root: store.root,
      layout: store.layout.id,
      role: 'server',
    };
    const opened = await this.openStore(registered, false, store);
    this.settings.stores.push(registered);
    this.settingsFile.save(this.settings);
    return this.view(opened, false);
  }

  async removeStore(storeId: string): Promise<StoreInfo[]> {
    const opened = this.require(storeId);
    if (opened.info.builtIn) throw new TrustError('INVALID_INPUT', `${opened.info.name} is built in and stays in the list`);
    await opened.watcher?.close();
    this.opened.delete(storeId);
    this.settings.stores = this.settings.stores.filter((s) => s.id !== storeId);
    this.settingsFile.save(this.settings);
    return [...this.opened.values()].map((o) => o.info);
  }

  /** Applies staged changes store by store (each journaled), then re-reads every store. */
  sync(changes: (StagedChange & { storeId: string })[]): SyncOutcome {
    const byStore = new Map<string, StagedChange[]>();
    for (const { storeId, ...change } of changes) byStore.set(storeId, [...(byStore.get(storeId) ?? []), change]);
    const reports = [...byStore].map(([storeId, list]) => {
      const store = this.requireReadable(storeId);
      for (const change of list) store.resolve(change.file); // refuses paths outside the store before anything moves
      const report = syncChanges(store, list);
      const now = Date.now();
      for (const r of report.results) for (const file of [r.file, r.to]) if (file) this.ownWrites.set(`${storeId}:${file}`, now);
      return { storeId, ...report };
    });
    return { reports, stores: this.listStores() };
  }

  exportCert(input: { storeId: string; file: string; id: string; format: 'der' | 'pem' }): ExportedFile {
    const store = this.requireReadable(input.storeId);
    store.resolve(input.file);
    const entry = store.find(input.file).find((e) => e.id === input.id);
    if (!entry) throw new TrustError('CONFLICT', `${input.file} no longer holds that certificate; Sync to re-read`);
    const { bytes, suggestedName } = exportEntry(store, input.file, input.format);
    return { name: suggestedName, base64: bytes.toString('base64'), mime: input.format === 'pem' ? 'application/x-pem-file' : 'application/pkix-cert' };
  }

  importFiles(input: { storeId: string; to: ImportTarget; files: { name: string; base64: string }[] }): { results: ImportResult[]; store: StoreView } {
    const opened = this.require(input.storeId);
    const store = this.requireReadable(input.storeId);
    const results = importIntoStore(store, input.files.map((f) => ({ name: f.name, bytes: Buffer.from(f.base64, 'base64') })), input.to);
    const now = Date.now();
    for (const r of results) if (r.file) this.ownWrites.set(`${input.storeId}:${r.file}`, now);
    return { results, store: this.view(opened, false) };
  }

  private require(storeId: string): OpenedStore {
    const opened = this.opened.get(storeId);
    if (!opened) throw new TrustError('NOT_FOUND', `no store with id ${storeId}`);
    return opened;
  }

  private requireReadable(storeId: string): PkiStore {
    const opened = this.require(storeId);
    if (!opened.store) throw new TrustError('IO', `${opened.info.root} cannot be read: ${opened.error}`);
    return opened.store;
  }

  private async openStore(registered: RegisteredStore, builtIn: boolean, already?: PkiStore): Promise<OpenedStore> {
    const info: StoreInfo = { ...registered, writable: false, builtIn };
    const opened: OpenedStore = { info, store: null, error: null, watcher: null };
    try {
      opened.store = already ?? PkiStore.open(registered.root, { layout: registered.layout });
      opened.store.scan();
      info.writable = isWritable(opened.store.root);
      if (this.options.watch !== false) {
        const watcher = new StoreWatcher(opened.store);
        watcher.on('change', (event) => this.onDiskChange(opened, event));
        watcher.on('error', () => undefined);
        await watcher.start();
        opened.watcher = watcher;
      }
    } catch (error) {
      opened.error = error instanceof Error ? error.message : String(error);
    }
    this.opened.set(info.id, opened);
    return opened;
  }

  private onDiskChange(opened: OpenedStore, event: StoreChangeEvent): void {
    if (!this.opened.has(opened.info.id) || !opened.store) return;
    const key = `${opened.info.id}:${event.file}`;
    const ownWrite = this.ownWrites.get(key);
    if (ownWrite !== undefined && Date.now() - ownWrite < OWN_WRITE_QUIET_MS) return;
    this.ownWrites.delete(key);
    let view = this.view(opened, true);
    if (event.type === 'added' && event.folder === 'rejected') {
      const rejected = view.entries.filter((e) => e.kind === 'certificate' && e.folder === 'rejected').length;
      if (rejected > this.settings.rejectedFolderCap) {
        pruneRejected(opened.store, this.settings.rejectedFolderCap);
        view = this.view(opened, true);
      }
    }
    this.emit('stores:changed', { storeId: opened.info.id, ...event, store: view });
  }

  private view(opened: OpenedStore, rescan: boolean): StoreView {
    const base = { ...opened.info, scannedAt: new Date().toISOString() };
    if (!opened.store) return { ...base, entries: [], missingFolders: [], error: opened.error };
    try {
      const scan = rescan ? opened.store.scan() : { entries: opened.store.entries(), missingFolders: [] as string[] };
      return { ...base, entries: scan.entries, missingFolders: scan.missingFolders, error: null };
    } catch (error) {
      return { ...base, entries: [], missingFolders: [], error: error instanceof Error ? error.message : String(error) };
    }
  }
}

export type { StoreRole };
