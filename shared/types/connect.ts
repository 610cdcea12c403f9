import type { CertSummary } from './cert';
import type { CertificateStatusName } from '../opcua/status-codes';
import type { VerifyResult } from './verify';

export const SECURITY_POLICIES = ['Basic256Sha256', 'Aes128_Sha256_RsaOaep', 'Aes256_Sha256_RsaPss', 'None'] as const;
export type SecurityPolicyName = (typeof SECURITY_POLICIES)[number];
export const SECURITY_MODES = ['SignAndEncrypt', 'Sign', 'None'] as const;
export type SecurityModeName = (typeof SECURITY_MODES)[number];

export type ConnectStepId = 'get-endpoints' | 'server-certificate' | 'secure-channel' | 'session' | 'read-status';
export const CONNECT_STEPS: { id: ConnectStepId; label: string }[] = [
  { id: 'get-endpoints', label: 'GetEndpoints' },
  { id: 'server-certificate', label: 'Server certificate check' },
  { id: 'secure-channel', label: 'Secure channel' },
  { id: 'session', label: 'Session' },
  { id: 'read-status', label: 'Read ServerStatus' },
];

export interface ConnectStep {
  id: ConnectStepId;
  status: 'pending' | 'running' | 'ok' | 'failed' | 'skipped';
  durationMs: number | null;
  detail: string | null;
}

/** A certificate seen on the wire (the server's), described like a stored one. */
export type PeerCertificate = Omit<CertSummary, 'folder' | 'file' | 'format' | 'bundleSiblings'>;

/** A fix the app can do for the user, offered as a button. */
export type DiagnosisFix =
  | { kind: 'trust-in-server-store'; storeId: string; file: string; id: string; label: string }
  | { kind: 'trust-server-certificate'; thumbprint: string; label: string };

export interface DiagnosisItem {
  status: CertificateStatusName | null;
  /** e.g. "0x801A0000". */
  statusHex: string | null;
  title: string;
  explanation: string;
  fix?: DiagnosisFix;
}

export interface EndpointChoice {
  url: string;
  securityPolicy: SecurityPolicyName;
  securityMode: SecurityModeName;
  serverApplicationUri: string | null;
}

export interface ServerStatusSummary {
  state: string;
  productName: string | null;
  startTime: string | null;
  currentTime: string | null;
}

export type ConnectOutcome = 'connected' | 'failed' | 'server-untrusted';

export interface TestConnectionResult {
  runId: string;
  outcome: ConnectOutcome;
  endpointUrl: string;
  endpoint: EndpointChoice | null;
  steps: ConnectStep[];
  serverCertificate: PeerCertificate | null;
  serverStatus: ServerStatusSummary | null;
  /** The status code the connection ended with, when it failed. */
  status: CertificateStatusName | null;
  statusHex: string | null;
  /** The error text node-opcua gave, for the curious. */
  rawError: string | null;
  diagnosis: DiagnosisItem[];
  /** How often the session was retried while a server's store settled after a trust. */
  retries: number;
  /**
   * The full Part 4 check, step by step: of the server's certificate by our client store, and of
   * our certificate by the server's store when that store is managed here.
   */
  verification: { serverCertificate: VerifyResult | null; ourCertificate: VerifyResult | null };
  startedAt: string;
  durationMs: number;
}

export interface ConnectProgress {
  runId: string;
  step: ConnectStep;
}
