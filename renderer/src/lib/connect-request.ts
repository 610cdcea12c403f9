import type { RequestInput } from '../../../shared/ipc/contract';
import { SECURITY_MODES, SECURITY_POLICIES, type SecurityModeName, type SecurityPolicyName } from '../../../shared/types/connect';
import type { DemoServerStatus, RecentConnection } from '../../../shared/types/demo';

export type PolicyChoice = SecurityPolicyName | 'auto';
export type ModeChoice = SecurityModeName | 'auto';

/** What the Test connection form holds. The password lives here only while the dialog is open. */
export interface ConnectForm {
  endpointUrl: string;
  securityPolicy: PolicyChoice;
  securityMode: ModeChoice;
  userName: string;
  password: string;
}

export type TestInput = RequestInput<'connect:test'>;

export const POLICY_LABEL: Record<PolicyChoice, string> = {
  auto: 'Most secure offered',
  Basic256Sha256: 'Basic256Sha256',
  Aes128_Sha256_RsaOaep: 'Aes128_Sha256_RsaOaep',
  Aes256_Sha256_RsaPss: 'Aes256_Sha256_RsaPss',
  None: 'None (no security)',
};

export const MODE_LABEL: Record<ModeChoice, string> = {
  auto: 'Most secure offered',
  SignAndEncrypt: 'SignAndEncrypt',
  Sign: 'Sign',
  None: 'None',
};

/** "Most secure offered" first, then the policies from strongest to none. */
export const POLICY_CHOICES: PolicyChoice[] = ['auto', 'Aes256_Sha256_RsaPss', 'Aes128_Sha256_RsaOaep', 'Basic256Sha256', 'None'];
export const MODE_CHOICES: ModeChoice[] = ['auto', 'SignAndEncrypt', 'Sign', 'None'];

export const EMPTY_FORM: ConnectForm = { endpointUrl: '', securityPolicy: 'auto', securityMode: 'auto', userName: '', password: '' };

const ENDPOINT_URL = /^opc\.tcp:\/\/[^\s]+$/i;

/** Why the URL cannot be tested, in words for the field's helper text; null when it can. */
export function endpointUrlProblem(url: string): string | null {
  const trimmed = url.trim();
  if (!trimmed) return 'Enter the server’s endpoint URL';
  if (!ENDPOINT_URL.test(trimmed)) return 'An OPC UA endpoint URL looks like opc.tcp://host:4840';
  return null;
}

/** The `connect:test` input for a form: no user name means anonymous, and then no password is sent. */
export function toTestInput(form: ConnectForm): TestInput {
  const userName = form.userName.trim();
  return {
    endpointUrl: form.endpointUrl.trim(),
    securityPolicy: form.securityPolicy,
    securityMode: form.securityMode,
    ...(userName ? { userName, password: form.password } : {}),
  };
}

function asPolicy(value: string): PolicyChoice {
  return value === 'auto' || (SECURITY_POLICIES as readonly string[]).includes(value) ? (value as PolicyChoice) : 'auto';
}

function asMode(value: string): ModeChoice {
  return value === 'auto' || (SECURITY_MODES as readonly string[]).includes(value) ? (value as ModeChoice) : 'auto';
}

/** A recent connection back in the form (its password was never kept). */
export function formFromRecent(recent: RecentConnection): ConnectForm {
  return { endpointUrl: recent.endpointUrl, securityPolicy: asPolicy(recent.securityPolicy), securityMode: asMode(recent.securityMode), userName: recent.userName ?? '', password: '' };
}

/** The URL the dialog starts with: the running demo server's, else the last one tested. */
export function defaultEndpointUrl(demo: DemoServerStatus | null, recent: readonly RecentConnection[]): string {
  if (demo?.state === 'running' && demo.endpointUrl) return demo.endpointUrl;
  return recent[0]?.endpointUrl ?? '';
}

/** "Aes256_Sha256_RsaPss · SignAndEncrypt", or "Most secure offered" when the host could not resolve it. */
export function securityText(policy: string, mode: string): string {
  if (policy === 'auto' && mode === 'auto') return POLICY_LABEL.auto;
  return `${policy === 'auto' ? 'any policy' : policy} · ${mode === 'auto' ? 'any mode' : mode}`;
}
