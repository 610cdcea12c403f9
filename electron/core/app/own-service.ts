import type { OwnCertProgressEvent, OwnCertsOutcome } from '../../../shared/ipc/contract';
import type { StoreView } from '../../../shared/types/store';
import type {
  AssignmentSecurityMode,
  DeleteOwnCertResult,
  ExportedOwnFile,
  GenerateOwnCertInput,
  OwnCertView,
  RegenerateOwnCertOptions,
  SigningRequest,
  UploadOwnCertInput,
  UploadOwnCertResult,
} from '../../../shared/types/own-certs';
import { OwnCertificates } from '../own-certs';

/** What the own-certificate service needs from the app around it (TrustService gives it). */
export interface OwnHost {
  /** The app's own PKI folder (`<home>/pki`). */
  pkiRoot(): string;
  expiringSoonDays(): number;
  /** Called before we write to the app store: the watcher's echo of our own write is not news. */
  willWrite(): void;
  /** The app store, re-read. */
  appStoreView(): StoreView;
  emitProgress(event: OwnCertProgressEvent): void;
}

/** Own certificates of the app's store (Koios-style): generate, upload, default, assign, export, CSR. */
export class OwnCertService {
  private opened: OwnCertificates | null = null;

  constructor(private readonly host: OwnHost) {}

  /** The own certificates of the app store, opened on first use. */
  certificates(): OwnCertificates {
    this.opened ??= OwnCertificates.open(this.host.pkiRoot(), { layout: 'node-opcua', expiringSoonDays: this.host.expiringSoonDays() });
    return this.opened;
  }

  /** Opens them again on next use (the expiring-soon threshold changed). */
  reopen(): void {
    this.opened = null;
  }

  /** After a change: the list and the app store re-read. */
  outcome(): OwnCertsOutcome {
    this.host.willWrite();
    return { certificates: this.certificates().list(), store: this.host.appStoreView() };
  }

  list(): OwnCertView[] {
    return this.certificates().list();
  }

  /** Generates a self-signed certificate; `own:progress` events carry the steps under the caller's run id. */
  async generate(input: GenerateOwnCertInput & { runId?: string }): Promise<OwnCertsOutcome & { certificate: OwnCertView }> {
    const { runId, ...request } = input;
    this.host.willWrite();
    const certificate = await this.certificates().generate(request, (step) => runId && this.host.emitProgress({ runId, step }));
    return { certificate, ...this.outcome() };
  }

  async upload(input: UploadOwnCertInput): Promise<OwnCertsOutcome & { upload: UploadOwnCertResult }> {
    this.host.willWrite();
    const upload = await this.certificates().upload(input);
    return { upload, ...this.outcome() };
  }

  async regenerate(input: RegenerateOwnCertOptions & { id: string; runId?: string }): Promise<OwnCertsOutcome & { certificate: OwnCertView }> {
    const { id, runId, ...options } = input;
    this.host.willWrite();
    const certificate = await this.certificates().regenerate(id, options, (step) => runId && this.host.emitProgress({ runId, step }));
    return { certificate, ...this.outcome() };
  }

  delete(id: string): OwnCertsOutcome & { deleted: DeleteOwnCertResult } {
    this.host.willWrite();
    const deleted = this.certificates().delete(id);
    return { deleted, ...this.outcome() };
  }

  setDefault(id: string): OwnCertsOutcome {
    this.certificates().setDefault(id);
    return this.outcome();
  }

  /** Assigns a certificate to a connection; a null id sends the connection back to the default. */
  assign(input: { id: string | null; endpointUrl: string; securityMode: AssignmentSecurityMode }): OwnCertsOutcome {
    if (input.id === null) this.certificates().unassign(input.endpointUrl);
    else this.certificates().assign(input.id, input.endpointUrl, input.securityMode);
    return this.outcome();
  }

  export(input: { id: string; what: 'certificate'; format: 'der' | 'pem' } | { id: string; what: 'private-key'; confirm: true }): ExportedOwnFile {
    if (input.what === 'private-key') return this.certificates().exportPrivateKey(input.id, { confirm: input.confirm });
    return this.certificates().exportCertificate(input.id, input.format);
  }

  createSigningRequest(input: { id: string; format: 'der' | 'pem' }): Promise<SigningRequest> {
    return this.certificates().createSigningRequest(input.id, input.format);
  }
}
