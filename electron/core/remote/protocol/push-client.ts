import { readFileSync } from 'node:fs';
import type { ClientSession, OPCUAClient, OPCUAClientOptions, VariantLike } from 'node-opcua';
import { createValidatingCertificateManager, type ValidatingCertificateManager } from '../../opcua/validating-certificate-manager';
import { decodeFile } from '../../x509/decode';
import { parseCertificate } from '../../x509/parse';
import { PushError, TrustListMasks, type PushConnectOptions, type PushSession, type TrustListContent } from '../push-types';
import { OpenFileMode, PUSH_NODES } from './node-ids';
import { callError, connectError, sessionError, transportError, withTimeout } from './push-errors';
import { decodeTrustList, encodeTrustList } from './trust-list-codec';

type NodeOpcua = typeof import('node-opcua');

const DEFAULT_TIMEOUT_MS = 10_000;
/** Read and Write in pieces well below any server's message limits. */
export const CHUNK_BYTES = 64 * 1024;
/** A server that never gives a short read is not followed past this. */
const MAX_TRUST_LIST_BYTES = 64 * 1024 * 1024;

const POLICY_URI = (name: string) => `http://opcfoundation.org/UA/SecurityPolicy#${name}`;

async function loadOpcua(): Promise<NodeOpcua> {
  return import('node-opcua');
}

/** One client certificate manager per client PKI folder, shared by the sessions open on it (a fleet sync opens several). */
const managers = new Map<string, { manager: Promise<ValidatingCertificateManager>; users: number }>();

async function acquireManager(opcua: NodeOpcua, root: string): Promise<ValidatingCertificateManager> {
  let entry = managers.get(root);
  if (!entry) {
    const manager = createValidatingCertificateManager(opcua, root, 'trusted-ca', false, 'PushClientPKI');
    entry = { manager: manager.initialize().then(() => manager), users: 0 };
    managers.set(root, entry);
  }
  entry.users++;
  try {
    return await entry.manager;
  } catch (error) {
    releaseManager(root);
    throw error;
  }
}

function releaseManager(root: string): void {
  const entry = managers.get(root);
  if (!entry || --entry.users > 0) return;
  managers.delete(root);
  void entry.manager.then((m) => m.dispose()).catch(() => undefined);
}

function discoveryOptions(opcua: NodeOpcua): OPCUAClientOptions {
  return {
    endpointMustExist: false,
    securityMode: opcua.MessageSecurityMode.None,
    securityPolicy: opcua.SecurityPolicy.None,
    connectionStrategy: { maxRetry: 0, initialDelay: 10, maxDelay: 20 },
    keepSessionAlive: false,
  };
}

/** The endpoints a server offers, read on the None discovery channel (before any trust). */
async function getEndpoints(opcua: NodeOpcua, endpointUrl: string, timeoutMs: number, options: Partial<OPCUAClientOptions> = {}) {
  const client = opcua.OPCUAClient.create({ ...discoveryOptions(opcua), ...options });
  try {
    await withTimeout(client.connect(endpointUrl), timeoutMs, 'GetEndpoints', endpointUrl).catch((error: unknown) => {
      throw connectError(error, endpointUrl);
    });
    return await withTimeout(client.getEndpoints(), timeoutMs, 'GetEndpoints', endpointUrl);
  } finally {
    await client.disconnect().catch(() => undefined);
  }
}

/** The server's application instance certificate (DER) from GetEndpoints on the None discovery channel. */
export async function fetchServerCertificate(endpointUrl: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<Buffer> {
  const opcua = await loadOpcua();
  const endpoints = await getEndpoints(opcua, endpointUrl, timeoutMs);
  const der = endpoints.find((e) => e.serverCertificate?.length)?.serverCertificate;
  if (!der) throw new PushError('get endpoints', 'BadCertificateInvalid', `the server at ${endpointUrl} sent no certificate`);
  return firstCertificate(Buffer.from(der));
}

/** The leaf of a DER chain (a server may send its certificate followed by its issuers). */
function firstCertificate(chain: Buffer): Buffer {
  if (chain.length < 4 || chain[0] !== 0x30) return chain;
  const lengthByte = chain[1];
  let length = lengthByte;
  let header = 2;
  if (lengthByte & 0x80) {
    const bytes = lengthByte & 0x7f;
    length = 0;
    for (let i = 0; i < bytes; i++) length = length * 256 + chain[2 + i];
    header = 2 + bytes;
  }
  return chain.length > header + length ? Buffer.from(chain.subarray(0, header + length)) : chain;
}

/**
 * Opens an authenticated session for Part 12 push management: GetEndpoints (server certificate),
 * our own verdict on that certificate (never accepted automatically), a secure channel with our
 * certificate, ActivateSession with the SecurityAdmin user. Every step is bounded by `timeoutMs`.
 */
export async function openPushSession(options: PushConnectOptions): Promise<PushSession> {
  const opcua = await loadOpcua();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const url = options.endpointUrl;
  const ourCertificate = decodeFile(readFileSync(options.certificateFile)).items.find((i) => i.type === 'certificate');
  if (!ourCertificate || ourCertificate.type !== 'certificate') throw new PushError('connect', null, `${options.certificateFile} holds no certificate`);
  const applicationUri = parseCertificate(ourCertificate.der).applicationUri ?? 'urn:OpcUaTrustManager';

  const manager = await acquireManager(opcua, options.clientPkiRoot);
  let client: OPCUAClient | null = null;
  try {
    const endpoints = await getEndpoints(opcua, url, timeoutMs);
    const wantedMode = opcua.MessageSecurityMode[options.securityMode];
    const endpoint = endpoints.find((e) => e.securityPolicyUri === POLICY_URI(options.securityPolicy) && e.securityMode === wantedMode);
    if (!endpoint) {
      throw new PushError('connect', 'BadSecurityPolicyRejected', `the server at ${url} offers no ${options.securityPolicy} / ${options.securityMode} endpoint`);
    }
    const serverCertificate = firstCertificate(Buffer.from(endpoint.serverCertificate ?? Buffer.alloc(0)));
    if (serverCertificate.length === 0) throw new PushError('server certificate', 'BadCertificateInvalid', `the server at ${url} sent no certificate`);
    const sha256 = parseCertificate(serverCertificate).sha256;
    if (!manager.acceptedOnce.has(sha256)) {
      const verdict = await manager.verifyCertificate(serverCertificate, { acceptCertificateWithValidIssuerChain: true });
      if (verdict !== 'Good') {
        const status = verdict === 'BadCertificateChainIncomplete' ? 'BadCertificateUntrusted' : verdict;
        throw new PushError(
          'server certificate',
          status,
          status === 'BadCertificateUntrusted'
            ? `this app does not trust the certificate of the server at ${url} yet: check it and trust it first (BadCertificateUntrusted)`
            : `the certificate of the server at ${url} is not acceptable (${verdict})`,
          serverCertificate,
        );
      }
    }

    client = opcua.OPCUAClient.create({
      endpointMustExist: false,
      securityMode: wantedMode,
      securityPolicy: opcua.SecurityPolicy[options.securityPolicy],
      certificateFile: options.certificateFile,
      privateKeyFile: options.privateKeyFile,
      clientCertificateManager: manager,
      applicationUri,
      applicationName: 'OPC UA Trust Manager',
      connectionStrategy: { maxRetry: 0, initialDelay: 10, maxDelay: 20 },
      requestedSessionTimeout: 60_000,
      keepSessionAlive: true,
      defaultTransactionTimeout: timeoutMs,
    });
    const connected = client;
    await withTimeout(connected.connect(url), timeoutMs, 'connect', url).catch((error: unknown) => {
      throw connectError(error, url);
    });
    const session = await withTimeout(
      connected.createSession({ type: opcua.UserTokenType.UserName, userName: options.userName, password: options.password }),
      timeoutMs,
      'activate session',
      url,
    ).catch((error: unknown) => {
      throw sessionError(error, url, options.userName);
    });
    return new OpcuaPushSession(opcua, connected, session, url, serverCertificate, options.userName, timeoutMs, () => releaseManager(options.clientPkiRoot));
  } catch (error) {
    await client?.disconnect().catch(() => undefined);
    releaseManager(options.clientPkiRoot);
    throw error;
  }
}

class OpcuaPushSession implements PushSession {
  private closed = false;

  constructor(
    private readonly opcua: NodeOpcua,
    private readonly client: OPCUAClient,
    private readonly session: ClientSession,
    readonly endpointUrl: string,
    readonly serverCertificate: Buffer,
    private readonly userName: string,
    private readonly timeoutMs: number,
    private readonly release: () => void,
  ) {}

  /** One method call; a Bad status or a broken connection becomes a PushError naming the step. */
  private async call(step: string, objectId: string, methodId: string, inputArguments: VariantLike[] = []): Promise<unknown[]> {
    if (this.closed) throw new PushError(step, 'BadSessionClosed', 'the push session is closed');
    const result = await withTimeout(this.session.call({ objectId, methodId, inputArguments }), this.timeoutMs, step, this.endpointUrl).catch((error: unknown) => {
      throw transportError(step, error, this.endpointUrl);
    });
    if (result.statusCode.isNotGood()) throw callError(step, result.statusCode.name, this.userName);
    return (result.outputArguments ?? []).map((v) => v.value);
  }

  private trustListCall(step: string, methodId: string, args: VariantLike[] = []) {
    return this.call(step, PUSH_NODES.trustList, methodId, args);
  }

  private configurationCall(step: string, methodId: string, args: VariantLike[] = []) {
    return this.call(step, PUSH_NODES.serverConfiguration, methodId, args);
  }

  private get types() {
    return this.opcua.DataType;
  }

  async readTrustList(masks: number = TrustListMasks.All): Promise<TrustListContent> {
    const { Byte, UInt32, Int32 } = this.types;
    const [handle] =
      masks === TrustListMasks.All
        ? await this.trustListCall('open trust list', PUSH_NODES.open, [{ dataType: Byte, value: OpenFileMode.Read }])
        : await this.trustListCall('open trust list', PUSH_NODES.openWithMasks, [{ dataType: UInt32, value: masks }]);
    const chunks: Buffer[] = [];
    let total = 0;
    try {
      for (;;) {
        const [data] = await this.trustListCall('read trust list', PUSH_NODES.read, [{ dataType: UInt32, value: handle }, { dataType: Int32, value: CHUNK_BYTES }]);
        const chunk = Buffer.from((data as Buffer | null) ?? Buffer.alloc(0));
        chunks.push(chunk);
        total += chunk.length;
        if (total > MAX_TRUST_LIST_BYTES) throw new PushError('read trust list', 'BadEncodingLimitsExceeded', `the trust list of ${this.endpointUrl} is larger than ${MAX_TRUST_LIST_BYTES} bytes`);
        if (chunk.length < CHUNK_BYTES) break;
      }
    } finally {
      await this.trustListCall('close trust list', PUSH_NODES.close, [{ dataType: UInt32, value: handle }]).catch(() => undefined);
    }
    try {
      return decodeTrustList(Buffer.concat(chunks));
    } catch (error) {
      throw new PushError('read trust list', 'BadDecodingError', `the trust list sent by ${this.endpointUrl} cannot be decoded: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async writeTrustList(list: TrustListContent): Promise<{ applyChangesRequired: boolean }> {
    const { Byte, UInt32, ByteString } = this.types;
    const bytes = encodeTrustList(list);
    const [handle] = await this.trustListCall('open trust list for writing', PUSH_NODES.open, [{ dataType: Byte, value: OpenFileMode.Write | OpenFileMode.EraseExisting }]);
    let updated = false;
    try {
      for (let offset = 0; offset < bytes.length || offset === 0; offset += CHUNK_BYTES) {
        await this.trustListCall('write trust list', PUSH_NODES.write, [{ dataType: UInt32, value: handle }, { dataType: ByteString, value: bytes.subarray(offset, offset + CHUNK_BYTES) }]);
        if (bytes.length === 0) break;
      }
      const [applyChangesRequired] = await this.trustListCall('update trust list (CloseAndUpdate)', PUSH_NODES.closeAndUpdate, [{ dataType: UInt32, value: handle }]);
      updated = true;
      return { applyChangesRequired: Boolean(applyChangesRequired) };
    } finally {
      // Close without update discards what was written (Part 12): a failed write changes nothing.
      if (!updated) await this.trustListCall('close trust list', PUSH_NODES.close, [{ dataType: UInt32, value: handle }]).catch(() => undefined);
    }
  }

  async addCertificate(der: Buffer, isTrustedCertificate: boolean): Promise<{ applyChangesRequired: boolean }> {
    const { ByteString, Boolean: Bool } = this.types;
    await this.trustListCall('AddCertificate', PUSH_NODES.addCertificate, [{ dataType: ByteString, value: der }, { dataType: Bool, value: isTrustedCertificate }]);
    return { applyChangesRequired: false };
  }

  async removeCertificate(sha1Thumbprint: string, isTrustedCertificate: boolean): Promise<{ applyChangesRequired: boolean }> {
    const { String: Str, Boolean: Bool } = this.types;
    await this.trustListCall('RemoveCertificate', PUSH_NODES.removeCertificate, [{ dataType: Str, value: sha1Thumbprint }, { dataType: Bool, value: isTrustedCertificate }]);
    return { applyChangesRequired: false };
  }

  async getRejectedList(): Promise<Buffer[]> {
    const [certificates] = await this.configurationCall('GetRejectedList', PUSH_NODES.getRejectedList);
    return ((certificates as Buffer[] | null) ?? []).filter((c) => c?.length).map((c) => Buffer.from(c));
  }

  async applyChanges(): Promise<void> {
    await this.configurationCall('ApplyChanges', PUSH_NODES.applyChanges);
  }

  async createSigningRequest(options: { subjectName?: string; regeneratePrivateKey?: boolean } = {}): Promise<Buffer> {
    const { NodeId, String: Str, Boolean: Bool, ByteString } = this.types;
    const [csr] = await this.configurationCall('CreateSigningRequest', PUSH_NODES.createSigningRequest, [
      { dataType: NodeId, value: this.opcua.resolveNodeId(PUSH_NODES.defaultApplicationGroup) },
      { dataType: NodeId, value: this.opcua.resolveNodeId(PUSH_NODES.rsaSha256ApplicationCertificateType) },
      { dataType: Str, value: options.subjectName ?? null },
      { dataType: Bool, value: Boolean(options.regeneratePrivateKey) },
      // A nonce is needed only when the server makes the key; ours uses its own entropy.
      { dataType: ByteString, value: options.regeneratePrivateKey ? (await import('node:crypto')).randomBytes(32) : null },
    ]);
    return Buffer.from(csr as Buffer);
  }

  async updateCertificate(certificate: Buffer, issuerCertificates: Buffer[]): Promise<{ applyChangesRequired: boolean }> {
    const { NodeId, String: Str, ByteString } = this.types;
    const [applyChangesRequired] = await this.configurationCall('UpdateCertificate', PUSH_NODES.updateCertificate, [
      { dataType: NodeId, value: this.opcua.resolveNodeId(PUSH_NODES.defaultApplicationGroup) },
      { dataType: NodeId, value: this.opcua.resolveNodeId(PUSH_NODES.rsaSha256ApplicationCertificateType) },
      { dataType: ByteString, value: certificate },
      { dataType: ByteString, arrayType: this.opcua.VariantArrayType.Array, value: issuerCertificates },
      { dataType: Str, value: null },
      { dataType: ByteString, value: null },
    ]);
    return { applyChangesRequired: Boolean(applyChangesRequired) };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await withTimeout(this.session.close(), this.timeoutMs, 'close session', this.endpointUrl).catch(() => undefined);
      await withTimeout(this.client.disconnect(), this.timeoutMs, 'disconnect', this.endpointUrl).catch(() => undefined);
    } finally {
      this.release();
    }
  }
}
