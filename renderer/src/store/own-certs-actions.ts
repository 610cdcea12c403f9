import type { Api, OwnCertProgressEvent, OwnCertsOutcome } from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/ipc/result';
import type { AssignmentSecurityMode, GenerateOwnCertInput, OwnCertFile } from '../../../shared/types/own-certs';
import { plural } from '../lib/format';
import type { Platform } from '../lib/platform';
import type { AppStore } from './app-state';

export type UploadRequest =
  | { name: string; description?: string; certificate: OwnCertFile; privateKey: OwnCertFile; privateKeyPassword?: string }
  | { name: string; description?: string; pfx: OwnCertFile; pfxPassword?: string };

let runCounter = 0;
const newRunId = () => `own-${Date.now().toString(36)}-${++runCounter}`;

/** The Own certificates view's requests: each one updates the list and the app store, and reports failures one way. */
export function createOwnCertActions(api: Api, store: AppStore, platform: Platform) {
  const state = () => store.getState();

  function apply(outcome: OwnCertsOutcome): void {
    state().setOwnCerts(outcome.certificates);
    state().replaceStore(outcome.store);
  }

  /** Runs one request at a time; false (and one error message, with Retry) when the host refuses. */
  async function request<T>(what: string, work: () => Promise<Result<T>>): Promise<T | null> {
    if (state().ownBusy) return null;
    state().setOwnBusy(true);
    const result = await work();
    state().setOwnBusy(false);
    if (!result.ok) {
      state().presentError(what, result.error, () => void request(what, work));
      return null;
    }
    return result.value;
  }

  async function load(): Promise<void> {
    const result = await api['own:list']({});
    if (result.ok) state().setOwnCerts(result.value);
    else state().presentError('Could not read the own certificates', result.error, () => void load());
  }

  async function loadSettings(): Promise<void> {
    const result = await api['settings:get']({});
    if (result.ok) state().setAppSettings(result.value);
  }

  function open(): void {
    state().setOwnCertsOpen(true);
    void load();
    void loadSettings();
  }

  /** A new expiring-soon threshold: saved, then the badges are re-read with it. */
  async function setExpiringSoonDays(days: number): Promise<boolean> {
    const settings = await request('Could not save the threshold', () => api['settings:update']({ expiringSoonDays: days }));
    if (!settings) return false;
    state().setAppSettings(settings);
    await load();
    return true;
  }

  /** The connection (endpoint URL) then presents this certificate, with the security mode given. */
  async function assign(id: string, endpointUrl: string, securityMode: AssignmentSecurityMode): Promise<boolean> {
    const done = await request('Could not assign the certificate', () => api['own:assign']({ id, endpointUrl, securityMode }));
    if (!done) return false;
    apply(done);
    const name = done.certificates.find((c) => c.id === id)?.name ?? id;
    state().notify({ severity: 'success', message: `${endpointUrl} now uses "${name}" (${securityMode})` });
    return true;
  }

  /** The connection goes back to the default certificate. */
  async function unassign(endpointUrl: string): Promise<boolean> {
    const done = await request('Could not remove the assignment', () => api['own:assign']({ id: null, endpointUrl }));
    if (!done) return false;
    apply(done);
    const fallback = done.certificates.find((c) => c.isDefault)?.name;
    state().notify({ severity: 'success', message: `${endpointUrl} now uses the default certificate${fallback ? ` "${fallback}"` : ''}` });
    return true;
  }

  /** Installs the CA-signed certificate (and its issuers and CRLs) on an own certificate; warnings stay on screen. */
  async function installSigned(id: string, files: OwnCertFile[]): Promise<boolean> {
    const done = await request('Could not install the signed certificate', () => api['own:install-signed']({ id, files }));
    if (!done) return false;
    apply(done);
    const issuers = done.installed.issuers.filter((r) => r.file).length;
    state().notify({
      severity: done.installed.warnings.length ? 'warning' : 'success',
      message: `Installed the signed certificate of "${done.installed.certificate.name}"${issuers ? `; ${plural(issuers, 'issuer file')} copied to Issuers` : ''}`,
      hint: done.installed.warnings.join(' ') || 'The self-signed certificate is kept as a backup.',
    });
    return true;
  }

  function onProgress(event: OwnCertProgressEvent): void {
    state().setOwnRunStep(event.runId, event.step);
  }

  async function generate(input: GenerateOwnCertInput): Promise<boolean> {
    const runId = newRunId();
    state().setOwnRun({ runId, id: null, step: null });
    const done = await request('Could not generate the certificate', () => api['own:generate']({ ...input, runId }));
    state().setOwnRun(null);
    if (!done) return false;
    apply(done);
    state().notify({ severity: 'success', message: `Generated "${done.certificate.name}"` });
    return true;
  }

  async function upload(input: UploadRequest): Promise<boolean> {
    const done = await request('Could not upload the certificate', () => api['own:upload'](input));
    if (!done) return false;
    apply(done);
    const issuers = done.upload.issuers.filter((r) => r.file).length;
    state().notify({ severity: 'success', message: `Uploaded "${done.upload.certificate.name}"${issuers ? `; ${plural(issuers, 'issuer certificate')} copied to Issuers` : ''}` });
    return true;
  }

  async function regenerate(id: string): Promise<boolean> {
    const runId = newRunId();
    state().setOwnRun({ runId, id, step: null });
    const done = await request('Could not regenerate the certificate', () => api['own:regenerate']({ id, runId }));
    state().setOwnRun(null);
    if (!done) return false;
    apply(done);
    state().notify({ severity: 'success', message: `Regenerated "${done.certificate.name}"; the old certificate is kept as a backup` });
    return true;
  }

  async function remove(id: string): Promise<boolean> {
    const done = await request('Could not delete the certificate', () => api['own:delete']({ id }));
    if (!done) return false;
    apply(done);
    const moved = done.deleted.connections.length;
    state().notify({
      severity: 'success',
      message: `Deleted "${done.deleted.deleted.name}"${moved ? `; ${plural(moved, 'connection')} now use${moved === 1 ? 's' : ''} "${done.deleted.fallback.name}"` : ''}`,
    });
    return true;
  }

  async function setDefault(id: string): Promise<boolean> {
    const done = await request('Could not make it the default', () => api['own:set-default']({ id }));
    if (!done) return false;
    apply(done);
    return true;
  }

  async function download(id: string, format: 'der' | 'pem'): Promise<boolean> {
    const file = await request('Could not download the certificate', () => api['own:export']({ id, what: 'certificate', format }));
    if (!file) return false;
    platform.download(file.name, file.base64, file.mime);
    return true;
  }

  /** Only after the user confirmed in the dialog that says what a private key is. */
  async function downloadPrivateKey(id: string): Promise<boolean> {
    const file = await request('Could not download the private key', () => api['own:export']({ id, what: 'private-key', confirm: true }));
    if (!file) return false;
    platform.download(file.name, file.base64, file.mime);
    return true;
  }

  async function createSigningRequest(id: string): Promise<boolean> {
    const csr = await request('Could not create the signing request', () => api['own:create-csr']({ id, format: 'pem' }));
    if (!csr) return false;
    platform.download(csr.name, csr.base64, csr.mime);
    state().notify({ severity: 'success', message: `Signing request saved as ${csr.name}`, hint: 'Send it to your CA, then choose Install signed certificate… with what it returns.' });
    return true;
  }

  return { load, loadSettings, open, onProgress, generate, upload, regenerate, remove, setDefault, download, downloadPrivateKey, createSigningRequest, setExpiringSoonDays, assign, unassign, installSigned };
}

export type OwnCertActions = ReturnType<typeof createOwnCertActions>;
