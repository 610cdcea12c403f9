/**
 * Real demo servers with Part 12 push management on 127.0.0.1 and the app as their administrator:
 * certificates made for the test, the server trusting the app's certificate and the app the server's.
 */
import os from 'node:os';
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startDemoServer, type RunningDemoServer } from '../../../../electron/core/opcua/demo-server';
import { PkiStore } from '../../../../electron/core/pki/store';
import type { PushConnectOptions } from '../../../../electron/core/remote/push-types';
import type { CertSummary } from '../../../../shared/types/cert';
import { makeCert, type MadeCert } from '../../../helpers/certs';
import { tempDir } from '../../../helpers/tmp';

export const ADMIN = { userName: 'admin', password: 'Secret-Admin-1' };
export const OPERATOR = { userName: 'operator', password: 'Operator-1' };

/** node-opcua's warnings, kept for a failing test's message instead of flooding the console. */
export const opcuaLog: string[] = [];

export async function quietOpcua(): Promise<void> {
  const opcua = await import('node-opcua');
  const keep = (...args: unknown[]) => void opcuaLog.push(args.map(String).join(' '));
  opcua.setWarningLogger(keep);
  opcua.setErrorLogger(keep);
}

/** An OPC UA application certificate for a client (its own key). */
export function clientCertificate(cn: string): Promise<MadeCert> {
  return makeCert({ cn, applicationUri: `urn:${os.hostname()}:${cn.replace(/\s/g, '')}`, dns: [os.hostname()], freshKey: true });
}

export interface AppIdentity {
  cert: MadeCert;
  /** The app's client PKI (node-opcua layout). */
  pki: string;
  certificateFile: string;
  privateKeyFile: string;
}

/** The app's own certificate in a client PKI folder of its own. */
export async function appIdentity(cn = 'Trust Manager Test'): Promise<AppIdentity> {
  const cert = await clientCertificate(cn);
  const pki = await tempDir('push-client-pki-');
  for (const dir of ['own/certs', 'own/private', 'trusted/certs', 'trusted/crl', 'issuers/certs', 'issuers/crl', 'rejected']) mkdirSync(path.join(pki, dir), { recursive: true, mode: dir === 'own/private' ? 0o700 : 0o755 });
  const certificateFile = path.join(pki, 'own', 'certs', 'client_certificate.pem');
  const privateKeyFile = path.join(pki, 'own', 'private', 'private_key.pem');
  writeFileSync(certificateFile, cert.pem);
  writeFileSync(privateKeyFile, cert.keyPem, { mode: 0o600 });
  return { cert, pki, certificateFile, privateKeyFile };
}

/** Puts a certificate (PEM) into a folder of a node-opcua PKI, as its administrator would by hand. */
export function place(pkiRoot: string, folder: string, name: string, pem: string): void {
  mkdirSync(path.join(pkiRoot, folder), { recursive: true });
  writeFileSync(path.join(pkiRoot, folder, name), pem);
}

/** A demo server with push management whose PKI already trusts `trusted` clients; the app trusts the server. */
export async function startPushServer(options: { trusted: MadeCert[]; app?: AppIdentity; users?: { userName: string; password: string }[] }): Promise<RunningDemoServer> {
  await quietOpcua();
  const pkiRoot = await tempDir('push-server-pki-');
  options.trusted.forEach((c, i) => place(pkiRoot, 'trusted/certs', `client_${i}[${c.sha1}].pem`, c.pem));
  const server = await startDemoServer({ pkiRoot, port: 0, push: { adminUsers: [ADMIN] }, users: options.users ?? [OPERATOR] });
  if (options.app) trustServer(options.app, server);
  return server;
}

/** The first-connection dialog answered "Trust permanently": the server's certificate in the app's trusted folder. */
export function trustServer(app: AppIdentity, server: RunningDemoServer): void {
  copyFileSync(path.join(server.pkiRoot, 'own', 'certs', 'certificate.pem'), path.join(app.pki, 'trusted', 'certs', `server_${server.port}.pem`));
}

export function connectOptions(app: AppIdentity, server: RunningDemoServer, user = ADMIN): PushConnectOptions {
  return {
    endpointUrl: server.endpointUrl,
    securityPolicy: 'Basic256Sha256',
    securityMode: 'SignAndEncrypt',
    userName: user.userName,
    password: user.password,
    certificateFile: app.certificateFile,
    privateKeyFile: app.privateKeyFile,
    clientPkiRoot: app.pki,
    timeoutMs: 15_000,
  };
}

/** Folders of the server's PKI that hold a certificate, as its own scan sees them. */
export function foldersOf(pkiRoot: string, sha256: string): string[] {
  return PkiStore.open(pkiRoot, { layout: 'node-opcua' })
    .scan()
    .entries.filter((e): e is CertSummary => e.kind === 'certificate' && e.sha256 === sha256)
    .map((e) => e.folder)
    .sort();
}

/** Every file under the certificate folders of a PKI with its size: "nothing changed on disk" is this staying equal. */
export function snapshotFiles(pkiRoot: string): string[] {
  const out: string[] = [];
  for (const dir of ['trusted/certs', 'trusted/crl', 'issuers/certs', 'issuers/crl', 'rejected', 'own/certs']) {
    const abs = path.join(pkiRoot, dir);
    if (!existsSync(abs)) continue;
    for (const name of readdirSync(abs).sort()) out.push(`${dir}/${name}`);
  }
  return out;
}

export interface PlainClient {
  /** Opens a SignAndEncrypt session and closes it: 'connected' or the status the server answered. */
  connect(): Promise<string>;
  close(): Promise<void>;
}

/**
 * A plain OPC UA client with `cert`, made ready (certificate manager loaded) before it connects, so
 * that a connection right after a trust list change starts at once. The server tells a refused
 * client only BadSecurityChecksFailed.
 */
export async function plainClient(server: RunningDemoServer, cert: MadeCert): Promise<PlainClient> {
  const opcua = await import('node-opcua');
  const { createValidatingCertificateManager } = await import('../../../../electron/core/opcua/validating-certificate-manager');
  const pki = await tempDir('plain-client-');
  const certificateFile = path.join(pki, 'client.pem');
  const privateKeyFile = path.join(pki, 'client.key');
  writeFileSync(certificateFile, cert.pem);
  writeFileSync(privateKeyFile, cert.keyPem, { mode: 0o600 });
  // This client is not under test: it takes the server's certificate as it comes.
  const manager = createValidatingCertificateManager(opcua, path.join(pki, 'pki'), 'accept-any', false);
  await manager.initialize();
  const options = {
    endpointMustExist: false,
    securityMode: opcua.MessageSecurityMode.SignAndEncrypt,
    securityPolicy: opcua.SecurityPolicy.Basic256Sha256,
    certificateFile,
    privateKeyFile,
    clientCertificateManager: manager,
    applicationUri: `urn:${os.hostname()}:${cert.cert.subjectName.getField('CN')[0]?.replace(/\s/g, '')}`,
    connectionStrategy: { maxRetry: 0, initialDelay: 10, maxDelay: 20 },
    keepSessionAlive: false,
  };
  return {
    async connect() {
      const client = opcua.OPCUAClient.create(options);
      try {
        await client.connect(server.endpointUrl);
        const session = await client.createSession();
        await session.close();
        return 'connected';
      } catch (error) {
        return /\b(Bad[A-Za-z]+)\b/.exec(String(error instanceof Error ? error.message : error))?.[1] ?? String(error);
      } finally {
        await client.disconnect().catch(() => undefined);
      }
    },
    close: () => manager.dispose(),
  };
}

/** One connection attempt of a client with `cert`. */
export async function clientConnects(server: RunningDemoServer, cert: MadeCert): Promise<string> {
  const client = await plainClient(server, cert);
  try {
    return await client.connect();
  } finally {
    await client.close();
  }
}
