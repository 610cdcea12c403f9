import type { CertificateStatusName } from '../opcua/status-codes';
import type { FolderKind } from './cert';
import type { SecurityPolicyName } from './connect';

/**
 * Who presents the certificate: `client` = a client's certificate judged by a server (the store is
 * the server's PKI); `server` = a server's certificate judged by a client (the store is the client's).
 */
export type VerifyRole = 'client' | 'server';
export const VERIFY_ROLES: readonly VerifyRole[] = ['client', 'server'];

/** Checks a server's or client's settings can switch off (Part 4 §6.1.3, Part 12 TrustListValidationOptions). */
export const VERIFY_SUPPRESSIONS = [
  'revocationUnknown',
  'issuerRevocationUnknown',
  'timeInvalid',
  'issuerTimeInvalid',
  'hostNameInvalid',
  'uriInvalid',
  'useNotAllowed',
] as const;
export type VerifySuppression = (typeof VERIFY_SUPPRESSIONS)[number];

export interface VerifyContext {
  role: VerifyRole;
  securityPolicy: SecurityPolicyName;
  /** Host of the endpoint URL the client connects to; only checked for a server's certificate. */
  endpointHost?: string | null;
  /** The ApplicationUri the certificate must carry (the application description's); not compared when left out. */
  applicationUri?: string | null;
  suppress?: VerifySuppression[];
  /** Moment to judge at (ISO 8601); now when left out. */
  at?: string;
}

/** The validation steps of OPC UA Part 4 §6.1.3, in the order a compliant stack runs them. */
export type VerifyStepId =
  | 'structure'
  | 'chain'
  | 'signature'
  | 'security-policy'
  | 'trust-list'
  | 'validity'
  | 'host-name'
  | 'application-uri'
  | 'usage'
  | 'find-crl'
  | 'revocation';

export interface VerifyStepInfo {
  id: VerifyStepId;
  label: string;
  /** What the step checks, in plain words. */
  checks: string;
}

export const VERIFY_STEPS: readonly VerifyStepInfo[] = [
  { id: 'structure', label: 'Certificate structure', checks: 'the certificate is a readable X.509 v3 certificate' },
  { id: 'chain', label: 'Build the chain', checks: 'every issuer up to a self-signed root is in trusted/ or issuers/ (or was sent along)' },
  { id: 'signature', label: 'Signature', checks: "each certificate is signed by its issuer's key" },
  { id: 'security-policy', label: 'Security policy check', checks: 'key type, key size and signature algorithm are allowed by the security policy' },
  { id: 'trust-list', label: 'Trust list check', checks: 'the certificate, or a CA of its chain, is in trusted/' },
  { id: 'validity', label: 'Validity period', checks: 'the certificate and each issuer are inside their validity period' },
  { id: 'host-name', label: 'Host name', checks: "the server's certificate names the host of the endpoint (DNS or IP in subjectAltName)" },
  { id: 'application-uri', label: 'ApplicationUri', checks: 'the URI in subjectAltName is the application description\'s ApplicationUri' },
  { id: 'usage', label: 'Certificate usage', checks: 'keyUsage, extendedKeyUsage and the CA flag fit an application certificate, and each issuer may sign certificates' },
  { id: 'find-crl', label: 'Find the revocation list', checks: 'each CA of the chain has a current CRL in trusted/ or issuers/' },
  { id: 'revocation', label: 'Revocation check', checks: "no certificate of the chain is listed in its CA's CRL" },
];

export type VerifyStepStatus = 'passed' | 'failed' | 'skipped' | 'suppressed';

/** A certificate of the chain, as the trace names it. */
export interface VerifyCertificateRef {
  cn: string | null;
  sha1: string;
  /** Place in the chain: 0 = the certificate checked, 1 = its issuer, … */
  index: number;
}

/** One row of the checklist: a step, for one certificate of the chain (or the chain as a whole). */
export interface VerifyStep {
  id: VerifyStepId;
  label: string;
  status: VerifyStepStatus;
  certificate: VerifyCertificateRef | null;
  /** The status code of the failure (also when suppressed); null when passed or skipped. */
  statusCode: CertificateStatusName | null;
  statusHex: string | null;
  /** What was found, in plain words. */
  detail: string;
  /** What to do about it, when failed or suppressed. */
  fix: string | null;
  /** The switch that turned a failure into `suppressed`. */
  suppressedBy: VerifySuppression | null;
}

/** A certificate of the chain the engine built. */
export interface VerifyChainLink {
  cn: string | null;
  subject: string;
  issuer: string;
  sha1: string;
  sha256: string;
  /** Folders of the judging store holding this exact certificate; empty when it is not in the store. */
  folders: FolderKind[];
  /** Store-relative file, when it is in the store. */
  file: string | null;
  isCA: boolean;
  selfSigned: boolean;
  notBefore: string;
  notAfter: string;
}

export interface VerifyResult {
  /** What the judging application decides: `Good`, or the status of the first failing step (Part 4 order). */
  verdict: CertificateStatusName;
  /** e.g. "0x801A0000". */
  verdictHex: string;
  /** The step that decided the verdict; null when Good. */
  failedStep: VerifyStepId | null;
  /** Leaf first; ends at a self-signed root when complete. Empty when the certificate cannot be read. */
  chain: VerifyChainLink[];
  chainComplete: boolean;
  trace: VerifyStep[];
  context: {
    role: VerifyRole;
    securityPolicy: SecurityPolicyName;
    endpointHost: string | null;
    applicationUri: string | null;
    suppress: VerifySuppression[];
    at: string;
  };
  /**
   * What the client reads in the refusal, for a client certificate: servers hide most reasons so that
   * a client cannot probe their trust list. Null for a server certificate (the client sees its own verdict).
   */
  wireStatus: CertificateStatusName | null;
  wireStatusHex: string | null;
  wireNote: string | null;
  /** How node-opcua stacks behave differently for the failures found. */
  stackNotes: string[];
}
