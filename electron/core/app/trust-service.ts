import { createHash } from 'node:crypto';
import { accessSync, constants, mkdirSync, readFileSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import path from 'node:path';
import type { AppInfo, Detected, Events, ExportedFile, SyncOutcome } from '../../../shared/ipc/contract';
import type { SecurityModeName, SecurityPolicyName, TestConnectionResult } from '../../../shared/types/connect';
import type { ClientValidationMode, DemoServerStatus, RecentConnection } from '../../../shared/types/demo';
import type { VerifyResult, VerifyRole, VerifySuppression } from '../../../shared/types/verify';
import type { LayoutId } from '../../../shared/pki/layouts';
import type { ImportResult, StagedChange } from '../../../shared/types/changes';
import type { StoreInfo, StoreRole, StoreView } from '../../../shared/types/store';
import { TrustError } from '../errors';
import { syncChanges } from '../pki/changeset';
import { detectLayout } from '../pki/detect';
import { exportEntry, importIntoStore, type ImportTarget } from '../pki/import';
import { pruneRejected } from '../pki/prune';
import { userFolderPath } from '../pki/paths';
import { PkiStore } from '../pki/store';
import { StoreWatcher, type StoreChangeEvent } from '../pki/watch';
import { SettingsFile, MAX_RECENT_CONNECTIONS, type RegisteredStore, type Settings } from '../settings/settings';
import type { ServerStoreFindings } from '../opcua/diagnosis';
import { ensureDemoServerIdentity } from '../opcua/demo-server';
import { endpointHost, verificationFinding } from '../opcua/diagnosis';
import type { Identity } from '../opcua/identity';
import { verifyCertificate } from '../verify';
import { OpcuaRuntime } from '../opcua/runtime';
import { isStoreOfServer, serverStoreFindings, type OurCertificate } from '../opcua/server-store';
import { OwnCertificates } from '../own-certs';
import { RemoteService } from './remote-service';
import type { OwnCertsOutcome } from '../../../shared/ipc/contract';
import type { AssignmentSecurityMode, DeleteOwnCertResult, ExportedOwnFile, GenerateOwnCertInput, OwnCertView, RegenerateOwnCertOptions, SigningRequest, UploadOwnCertInput, UploadOwnCertResult } from '../../../shared/types/own-certs';

export const APP_STORE_ID = 'app-own';
export const DEMO_STORE_ID = 'demo-server';
const VERSION = '0.1.0';
/** Watcher events for files our own sync just wrote are not news to the user. */
const OWN_WRITE_QUIET_MS = 2000;
/**
 * Watcher events of one store are handled together, at most once per this window from the first
 * one: a flood of refused clients then costs one rescan (and one prune) per window, not per file.
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
  readonly opcua: OpcuaRuntime;
  /** Remote servers through OPC UA Part 12 push management. */
  readonly remote = new RemoteService();
  private demoState: Pick<DemoServerStatus, 'state' | 'error'> = { state: 'stopped', error: null };

  constructor(private readonly options: TrustServiceOptions) {
    super();
    this.settingsFile = new SettingsFile(options.home);
    const loaded = this.settingsFile.load();
    this.settings = loaded.settings;
    this.notices.push(...loaded.notices);
    this.opcua = new OpcuaRuntime(path.join(options.home, 'pki'), options.log);
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
    for (const dir of this.options.extraStores ?? []) {
      const root = path.resolve(dir);
      if (![...this.opened.values()].some((o) => o.info.root === root || o.store?.root === root)) await this.addStore({ path: root });
    }
    if (this.options.demoServer && this.settings.demoServer.autoStart) void this.startDemo().catch(() => undefined);
  }

  async close(): Promise<void> {
    for (const pending of this.pendingDiskChanges.values()) clearTimeout(pending.timer);
    this.pendingDiskChanges.clear();
    await this.opcua.close();
    await Promise.all([...this.opened.values()].map((o) => o.watcher?.close()));
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
      for (const r of report.results) for (const file of [r.file, r.to]) if (file) this.rememberOwnWrite(`${storeId}:${file}`, now);
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
    // A name is only shown in the results, yet a path or a NUL there is not what a file picker sends.
    const odd = input.files.find((f) => /[\\/\0]/.test(f.name) || f.name === '.' || f.name === '..');
    if (odd) throw new TrustError('INVALID_INPUT', `"${odd.name.replace(/\0/g, '\\0')}" is not a file name (no folders, no NUL)`);
    const results = importIntoStore(store, input.files.map((f) => ({ name: f.name, bytes: Buffer.from(f.base64, 'base64') })), input.to);
    const now = Date.now();
    for (const r of results) if (r.file) this.rememberOwnWrite(`${input.storeId}:${r.file}`, now);
    return { results, store: this.view(opened, false) };
  }

  // ---- OPC UA: test connection, first-connection decision, demo server ----

  async testConnection(input: { endpointUrl: string; securityPolicy: SecurityPolicyName | 'auto'; securityMode: SecurityModeName | 'auto'; userName?: string; password?: string; runId?: string }): Promise<TestConnectionResult> {
    const identity = await this.opcua.identity(input.endpointUrl);
    const ours = identity.certificate;
    const result = await this.opcua.testConnection(input, {
      findServerStore: (serverSha256) => this.findServerStore(serverSha256, ours),
      onProgress: (runId, step) => this.emit('connect:progress', { runId, step }),
    });
    this.attachVerification(result, identity);
    const recent: RecentConnection = {
      endpointUrl: input.endpointUrl,
      securityPolicy: input.securityPolicy,
      securityMode: input.securityMode,
      userName: input.userName ?? null,
      outcome: result.outcome,
      status: result.status,
      at: result.startedAt,
      durationMs: result.durationMs,
    };
    const same = (r: RecentConnection) => r.endpointUrl === recent.endpointUrl && r.securityPolicy === recent.securityPolicy && r.securityMode === recent.securityMode && r.userName === recent.userName;
    this.settings.recentConnections = [recent, ...this.settings.recentConnections.filter((r) => !same(r))].slice(0, MAX_RECENT_CONNECTIONS);
    this.settingsFile.save(this.settings);
    return result;
  }

  async decideServer(input: { thumbprint: string; decision: 'trust-permanently' | 'accept-once' | 'cancel' }): Promise<{ stores: StoreView[] }> {
    try {
      await this.opcua.decideServer(input.thumbprint, input.decision, this.settings.rejectCancelledServerCertificates);
    } catch (error) {
      if ((error as { code?: string }).code === 'NOT_FOUND') throw new TrustError('NOT_FOUND', (error as Error).message);
      throw error;
    }
    if (input.decision !== 'accept-once') this.ownWrites.set(`${APP_STORE_ID}:*`, Date.now());
    return { stores: this.listStores() };
  }

  /**
   * Runs the Part 4 engine on both certificates of a test connection: the server's, judged by our
   * client store, and ours, judged by the server's store when it is managed here; a reason the
   * engine finds beyond the other findings leads the diagnosis.
   */
  private attachVerification(result: TestConnectionResult, identity: Identity): void {
    const policy = result.endpoint?.securityPolicy ?? 'Basic256Sha256';
    const own = this.opened.get(APP_STORE_ID)?.store;
    const serverDer = result.serverCertificate ? this.opcua.seenServerCertificate(result.serverCertificate.sha256) : null;
    if (own && serverDer) {
      result.verification.serverCertificate = verifyCertificate(own, serverDer, {
        role: 'server',
        securityPolicy: policy,
        endpointHost: endpointHost(result.endpointUrl) || null,
        applicationUri: result.endpoint?.serverApplicationUri ?? null,
      });
    }
    const serverStore = this.findServerStoreFor(result.serverCertificate?.sha256 ?? null);
    if (serverStore && result.outcome === 'failed') {
      const ourDer = readFileSync(identity.certificateFile);
      result.verification.ourCertificate = verifyCertificate(serverStore, ourDer, { role: 'client', securityPolicy: policy, applicationUri: identity.applicationUri });
    }
    const failedAt = (id: string) => result.steps.some((s) => s.id === id && s.status === 'failed');
    const findings = [
      failedAt('secure-channel') || failedAt('session') ? verificationFinding(result.verification.ourCertificate, 'our', result.diagnosis) : null,
      result.endpoint && failedAt('server-certificate') ? verificationFinding(result.verification.serverCertificate, "the server's", result.diagnosis) : null,
    ].filter((f): f is NonNullable<typeof f> => f !== null);
    result.diagnosis = [...findings, ...result.diagnosis];
  }

  /** Judges a stored certificate with the Part 4 engine against another store (the application that decides). */
  verify(input: { certificate: { storeId: string; file: string; id: string }; judgeStoreId: string; role: VerifyRole; securityPolicy: SecurityPolicyName; endpointHost?: string; applicationUri?: string; suppress?: VerifySuppression[] }): VerifyResult {
    const source = this.requireReadable(input.certificate.storeId);
    source.resolve(input.certificate.file);
    const entry = source.find(input.certificate.file).find((e) => e.id === input.certificate.id);
    if (!entry || entry.kind !== 'certificate') throw new TrustError('CONFLICT', `${input.certificate.file} no longer holds that certificate; Sync to re-read`);
    const { bytes } = exportEntry(source, input.certificate.file, 'der');
    const judge = this.requireReadable(input.judgeStoreId);
    return verifyCertificate(judge, bytes, {
      role: input.role,
      securityPolicy: input.securityPolicy,
      endpointHost: input.endpointHost ?? null,
      applicationUri: input.applicationUri ?? null,
      suppress: input.suppress,
    });
  }

  recentConnections(): RecentConnection[] {
    return this.settings.recentConnections;
  }

  demoStatus(): DemoServerStatus {
    const demo = this.opcua.demoServer();
    return { ...this.settings.demoServer, ...this.demoState, endpointUrl: demo?.endpointUrl ?? null, listeningPort: demo?.port ?? null, storeId: DEMO_STORE_ID };
  }

  async startDemo(port?: number): Promise<DemoServerStatus> {
    if (port !== undefined) this.updateDemoSettings({ port });
    if (this.opcua.demoServer()) return this.demoStatus();
    this.setDemoState({ state: 'starting', error: null });
    try {
      const { port: first, validation, addRefusedToRejected } = this.settings.demoServer;
      await this.opcua.startDemoServer({ pkiRoot: this.demoRoot, port: first, validation, addRefusedToRejected });
      this.updateDemoSettings({ autoStart: true });
      this.setDemoState({ state: 'running', error: null });
    } catch (error) {
      this.setDemoState({ state: 'failed', error: error instanceof Error ? error.message : String(error) });
      throw new TrustError('OPCUA', `the demo server did not start: ${this.demoState.error}`);
    }
    return this.demoStatus();
  }

  async stopDemo(): Promise<DemoServerStatus> {
    await this.opcua.stopDemoServer();
    this.updateDemoSettings({ autoStart: false });
    this.setDemoState({ state: 'stopped', error: null });
    return this.demoStatus();
  }

  configureDemo(input: { validation: ClientValidationMode; addRefusedToRejected: boolean }): DemoServerStatus {
    this.updateDemoSettings(input);
    this.opcua.demoServer()?.setValidation(input.validation, input.addRefusedToRejected);
    const status = this.demoStatus();
    this.emit('demo:status', status);
    return status;
  }

  private updateDemoSettings(patch: Partial<Settings['demoServer']>): void {
    this.settings.demoServer = { ...this.settings.demoServer, ...patch };
    this.settingsFile.save(this.settings);
  }

  private setDemoState(state: Pick<DemoServerStatus, 'state' | 'error'>): void {
    this.demoState = state;
    this.emit('demo:status', this.demoStatus());
  }

  /**
   * The managed store whose own folder holds this server certificate, and what it can tell about
   * our certificate: which folder it is in, and for a CA-signed one whether its issuer and CRL are there.
   */
  findServerStore(serverSha256: string | null, ourCertificate: OurCertificate): ServerStoreFindings | null {
    const opened = this.openedStoreOfServer(serverSha256);
    return opened?.store ? serverStoreFindings(opened.info, opened.store.entries(), ourCertificate) : null;
  }

  private findServerStoreFor(serverSha256: string | null): PkiStore | null {
    return this.openedStoreOfServer(serverSha256)?.store ?? null;
  }

  /** The managed store whose own folder holds this server certificate. */
  private openedStoreOfServer(serverSha256: string | null): OpenedStore | null {
    for (const opened of this.opened.values()) {
      if (!opened.store || opened.info.id === APP_STORE_ID) continue;
      if (isStoreOfServer(opened.store.scan().entries, serverSha256)) return opened;
    }
    return null;
  }

  // ---- Own certificates of the app's store (Koios-style): generate, upload, default, assign, export ----

  private ownStore: OwnCertificates | null = null;

  /** The own certificates of `<home>/pki`, opened on first use. */
  private ownCertificates(): OwnCertificates {
    this.ownStore ??= OwnCertificates.open(path.join(this.options.home, 'pki'), { layout: 'node-opcua' });
    return this.ownStore;
  }

  /** After a change: the list and the app store re-read; the watcher's echo of our own write is not news. */
  private ownOutcome(): OwnCertsOutcome {
    this.ownWrites.set(`${APP_STORE_ID}:*`, Date.now());
    return { certificates: this.ownCertificates().list(), store: this.view(this.require(APP_STORE_ID), true) };
  }

  listOwn(): OwnCertView[] {
    return this.ownCertificates().list();
  }

  /** Generates a self-signed certificate; `own:progress` events carry the steps under the caller's run id. */
  async generateOwn(input: GenerateOwnCertInput & { runId?: string }): Promise<OwnCertsOutcome & { certificate: OwnCertView }> {
    const { runId, ...request } = input;
    this.ownWrites.set(`${APP_STORE_ID}:*`, Date.now());
    const certificate = await this.ownCertificates().generate(request, (step) => runId && this.emit('own:progress', { runId, step }));
    return { certificate, ...this.ownOutcome() };
  }

  async uploadOwn(input: UploadOwnCertInput): Promise<OwnCertsOutcome & { upload: UploadOwnCertResult }> {
    this.ownWrites.set(`${APP_STORE_ID}:*`, Date.now());
    const upload = await this.ownCertificates().upload(input);
    return { upload, ...this.ownOutcome() };
  }

  async regenerateOwn(input: RegenerateOwnCertOptions & { id: string; runId?: string }): Promise<OwnCertsOutcome & { certificate: OwnCertView }> {
    const { id, runId, ...options } = input;
    this.ownWrites.set(`${APP_STORE_ID}:*`, Date.now());
    const certificate = await this.ownCertificates().regenerate(id, options, (step) => runId && this.emit('own:progress', { runId, step }));
    return { certificate, ...this.ownOutcome() };
  }

  deleteOwn(id: string): OwnCertsOutcome & { deleted: DeleteOwnCertResult } {
    this.ownWrites.set(`${APP_STORE_ID}:*`, Date.now());
    const deleted = this.ownCertificates().delete(id);
    return { deleted, ...this.ownOutcome() };
  }

  setDefaultOwn(id: string): OwnCertsOutcome {
    this.ownCertificates().setDefault(id);
    return this.ownOutcome();
  }

  /** Assigns a certificate to a connection; a null id sends the connection back to the default. */
  assignOwn(input: { id: string | null; endpointUrl: string; securityMode: AssignmentSecurityMode }): OwnCertsOutcome {
    if (input.id === null) this.ownCertificates().unassign(input.endpointUrl);
    else this.ownCertificates().assign(input.id, input.endpointUrl, input.securityMode);
    return this.ownOutcome();
  }

  exportOwn(input: { id: string; what: 'certificate'; format: 'der' | 'pem' } | { id: string; what: 'private-key'; confirm: true }): ExportedOwnFile {
    if (input.what === 'private-key') return this.ownCertificates().exportPrivateKey(input.id, { confirm: input.confirm });
    return this.ownCertificates().exportCertificate(input.id, input.format);
  }

  createOwnSigningRequest(input: { id: string; format: 'der' | 'pem' }): Promise<SigningRequest> {
    return this.ownCertificates().createSigningRequest(input.id, input.format);
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
      const recovery = opened.store.recovery;
      if (recovery) this.notices.push(`A sync in ${registered.name} had been interrupted (${recovery.actions} step(s)); it was ${recovery.outcome === 'completed' ? 'completed' : 'undone'} when the app started.`);
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
    else this.pendingDiskChanges.set(id, { events: [event], timer: setTimeout(() => this.flushDiskChanges(opened), DISK_CHANGE_WINDOW_MS) });
  }

  /** One rescan per window: keeps the rejected folder at its cap, then tells the UI once. */
  private flushDiskChanges(opened: OpenedStore): void {
    const id = opened.info.id;
    const pending = this.pendingDiskChanges.get(id);
    this.pendingDiskChanges.delete(id);
    if (!pending || !this.opened.has(id) || !opened.store) return;
    let view = this.view(opened, true);
    if (pending.events.some((e) => e.type === 'added' && e.folder === 'rejected')) {
      const rejected = view.entries.filter((e) => e.kind === 'certificate' && e.folder === 'rejected').length;
      if (rejected > this.settings.rejectedFolderCap) {
        try {
          const pruned = pruneRejected(opened.store, this.settings.rejectedFolderCap);
          const now = Date.now();
          for (const cert of pruned.removed) this.rememberOwnWrite(`${id}:${cert.file}`, now);
        } catch {
          // Another process holds the store (a CLI sync): the next change prunes.
        }
        view = this.view(opened, false); // the prune's sync has just scanned

      }
    }
    // One event per window: the newest certificate that arrived and is still there (the UI marks it new), else the last change.
    const present = new Set(view.entries.map((e) => e.file));
    const event = pending.events.findLast((e) => e.type === 'added' && present.has(e.file)) ?? pending.events[pending.events.length - 1];
    this.emit('stores:changed', { storeId: id, ...event, store: view });
  }

  private view(opened: OpenedStore, rescan: boolean): StoreView {
    const base = { ...opened.info, scannedAt: new Date().toISOString() };
    if (!opened.store) return { ...base, entries: [], missingFolders: [], error: opened.error };
    try {
      const scan = rescan ? opened.store.scan() : opened.store.lastScan();
      return { ...base, entries: scan.entries, missingFolders: scan.missingFolders, error: null };
    } catch (error) {
      return { ...base, entries: [], missingFolders: [], error: error instanceof Error ? error.message : String(error) };
    }
  }
}

export type { StoreRole };
