/**
 * Real node-opcua servers and clients on 127.0.0.1 for the OPC UA integration tests: a demo
 * server per test file, clients that are the app itself (a TrustService with its own home).
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TrustService } from '../../../../electron/core/app/trust-service';
import { startDemoServer, type DemoServerOptions, type RunningDemoServer } from '../../../../electron/core/opcua/demo-server';
import type { TestConnectionResult } from '../../../../shared/types/connect';
import type { MadeCert } from '../../../helpers/certs';
import { tempDir } from '../../../helpers/tmp';

/** node-opcua's warnings, kept for a failing test's message instead of flooding the console. */
export const opcuaLog: string[] = [];

/** The security most tests use. */
export const SECURE = { securityPolicy: 'Basic256Sha256', securityMode: 'SignAndEncrypt' } as const;

/** Why a connection ended as it did, for an assertion's message. */
export function why(result: TestConnectionResult): string {
  return JSON.stringify({ outcome: result.outcome, status: result.status, rawError: result.rawError, diagnosis: result.diagnosis.map((d) => d.title), log: opcuaLog.slice(-5) }, null, 1);
}

async function quietOpcua(): Promise<void> {
  const opcua = await import('node-opcua');
  const keep = (...args: unknown[]) => void opcuaLog.push(args.map(String).join(' '));
  opcua.setWarningLogger(keep);
  opcua.setErrorLogger(keep);
}

/** Writes a certificate and its key where ensureIdentity looks, so it keeps them instead of creating its own. */
export function seedIdentity(pkiRoot: string, cert: MadeCert, certificateName = 'client_certificate.pem'): void {
  mkdirSync(path.join(pkiRoot, 'own', 'certs'), { recursive: true });
  mkdirSync(path.join(pkiRoot, 'own', 'private'), { recursive: true, mode: 0o700 });
  writeFileSync(path.join(pkiRoot, 'own', 'certs', certificateName), cert.pem);
  writeFileSync(path.join(pkiRoot, 'own', 'private', 'private_key.pem'), cert.keyPem, { mode: 0o600 });
}

/** A demo server on a free port with its PKI in a new temp folder (optionally with a given server certificate). */
export async function startServer(options: Partial<DemoServerOptions> & { certificate?: MadeCert } = {}): Promise<RunningDemoServer> {
  await quietOpcua();
  const pkiRoot = options.pkiRoot ?? (await tempDir('server-pki-'));
  if (options.certificate) seedIdentity(pkiRoot, options.certificate, 'certificate.pem');
  return startDemoServer({ port: 0, ...options, pkiRoot });
}

export interface TestClient {
  service: TrustService;
  home: string;
  /** Our client PKI (the app-own store). */
  pki: string;
}

const clients: TestClient[] = [];

/**
 * The app as a client: a TrustService with a fresh home, the server's PKI registered as a store
 * (so the diagnosis can look into it), optionally a given client certificate and the server trusted.
 */
export async function startClient(options: { serverPki?: string; certificate?: MadeCert; home?: string; trustServer?: RunningDemoServer } = {}): Promise<TestClient> {
  const home = options.home ?? (await tempDir('home-'));
  const pki = path.join(home, 'pki');
  if (options.certificate) seedIdentity(pki, options.certificate);
  if (options.trustServer) {
    // the first-connection dialog answered "Trust permanently" in an earlier session
    mkdirSync(path.join(pki, 'trusted', 'certs'), { recursive: true });
    copyFileSync(path.join(options.trustServer.pkiRoot, 'own', 'certs', 'certificate.pem'), path.join(pki, 'trusted', 'certs', 'demo_server.pem'));
  }
  const service = new TrustService({ home, mode: 'browser', watch: false, extraStores: options.serverPki ? [options.serverPki] : [] });
  const client = { service, home, pki };
  clients.push(client);
  await service.start();
  return client;
}

/** Closes every client started so far (their node-opcua certificate managers watch folders). */
export async function closeClients(): Promise<void> {
  await Promise.all(clients.splice(0).map((c) => c.service.close()));
}

/** Store id under which a client registered the server's PKI. */
export function storeIdOf(client: TestClient, root: string): string {
  const store = client.service.listStores().find((s) => s.root === root);
  if (!store) throw new Error(`${root} is not registered`);
  return store.id;
}

/** Puts a certificate into a folder of a node-opcua PKI, as its administrator would. */
export function place(pkiRoot: string, folder: 'trusted/certs' | 'trusted/crl' | 'issuers/certs' | 'issuers/crl', name: string, pem: string): void {
  mkdirSync(path.join(pkiRoot, folder), { recursive: true });
  writeFileSync(path.join(pkiRoot, folder, name), pem);
}
