/**
 * The boundary between the OPC UA Part 12 push protocol (electron/core/remote/protocol/: the client
 * that calls a server's ServerConfiguration and TrustList methods, and the demo server's
 * implementation of them) and the app's remote stores, fleet sync and CLI built on top of it.
 */
import type { SecurityModeName, SecurityPolicyName } from '../../../shared/types/connect';

/** TrustListMasks (Part 12 §7.8.2.8): which lists a trust list read or write covers. */
export const TrustListMasks = {
  None: 0,
  TrustedCertificates: 1,
  TrustedCrls: 2,
  IssuerCertificates: 4,
  IssuerCrls: 8,
  All: 15,
} as const;

/** A server's trust list (TrustListDataType, Part 12 §7.8.2.6); every item DER. */
export interface TrustListContent {
  specifiedLists: number;
  trustedCertificates: Buffer[];
  trustedCrls: Buffer[];
  issuerCertificates: Buffer[];
  issuerCrls: Buffer[];
}

/** How the app reaches a remote server's push management: always an encrypted channel and a SecurityAdmin user. */
export interface PushConnectOptions {
  endpointUrl: string;
  securityPolicy: Exclude<SecurityPolicyName, 'None'>;
  securityMode: Extract<SecurityModeName, 'Sign' | 'SignAndEncrypt'>;
  userName: string;
  password: string;
  /** Our client identity (the app's own certificate and its key file, PEM). */
  certificateFile: string;
  privateKeyFile: string;
  /** The client PKI folder used to judge the server's certificate (node-opcua layout). */
  clientPkiRoot: string;
  /** Per request and for connecting (default 10 s). */
  timeoutMs?: number;
}

/** An open, authenticated session on a server's ServerConfiguration object. */
export interface PushSession {
  readonly endpointUrl: string;
  /** The server's application instance certificate (DER), as its endpoint presents it. */
  readonly serverCertificate: Buffer;
  /** Open(Read) or OpenWithMasks, Read until the end, Close; decoded. */
  readTrustList(masks?: number): Promise<TrustListContent>;
  /** Open(Write|EraseExisting), Write in chunks, CloseAndUpdate; replaces the lists named by `specifiedLists`. */
  writeTrustList(list: TrustListContent): Promise<{ applyChangesRequired: boolean }>;
  /** TrustList.AddCertificate: one certificate into trusted (true) or issuers (false). */
  addCertificate(der: Buffer, isTrustedCertificate: boolean): Promise<{ applyChangesRequired: boolean }>;
  /** TrustList.RemoveCertificate by SHA-1 thumbprint (hex, any case); also removes that CA's CRLs (Part 12). */
  removeCertificate(sha1Thumbprint: string, isTrustedCertificate: boolean): Promise<{ applyChangesRequired: boolean }>;
  /** ServerConfiguration.GetRejectedList. */
  getRejectedList(): Promise<Buffer[]>;
  /** ServerConfiguration.ApplyChanges. */
  applyChanges(): Promise<void>;
  /** ServerConfiguration.CreateSigningRequest for the DefaultApplicationGroup / RsaSha256ApplicationCertificateType. */
  createSigningRequest(options?: { subjectName?: string; regeneratePrivateKey?: boolean }): Promise<Buffer>;
  /** ServerConfiguration.UpdateCertificate with the signed certificate and its issuer chain. */
  updateCertificate(certificate: Buffer, issuerCertificates: Buffer[]): Promise<{ applyChangesRequired: boolean }>;
  close(): Promise<void>;
}

/**
 * Why a push call failed, in words a user can act on. `status` is the OPC UA status code name
 * (BadUserAccessDenied, BadCertificateUntrusted, BadSecurityChecksFailed, BadInvalidState, ...),
 * `step` what was being done ("connect", "activate session", "read trust list", ...).
 */
export class PushError extends Error {
  constructor(
    readonly step: string,
    readonly status: string | null,
    message: string,
    /** Set when our side does not trust the server's certificate (status BadCertificateUntrusted): its DER, for the certificate dialog. */
    readonly serverCertificate?: Buffer,
  ) {
    super(message);
    this.name = 'PushError';
  }
}
