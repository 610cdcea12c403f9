import { createHash } from 'node:crypto';
import { accessSync, constants, mkdirSync, readFileSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import path from 'node:path';
import type { AppInfo, Detected, Events, ExportedFile, SyncOutcome } from '../../../shared/ipc/contract';
import type { SecurityModeName, SecurityPolicyName, TestConnectionResult } from '../../../shared/types/connect';
import type { ClientValidationMode, DemoServerStatus, RecentConnection } from '../../../shared/types/demo';
import type { VerifyResult, VerifyRole, VerifySuppression } from '../../../shared/types/verify';
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
import { SettingsFile, MAX_RECENT_CONNECTIONS, type RegisteredStore, type Settings } from '../settings/settings';
import type { ServerStoreFindings } from '../opcua/diagnosis';
import { ensureDemoServerIdentity } from '../opcua/demo-server';
import { endpointHost, verificationFinding } from '../opcua/diagnosis';
import type { Identity } from '../opcua/identity';
import { verifyCertificate } from '../verify';
import { OpcuaRuntime } from '../opcua/runtime';
import { isStoreOfServer, serverStoreFindings, type OurCertificate } from '../opcua/server-store';
import { OwnCertificates } from '../own-certs';
import { RemoteService, type RemoteHost } from './remote-service';
import { PasswordKeeper, type SecretCipher } from '../remote/secret-keeper';
import { ensureMirror, mirrorRoot } from '../remote/mirror';
import { decodeFile } from '../x509/decode';
import type { MirrorItem } from '../remote/trust-list-plan';
import type { RemoteServerSettings } from '../../../shared/types/remote';
import { StoreRevisions } from './store-revisions';
import { CaService } from './ca-service';
import type { AppSettings } from '../../../shared/types/settings';
import type { OwnCertsOutcome } from '../../../shared/ipc/contract';
import type { AssignmentSecurityMode, DeleteOwnCertResult, ExportedOwnFile, GenerateOwnCertInput, OwnCertView, RegenerateOwnCertOptions, SigningRequest, UploadOwnCertInput, UploadOwnCertResult } from '../../../shared/types/own-certs';

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
  /** Remote servers through OPC UA Part 12 push management. */
  readonly remote: RemoteService;
  /** The local CA (`<home>/ca`), installing signed own certificates, and deploying the CA to the stores here. */
  readonly ca = new CaService({
    home: () => this.options.home,
    appStoreId: APP_STORE_ID,
    own: () => this.ownCertificates(),
    ownOutcome: () => this.ownOutcome(),
    store: (storeId) => this.require(storeId),
    willWrite: (storeId) => void this.ownWrites.set(`${storeId}:*`, Date.now()),
    view: (storeId) => this.view(this.require(storeId), true),
  });
  private demoState: Pick<DemoServerStatus, 'state' | 'error'> = { state: 'stopped', error: null };
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

  // ---- OPC UA: test connection, first-connection decision, demo server ----

  async testConnection(input: { endpointUrl: string; securityPolicy: SecurityPolicyName | 'auto'; securityMode: SecurityModeName | 'auto'; userName?: string; password?: string; runId?: string }): Promise<TestConnectionResult> {
    // A connection assigned to an own certificate uses the assignment's security mode unless the user chose one.
    if (input.securityMode === 'auto') input = { ...input, securityMode: this.ownCertificates().securityModeFor(input.endpointUrl) ?? 'auto' };
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
    this.ownStore ??= OwnCertificates.open(path.join(this.options.home, 'pki'), { layout: 'node-opcua', expiringSoonDays: this.settings.expiringSoonDays });
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

  appSettings(): AppSettings {
    return { expiringSoonDays: this.settings.expiringSoonDays };
  }

  /** Saves the settings given; the own certificates are re-opened with the new threshold. */
  updateSettings(patch: Partial<AppSettings>): AppSettings {
    this.settings = { ...this.settings, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
    this.settingsFile.save(this.settings);
    this.ownStore = null;
    return this.appSettings();
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
