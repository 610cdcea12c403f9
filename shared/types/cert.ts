/** The four folders a user sees in every store, whatever the stack's layout. */
export type FolderKind = 'own' | 'trusted' | 'issuers' | 'rejected';
export const FOLDER_KINDS: readonly FolderKind[] = ['own', 'trusted', 'issuers', 'rejected'];

/** How a file is encoded on disk. */
export type FileFormat = 'der' | 'pem';

export type CertProblemCode =
  | 'expired'
  | 'not-yet-valid'
  | 'expiring-soon'
  | 'no-application-uri'
  | 'sha1-signature'
  | 'weak-rsa-key'
  | 'missing-key-usage'
  | 'ca-without-crl'
  | 'trusted-and-rejected'
  | 'crl-expired'
  | 'unreadable';

export interface CertProblem {
  code: CertProblemCode;
  /** Plain words for the user, e.g. "expired 3 days ago". */
  message: string;
  /** `warning` can still work; `error` means a stack will refuse it. */
  severity: 'error' | 'warning' | 'info';
}

export interface DistinguishedName {
  cn: string | null;
  o: string | null;
  /** The whole name, e.g. "CN=Server, O=Acme, C=DE". */
  text: string;
}

interface EntryBase {
  folder: FolderKind;
  /** Path relative to the store root, with `/` separators. */
  file: string;
  problems: CertProblem[];
}

/** A certificate as it crosses the IPC boundary: plain data, never key material. */
export interface CertSummary extends EntryBase {
  kind: 'certificate';
  /** SHA-256 thumbprint (lowercase hex): the certificate's identity. */
  id: string;
  sha1: string;
  sha256: string;
  serialNumber: string;
  subject: DistinguishedName;
  issuer: DistinguishedName;
  applicationUri: string | null;
  dns: string[];
  ip: string[];
  notBefore: string;
  notAfter: string;
  keyType: string;
  keySize: number;
  signatureAlgorithm: string;
  keyUsage: string[];
  extendedKeyUsage: string[];
  selfSigned: boolean;
  isCA: boolean;
  format: FileFormat;
  /** Other certificates in the same file (PEM bundle or DER chain), 0 for a single one. */
  bundleSiblings: number;
}

export interface CrlSummary extends EntryBase {
  kind: 'crl';
  /** SHA-256 of the CRL's DER bytes. */
  id: string;
  issuer: DistinguishedName;
  thisUpdate: string;
  nextUpdate: string | null;
  revokedSerials: string[];
  signatureAlgorithm: string;
  format: FileFormat;
}

/** A file in a certificate folder that could not be read as a certificate or CRL. */
export interface UnreadableEntry extends EntryBase {
  kind: 'unreadable';
  /** Stable id derived from the file path. */
  id: string;
  size: number | null;
  reason: string;
}

export type StoreEntry = CertSummary | CrlSummary | UnreadableEntry;
