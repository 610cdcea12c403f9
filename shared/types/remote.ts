import type { PeerCertificate } from './connect';

/** Push management needs an encrypted channel: None is never offered for a remote server. */
export const REMOTE_SECURITY_POLICIES = ['Basic256Sha256', 'Aes128_Sha256_RsaOaep', 'Aes256_Sha256_RsaPss'] as const;
export type RemoteSecurityPolicy = (typeof REMOTE_SECURITY_POLICIES)[number];
export const REMOTE_SECURITY_MODES = ['SignAndEncrypt', 'Sign'] as const;
export type RemoteSecurityMode = (typeof REMOTE_SECURITY_MODES)[number];

/** Where a remote server's admin password is kept: the OS keychain (Electron safeStorage), this session's memory, or nowhere yet. */
export type PasswordStorage = 'keychain' | 'memory' | 'none';

/** What the settings keep of a remote server: never its password. */
export interface RemoteServerSettings {
  id: string;
  name: string;
  endpointUrl: string;
  securityPolicy: RemoteSecurityPolicy;
  securityMode: RemoteSecurityMode;
  userName: string;
}

export type RemoteReachability = 'unknown' | 'online' | 'offline' | 'refused';

/** How a remote server is doing, as of the last time the app talked to it. */
export interface RemoteStatus extends RemoteServerSettings {
  reachability: RemoteReachability;
  /** When the app last read the server's trust list (ISO). */
  lastReadAt: string | null;
  /** When a Sync or fleet push last wrote to the server (ISO). */
  lastSyncAt: string | null;
  /** Why the last call failed, in words (wrong password, not trusted, unreachable ...). */
  lastError: string | null;
  /** The status code name of that failure, when the server gave one. */
  lastStatus: string | null;
  /** The server's application instance certificate, as its endpoint presents it. */
  serverCertificate: PeerCertificate | null;
  /** Client certificates the server refused and keeps in its rejected list. */
  rejectedCount: number;
  passwordStorage: PasswordStorage;
}

/** One row of the fleet view. */
export type FleetRow = RemoteStatus & { storeId: string };

/** Adding a remote server either registers it, or first needs the user's decision on the server's certificate. */
export type AddRemoteOutcome =
  | { status: 'added'; storeId: string }
  | { status: 'server-certificate'; certificate: PeerCertificate; endpointUrl: string };

export type FleetStepStatus = 'waiting' | 'running' | 'done' | 'failed';

/** Progress of one server in a fleet push or a renewal. */
export interface RemoteProgress {
  runId: string;
  storeId: string;
  status: FleetStepStatus;
  /** What is being done, e.g. "writing the trust list", "ApplyChanges". */
  step: string;
  message: string | null;
}

export interface FleetPushResult {
  storeId: string;
  name: string;
  ok: boolean;
  /** What changed on the server, or why nothing did. */
  message: string;
  status: string | null;
  durationMs: number;
}

export interface FleetPushOutcome {
  results: FleetPushResult[];
  durationMs: number;
}

export interface RenewOutcome {
  /** The signing request the server created (PEM), always returned so it can be saved. */
  csrPem: string;
  /** The server's certificate after ApplyChanges and reconnect; null when only the CSR was asked for. */
  newCertificate: PeerCertificate | null;
}
