import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { ChangeResult, ImportResult, StagedChange, SyncReport } from '../../../shared/types/changes';
import type { StoreView } from '../../../shared/types/store';
import type { AddRemoteOutcome, FleetPushOutcome, FleetPushResult, FleetRow, RemoteProgress, RemoteSecurityMode, RemoteSecurityPolicy, RemoteServerSettings, RemoteStatus, RenewOutcome } from '../../../shared/types/remote';
import { LocalCa } from '../ca';
import { TrustError } from '../errors';
import type { OpcuaRuntime } from '../opcua/runtime';
import { runBounded } from '../remote/bounded-pool';
import { mirrorRoot, writeMirror, type RemoteSnapshot } from '../remote/mirror';
import { describePushFailure, type PushFailure } from '../remote/push-failure';
import { addToTrustList, loadPushClient, readSnapshot, runInSession, writeTrustList, type OpenPushSession } from '../remote/push-steps';
import type { PushSession } from '../remote/push-types';
import { decodeImports } from '../remote/import-items';
import { installSigned, pause, requestSigning } from '../remote/renew';
import type { SecretKeeper } from '../remote/secret-keeper';
import { PASSWORD_NEEDED, RemoteStatuses } from '../remote/remote-status';
import { SerialQueue } from '../remote/serial-queue';
import { planChanges, sha256Of, showsChange, type MirrorItem } from '../remote/trust-list-plan';
import { describePeerCertificate } from '../x509/summary';

/** What the remote service needs from the app around it (TrustService gives it). */
export interface RemoteHost {
  readonly home: string;
  readonly opcua: OpcuaRuntime;
  remoteServers(): RemoteServerSettings[];
  saveRemoteServers(servers: RemoteServerSettings[]): void;
  /** Registers a server's mirror as a store with role `remote`. */
  openRemoteStore(server: RemoteServerSettings): Promise<void>;
  /** A store's view re-read from disk, sent to every window as `stores:changed`. */
  publishStore(storeId: string): StoreView;
  /** A certificate or CRL of any store, checked against the thumbprint the UI saw. */
  readEntry(ref: { storeId: string; file: string; id: string }): MirrorItem;
  emitProgress(progress: RemoteProgress): void;
}

export interface RemoteServiceOptions {
  /** The Part 12 client (default: the protocol module, loaded on first use). */
  openSession?: OpenPushSession;
  /** Per network call (default 10 s). */
  timeoutMs?: number;
  /** Servers pushed to at once in a fleet push (default 4). */
  fleetConcurrency?: number;
  /** Reconnect attempts after a renewal, while the server restarts (default 10, 1 s apart). */
  renewRetries?: number;
}

/** An id that stays the same for one endpoint and user, so adding again after a certificate decision finds the same server. */
function remoteIdFor(endpointUrl: string, userName: string): string {
  return `r-${createHash('sha256').update(`${endpointUrl.toLowerCase()}\n${userName}`).digest('hex').slice(0, 12)}`;
}

/** Remote servers managed through OPC UA Part 12 push management: each one a store whose entries mirror the server. */
export class RemoteService {
  private readonly statuses: RemoteStatuses;
  private readonly queue = new SerialQueue();
  private readonly timeoutMs: number;
  private opener: OpenPushSession | null;

  constructor(
    private readonly host: RemoteHost,
    readonly secrets: SecretKeeper,
    private readonly options: RemoteServiceOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.opener = options.openSession ?? null;
    this.statuses = new RemoteStatuses(host.home);
  }

  /** The status shown with a remote store and in the fleet view. */
  status(id: string): RemoteStatus {
    return this.statuses.of(this.server(id), this.secrets.storage(id));
  }

  fleet(): FleetRow[] {
    return this.host.remoteServers().map((s) => ({ ...this.status(s.id), storeId: s.id }));
  }

  /**
   * Registers a remote server: connects first; a server certificate our client does not trust
   * comes back for the user's decision (then `connect:decide-server` and add again). Nothing is
   * registered when the connection fails.
   */
  async add(input: { name?: string; endpointUrl: string; securityPolicy: RemoteSecurityPolicy; securityMode: RemoteSecurityMode; userName: string; password: string; rememberPassword: boolean }): Promise<AddRemoteOutcome> {
    const id = remoteIdFor(input.endpointUrl, input.userName);
    if (this.host.remoteServers().some((s) => s.id === id)) throw new TrustError('EXISTS', `${input.endpointUrl} (user ${input.userName}) is already in the list`);
    const server: RemoteServerSettings = {
      id,
      name: input.name?.trim() || input.endpointUrl.replace(/^opc\.tcp:\/\//i, ''),
      endpointUrl: input.endpointUrl,
      securityPolicy: input.securityPolicy,
      securityMode: input.securityMode,
      userName: input.userName,
    };
    let snapshot: RemoteSnapshot;
    try {
      snapshot = await this.withSession(server, input.password, (session) => readSnapshot(session, this.timeoutMs));
    } catch (error) {
      const failure = describePushFailure(error);
      if (failure.serverCertificate && failure.status === 'BadCertificateUntrusted') {
        const sha256 = this.host.opcua.rememberServerCertificate(failure.serverCertificate);
        // The app comes back to a managed server again and again: a decision for this session only does not fit it.
        if (this.host.opcua.isAcceptedOnce(sha256)) throw new TrustError('INVALID_INPUT', `${input.endpointUrl}: a remote server is managed across sessions, so "Accept once" is not enough: trust its certificate permanently, or cancel`);
        return { status: 'server-certificate', certificate: describePeerCertificate(failure.serverCertificate), endpointUrl: input.endpointUrl };
      }
      throw new TrustError(failure.code, `${input.endpointUrl}: ${failure.message}`, { status: failure.status, reachability: failure.reachability });
    }
    this.secrets.set(id, input.password, input.rememberPassword);
    this.saw(id, snapshot);
    this.host.saveRemoteServers([...this.host.remoteServers(), server]);
    await this.host.openRemoteStore(server);
    return { status: 'added', storeId: id };
  }

  /** Re-reads the server's certificate, trust list and rejected list into the mirror. */
  refresh(storeId: string): Promise<StoreView> {
    return this.queue.run(storeId, async () => {
      try {
        await this.readInto(storeId);
      } catch (error) {
        this.changed(storeId); // every window shows why (offline, refused) even when the caller was another
        throw error;
      }
      return this.changed(storeId);
    });
  }

  /** Re-reads, in the background, every server whose password is known (the keychain after a restart); each outcome lands in its status. */
  refreshKnown(): Promise<void> {
    const known = this.host.remoteServers().filter((s) => this.secrets.storage(s.id) !== 'none');
    return runBounded(known, this.options.fleetConcurrency ?? 4, (s) => this.refresh(s.id).catch(() => undefined)).then(() => undefined);
  }

  /** Gives the admin password (again): kept, then the server is read with it. */
  async setPassword(input: { storeId: string; password: string; rememberPassword: boolean }): Promise<StoreView> {
    this.server(input.storeId);
    this.secrets.set(input.storeId, input.password, input.rememberPassword);
    this.statuses.clearError(input.storeId);
    try {
      return await this.refresh(input.storeId);
    } catch (error) {
      // A wrong password is not kept: the next attempt asks again.
      if (error instanceof TrustError && error.code === 'UNAUTHORIZED') this.secrets.delete(input.storeId);
      throw error;
    }
  }

  /** Forgets a server (removed from the list): its password and its mirror. */
  forget(storeId: string): void {
    this.secrets.delete(storeId);
    this.statuses.forget(storeId);
    rmSync(mirrorRoot(this.host.home, storeId), { recursive: true, force: true });
  }

  /**
   * Applies staged changes to a server's trust list: the desired list from the server's current
   * one, the fewest calls, ApplyChanges when asked, then a re-read. A failed write fails every
   * item with the reason; the server's list is then as it was.
   */
  sync(storeId: string, changes: StagedChange[]): Promise<SyncReport> {
    return this.queue.run(storeId, async () => {
      const server = this.server(storeId);
      const inputs = changes.map((change) => ({ change, item: this.mirrorItem(storeId, change) }));
      let results: ChangeResult[];
      let written = false;
      try {
        results = await this.withSession(server, this.password(storeId), async (session) => {
          const current = (await readSnapshot(session, this.timeoutMs)).trustList;
          const { desired, planned } = planChanges(current, inputs);
          const { write } = await writeTrustList(session, current, desired, this.timeoutMs, (step) => void (written ||= step === 'ApplyChanges'));
          written = write.type !== 'none';
          const after = await readSnapshot(session, this.timeoutMs);
          this.saw(storeId, after, written);
          return planned.map((p) =>
            p.result.status === 'done' && !showsChange(after.trustList, p) ? { ...p.result, status: 'failed' as const, message: "the server answered Good, but its trust list does not show the change" } : p.result,
          );
        });
      } catch (error) {
        const failure = this.failed(storeId, error);
        // Before the write nothing changed; after it, only a re-read tells what the server holds.
        const message = written ? `the trust list was written, but then: ${failure.message}; refresh to see what the server holds` : `nothing changed on the server: ${failure.message}`;
        results = changes.map((c) => ({ ...c, status: 'failed' as const, message }));
      }
      const view = this.changed(storeId);
      // Where a trusted or moved item now is in the mirror, as a local sync reports it.
      const targetOf = (kind: StagedChange['kind']) => (kind === 'trust' ? 'trusted' : kind === 'move-to-issuers' ? 'issuers' : null);
      const located = results.map((r) => (r.status === 'done' && targetOf(r.kind) ? { ...r, to: view.entries.find((e) => e.id === r.id && e.folder === targetOf(r.kind))?.file } : r));
      return {
        results: located.map((r) => (r.to === undefined ? (({ to: _to, ...rest }) => rest)(r) : r)),
        done: located.filter((r) => r.status === 'done').length,
        conflicts: located.filter((r) => r.status === 'conflict').length,
        failed: located.filter((r) => r.status === 'failed').length,
      };
    });
  }

  /**
   * Pushes certificates and CRLs from any store into the trusted or issuers list of several
   * servers, a few at a time; one server failing does not stop the others. `remote:progress`
   * carries each server's steps.
   */
  fleetPush(input: { storeIds: string[]; items: { storeId: string; file: string; id: string }[]; to: 'trusted' | 'issuers'; runId?: string }): Promise<FleetPushOutcome> {
    const items = input.items.map((ref) => this.host.readEntry(ref));
    return this.pushItems({ ...input, items });
  }

  /** The fleet push of certificates / CRLs given as DER (the CLI's files); see fleetPush. */
  async pushItems(input: { storeIds: string[]; items: MirrorItem[]; to: 'trusted' | 'issuers'; runId?: string }): Promise<FleetPushOutcome> {
    const started = Date.now();
    const items = input.items;
    const storeIds = [...new Set(input.storeIds)];
    for (const id of storeIds) this.server(id);
    const runId = input.runId ?? `fleet-${started}`;
    const progress = (storeId: string, status: RemoteProgress['status'], step: string, message: string | null = null) => this.host.emitProgress({ runId, storeId, status, step, message });
    for (const id of storeIds) progress(id, 'waiting', 'waiting');
    const results = await runBounded(storeIds, this.options.fleetConcurrency ?? 4, (storeId) => this.pushTo(storeId, items, input.to, progress));
    return { results, durationMs: Date.now() - started };
  }

  private pushTo(storeId: string, items: MirrorItem[], to: 'trusted' | 'issuers', progress: (storeId: string, status: RemoteProgress['status'], step: string, message?: string | null) => void): Promise<FleetPushResult> {
    return this.queue.run(storeId, async () => {
      const started = Date.now();
      const server = this.server(storeId);
      const result = (ok: boolean, message: string, status: string | null = null): FleetPushResult => ({ storeId, name: server.name, ok, message, status, durationMs: Date.now() - started });
      try {
        progress(storeId, 'running', 'connecting');
        const message = await this.withSession(server, this.password(storeId), async (session) => {
          const { alreadyThere, applied, after } = await addToTrustList(session, items, to, this.timeoutMs, (step) => progress(storeId, 'running', step));
          const already = alreadyThere.filter(Boolean).length;
          this.saw(storeId, after, already < items.length);
          return `${items.length - already} added to ${to}${already ? `, ${already} already there` : ''}${applied ? '; ApplyChanges done' : ''}`;
        });
        this.changed(storeId);
        progress(storeId, 'done', 'done', message);
        return result(true, message);
      } catch (error) {
        const failure = this.failed(storeId, error);
        this.changed(storeId);
        progress(storeId, 'failed', 'failed', failure.message);
        return result(false, failure.message, failure.status);
      }
    });
  }

  /**
   * Import into a remote store: the files' certificates and CRLs go straight into the server's
   * trusted or issuers list (the mirror is only ever written from what the server says).
   */
  importFiles(input: { storeId: string; to: 'trusted' | 'issuers' | 'rejected'; files: { name: string; base64: string }[] }): Promise<{ results: ImportResult[]; store: StoreView }> {
    const to = input.to;
    if (to === 'rejected') throw new TrustError('INVALID_INPUT', "a server's rejected list cannot be written through Part 12: import into Trusted or Issuers");
    const server = this.server(input.storeId);
    const { results, items, pending } = decodeImports(input.files);
    return this.queue.run(input.storeId, async () => {
      if (items.length > 0) {
        try {
          const { alreadyThere, after } = await this.withSession(server, this.password(input.storeId), (session) => addToTrustList(session, items, to, this.timeoutMs));
          this.saw(input.storeId, after, alreadyThere.some((a) => !a));
          pending.forEach((index, i) => Object.assign(results[index], alreadyThere[i] ? { status: 'exists', message: `already in the server's ${to} list` } : { status: 'imported', message: `added to the server's ${to} list` }));
        } catch (error) {
          const failure = this.failed(input.storeId, error);
          for (const index of pending) Object.assign(results[index], { status: 'failed', message: `nothing changed on the server: ${failure.message}` });
        }
      }
      const store = this.changed(input.storeId);
      for (const r of results) if (r.status !== 'failed') r.file = store.entries.find((e) => e.id === r.id && e.folder === to)?.file;
      return { results, store };
    });
  }

  /**
   * Renews a server's certificate: CreateSigningRequest, then (unless only the CSR is wanted)
   * signed by the local CA, UpdateCertificate, ApplyChanges, and a reconnect that waits for the
   * new certificate. Our client store trusts the new certificate: we just issued it.
   */
  renew(input: { storeId: string; signWith: 'local-ca' | 'csr-only'; regeneratePrivateKey: boolean; runId?: string }): Promise<RenewOutcome> {
    return this.queue.run(input.storeId, async () => {
      const server = this.server(input.storeId);
      const runId = input.runId ?? `renew-${Date.now()}`;
      const step = (status: RemoteProgress['status'], what: string, message: string | null = null) => this.host.emitProgress({ runId, storeId: input.storeId, status, step: what, message });
      // Before any call: no signing request is made for a CA that is not there.
      const ca = input.signWith === 'local-ca' ? this.localCa() : null;
      const password = this.password(input.storeId);
      let csrPem = '';
      let newDer: Buffer | null = null;
      try {
        step('running', 'CreateSigningRequest');
        await this.withSession(server, password, async (session) => {
          csrPem = await requestSigning(session, input.regeneratePrivateKey, this.timeoutMs);
          if (ca) newDer = await installSigned(session, ca, csrPem, this.timeoutMs, (what) => step('running', what));
        });
        if (!newDer) {
          step('done', 'done', 'signing request created');
          return { csrPem, newCertificate: null };
        }
        await this.host.opcua.trustServerCertificate(newDer, ca ? [ca.certificateDer()] : [], ca ? [ca.crlDer()] : []);
        step('running', 'reconnecting');
        await this.reconnectUntil(server, password, sha256Of(newDer));
      } catch (error) {
        const failure = this.failed(input.storeId, error);
        step('failed', 'failed', failure.message);
        throw new TrustError(failure.code, `${server.name}: ${failure.message}`, { status: failure.status });
      }
      this.changed(input.storeId);
      step('done', 'done', 'the server presents its new certificate');
      return { csrPem, newCertificate: describePeerCertificate(newDer) };
    });
  }

  /** Reconnects (the server may be restarting) until it presents the certificate with this SHA-256, then re-reads it. */
  private async reconnectUntil(server: RemoteServerSettings, password: string, sha256: string): Promise<void> {
    const attempts = this.options.renewRetries ?? 10;
    let last: unknown = null;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) await pause(1000);
      try {
        const snapshot = await this.withSession(server, password, (session) => readSnapshot(session, this.timeoutMs));
        if (sha256Of(snapshot.serverCertificate) === sha256) {
          this.saw(server.id, snapshot);
          return;
        }
        last = new TrustError('OPCUA', 'the server still presents its old certificate');
      } catch (error) {
        last = error;
      }
    }
    throw last instanceof Error ? last : new TrustError('OPCUA', 'the server did not come back with its new certificate');
  }

  private localCa(): LocalCa {
    const dir = path.join(this.host.home, 'ca');
    try {
      return LocalCa.open(dir);
    } catch (error) {
      if (error instanceof TrustError && error.code === 'NOT_FOUND') throw new TrustError('NOT_FOUND', `renewing with the local CA needs one: there is none in ${dir} (create it with "uatrust ca init"), or export the signing request instead`);
      throw error;
    }
  }

  /** Reads the server into its mirror; a failure is recorded in the status and thrown as a TrustError. */
  private async readInto(storeId: string): Promise<void> {
    const server = this.server(storeId);
    try {
      const snapshot = await this.withSession(server, this.password(storeId), (session) => readSnapshot(session, this.timeoutMs));
      this.saw(storeId, snapshot);
    } catch (error) {
      const failure = this.failed(storeId, error);
      throw new TrustError(failure.code, `${server.name}: ${failure.message}`, { status: failure.status, reachability: failure.reachability });
    }
  }

  /** A session on the server with our identity for its endpoint; see runInSession. */
  private async withSession<T>(server: RemoteServerSettings, password: string, work: (session: PushSession) => Promise<T>): Promise<T> {
    // Loaded through the runtime, so node-opcua's own warnings go where the app's log goes, not to the terminal.
    await this.host.opcua.load();
    this.opener ??= await loadPushClient();
    const identity = await this.host.opcua.identity(server.endpointUrl);
    const opening = this.opener({
      endpointUrl: server.endpointUrl,
      securityPolicy: server.securityPolicy,
      securityMode: server.securityMode,
      userName: server.userName,
      password,
      certificateFile: identity.certificateFile,
      privateKeyFile: identity.privateKeyFile,
      clientPkiRoot: this.host.opcua.clientPkiRoot,
      timeoutMs: this.timeoutMs,
    });
    return runInSession(opening, this.timeoutMs, work);
  }

  private server(id: string): RemoteServerSettings {
    const server = this.host.remoteServers().find((s) => s.id === id);
    if (!server) throw new TrustError('NOT_FOUND', `no remote server with id ${id}`);
    return server;
  }

  private password(id: string): string {
    const password = this.secrets.get(id);
    if (password === null) throw new TrustError('UNAUTHORIZED', `${this.server(id).name}: ${PASSWORD_NEEDED} (Set password…, or --password-env in the CLI)`);
    return password;
  }

  /** A staged change's mirror file, when it still holds the certificate or CRL the user saw. */
  private mirrorItem(storeId: string, change: StagedChange): MirrorItem | null {
    try {
      return this.host.readEntry({ storeId, file: change.file, id: change.id });
    } catch (error) {
      if (error instanceof TrustError && (error.code === 'CONFLICT' || error.code === 'NOT_FOUND')) return null;
      throw error;
    }
  }

  /** Records a successful read: the mirror rewritten, the server online. */
  private saw(id: string, snapshot: RemoteSnapshot, wrote = false): void {
    writeMirror(mirrorRoot(this.host.home, id), snapshot);
    this.statuses.read(id, snapshot, wrote);
  }

  private failed(id: string, error: unknown): PushFailure {
    const failure = describePushFailure(error);
    this.statuses.failed(id, failure);
    return failure;
  }

  /** The store re-read, and `stores:changed` so every window shows it. */
  private changed(storeId: string): StoreView {
    return this.host.publishStore(storeId);
  }
}
