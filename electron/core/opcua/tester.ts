import { randomUUID } from 'node:crypto';
import { isStatusName, statusHex, type CertificateStatusName } from '../../../shared/opcua/status-codes';
import {
  CONNECT_STEPS,
  type ConnectStep,
  type ConnectStepId,
  type EndpointChoice,
  type PeerCertificate,
  type SecurityModeName,
  type SecurityPolicyName,
  type ServerStatusSummary,
  type TestConnectionResult,
} from '../../../shared/types/connect';
import { describePeerCertificate } from '../x509/summary';
import { diagnose, serverIdentityFindings, type ServerStoreFindings } from './diagnosis';
import type { ValidatingCertificateManager } from './validating-certificate-manager';

type NodeOpcua = typeof import('node-opcua');

export interface ClientIdentity {
  certificateFile: string;
  privateKeyFile: string;
  applicationUri: string;
  certificateDer: Buffer;
}

export interface TestConnectionRequest {
  endpointUrl: string;
  /** Names the run in its progress events; a fresh one when left out. */
  runId?: string;
  securityPolicy?: SecurityPolicyName | 'auto';
  securityMode?: SecurityModeName | 'auto';
  userName?: string;
  password?: string;
  /** Give up on one attempt after this long. */
  timeoutMs?: number;
}

export interface TesterContext {
  opcua: NodeOpcua;
  identity: ClientIdentity;
  /** Our client store's certificate manager (with the accept-once list). */
  clientManager: ValidatingCertificateManager;
  /** Where our certificate is in the server's store, when the server's PKI is managed here. */
  findServerStore?(serverCertificateSha256: string | null): ServerStoreFindings | null;
  onProgress?(runId: string, step: ConnectStep): void;
  /** Called with each server certificate seen, so a later trust decision can name it by thumbprint. */
  onServerCertificate?(certificate: { sha256: string; der: Buffer }): void;
}

/** Retries while a server's store settles after a trust (node-opcua notices a removal from rejected/ ~100 ms late, more on a busy machine); about 3 s at most. */
const SETTLE_DELAYS_MS = [50, 100, 200, 400, 800, 1500];
const DEFAULT_TIMEOUT_MS = 15_000;

const POLICY_URIS: Record<SecurityPolicyName, string> = {
  None: 'http://opcfoundation.org/UA/SecurityPolicy#None',
  Basic256Sha256: 'http://opcfoundation.org/UA/SecurityPolicy#Basic256Sha256',
  Aes128_Sha256_RsaOaep: 'http://opcfoundation.org/UA/SecurityPolicy#Aes128_Sha256_RsaOaep',
  Aes256_Sha256_RsaPss: 'http://opcfoundation.org/UA/SecurityPolicy#Aes256_Sha256_RsaPss',
};

/** The status code named in a node-opcua error message, e.g. "… BadSecurityChecksFailed (0x80130000)". */
export function statusFromError(message: string): CertificateStatusName | null {
  for (const match of message.matchAll(/\b(Bad[A-Za-z]+)\b/g)) if (isStatusName(match[1])) return match[1];
  return null;
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([work, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: timeout after ${ms} ms (BadTimeout)`)), ms)))]).finally(() => clearTimeout(timer));
}

/** Picks the endpoint asked for, or the most secure one offered (highest securityLevel). */
export function chooseEndpoint(offered: EndpointChoice[], levels: number[], policy: SecurityPolicyName | 'auto', mode: SecurityModeName | 'auto'): EndpointChoice | null {
  const candidates = offered
    .map((e, i) => ({ e, level: levels[i] ?? 0 }))
    .filter(({ e }) => (policy === 'auto' ? e.securityPolicy !== 'None' : e.securityPolicy === policy) && (mode === 'auto' ? e.securityMode !== 'None' : e.securityMode === mode));
  candidates.sort((a, b) => b.level - a.level);
  return candidates[0]?.e ?? null;
}

/** Runs a test connection step by step: GetEndpoints → server certificate → secure channel → session → ServerStatus. */
export async function testConnection(request: TestConnectionRequest, context: TesterContext): Promise<TestConnectionResult> {
  const { opcua, identity, clientManager } = context;
  const runId = request.runId ?? randomUUID();
  const started = Date.now();
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const steps: ConnectStep[] = CONNECT_STEPS.map((s) => ({ id: s.id, status: 'pending', durationMs: null, detail: null }));
  const result: TestConnectionResult = {
    runId,
    outcome: 'failed',
    endpointUrl: request.endpointUrl,
    endpoint: null,
    steps,
    serverCertificate: null,
    serverStatus: null,
    status: null,
    statusHex: null,
    rawError: null,
    diagnosis: [],
    retries: 0,
    verification: { serverCertificate: null, ourCertificate: null },
    startedAt: new Date(started).toISOString(),
    durationMs: 0,
  };
  let ourCertificate: PeerCertificate | null = null;
  try {
    ourCertificate = describePeerCertificate(identity.certificateDer);
  } catch {
    ourCertificate = null;
  }
  let offered: EndpointChoice[] = [];
  let clockSkewMs: number | null = null;

  /** Changes a step and tells the user (the live checklist). */
  const setStep = (id: ConnectStepId, patch: Partial<ConnectStep>): void => {
    const s = steps.find((x) => x.id === id)!;
    Object.assign(s, patch);
    context.onProgress?.(runId, { ...s });
  };

  const step = async <T>(id: ConnectStepId, work: () => Promise<T>, detail?: (value: T) => string): Promise<T> => {
    const s = steps.find((x) => x.id === id)!;
    s.status = 'running';
    context.onProgress?.(runId, { ...s });
    const t0 = performance.now();
    try {
      const value = await work();
      s.status = 'ok';
      s.detail = detail ? detail(value) : null;
      return value;
    } catch (error) {
      s.status = 'failed';
      s.detail = error instanceof Error ? error.message : String(error);
      throw Object.assign(error instanceof Error ? error : new Error(String(error)), { failedAt: id });
    } finally {
      s.durationMs = Math.round(performance.now() - t0);
      context.onProgress?.(runId, { ...s });
    }
  };

  const baseOptions = {
    endpointMustExist: false,
    clientCertificateManager: clientManager,
    certificateFile: identity.certificateFile,
    privateKeyFile: identity.privateKeyFile,
    applicationUri: identity.applicationUri,
    applicationName: 'OPC UA Trust Manager',
    connectionStrategy: { maxRetry: 0, initialDelay: 10, maxDelay: 20 },
    requestedSessionTimeout: 60_000,
    keepSessionAlive: false,
  };

  try {
    const endpoints = await step(
      'get-endpoints',
      async () => {
        const discovery = opcua.OPCUAClient.create({ ...baseOptions, securityMode: opcua.MessageSecurityMode.None, securityPolicy: opcua.SecurityPolicy.None });
        try {
          await withTimeout(discovery.connect(request.endpointUrl), timeoutMs, 'GetEndpoints');
          return await withTimeout(discovery.getEndpoints(), timeoutMs, 'GetEndpoints');
        } finally {
          await discovery.disconnect().catch(() => undefined);
        }
      },
      (list) => `${list.length} endpoint(s)`,
    );
    offered = endpoints.map((e) => ({
      url: e.endpointUrl ?? request.endpointUrl,
      securityPolicy: (Object.entries(POLICY_URIS).find(([, uri]) => uri === e.securityPolicyUri)?.[0] ?? 'None') as SecurityPolicyName,
      securityMode: opcua.MessageSecurityMode[e.securityMode] as SecurityModeName,
      serverApplicationUri: e.server?.applicationUri ?? null,
    }));
    const chosen = chooseEndpoint(offered, endpoints.map((e) => e.securityLevel), request.securityPolicy ?? 'auto', request.securityMode ?? 'auto');
    const chosenIndex = chosen ? offered.indexOf(chosen) : -1;
    const serverDer = chosenIndex >= 0 ? endpoints[chosenIndex].serverCertificate : endpoints.find((e) => e.serverCertificate?.length)?.serverCertificate;
    if (serverDer?.length) {
      result.serverCertificate = describePeerCertificate(Buffer.from(serverDer));
      context.onServerCertificate?.({ sha256: result.serverCertificate.sha256, der: Buffer.from(serverDer) });
    }
    if (!chosen) {
      result.status = 'BadSecurityPolicyRejected';
      setStep('server-certificate', { status: 'failed', durationMs: 0, detail: 'no endpoint with the chosen security' });
      throw Object.assign(new Error(`no endpoint with ${request.securityPolicy ?? 'auto'} / ${request.securityMode ?? 'auto'}`), { failedAt: 'server-certificate' as ConnectStepId });
    }
    result.endpoint = { ...chosen, url: request.endpointUrl };

    if (chosen.securityMode === 'None') {
      setStep('server-certificate', { status: 'skipped', detail: 'security mode None' });
    } else {
      await step('server-certificate', async () => {
        const cert = result.serverCertificate;
        if (!cert || !serverDer) throw new Error('the server sent no certificate (BadCertificateInvalid)');
        if (clientManager.acceptedOnce.has(cert.sha256)) return 'accepted once for this session';
        const status = await clientManager.verifyCertificate(Buffer.from(serverDer), { acceptCertificateWithValidIssuerChain: true });
        if (status !== 'Good') throw new Error(`server certificate: ${status}`);
        const identityProblems = serverIdentityFindings(cert, request.endpointUrl, result.endpoint);
        if (identityProblems.length) throw new Error(`server certificate: ${identityProblems[0].status}: ${identityProblems[0].title}`);
        return 'trusted';
      }, (v) => v);
    }

    const securityMode = opcua.MessageSecurityMode[chosen.securityMode];
    const securityPolicy = opcua.SecurityPolicy[chosen.securityPolicy];
    // The certificate read and judged above: without it, connect() asks for the endpoints a second time on a channel of its own.
    const serverCertificate = chosen.securityMode !== 'None' && serverDer?.length ? Buffer.from(serverDer) : undefined;
    for (let attempt = 0; ; attempt++) {
      try {
        await connectAndRead(opcua, { ...baseOptions, securityMode, securityPolicy, serverCertificate }, `${chosen.securityPolicy} ${chosen.securityMode}`, request, timeoutMs, step, (status, skew) => {
          result.serverStatus = status;
          clockSkewMs = skew;
        });
        break;
      } catch (error) {
        const status = statusFromError(error instanceof Error ? error.message : String(error));
        const findings = context.findServerStore?.(result.serverCertificate?.sha256 ?? null) ?? null;
        const justTrusted = findings?.ourCertificate?.folder === 'trusted';
        if (status === 'BadSecurityChecksFailed' && justTrusted && attempt < SETTLE_DELAYS_MS.length) {
          result.retries++;
          for (const id of ['secure-channel', 'session', 'read-status'] as const) setStep(id, { status: 'pending', detail: null, durationMs: null });
          await new Promise((r) => setTimeout(r, SETTLE_DELAYS_MS[attempt]));
          continue;
        }
        throw error;
      }
    }
    result.outcome = 'connected';
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const failedAt = (error as { failedAt?: ConnectStepId }).failedAt ?? null;
    result.rawError = message;
    result.status = result.status ?? statusFromError(message) ?? (failedAt === 'get-endpoints' ? 'BadCommunicationError' : null);
    result.statusHex = result.status ? statusHex(result.status) : null;
    if (failedAt === 'server-certificate' && result.status === 'BadCertificateUntrusted') result.outcome = 'server-untrusted';
    for (const s of steps) if (s.status === 'pending') s.status = 'skipped';
    const findings = context.findServerStore?.(result.serverCertificate?.sha256 ?? null) ?? null;
    result.diagnosis = diagnose({
      failedAt,
      status: result.status,
      rawError: message,
      endpointUrl: request.endpointUrl,
      endpoint: result.endpoint,
      offered,
      ourCertificate,
      ourApplicationUri: identity.applicationUri,
      serverCertificate: result.serverCertificate,
      serverStore: findings,
      clockSkewMs,
      now: Date.now(),
    });
  }
  result.durationMs = Date.now() - started;
  return result;
}

type StepRunner = <T>(id: ConnectStepId, work: () => Promise<T>, detail?: (value: T) => string) => Promise<T>;

async function connectAndRead(
  opcua: NodeOpcua,
  options: Parameters<NodeOpcua['OPCUAClient']['create']>[0],
  securityLabel: string,
  request: TestConnectionRequest,
  timeoutMs: number,
  step: StepRunner,
  onStatus: (status: ServerStatusSummary, skewMs: number | null) => void,
): Promise<void> {
  const client = opcua.OPCUAClient.create(options);
  try {
    await step('secure-channel', () => withTimeout(client.connect(request.endpointUrl), timeoutMs, 'OpenSecureChannel'), () => securityLabel);
    const userIdentity = request.userName ? { type: opcua.UserTokenType.UserName, userName: request.userName, password: request.password ?? '' } : { type: opcua.UserTokenType.Anonymous };
    const session = await step('session', () => withTimeout(client.createSession(userIdentity as never), timeoutMs, 'CreateSession'), () => (request.userName ? `user ${request.userName}` : 'anonymous'));
    try {
      await step(
        'read-status',
        async () => {
          const dataValue = await withTimeout(session.read({ nodeId: opcua.resolveNodeId(opcua.VariableIds.Server_ServerStatus), attributeId: opcua.AttributeIds.Value }), timeoutMs, 'Read');
          if (dataValue.statusCode.isNotGood()) throw new Error(`ServerStatus: ${dataValue.statusCode.name}`);
          const value = dataValue.value.value as { state?: number; startTime?: Date; currentTime?: Date; buildInfo?: { productName?: string } };
          const summary: ServerStatusSummary = {
            state: opcua.ServerState[value.state ?? 0] ?? String(value.state),
            productName: value.buildInfo?.productName ?? null,
            startTime: value.startTime?.toISOString?.() ?? null,
            currentTime: value.currentTime?.toISOString?.() ?? null,
          };
          onStatus(summary, value.currentTime ? value.currentTime.getTime() - Date.now() : null);
          return summary;
        },
        (s) => `state ${s.state}${s.productName ? `, ${s.productName}` : ''}`,
      );
    } finally {
      await session.close().catch(() => undefined);
    }
  } finally {
    await client.disconnect().catch(() => undefined);
  }
}
