import os from 'node:os';
import { existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import type { OPCUAServer } from 'node-opcua';
import { ensureIdentity, type Identity } from './identity';
import { createValidatingCertificateManager, type ClientValidation } from './validating-certificate-manager';

export const DEMO_SERVER_NAME = 'OpcUaTrustManagerDemoServer';
export const DEFAULT_DEMO_PORT = 4840;

export interface DemoServerOptions {
  /** The server's PKI (node-opcua layout), created when missing. */
  pkiRoot: string;
  /** Port to try first; the next free one is taken when it is busy. 0 = any free port. */
  port?: number;
  validation?: ClientValidation;
  /** Put a refused client certificate into rejected/ (Monokot's "automatically add to rejected"). */
  addRefusedToRejected?: boolean;
  /** Users for user name tokens (besides anonymous). */
  users?: { userName: string; password: string }[];
  /**
   * OPC UA Part 12 push management (ServerConfiguration, TrustList) over the server's PKI: these
   * users log in with user name tokens and get the SecurityAdmin role, the only one allowed to call it.
   */
  push?: { adminUsers: { userName: string; password: string }[] };
}

export interface RunningDemoServer {
  endpointUrl: string;
  port: number;
  applicationUri: string;
  pkiRoot: string;
  /** Whether push management is on (DemoServerOptions.push). */
  push: boolean;
  /** Change how client certificates are checked; takes effect for the next connection. */
  setValidation(validation: ClientValidation, addRefusedToRejected: boolean): void;
  stop(): Promise<void>;
}

/** The demo server's certificate: valid for 127.0.0.1, localhost and this host's name. */
export function ensureDemoServerIdentity(pkiRoot: string): Promise<Identity> {
  return ensureIdentity(pkiRoot, { applicationName: DEMO_SERVER_NAME, certificateName: 'certificate.pem', dns: ['localhost'], ip: ['127.0.0.1'] });
}

/** Resolves with a port where nothing listens on 127.0.0.1, starting at `first` (bounded search). */
export async function freePort(first: number, attempts = 50): Promise<number> {
  for (let i = 0; i < attempts; i++) {
    const candidate = first === 0 ? 0 : first + i;
    const port = await new Promise<number | null>((resolve) => {
      const probe = net.createServer();
      probe.once('error', () => resolve(null));
      probe.listen(candidate, '127.0.0.1', () => {
        const address = probe.address() as net.AddressInfo;
        probe.close(() => resolve(address.port));
      });
    });
    if (port !== null) return port;
  }
  throw new Error(`no free port from ${first} to ${first + attempts - 1}`);
}

/**
 * A node-opcua server on 127.0.0.1 with None (discovery only), Sign and SignAndEncrypt for
 * Basic256Sha256, Aes128_Sha256_RsaOaep and Aes256_Sha256_RsaPss, its PKI a store of the app.
 */
export async function startDemoServer(options: DemoServerOptions): Promise<RunningDemoServer> {
  const opcua = await import('node-opcua');
  const { OPCUAServer, SecurityPolicy, MessageSecurityMode } = opcua;
  if (!existsSync(options.pkiRoot)) mkdirSync(options.pkiRoot, { recursive: true });
  const hostname = os.hostname();
  const identity = await ensureDemoServerIdentity(options.pkiRoot);
  const manager = createValidatingCertificateManager(opcua, options.pkiRoot, options.validation ?? 'trusted-list', options.addRefusedToRejected ?? true);
  await manager.initialize();
  const port = await freePort(options.port ?? DEFAULT_DEMO_PORT);
  const admins = options.push?.adminUsers ?? [];
  const server: OPCUAServer = new OPCUAServer({
    port,
    host: '127.0.0.1',
    hostname: 'localhost',
    alternateHostname: ['127.0.0.1', hostname],
    serverCertificateManager: manager,
    certificateFile: identity.certificateFile,
    privateKeyFile: identity.privateKeyFile,
    securityPolicies: [SecurityPolicy.Basic256Sha256, SecurityPolicy.Aes128_Sha256_RsaOaep, SecurityPolicy.Aes256_Sha256_RsaPss],
    // None is not offered for sessions; node-opcua still answers GetEndpoints on a None channel (discovery only).
    securityModes: [MessageSecurityMode.Sign, MessageSecurityMode.SignAndEncrypt],
    allowAnonymous: true,
    serverInfo: {
      applicationUri: identity.applicationUri,
      productUri: 'urn:OpcUaTrustManager:DemoServer',
      applicationName: { text: 'OPC UA Trust Manager demo server', locale: 'en' },
    },
    buildInfo: { productName: 'OPC UA Trust Manager demo server', manufacturerName: 'OPC UA Trust Manager' },
    userManager: {
      isValidUser: (userName: string, password: string) => [...(options.users ?? []), ...admins].some((u) => u.userName === userName && u.password === password),
      // Only the push administrators get a role beyond AuthenticatedUser: the Part 12 nodes require SecurityAdmin.
      getUserRoles: (userName: string) => (admins.some((u) => u.userName === userName) ? [opcua.resolveNodeId(opcua.WellKnownRoles.SecurityAdmin)] : []),
    },
    registerServerMethod: opcua.RegisterServerMethod.HIDDEN,
    maxConnectionsPerEndpoint: 50,
  });
  await server.initialize();
  if (options.push) {
    const { installPushManagement } = await import('../remote/protocol/push-server');
    await installPushManagement(server, { pkiRoot: options.pkiRoot, certificateManager: manager, certificateFile: identity.certificateFile, privateKeyFile: identity.privateKeyFile, applicationUri: identity.applicationUri });
  }
  await server.start();
  return {
    endpointUrl: `opc.tcp://127.0.0.1:${port}`,
    port,
    applicationUri: identity.applicationUri,
    pkiRoot: options.pkiRoot,
    push: Boolean(options.push),
    setValidation: (validation, addRefused) => manager.configure(validation, addRefused),
    async stop() {
      await server.shutdown(0);
      await manager.dispose();
    },
  };
}
