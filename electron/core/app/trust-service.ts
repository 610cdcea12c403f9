import { createHash } from 'node:crypto';
import { accessSync, constants, mkdirSync, readFileSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import path from 'node:path';
import type { AppInfo, Detected, Events, ExportedFile, SyncOutcome } from '../../../shared/ipc/contract';
import type { LayoutId } from '../../../shared/pki/layouts';
import type { ImportResult, StagedChange, SyncReport } from '../../../shared/types/changes';
import type { StoreInfo, StoreRole, StoreView } from '../../../shared/types/store';
import { TrustError } from '../errors';
import { syncChanges } from '../pki/changeset';
import { detectLayout } from '../pki/detect';
import { exportEntry, importIntoStore, type ImportTarget } from '../pki/import';
import { pruneRejected } from '../pki/prune';
import { userFolderPath } from '../pki/paths';
import { PkiStore } from '../pki/store';
import { StoreWatcher, type StoreChangeEvent } from '../pki/watch';
import { SettingsFile, type RegisteredStore, type Settings } from '../settings/settings';
import { ensureDemoServerIdentity } from '../opcua/demo-server';
import { OpcuaRuntime } from '../opcua/runtime';
import { ConnectionService } from './connection-service';
import { DemoService } from './demo-service';
import { OwnCertService } from './own-service';
import { RemoteService, type RemoteHost } from './remote-service';
import { PasswordKeeper, type SecretCipher } from '../remote/secret-keeper';
import { ensureMirror, mirrorRoot } from '../remote/mirror';
import { decodeFile } from '../x509/decode';
import type { MirrorItem } from '../remote/trust-list-plan';
import type { RemoteServerSettings } from '../../../shared/types/remote';
import { StoreRevisions } from './store-revisions';
import { CaService } from './ca-service';
import type { AppSettings } from '../../../shared/types/settings';

export const APP_STORE_ID = 'app-own';
export const DEMO_STORE_ID = 'demo-server';
const VERSION = '0.1.0';
/** Watcher events for files our own sync just wrote are not news to the user. */
const OWN_WRITE_QUIET_MS = 2000;
/**
 * Watcher events of one store are handled together, at most once per this window: a flood of
 * refused clients then costs one rescan (and one prune) per window, not per file.
 */
const DISK_CHANGE_WINDOW_MS = 100;

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
  /** Start the embedded demo server when its settings say so (default false; `npm start` turns it on). */
  demoServer?: boolean;
  /** Where node-opcua's own log lines go (default: dropped). */
  log?: (line: string) => void;
  /** The OS keychain (Electron's safeStorage) for remote servers' passwords; without it they stay in memory. */
  secretCipher?: SecretCipher;
  /** Where each store's scan cache is kept between runs (default `<home>/cache`; null: none, every start parses every file). */
  scanCacheDir?: string | null;
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
export class TrustService extends EventEmitter<{ [K in keyof Events]: [Events[K]] }> {
  private readonly settingsFile: SettingsFile;
  private settings: Settings;
  private readonly opened = new Map<string, OpenedStore>();
  private readonly ownWrites = new Map<string, number>();
  /** What the user must be told once the window is up: a damaged settings file, a sync finished at start. */
  private readonly notices: string[] = [];
  private readonly pendingDiskChanges = new Map<string, { events: StoreChangeEvent[]; timer: NodeJS.Timeout }>();
  private readonly lastDiskFlush = new Map<string, number>();
  readonly opcua: OpcuaRuntime;
  /** Own certificates of the app's store. */
  readonly own = new OwnCertService({
    pkiRoot: () => path.join(this.options.home, 'pki'),
    expiringSoonDays: () => this.settings.expiringSoonDays,
    willWrite: () => void this.ownWrites.set(`${APP_STORE_ID}:*`, Date.now()),
    appStoreView: () => this.view(this.require(APP_STORE_ID), true),
    emitProgress: (event) => this.emit('own:progress', event),
  });
  /** Remote servers through OPC UA Part 12 push management. */
  readonly remote: RemoteService;
  /** The local CA (`<home>/ca`), installing signed own certificates, and deploying the CA to the stores here. */
  readonly ca = new CaService({
    home: () => this.options.home,
    appStoreId: APP_STORE_ID,
    own: () => this.own.certificates(),
    ownOutcome: () => this.own.outcome(),
    store: (storeId) => this.require(storeId),
    willWrite: (storeId) => void this.ownWrites.set(`${storeId}:*`, Date.now()),
    view: (storeId) => this.view(this.require(storeId), true),
  });
  /** Test connections, the first-connection decision, verdicts on stored certificates. */
  readonly connections = new ConnectionService({
    runtime: () => this.opcua,
    appStore: () => this.opened.get(APP_STORE_ID)?.store ?? null,
    serverStores: () => [...this.opened.values()].flatMap((o) => (o.store && o.info.id !== APP_STORE_ID ? [{ info: o.info, store: o.store }] : [])),
    requireReadable: (storeId) => this.requireReadable(storeId),
    assignedSecurityMode: (endpointUrl) => this.own.certificates().securityModeFor(endpointUrl),
    recentConnections: () => this.settings.recentConnections,
    saveRecentConnections: (recent) => {
      this.settings.recentConnections = recent;
      this.settingsFile.save(this.settings);
    },
    rejectCancelledServerCertificates: () => this.settings.rejectCancelledServerCertificates,
    willWriteAppStore: () => void this.ownWrites.set(`${APP_STORE_ID}:*`, Date.now()),
    listStores: () => this.listStores(),
    emitProgress: (progress) => this.emit('connect:progress', progress),
  });
  /** The embedded demo server. */
  readonly demo = new DemoService({
    runtime: () => this.opcua,
    pkiRoot: () => this.demoRoot,
    storeId: DEMO_STORE_ID,
    settings: () => this.settings.demoServer,
    saveSettings: (patch) => {
      this.settings.demoServer = { ...this.settings.demoServer, ...patch };
      this.settingsFile.save(this.settings);
    },
    emitStatus: (status) => this.emit('demo:status', status),
  });
  /** Every view handed out is stamped with a revision, so that `stores:changed` can carry a delta. */
  private readonly revisions = new StoreRevisions();

  constructor(private readonly options: TrustServiceOptions) {
    super();
    this.settingsFile = new SettingsFile(options.home);
    const loaded = this.settingsFile.load();
    this.settings = loaded.settings;
    this.notices.push(...loaded.notices);
    this.opcua = new OpcuaRuntime(path.join(options.home, 'pki'), options.log);
    this.remote = new RemoteService(this.remoteHost(), new PasswordKeeper(options.home, options.secretCipher ?? null));
  }

  /** What the remote service may do here: its settings, its mirrors as stores, entries of any store, events. */
  private remoteHost(): RemoteHost {
    return {
      home: this.options.home,
      opcua: this.opcua,
      remoteServers: () => this.settings.remoteServers,
      saveRemoteServers: (servers) => {
        this.settings.remoteServers = servers;
        this.settingsFile.save(this.settings);
      },
      openRemoteStore: async (server) => void (await this.openRemoteStore(server)),
      publishStore: (storeId) => {
        const view = this.view(this.require(storeId), true);
        this.publishStore(view);
        return view;
      },
      readEntry: (ref) => this.readEntry(ref),
      emitProgress: (progress) => this.emit('remote:progress', progress),
    };
  }

  private openRemoteStore(server: RemoteServerSettings): Promise<OpenedStore> {
    const root = mirrorRoot(this.options.home, server.id);
    ensureMirror(root);
    return this.openStore({ id: server.id, name: server.name, root, layout: 'node-opcua', role: 'remote' }, false);
  }

  /** A certificate or CRL of a store as DER, when its file still holds the thumbprint the UI saw. */
  private readEntry(ref: { storeId: string; file: string; id: string }): MirrorItem {
    const store = this.requireReadable(ref.storeId);
    store.resolve(ref.file);
    const entry = store.find(ref.file).find((e) => e.id === ref.id);
    const gone = () => new TrustError('CONFLICT', `${ref.file} no longer holds that certificate or CRL; Sync to re-read`);
    if (!entry || entry.kind === 'unreadable') throw gone();
    // The file is read again: a bundle holds several items, and the file may have changed since the scan.
    const item = decodeFile(readFileSync(store.resolve(ref.file))).items.find((i) => (i.type === 'certificate' || i.type === 'crl') && createHash('sha256').update(i.der).digest('hex') === ref.id);
    if (!item || (item.type !== 'certificate' && item.type !== 'crl')) throw gone();
    return { kind: item.type, folder: entry.folder, der: item.der };
  }

  private get demoRoot(): string {
    return path.join(this.options.home, 'demo-server');
  }

  /** Opens the app's own PKI (created on first start) and every registered store. */
  async start(): Promise<void> {
    mkdirSync(this.options.home, { recursive: true, mode: 0o700 });
    const appRoot = path.join(this.options.home, 'pki');
    PkiStore.init(appRoot, 'node-opcua');
    await this.opcua.identity();
    await this.openStore({ id: APP_STORE_ID, name: 'OPC UA Trust Manager (this app)', root: appRoot, layout: 'node-opcua', role: 'client' }, true);
    PkiStore.init(this.demoRoot, 'node-opcua');
    // Created before the store is watched, so it does not arrive later as a "new" certificate.
    await ensureDemoServerIdentity(this.demoRoot);
    await this.openStore({ id: DEMO_STORE_ID, name: 'Local demo server', root: this.demoRoot, layout: 'node-opcua', role: 'server' }, true);
    for (const registered of this.settings.stores) await this.openStore(registered, false);
    for (const server of this.settings.remoteServers) await this.openRemoteStore(server);
    for (const dir of this.options.extraStores ?? []) {
      const root = path.resolve(dir);
      if (![...this.opened.values()].some((o) => o.info.root === root || o.store?.root === root)) await this.addStore({ path: root });
    }
    if (this.options.demoServer && this.settings.demoServer.autoStart) void this.demo.start().catch(() => undefined);
  }

  async close(): Promise<void> {
    for (const pending of this.pendingDiskChanges.values()) clearTimeout(pending.timer);
    this.pendingDiskChanges.clear();
    await this.opcua.close();
    await Promise.all([...this.opened.values()].map((o) => o.watcher?.close()));
    // What the last scans read, kept for the next start (a write the cache had put off for a while).
    for (const o of this.opened.values()) o.store?.flushScanCache();
    this.opened.clear();
  }

  info(): AppInfo {
    return { mode: this.options.mode, version: VERSION, appStoreId: APP_STORE_ID, platform: process.platform, notices: [...this.notices] };
  }

  listStores(): StoreView[] {
    return [...this.opened.values()].map((o) => this.view(o, true));
  }

  detect(dir: string): Detected {
    const detection = detectLayout(userFolderPath(dir));
    return { path: detection.root, layout: detection.layout, confidence: detection.confidence, found: detection.found };
  }

  async addStore(input: { path: string; layout?: LayoutId; name?: string }): Promise<StoreView> {
    const store = PkiStore.open(userFolderPath(input.path), { layout: input.layout });
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
    this.revisions.forget(storeId);
    this.lastDiskFlush.delete(storeId);
    if (opened.info.role === 'remote') {
      this.remote.forget(storeId);
      this.settings.remoteServers = this.settings.remoteServers.filter((s) => s.id !== storeId);
    }
    this.settings.stores = this.settings.stores.filter((s) => s.id !== storeId);
    this.settingsFile.save(this.settings);
    return [...this.opened.values()].map((o) => o.info);
  }

  /**
   * Applies staged changes store by store (each journaled; a remote server's through its trust
   * list, see RemoteService.sync), then re-reads every store.
   */
  async sync(changes: (StagedChange & { storeId: string })[]): Promise<SyncOutcome> {
    const byStore = new Map<string, StagedChange[]>();
    for (const { storeId, ...change } of changes) byStore.set(storeId, [...(byStore.get(storeId) ?? []), change]);
    // Every path is checked before anything moves, on a local store or a server.
    for (const [storeId, list] of byStore) for (const change of list) this.requireReadable(storeId).resolve(change.file);
    const remote = new Map<string, Promise<SyncReport>>();
    for (const [storeId, list] of byStore) if (this.require(storeId).info.role === 'remote') remote.set(storeId, this.remote.sync(storeId, list));
    const reports = await Promise.all([...byStore].map(async ([storeId, list]) => {
      const pending = remote.get(storeId);
      if (pending) return { storeId, ...(await pending) };
      const store = this.requireReadable(storeId);
      const report = syncChanges(store, list);
      const now = Date.now();
      for (const r of report.results) for (const file of [r.file, r.to]) if (file) this.rememberOwnWrite(`${storeId}:${file}`, now);
      return { storeId, ...report };
    }));
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

  /** Whether a store is a remote server's mirror (its changes go to the server). */
  isRemote(storeId: string): boolean {
    return this.opened.get(storeId)?.info.role === 'remote';
  }

  importFiles(input: { storeId: string; to: ImportTarget; files: { name: string; base64: string }[] }): { results: ImportResult[]; store: StoreView } {
    if (this.isRemote(input.storeId)) throw new TrustError('INVALID_INPUT', "a remote server's lists change on the server: import through remote.importFiles");
    const opened = this.require(input.storeId);
    const store = this.requireReadable(input.storeId);
    // A name is only shown in the results, yet a path or a NUL there is not what a file picker sends.
    const odd = input.files.find((f) => /[\\/\0]/.test(f.name) || f.name === '.' || f.name === '..');
    if (odd) throw new TrustError('INVALID_INPUT', `"${odd.name.replace(/\0/g, '\\0')}" is not a file name (no folders, no NUL)`);
    const results = importIntoStore(store, input.files.map((f) => ({ name: f.name, bytes: Buffer.from(f.base64, 'base64') })), input.to);
    const now = Date.now();
    for (const r of results) if (r.file) this.rememberOwnWrite(`${input.storeId}:${r.file}`, now);
    return { results, store: this.view(opened, false) };
  }

  appSettings(): AppSettings {
    return { expiringSoonDays: this.settings.expiringSoonDays };
  }

  /** Saves the settings given; the own certificates are re-opened with the new threshold. */
  updateSettings(patch: Partial<AppSettings>): AppSettings {
    this.settings = { ...this.settings, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
    this.settingsFile.save(this.settings);
    this.own.reopen();
    return this.appSettings();
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

  /** Where a store's scan cache is kept (null: no scan cache). */
  private scanCacheFile(storeId: string): string | null {
    const dir = this.options.scanCacheDir === undefined ? path.join(this.options.home, 'cache') : this.options.scanCacheDir;
    return dir === null ? null : path.join(dir, `scan-${storeId}.json`);
  }

  private async openStore(registered: RegisteredStore, builtIn: boolean, already?: PkiStore): Promise<OpenedStore> {
    const info: StoreInfo = { ...registered, writable: false, builtIn };
    const opened: OpenedStore = { info, store: null, error: null, watcher: null };
    try {
      opened.store = already ?? PkiStore.open(registered.root, { layout: registered.layout });
      const scanCacheFile = this.scanCacheFile(registered.id);
      if (scanCacheFile) opened.store.attachScanCache(scanCacheFile);
      const recovery = opened.store.recovery;
      if (recovery) this.notices.push(`A sync in ${registered.name} had been interrupted (${recovery.actions} step(s)); it was ${recovery.outcome === 'completed' ? 'completed' : 'undone'} when the app started.`);
      // A watched store is scanned by its watcher once watching has begun (the first list then re-reads nothing).
      const watched = this.options.watch !== false && registered.role !== 'remote';
      if (!watched) opened.store.scan();
      info.writable = isWritable(opened.store.root);
      // A remote server's mirror changes only when the app re-reads the server: nothing to watch.
      if (watched) {
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

  /** Marks a file our own sync or prune just wrote; expired marks are swept so the map stays small. */
  private rememberOwnWrite(key: string, now = Date.now()): void {
    if (this.ownWrites.size > 1000) for (const [k, at] of this.ownWrites) if (now - at >= OWN_WRITE_QUIET_MS) this.ownWrites.delete(k);
    this.ownWrites.set(key, now);
  }

  private onDiskChange(opened: OpenedStore, event: StoreChangeEvent): void {
    const id = opened.info.id;
    if (!this.opened.has(id) || !opened.store) return;
    const key = `${id}:${event.file}`;
    const ownWrite = this.ownWrites.get(key) ?? (event.folder !== 'rejected' ? this.ownWrites.get(`${id}:*`) : undefined);
    if (ownWrite !== undefined && Date.now() - ownWrite < OWN_WRITE_QUIET_MS) return;
    this.ownWrites.delete(key);
    const pending = this.pendingDiskChanges.get(id);
    if (pending) pending.events.push(event);
    else {
      // A lone change goes out at once; a burst right after a flush waits for the rest of the window.
      const delay = Math.max(0, (this.lastDiskFlush.get(id) ?? -Infinity) + DISK_CHANGE_WINDOW_MS - Date.now());
      this.pendingDiskChanges.set(id, { events: [event], timer: setTimeout(() => this.flushDiskChanges(opened), delay) });
    }
  }

  /** One rescan per window: keeps the rejected folder at its cap, then tells the UI once. */
  private flushDiskChanges(opened: OpenedStore): void {
    const id = opened.info.id;
    const pending = this.pendingDiskChanges.get(id);
    this.pendingDiskChanges.delete(id);
    if (!pending || !this.opened.has(id) || !opened.store) return;
    this.lastDiskFlush.set(id, Date.now());
    // Not recorded until it is sent: a delta must start from a revision the renderer was given.
    let view = this.unrecordedView(opened, true);
    if (pending.events.some((e) => e.type === 'added' && e.folder === 'rejected')) {
      let rejected = 0;
      for (const e of view.entries) if (e.folder === 'rejected' && e.kind === 'certificate') rejected++;
      if (rejected > this.settings.rejectedFolderCap) {
        try {
          const pruned = pruneRejected(opened.store, this.settings.rejectedFolderCap);
          const now = Date.now();
          for (const cert of pruned.removed) this.rememberOwnWrite(`${id}:${cert.file}`, now);
        } catch {
          // Another process holds the store (a CLI sync): the next change prunes.
        }
        view = this.unrecordedView(opened, false); // the prune's sync has just scanned

      }
    }
    // One event per window: the newest certificate that arrived and is still there (the UI marks it new), else the last change.
    const arrived = new Set(pending.events.map((e) => e.file));
    const present = new Set<string>();
    for (const e of view.entries) if (arrived.has(e.file)) present.add(e.file);
    const event = pending.events.findLast((e) => e.type === 'added' && present.has(e.file)) ?? pending.events[pending.events.length - 1]!;
    const recorded = this.revisions.record(view);
    if (recorded.delta) this.emit('stores:changed', { storeId: id, ...event, ...recorded.delta });
    else this.emit('stores:changed', { storeId: id, ...event, store: recorded.view });
  }

  /**
   * Tells the renderers a store's whole new content (a remote server re-read, anything that is
   * not a disk change of a local store); the view is stamped with a revision on the way.
   */
  publishStore(view: StoreView, cause: Partial<Pick<StoreChangeEvent, 'type' | 'folder' | 'file' | 'thumbprint'>> = {}): void {
    const { view: stamped } = this.revisions.record(view);
    this.emit('stores:changed', { storeId: view.id, type: 'changed', folder: 'trusted', file: '', thumbprint: null, ...cause, store: stamped });
  }

  /** A view as handed out: stamped with the store's revision. */
  private view(opened: OpenedStore, rescan: boolean): StoreView {
    return this.revisions.record(this.unrecordedView(opened, rescan)).view;
  }

  private unrecordedView(opened: OpenedStore, rescan: boolean): StoreView {
    const base = { ...opened.info, scannedAt: new Date().toISOString() };
    if (!opened.store) return { ...base, entries: [], missingFolders: [], error: opened.error, ...(opened.info.role === 'remote' ? { remote: this.remote.status(opened.info.id) } : {}) };
    try {
      const scan = rescan ? opened.store.scan() : opened.store.lastScan();
      const remote = opened.info.role === 'remote' ? { remote: this.remote.status(opened.info.id) } : {};
      return { ...base, entries: scan.entries, missingFolders: scan.missingFolders, error: null, ...remote };
    } catch (error) {
      return { ...base, entries: [], missingFolders: [], error: error instanceof Error ? error.message : String(error) };
    }
  }
}

export type { StoreRole };
