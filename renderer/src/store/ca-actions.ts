import type { Api, InstallSignedOutcome } from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/ipc/result';
import type { OwnCertFile, OwnCertKeySize } from '../../../shared/types/own-certs';
import { plural } from '../lib/format';
import type { Platform } from '../lib/platform';
import type { AppStore } from './app-state';

export interface CreateCaRequest {
  commonName: string;
  organization?: string;
  keySize: OwnCertKeySize;
  validityDays: number;
}

/** The Local CA view's requests: create, sign, revoke, publish the CRL, deploy, download; one error presentation for all. */
export function createCaActions(api: Api, store: AppStore, platform: Platform) {
  const state = () => store.getState();

  async function request<T>(what: string, work: () => Promise<Result<T>>): Promise<T | null> {
    if (state().caBusy) return null;
    state().setCaBusy(true);
    const result = await work();
    state().setCaBusy(false);
    if (!result.ok) {
      state().presentError(what, result.error, () => void request(what, work));
      return null;
    }
    return result.value;
  }

  async function load(): Promise<void> {
    const result = await api['ca:get']({});
    if (result.ok) state().setCa(result.value);
    else state().presentError('Could not read the local CA', result.error, () => void load());
  }

  function open(): void {
    state().setCaOpen(true);
    void load();
  }

  async function create(input: CreateCaRequest): Promise<boolean> {
    const ca = await request('Could not create the CA', () => api['ca:init']({ ...input, organization: input.organization?.trim() || undefined }));
    if (!ca) return false;
    state().setCa(ca);
    state().notify({ severity: 'success', message: `Created the local CA "${input.commonName}"`, hint: 'Deploy it to the servers that should accept the certificates it signs.' });
    return true;
  }

  function applyInstalled(outcome: InstallSignedOutcome): void {
    state().setOwnCerts(outcome.certificates);
    state().replaceStore(outcome.store);
  }

  /** Signs a request file; the signed certificate, followed by the CA certificate, is saved for the requester. */
  async function signRequest(csr: OwnCertFile, validityDays: number): Promise<boolean> {
    const done = await request('Could not sign the request', () => api['ca:sign']({ csr, validityDays }));
    if (!done) return false;
    state().setCa(done.ca);
    const name = `${csr.name.replace(/\.(csr|der|pem|req)(\.der)?$/i, '') || 'signed'}_signed.pem`;
    platform.download(name, btoa(done.signed.certificatePem + done.signed.caCertificatePem), 'application/x-pem-file');
    state().notify({ severity: 'success', message: `Signed serial ${done.signed.issued.serial}; saved as ${name} (with the CA certificate)`, hint: 'Install it where the request was made.' });
    return true;
  }

  /** Signs a request made for an own certificate's key and installs the result at once. */
  async function signOwn(ownId: string, validityDays: number): Promise<boolean> {
    const done = await request('Could not sign the certificate', () => api['ca:sign']({ ownId, validityDays }));
    if (!done) return false;
    state().setCa(done.ca);
    if (done.own) applyInstalled(done.own);
    state().notify({ severity: 'success', message: `Signed and installed "${done.own?.installed.certificate.name ?? ownId}"; the self-signed one is kept as a backup` });
    return true;
  }

  async function revoke(serial: string): Promise<boolean> {
    const done = await request('Could not revoke the certificate', () => api['ca:revoke']({ serial }));
    if (!done) return false;
    state().setCa(done);
    state().notify({ severity: 'success', message: `Revoked serial ${serial}; CRL #${done.info?.crl?.crlNumber} published`, hint: 'Deploy the CRL so that servers refuse it.' });
    return true;
  }

  async function publishCrl(): Promise<boolean> {
    const done = await request('Could not publish the CRL', () => api['ca:publish-crl']({}));
    if (!done) return false;
    state().setCa(done);
    state().notify({ severity: 'success', message: `CRL #${done.info?.crl?.crlNumber} published` });
    return true;
  }

  /** Copies the CA certificate and CRL into the chosen stores; the report stays on screen. */
  async function deploy(storeIds: string[], to: 'issuers' | 'trusted'): Promise<boolean> {
    const done = await request('Could not deploy the CA', () => api['ca:deploy']({ storeIds, to }));
    if (!done) return false;
    for (const view of done.stores) state().replaceStore(view);
    state().setCaDeployReport(done.reports);
    const failed = done.reports.filter((r) => r.error).length;
    state().notify(
      failed
        ? { severity: 'warning', message: `Deployed to ${done.reports.length - failed} of ${plural(done.reports.length, 'store')}; ${failed} failed` }
        : { severity: 'success', message: `Deployed the CA certificate and CRL to ${plural(done.reports.length, 'store')}` },
    );
    return true;
  }

  /** Saves the CA certificate or its CRL, to copy by hand to a server the app does not manage. */
  async function download(what: 'certificate' | 'crl', format: 'der' | 'pem'): Promise<boolean> {
    const label = what === 'crl' ? 'the CRL' : 'the CA certificate';
    const file = await request(`Could not download ${label}`, () => api['ca:download']({ what, format }));
    if (!file) return false;
    platform.download(file.name, file.base64, file.mime);
    state().notify({ severity: 'success', message: `Saved ${label} as ${file.name}` });
    return true;
  }

  return { load, open, create, signRequest, signOwn, revoke, publishCrl, deploy, download };
}

export type CaActions = ReturnType<typeof createCaActions>;
