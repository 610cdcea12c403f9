import type { CertSummary } from './cert';
import type { ImportResult } from './changes';

/** Badges of an own certificate, as Koios shows them. */
export type OwnCertStatus = 'valid' | 'expiring-soon' | 'expired' | 'missing-files';

export const OWN_CERT_KEY_SIZES = [2048, 3072, 4096] as const;
export type OwnCertKeySize = (typeof OWN_CERT_KEY_SIZES)[number];

/** Security modes a connection can use an own certificate with (None needs none). */
export const ASSIGNMENT_SECURITY_MODES = ['Sign', 'SignAndEncrypt'] as const;
export type AssignmentSecurityMode = (typeof ASSIGNMENT_SECURITY_MODES)[number];

/** Steps reported while a certificate is generated (RSA-4096 key generation takes seconds). */
export type OwnCertProgress = 'generating-key' | 'signing' | 'writing' | 'done';

export interface OwnCertAssignment {
  /** Endpoint URL of the connection, normalized (lower-case scheme and host, no trailing slash). */
  connection: string;
  securityMode: AssignmentSecurityMode;
}

/** An earlier certificate (and key) of a record, kept until the user deletes it. */
export interface OwnCertBackup {
  id: string;
  createdAt: string;
  reason: 'regenerated' | 'signed-certificate-installed';
  /** Store-relative, inside own/certs/backup. */
  certificateFile: string;
  /** Store-relative, inside own/private/backup; null when the key did not change (a signed certificate was installed). */
  privateKeyFile: string | null;
  sha1: string | null;
  notAfter: string | null;
}

/** One own certificate as the registry (`<pki>/.uatrust/own-certificates.json`) keeps it. */
export interface OwnCertRecord {
  id: string;
  name: string;
  description: string;
  applicationName: string;
  applicationUri: string;
  hostnames: string[];
  ips: string[];
  keySize: number;
  validityDays: number;
  /** Store-relative path inside own/certs, with `/` separators. */
  certificateFile: string;
  /** Store-relative path inside own/private, with `/` separators. */
  privateKeyFile: string;
  isDefault: boolean;
  assignments: OwnCertAssignment[];
  backups: OwnCertBackup[];
  /** How the record came to be: the app's first-start identity, generated here, or uploaded. */
  origin: 'adopted' | 'generated' | 'uploaded';
  createdAt: string;
  updatedAt: string;
}

/** What the certificate file says (the same fields and problems as a stored certificate). */
export type OwnCertificateDetails = Omit<CertSummary, 'folder' | 'file' | 'format' | 'bundleSiblings'>;

export type OwnCertFileState = 'ok' | 'missing' | 'unreadable';

/** A record with what is on disk now: badges, parsed certificate, file states. Never key material. */
export interface OwnCertView extends OwnCertRecord {
  statuses: OwnCertStatus[];
  /** Connections assigned to this certificate (the default also serves every unassigned one). */
  connectionCount: number;
  /** Null when the certificate file is missing or unreadable. */
  certificate: OwnCertificateDetails | null;
  /** Whole days until notAfter (negative once expired), null without a readable certificate. */
  expiresInDays: number | null;
  files: {
    certificate: OwnCertFileState;
    /** `mismatch`: the key on disk does not belong to the certificate. */
    privateKey: OwnCertFileState | 'mismatch';
  };
  /** Plain-word notes on what is wrong with the files, empty when all is well. */
  fileProblems: string[];
}

/** A file handed over as plain data (uploads, exports): a name and its bytes in base64. */
export interface OwnCertFile {
  name: string;
  base64: string;
}

export interface ExportedOwnFile extends OwnCertFile {
  format: 'der' | 'pem';
  mime: string;
}

export interface GenerateOwnCertInput {
  name: string;
  description?: string;
  /** In the subject CN (`<application name>@<host>`) and the default ApplicationUri. Default OpcUaTrustManager. */
  applicationName?: string;
  /** DNS names in subjectAltName; the first one is the host of the default ApplicationUri. Default: this host's name. */
  hostnames?: string[];
  ips?: string[];
  /** Default `urn:<first hostname>:<application name>`. */
  applicationUri?: string;
  organization?: string;
  keySize?: OwnCertKeySize;
  /** Default 730. */
  validityDays?: number;
  /** Make it the default certificate (the first certificate always is). */
  makeDefault?: boolean;
}

export interface UploadOwnCertInput {
  name: string;
  description?: string;
  /** DER or PEM certificate (.der .pem .crt .cer), optionally followed by its issuer chain. */
  certificate?: OwnCertFile;
  /** PEM private key (PKCS#8 or PKCS#1; encrypted ones need `privateKeyPassword`). */
  privateKey?: OwnCertFile;
  privateKeyPassword?: string;
  /** PKCS#12 bundle instead of certificate + key. */
  pfx?: OwnCertFile;
  pfxPassword?: string;
  makeDefault?: boolean;
}

export interface RegenerateOwnCertOptions {
  keySize?: OwnCertKeySize;
  validityDays?: number;
}

export interface DeleteOwnCertResult {
  deleted: { id: string; name: string };
  /** The default certificate the connections below now use. */
  fallback: { id: string; name: string };
  /** Connections that were assigned to the deleted certificate and now fall back to the default. */
  connections: OwnCertAssignment[];
}

/** The certificate and key a connection to an endpoint uses. Paths are absolute. */
export interface CertificateChoice {
  id: string;
  name: string;
  source: 'assigned' | 'default';
  /** The assignment's security mode, null when the default serves the connection. */
  securityMode: AssignmentSecurityMode | null;
  certificateFile: string;
  privateKeyFile: string;
  applicationUri: string;
  statuses: OwnCertStatus[];
}

export interface SigningRequest extends ExportedOwnFile {
  subject: string;
  applicationUri: string;
  dns: string[];
  ip: string[];
}

export interface InstallSignedResult {
  certificate: OwnCertView;
  /** Issuer certificates and CRLs copied into the store's issuers folders. */
  issuers: ImportResult[];
  /** Things the user should know that did not stop the install (e.g. the issuer is not in the store). */
  warnings: string[];
}

/** An upload: the registered certificate and the issuer certificates that came with it (copied into issuers/). */
export type UploadOwnCertResult = InstallSignedResult;

/** A certificate issued by the local CA, as its index keeps it. */
export interface IssuedCertificate {
  /** Lower-case hex, no colons. */
  serial: string;
  subject: string;
  applicationUri: string | null;
  sha1: string;
  sha256: string;
  notBefore: string;
  notAfter: string;
  issuedAt: string;
  status: 'valid' | 'revoked';
  revokedAt: string | null;
  /** CA-relative file of the issued certificate. */
  file: string;
}

export interface CrlInfo {
  crlNumber: number;
  thisUpdate: string;
  nextUpdate: string;
  revokedSerials: string[];
  /** CA-relative file of the current CRL (PEM). */
  file: string;
  sha256: string;
}

export interface LocalCaInfo {
  dir: string;
  subject: string;
  sha1: string;
  sha256: string;
  notBefore: string;
  notAfter: string;
  keySize: number;
  /** The serial the next signed certificate gets (hex). */
  nextSerial: string;
  issued: number;
  revoked: number;
  crl: CrlInfo | null;
}

export interface SignedByCa {
  issued: IssuedCertificate;
  /** The signed certificate, PEM. */
  certificatePem: string;
  /** The CA certificate, PEM: the issuer to install with it. */
  caCertificatePem: string;
}

export interface CaDeployResult {
  store: string;
  to: 'issuers' | 'trusted';
  results: ImportResult[];
  /** Older CRLs of this CA removed from the store (files). */
  removedCrls: string[];
  error: string | null;
}
