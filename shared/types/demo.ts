import type { SecurityModeName, SecurityPolicyName } from './connect';

export type ClientValidationMode = 'trusted-list' | 'trusted-ca' | 'accept-any';

export const CLIENT_VALIDATION_LABELS: Record<ClientValidationMode, string> = {
  'trusted-list': 'Trusted certificates list',
  'trusted-ca': 'Trusted CA list',
  'accept-any': 'Accept any',
};

export interface DemoServerSettings {
  /** Start with the app (npm start's default), so a newcomer can try the whole loop. */
  autoStart: boolean;
  /** Port tried first; the next free one is taken when busy. */
  port: number;
  validation: ClientValidationMode;
  addRefusedToRejected: boolean;
}

export interface DemoServerStatus extends DemoServerSettings {
  /** The port it listens on while running (the setting `port` is only the first one tried). */
  listeningPort: number | null;
  state: 'stopped' | 'starting' | 'running' | 'failed';
  endpointUrl: string | null;
  /** Id of the store that is the demo server's PKI. */
  storeId: string;
  error: string | null;
}

export interface RecentConnection {
  endpointUrl: string;
  /** What the user chose ('auto' = most secure offered), so a re-run asks the same. */
  securityPolicy: SecurityPolicyName | 'auto';
  securityMode: SecurityModeName | 'auto';
  userName: string | null;
  outcome: 'connected' | 'failed' | 'server-untrusted';
  status: string | null;
  at: string;
  durationMs: number;
}
