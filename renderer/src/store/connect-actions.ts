import type { Api } from '../../../shared/ipc/contract';
import type { ConnectProgress, DiagnosisFix } from '../../../shared/types/connect';
import type { RecentConnection } from '../../../shared/types/demo';
import { defaultEndpointUrl, EMPTY_FORM, endpointUrlProblem, formFromRecent, toTestInput, type ConnectForm, type TestInput } from '../lib/connect-request';
import { toPendingChange } from './actions';
import type { AppStore } from './app-state';
import type { PendingChange } from './changes-slice';
import { entryKey, folderKey, storeKey } from './keys';
import { locateEntry } from './selectors';

export type ServerDecision = 'trust-permanently' | 'accept-once' | 'cancel';

/** Test connection…, the first-connection decision and the fixes a diagnosis offers. */
export function createConnectActions(api: Api, store: AppStore) {
  const state = () => store.getState();

  async function loadRecent(): Promise<void> {
    const result = await api['connect:list-recent']({});
    if (result.ok) state().setRecentConnections(result.value);
    else state().presentError('Could not read the recent connections', result.error);
  }

  /** Opens the dialog with `prefill`, else the running demo server's URL, else the last URL tested. */
  function open(prefill: Partial<ConnectForm> = {}): void {
    const current = state();
    current.openConnect({ ...EMPTY_FORM, ...prefill, endpointUrl: prefill.endpointUrl ?? defaultEndpointUrl(current.demo, current.recentConnections) });
    void loadRecent().then(() => {
      const now = state();
      if (now.connectOpen && !now.connectForm.endpointUrl) now.setConnectForm({ endpointUrl: defaultEndpointUrl(now.demo, now.recentConnections) });
    });
  }

  function close(): void {
    state().closeConnect();
  }

  async function run(input: TestInput): Promise<void> {
    if (state().connectRunning) return;
    // Our own run id: progress events of another window's test are not ours.
    const runId = newRunId();
    state().startConnectRun(input, runId);
    const result = await api['connect:test']({ ...input, runId });
    if (!result.ok) {
      state().finishConnectRun(null);
      state().presentError(`Could not test ${input.endpointUrl}`, result.error, () => void run(input));
      return;
    }
    state().finishConnectRun(result.value);
    const { outcome, serverCertificate } = result.value;
    // Asked only while the user is there to answer: a dialog closed meanwhile keeps the result for later.
    if (outcome === 'server-untrusted' && serverCertificate && state().connectOpen) state().askServerDecision({ certificate: serverCertificate, endpointUrl: input.endpointUrl });
    void loadRecent();
  }

  /** Test: runs what the form says. */
  async function test(): Promise<void> {
    const form = state().connectForm;
    if (endpointUrlProblem(form.endpointUrl)) return;
    await run(toTestInput(form));
  }

  /**
   * One click on a recent connection: back in the form and run again. Its password was never kept,
   * so one made with a user name waits for it (returns false) instead of failing anonymously.
   */
  function rerun(recent: RecentConnection): boolean {
    const form = formFromRecent(recent);
    state().setConnectForm(form);
    if (form.userName) return false;
    void run(toTestInput(form));
    return true;
  }

  function onProgress(event: ConnectProgress): void {
    state().applyConnectProgress(event);
  }

  /** Trust permanently / Accept once run the same test again at once; Cancel leaves the result as "not trusted". */
  async function decideServer(decision: ServerDecision): Promise<void> {
    const request = state().serverDecision;
    if (!request) return;
    const name = request.certificate.subject.cn ?? request.certificate.subject.text;
    const result = await api['connect:decide-server']({ thumbprint: request.certificate.sha256, decision });
    state().askServerDecision(null);
    if (!result.ok) {
      state().presentError(decision === 'cancel' ? `Could not record your answer about ${name}` : `Could not ${decision === 'accept-once' ? 'accept' : 'trust'} ${name}`, result.error);
      if (decision === 'cancel') state().setServerDeclined(true);
      return;
    }
    state().setStores(result.value.stores);
    if (decision === 'cancel') {
      state().setServerDeclined(true);
      return;
    }
    state().notify({
      severity: 'success',
      message: decision === 'trust-permanently' ? `Trusted ${name}: added to the app’s Trusted folder` : `Accepted ${name} until the app closes (nothing written to disk)`,
    });
    const input = state().lastTestInput;
    if (input && state().connectOpen) await run(input);
  }

  /**
   * A diagnosis fix: trust our refused certificate in the server's store (staged like right-click → Trust,
   * applied on Sync), or answer the first-connection question about the server's certificate.
   */
  function applyFix(fix: DiagnosisFix): void {
    const current = state();
    if (fix.kind === 'trust-server-certificate') {
      const result = current.connectResult;
      const certificate = result?.serverCertificate;
      if (result && certificate?.sha256 === fix.thumbprint) current.askServerDecision({ certificate, endpointUrl: result.endpointUrl });
      return;
    }
    const key = entryKey(fix.storeId, fix.file, fix.id);
    const located = locateEntry(current, key);
    const change: PendingChange = located ? toPendingChange('trust', located) : { storeId: fix.storeId, kind: 'trust', file: fix.file, id: fix.id, from: 'rejected' };
    current.stage([change]);
    if (!located) return;
    // The tree shows it too: the refused certificate, selected, with its pending Trust.
    current.setExpanded(storeKey(fix.storeId), true);
    current.setExpanded(folderKey(fix.storeId, located.entry.folder), true);
    current.select(key);
  }

  return { loadRecent, open, close, run, test, rerun, onProgress, decideServer, applyFix };
}

export type ConnectActions = ReturnType<typeof createConnectActions>;

function newRunId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `run-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}
