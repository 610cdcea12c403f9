import { readFileSync } from 'node:fs';
import type { ConnectProgress, SecurityModeName, SecurityPolicyName, TestConnectionResult } from '../../../shared/types/connect';
import type { RecentConnection } from '../../../shared/types/demo';
import type { StoreInfo, StoreView } from '../../../shared/types/store';
import type { VerifyResult, VerifyRole, VerifySuppression } from '../../../shared/types/verify';
import { TrustError } from '../errors';
import { exportEntry } from '../pki/import';
import type { PkiStore } from '../pki/store';
import { endpointHost, verificationFinding, type ServerStoreFindings } from '../opcua/diagnosis';
import type { Identity } from '../opcua/identity';
import type { OpcuaRuntime } from '../opcua/runtime';
import { isStoreOfServer, serverStoreFindings, type OurCertificate } from '../opcua/server-store';
import type { AssignmentSecurityMode } from '../../../shared/types/own-certs';
import { MAX_RECENT_CONNECTIONS } from '../settings/settings';
import { verifyCertificate } from '../verify';

/** What the connection service needs from the app around it (TrustService gives it). */
export interface ConnectionHost {
  runtime(): OpcuaRuntime;
  /** The app's own client store, which judges server certificates. */
  appStore(): PkiStore | null;
  /** The readable stores that may belong to a server (every store but the app's own). */
  serverStores(): { info: StoreInfo; store: PkiStore }[];
  requireReadable(storeId: string): PkiStore;
  /** The security mode an own certificate was assigned with for this endpoint, if any. */
  assignedSecurityMode(endpointUrl: string): AssignmentSecurityMode | null;
  recentConnections(): RecentConnection[];
  saveRecentConnections(recent: RecentConnection[]): void;
  rejectCancelledServerCertificates(): boolean;
  /** Trust permanently or cancel may write to the app store: its watcher's echo is not news. */
  willWriteAppStore(): void;
  listStores(): StoreView[];
  emitProgress(progress: ConnectProgress): void;
}

export type TestConnectionInput = { endpointUrl: string; securityPolicy: SecurityPolicyName | 'auto'; securityMode: SecurityModeName | 'auto'; userName?: string; password?: string; runId?: string };

/** Test connections, the first-connection decision, and the Part 4 verdicts on stored certificates. */
export class ConnectionService {
  constructor(private readonly host: ConnectionHost) {}

  /** A test connection with the certificate assigned to the endpoint; remembered in the recent list (never the password). */
  async test(input: TestConnectionInput): Promise<TestConnectionResult> {
    // A connection assigned to an own certificate uses the assignment's security mode unless the user chose one.
    if (input.securityMode === 'auto') input = { ...input, securityMode: this.host.assignedSecurityMode(input.endpointUrl) ?? 'auto' };
    const runtime = this.host.runtime();
    const identity = await runtime.identity(input.endpointUrl);
    const ours = identity.certificate;
    const result = await runtime.testConnection(input, {
      findServerStore: (serverSha256) => this.findServerStore(serverSha256, ours),
      onProgress: (runId, step) => this.host.emitProgress({ runId, step }),
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
    this.host.saveRecentConnections([recent, ...this.host.recentConnections().filter((r) => !same(r))].slice(0, MAX_RECENT_CONNECTIONS));
    return result;
  }

  /** The user's answer to the first-connection dialog for a server certificate a test connection has seen. */
  async decideServer(input: { thumbprint: string; decision: 'trust-permanently' | 'accept-once' | 'cancel' }): Promise<{ stores: StoreView[] }> {
    try {
      await this.host.runtime().decideServer(input.thumbprint, input.decision, this.host.rejectCancelledServerCertificates());
    } catch (error) {
      if ((error as { code?: string }).code === 'NOT_FOUND') throw new TrustError('NOT_FOUND', (error as Error).message);
      throw error;
    }
    if (input.decision !== 'accept-once') this.host.willWriteAppStore();
    return { stores: this.host.listStores() };
  }

  recentConnections(): RecentConnection[] {
    return this.host.recentConnections();
  }

  /** Judges a stored certificate with the Part 4 engine against another store (the application that decides). */
  verify(input: { certificate: { storeId: string; file: string; id: string }; judgeStoreId: string; role: VerifyRole; securityPolicy: SecurityPolicyName; endpointHost?: string; applicationUri?: string; suppress?: VerifySuppression[] }): VerifyResult {
    const source = this.host.requireReadable(input.certificate.storeId);
    source.resolve(input.certificate.file);
    const entry = source.find(input.certificate.file).find((e) => e.id === input.certificate.id);
    if (!entry || entry.kind !== 'certificate') throw new TrustError('CONFLICT', `${input.certificate.file} no longer holds that certificate; Sync to re-read`);
    const { bytes } = exportEntry(source, input.certificate.file, 'der');
    const judge = this.host.requireReadable(input.judgeStoreId);
    return verifyCertificate(judge, bytes, {
      role: input.role,
      securityPolicy: input.securityPolicy,
      endpointHost: input.endpointHost ?? null,
      applicationUri: input.applicationUri ?? null,
      suppress: input.suppress,
    });
  }

  /**
   * The managed store whose own folder holds this server certificate, and what it can tell about
   * our certificate: which folder it is in, and for a CA-signed one whether its issuer and CRL are there.
   */
  findServerStore(serverSha256: string | null, ourCertificate: OurCertificate): ServerStoreFindings | null {
    const found = this.storeOfServer(serverSha256);
    return found ? serverStoreFindings(found.info, found.store.entries(), ourCertificate) : null;
  }

  /**
   * Runs the Part 4 engine on both certificates of a test connection: the server's, judged by our
   * client store, and ours, judged by the server's store when it is managed here; a reason the
   * engine finds beyond the other findings leads the diagnosis.
   */
  private attachVerification(result: TestConnectionResult, identity: Identity): void {
    const policy = result.endpoint?.securityPolicy ?? 'Basic256Sha256';
    const own = this.host.appStore();
    const serverDer = result.serverCertificate ? this.host.runtime().seenServerCertificate(result.serverCertificate.sha256) : null;
    if (own && serverDer) {
      result.verification.serverCertificate = verifyCertificate(own, serverDer, {
        role: 'server',
        securityPolicy: policy,
        endpointHost: endpointHost(result.endpointUrl) || null,
        applicationUri: result.endpoint?.serverApplicationUri ?? null,
      });
    }
    const serverStore = this.storeOfServer(result.serverCertificate?.sha256 ?? null)?.store;
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

  /** The managed store whose own folder holds this server certificate. */
  private storeOfServer(serverSha256: string | null): { info: StoreInfo; store: PkiStore } | null {
    for (const candidate of this.host.serverStores()) if (isStoreOfServer(candidate.store.scan().entries, serverSha256)) return candidate;
    return null;
  }
}
