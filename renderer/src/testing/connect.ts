/** Plain-data builders for Test connection and demo server tests: what the host sends. */
import { CONNECT_STEPS, type ConnectStep, type PeerCertificate, type TestConnectionResult } from '../../../shared/types/connect';
import type { DemoServerStatus, RecentConnection } from '../../../shared/types/demo';
import { cert } from './views';

export function peerCertificate(cn = 'Demo Server'): PeerCertificate {
  const { folder: _folder, file: _file, format: _format, bundleSiblings: _siblings, ...peer } = cert(cn, 'own', { dns: ['localhost'], ip: ['127.0.0.1'] });
  return peer;
}

export function steps(status: Partial<Record<ConnectStep['id'], ConnectStep['status']>> = {}): ConnectStep[] {
  return CONNECT_STEPS.map((s) => ({ id: s.id, status: status[s.id] ?? 'ok', durationMs: 10, detail: null }));
}

export function connectResult(overrides: Partial<TestConnectionResult> = {}): TestConnectionResult {
  return {
    runId: 'run-1',
    outcome: 'connected',
    endpointUrl: 'opc.tcp://127.0.0.1:4840',
    endpoint: { url: 'opc.tcp://127.0.0.1:4840', securityPolicy: 'Aes256_Sha256_RsaPss', securityMode: 'SignAndEncrypt', serverApplicationUri: 'urn:test:Demo Server' },
    steps: steps(),
    serverCertificate: peerCertificate(),
    serverStatus: { state: 'Running', productName: 'Demo', startTime: '2026-11-26T12:00:00.000Z', currentTime: '2026-11-26T12:05:00.000Z' },
    status: null,
    statusHex: null,
    rawError: null,
    diagnosis: [],
    retries: 0,
    verification: { serverCertificate: null, ourCertificate: null },
    startedAt: '2026-11-26T12:05:00.000Z',
    durationMs: 400,
    ...overrides,
  };
}

/** The result of a first connection: our client does not trust the server's certificate yet. */
export function untrustedResult(runId = 'run-untrusted'): TestConnectionResult {
  const certificate = peerCertificate();
  return connectResult({
    runId,
    outcome: 'server-untrusted',
    steps: steps({ 'server-certificate': 'failed', 'secure-channel': 'skipped', session: 'skipped', 'read-status': 'skipped' }),
    serverStatus: null,
    status: 'BadCertificateUntrusted',
    statusHex: '0x801A0000',
    diagnosis: [
      {
        status: 'BadCertificateUntrusted',
        statusHex: '0x801A0000',
        title: "We do not trust the server's certificate yet",
        explanation: 'Check its thumbprint.',
        fix: { kind: 'trust-server-certificate', thumbprint: certificate.sha256, label: 'Trust server certificate' },
      },
    ],
    serverCertificate: certificate,
  });
}

export function demoStatus(overrides: Partial<DemoServerStatus> = {}): DemoServerStatus {
  return {
    autoStart: true,
    port: 4840,
    listeningPort: 4840,
    validation: 'trusted-list',
    addRefusedToRejected: true,
    state: 'running',
    endpointUrl: 'opc.tcp://127.0.0.1:4841',
    storeId: 'demo-server',
    error: null,
    ...overrides,
  };
}

export function recent(overrides: Partial<RecentConnection> = {}): RecentConnection {
  return {
    endpointUrl: 'opc.tcp://plc-7:4840',
    securityPolicy: 'Basic256Sha256',
    securityMode: 'Sign',
    userName: null,
    outcome: 'connected',
    status: null,
    at: '2026-11-26T12:00:00.000Z',
    durationMs: 300,
    ...overrides,
  };
}
