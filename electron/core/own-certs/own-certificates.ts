import type { LayoutId } from '../../../shared/pki/layouts';
import type {
  AssignmentSecurityMode,
  CertificateChoice,
  DeleteOwnCertResult,
  ExportedOwnFile,
  GenerateOwnCertInput,
  InstallSignedResult,
  OwnCertAssignment,
  OwnCertFile,
  OwnCertView,
  RegenerateOwnCertOptions,
  SigningRequest,
  UploadOwnCertInput,
  UploadOwnCertResult,
} from '../../../shared/types/own-certs';
import { assignedSecurityMode, assignOwnCertificate, certificateFor, setDefaultOwnCertificate, unassignConnection } from './assignments';
import { findRecord, openContext, readRecords, type OwnCertContext } from './context';
import { exportOwnCertificate, exportOwnPrivateKey } from './exports';
import { deleteOwnBackup, deleteOwnCertificate, generateOwnCertificate, regenerateOwnCertificate, type ProgressListener } from './lifecycle';
import { createOwnSigningRequest, installSignedCertificate } from './signing-request';
import { uploadOwnCertificate } from './upload';
import { viewOf, type ViewOptions } from './view';

export interface OpenOwnCertificatesOptions {
  /** Layout of the PKI folder; detected when left out, node-opcua when the folder is new. */
  layout?: LayoutId;
  /** Badge "expiring soon" this many days before expiry (default 30). */
  expiringSoonDays?: number;
}

/**
 * The own (application instance) certificates of one PKI folder, Koios-style: a registry in
 * `<pki>/.uatrust/own-certificates.json` of certificates with their keys in own/certs and
 * own/private, one of them the default, assigned to connections. The app's first-start identity
 * (own/certs/client_certificate.pem) is adopted as the default. Results are plain data; private
 * keys are never part of them except through `exportPrivateKey(…, { confirm: true })`.
 */
export class OwnCertificates {
  private constructor(
    private readonly context: OwnCertContext,
    private readonly expiringSoonDays: number | undefined,
  ) {}

  /** Opens the own certificates of a PKI folder (the folder and its layout's folders are created when missing). */
  static open(pkiRoot: string, options: OpenOwnCertificatesOptions = {}): OwnCertificates {
    return new OwnCertificates(openContext(pkiRoot, options.layout), options.expiringSoonDays);
  }

  /** Real path of the PKI folder. */
  get root(): string {
    return this.context.folders.root;
  }

  private viewOptions(options?: ViewOptions): ViewOptions {
    return { expiringSoonDays: this.expiringSoonDays, ...options };
  }

  /** Every own certificate with its badges, parsed fields and connection count; the default first. */
  list(options?: ViewOptions): OwnCertView[] {
    const records = readRecords(this.context);
    return [...records].sort((a, b) => Number(b.isDefault) - Number(a.isDefault)).map((r) => viewOf(this.context, r, this.viewOptions(options)));
  }

  /** One own certificate by id, name or thumbprint prefix. */
  get(ref: string, options?: ViewOptions): OwnCertView {
    return viewOf(this.context, findRecord(this.context, readRecords(this.context), ref), this.viewOptions(options));
  }

  /** Generates an RSA key and a self-signed OPC UA certificate; reports 'generating-key' → 'signing' → 'writing' → 'done'. */
  async generate(input: GenerateOwnCertInput, onProgress?: ProgressListener): Promise<OwnCertView> {
    return this.get(await generateOwnCertificate(this.context, input, onProgress));
  }

  /** Registers a certificate + PEM key, or a .pfx; refused before anything is written when they do not match. */
  async upload(input: UploadOwnCertInput): Promise<UploadOwnCertResult> {
    const { id, issuers } = await uploadOwnCertificate(this.context, input);
    return { certificate: this.get(id), issuers, warnings: [] };
  }

  /** New key and certificate, same name, ApplicationUri and assignments; the old pair is kept as a backup. */
  async regenerate(ref: string, options?: RegenerateOwnCertOptions, onProgress?: ProgressListener): Promise<OwnCertView> {
    return this.get(await regenerateOwnCertificate(this.context, ref, options, onProgress));
  }

  /** Deletes a certificate that is not the default; its connections fall back to the default (listed in the result). */
  delete(ref: string): DeleteOwnCertResult {
    return deleteOwnCertificate(this.context, ref);
  }

  deleteBackup(ref: string, backupId: string): OwnCertView {
    deleteOwnBackup(this.context, ref, backupId);
    return this.get(ref);
  }

  setDefault(ref: string): OwnCertView {
    setDefaultOwnCertificate(this.context, ref);
    return this.get(ref);
  }

  assign(ref: string, endpointUrl: string, securityMode: AssignmentSecurityMode): OwnCertAssignment {
    return assignOwnCertificate(this.context, ref, endpointUrl, securityMode);
  }

  /** The connection then uses the default; false when it had no assignment. */
  unassign(endpointUrl: string): boolean {
    return unassignConnection(this.context, endpointUrl);
  }

  /** The security mode a connection's assignment asks for; null when the connection has none. */
  securityModeFor(endpointUrl: string): AssignmentSecurityMode | null {
    return assignedSecurityMode(this.context, endpointUrl);
  }

  /** Certificate and key files (absolute) a connection to the endpoint uses: assigned, else the default. */
  certificateFor(endpointUrl: string): CertificateChoice {
    return certificateFor(this.context, endpointUrl);
  }

  exportCertificate(ref: string, format: 'der' | 'pem'): ExportedOwnFile {
    return exportOwnCertificate(this.context, ref, format);
  }

  /** The private key, PEM; only with `confirm: true`. */
  exportPrivateKey(ref: string, options: { confirm: true }): ExportedOwnFile {
    return exportOwnPrivateKey(this.context, ref, options);
  }

  createSigningRequest(ref: string, format: 'der' | 'pem' = 'pem'): Promise<SigningRequest> {
    return createOwnSigningRequest(this.context, ref, format);
  }

  /** Installs the CA-signed certificate (files may also hold the issuer chain and CRLs, which go to issuers). */
  installSigned(ref: string, files: OwnCertFile[]): InstallSignedResult {
    const { id, issuers, warnings } = installSignedCertificate(this.context, ref, files);
    return { certificate: this.get(id), issuers, warnings };
  }
}
