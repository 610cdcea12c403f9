import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { ConnectStep, TestConnectionResult } from '../../../shared/types/connect';
import type { ClientValidationMode } from '../../../shared/types/demo';
import type { CertificateChoice } from '../../../shared/types/own-certs';
import { OwnCertificates } from '../own-certs';
import { registryPath } from '../own-certs/registry-file';
import { decodeFile } from '../x509/decode';
import { parseCertificate } from '../x509/parse';
import { startDemoServer, type DemoServerOptions, type RunningDemoServer } from './demo-server';
import type { ServerStoreFindings } from './diagnosis';
import { ensureIdentity, type Identity } from './identity';
import { testConnection, type ClientIdentity, type TestConnectionRequest } from './tester';
import { createValidatingCertificateManager, type ValidatingCertificateManager } from './validating-certificate-manager';

type NodeOpcua = typeof import('node-opcua');

/** Where node-opcua's own warnings go: they are for developers, not for the tool's users. */
export type LogSink = (line: string) => void;

/**
 * The OPC UA side of the app: node-opcua is loaded only when a connection or the demo server
 * needs it (it costs ~0.7 s and ~80 MB). Owns our client certificate manager and the demo server.
 */
export class OpcuaRuntime {
  private opcua: NodeOpcua | null = null;
  private manager: ValidatingCertificateManager | null = null;
  private demo: RunningDemoServer | null = null;
  /** A start in progress: a second Start meanwhile waits for it instead of starting another server. */
  private demoStarting: Promise<RunningDemoServer> | null = null;
  /** Server certificates seen by test connections, so the user's trust decision needs only the thumbprint. */
  private readonly seenServerCertificates = new Map<string, Buffer>();

  constructor(
    readonly clientPkiRoot: string,
    private readonly log: LogSink = () => undefined,
  ) {}

  async load(): Promise<NodeOpcua> {
    if (this.opcua) return this.opcua;
    const opcua = await import('node-opcua');
    opcua.setWarningLogger((...args: unknown[]) => this.log(args.map(String).join(' ')));
    opcua.setErrorLogger((...args: unknown[]) => this.log(args.map(String).join(' ')));
    this.opcua = opcua;
    return opcua;
  }

  /**
   * Our application instance certificate, created on first use of the app; for an endpoint, the own
   * certificate assigned to it, else the default one (the first-start identity until the user picks another).
   */
  async identity(endpointUrl?: string): Promise<Identity> {
    const first = await ensureIdentity(this.clientPkiRoot);
    // Without a registry nobody chose another certificate, and a test connection writes nothing to our store.
    if (!endpointUrl || !existsSync(registryPath(this.clientPkiRoot))) return first;
    let choice: CertificateChoice;
    try {
      choice = OwnCertificates.open(this.clientPkiRoot).certificateFor(endpointUrl);
    } catch {
      return first; // no registry yet or none usable: the first-start identity still is
    }
    if (choice.certificateFile === first.certificateFile && choice.privateKeyFile === first.privateKeyFile) return first;
    const der = decodeFile(readFileSync(choice.certificateFile)).items.find((i) => i.type === 'certificate');
    if (!der || der.type !== 'certificate') return first;
    const certificate = parseCertificate(der.der);
    return { certificateFile: choice.certificateFile, privateKeyFile: choice.privateKeyFile, certificate, applicationUri: certificate.applicationUri ?? choice.applicationUri, created: false };
  }

  private async clientManager(): Promise<ValidatingCertificateManager> {
    if (this.manager) return this.manager;
    const opcua = await this.load();
    const manager = createValidatingCertificateManager(opcua, this.clientPkiRoot, 'trusted-ca', false, 'ClientPKI');
    await manager.initialize();
    this.manager = manager;
    return manager;
  }

  async testConnection(
    request: TestConnectionRequest,
    hooks: { findServerStore?(sha256: string | null): ServerStoreFindings | null; onProgress?(runId: string, step: ConnectStep): void } = {},
  ): Promise<TestConnectionResult> {
    // Our identity first: on a fresh folder the certificate manager would otherwise make a key of its own.
    const identity = await this.identity(request.endpointUrl);
    const [opcua, manager] = await Promise.all([this.load(), this.clientManager()]);
    const der = decodeFile(readFileSync(identity.certificateFile)).items.find((i) => i.type === 'certificate');
    const client: ClientIdentity = {
      certificateFile: identity.certificateFile,
      privateKeyFile: identity.privateKeyFile,
      applicationUri: identity.applicationUri,
      certificateDer: der && der.type === 'certificate' ? der.der : Buffer.alloc(0),
    };
    const result = await testConnection(request, {
      opcua,
      identity: client,
      clientManager: manager,
      findServerStore: hooks.findServerStore,
      onProgress: hooks.onProgress,
      onServerCertificate: (certificate) => this.seenServerCertificates.set(certificate.sha256, certificate.der),
    });
    return result;
  }

  /** Trust permanently (copied into our trusted folder), accept once (memory only), or cancel (rejected only if asked). */
  async decideServer(sha256: string, decision: 'trust-permanently' | 'accept-once' | 'cancel', recordCancelInRejected: boolean): Promise<void> {
    const der = this.seenServerCertificates.get(sha256);
    if (!der) throw Object.assign(new Error('that server certificate was not seen by a test connection in this session; test again'), { code: 'NOT_FOUND' });
    const manager = await this.clientManager();
    if (decision === 'trust-permanently') {
      manager.acceptedOnce.delete(sha256);
      await manager.trustCertificate(der);
    } else if (decision === 'accept-once') {
      manager.acceptedOnce.add(sha256);
    } else if (recordCancelInRejected) {
      await manager.rejectCertificate(der);
    }
  }

  /** Records a server certificate seen by another kind of connection (a remote server's push session), so `decideServer` can act on it. */
  rememberServerCertificate(der: Buffer): string {
    const sha256 = createHash('sha256').update(der).digest('hex');
    this.seenServerCertificates.set(sha256, der);
    return sha256;
  }

  /** Trusts a server certificate in our client store without asking: one the app itself just had issued (a remote renewal), with its issuers so the chain is whole. */
  async trustServerCertificate(der: Buffer, issuers: Buffer[] = [], issuerCrls: Buffer[] = []): Promise<void> {
    const manager = await this.clientManager();
    for (const issuer of issuers) await manager.addIssuer(issuer, false);
    for (const crl of issuerCrls) await manager.addRevocationList(crl, 'issuers');
    await manager.trustCertificate(der);
  }

  /** Whether the user chose "Accept once" for this server certificate in this session. */
  isAcceptedOnce(sha256: string): boolean {
    return this.manager?.acceptedOnce.has(sha256) ?? false;
  }

  /** A server certificate a test connection has seen in this session (DER), by SHA-256. */
  seenServerCertificate(sha256: string): Buffer | null {
    return this.seenServerCertificates.get(sha256) ?? null;
  }

  demoServer(): RunningDemoServer | null {
    return this.demo;
  }

  async startDemoServer(options: { pkiRoot: string; port: number; validation: ClientValidationMode; addRefusedToRejected: boolean; push?: DemoServerOptions['push'] }): Promise<RunningDemoServer> {
    if (this.demo) return this.demo;
    this.demoStarting ??= this.load()
      .then(() => startDemoServer(options))
      .then((demo) => (this.demo = demo))
      .finally(() => (this.demoStarting = null));
    return this.demoStarting;
  }

  async stopDemoServer(): Promise<void> {
    await this.demoStarting?.catch(() => undefined);
    const demo = this.demo;
    this.demo = null;
    await demo?.stop();
  }

  async close(): Promise<void> {
    await this.stopDemoServer();
    await this.manager?.dispose();
    this.manager = null;
  }
}
