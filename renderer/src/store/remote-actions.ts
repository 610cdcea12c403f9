import type { Api, RequestInput } from '../../../shared/ipc/contract';
import type { AppError } from '../../../shared/ipc/result';
import type { RemoteProgress } from '../../../shared/types/remote';
import { plural } from '../lib/format';
import type { Platform } from '../lib/platform';
import type { AppStore } from './app-state';
import type { ServerDecision } from './connect-actions';
import { storeKey } from './keys';
import { declinedProblem, remoteProblemOf, type RemoteProblem } from './remote-problem';

export type AddRemoteInput = RequestInput<'remote:add'>;
export type AddRemoteResult = 'added' | 'decision' | 'failed' | 'busy';
export type PushItem = { storeId: string; file: string; id: string };

let runCounter = 0;
const newRunId = () => `remote-${Date.now().toString(36)}-${++runCounter}`;

/** Remote servers: add (with the first-connection question), refresh, password, fleet push and renewal. */
export function createRemoteActions(api: Api, store: AppStore, platform: Platform) {
  const state = () => store.getState();
  // What the Add dialog sent, password included, kept in memory only until the certificate question is answered.
  let pendingAdd: AddRemoteInput | null = null;

  const nameOf = (storeId: string) => state().stores.find((s) => s.id === storeId)?.name ?? storeId;

  /** A failure as the one notification pipeline shows it, with the remote-specific hint. */
  function presentRemoteError(what: string, error: AppError, storeId: string | null, retry?: () => void): RemoteProblem {
    const problem = remoteProblemOf(error);
    // A missing password is given, not retried.
    const action = problem.kind === 'password-needed' && storeId ? { label: 'Set password…', run: () => state().setRemotePasswordFor(storeId) } : retry ? { label: 'Retry', run: retry } : undefined;
    state().notify({ severity: 'error', message: `${what}: ${problem.kind === 'other' ? error.message : `${problem.title} (${error.message})`}`, hint: problem.hint, action });
    return problem;
  }

  /** Re-reads the list quietly: a failed call still changes a server's reachability and last error. */
  async function reloadStores(): Promise<void> {
    const list = await api['stores:list']({});
    if (list.ok) state().setStores(list.value);
  }

  function openAdd(): void {
    pendingAdd = null;
    state().setAddRemoteOpen(true);
  }

  function closeAdd(): void {
    pendingAdd = null;
    state().setAddRemoteOpen(false);
  }

  /** Add: registers the server, or asks about its certificate first; a failure stays in the dialog, in words. */
  async function add(input: AddRemoteInput): Promise<AddRemoteResult> {
    if (state().addRemoteBusy) return 'busy';
    state().setAddRemoteBusy(true);
    state().setAddRemoteProblem(null);
    const result = await api['remote:add'](input);
    state().setAddRemoteBusy(false);
    if (!result.ok) {
      state().setAddRemoteProblem(remoteProblemOf(result.error));
      return 'failed';
    }
    const outcome = result.value;
    if (outcome.status === 'server-certificate') {
      pendingAdd = input;
      // Asked only while the user is there to answer.
      if (state().addRemoteOpen) state().askRemoteDecision({ certificate: outcome.certificate, endpointUrl: outcome.endpointUrl });
      return 'decision';
    }
    pendingAdd = null;
    await reloadStores();
    const view = state().stores.find((s) => s.id === outcome.storeId);
    state().setExpanded(storeKey(outcome.storeId), true);
    state().select(storeKey(outcome.storeId));
    state().setAddRemoteOpen(false);
    if (state().fleetOpen) void loadFleet();
    state().notify({ severity: 'success', message: `Added ${view?.name ?? input.endpointUrl}${view ? ` (${plural(view.entries.length, 'entry', 'entries')})` : ''}` });
    return 'added';
  }

  /** Trust permanently / Accept once add the server again at once; Cancel adds nothing and says so in the dialog. */
  async function decideServer(decision: ServerDecision): Promise<AddRemoteResult> {
    const request = state().remoteDecision;
    if (!request) return 'failed';
    const result = await api['connect:decide-server']({ thumbprint: request.certificate.sha256, decision });
    state().askRemoteDecision(null);
    if (!result.ok) {
      state().setAddRemoteProblem(remoteProblemOf(result.error));
      return 'failed';
    }
    state().setStores(result.value.stores);
    const input = pendingAdd;
    if (decision === 'cancel' || !input) {
      pendingAdd = null;
      state().setAddRemoteProblem(declinedProblem());
      return 'failed';
    }
    return add(input);
  }

  /** Refresh from server: the trust list, the rejected list and the server's certificate. */
  async function refresh(storeId: string): Promise<boolean> {
    if (state().remoteRefreshing.includes(storeId)) return false;
    state().setRemoteRefreshing(storeId, true);
    const result = await api['remote:refresh']({ storeId });
    state().setRemoteRefreshing(storeId, false);
    if (!result.ok) {
      presentRemoteError(`Could not refresh ${nameOf(storeId)}`, result.error, storeId, () => void refresh(storeId));
      await reloadStores();
      return false;
    }
    state().replaceStore(result.value);
    state().notify({ severity: 'success', message: `Re-read ${result.value.name} from the server` });
    return true;
  }

  /** Set password…: null when it worked, else why (the dialog shows it and stays open). */
  async function setPassword(storeId: string, password: string, rememberPassword: boolean): Promise<RemoteProblem | null> {
    const result = await api['remote:set-password']({ storeId, password, rememberPassword });
    if (!result.ok) return remoteProblemOf(result.error);
    state().replaceStore(result.value);
    state().setRemotePasswordFor(null);
    state().notify({ severity: 'success', message: `Password set for ${result.value.name}${rememberPassword ? ' and kept in the OS keychain' : ' for this session'}` });
    return null;
  }

  async function loadFleet(): Promise<void> {
    const result = await api['remote:fleet']({});
    if (result.ok) state().setFleetRows(result.value);
    else state().presentError('Could not read the remote servers', result.error, () => void loadFleet());
  }

  function openFleet(): void {
    state().setFleetOpen(true);
    void loadFleet();
  }

  /** Pushes the items to every selected server; each server's steps arrive as `remote:progress` of this run. */
  async function push(storeIds: string[], items: PushItem[], to: 'trusted' | 'issuers'): Promise<boolean> {
    if (storeIds.length === 0 || items.length === 0 || isPushing()) return false;
    const runId = newRunId();
    const waiting = Object.fromEntries(storeIds.map((storeId): [string, RemoteProgress] => [storeId, { runId, storeId, status: 'waiting', step: 'waiting', message: null }]));
    state().setFleetOutcome(null);
    state().setFleetRun({ runId, progress: waiting });
    const result = await api['remote:fleet-push']({ storeIds, items, to, runId });
    if (!result.ok) {
      state().setFleetRun(null);
      state().presentError(`Could not push to ${plural(storeIds.length, 'server')}`, result.error, () => void push(storeIds, items, to));
      return false;
    }
    state().setFleetOutcome(result.value);
    const failed = result.value.results.filter((r) => !r.ok).length;
    const total = result.value.results.length;
    // The fleet view says it itself while it is open.
    if (!state().fleetOpen) {
      state().notify(
        failed
          ? { severity: 'warning', message: `Pushed to ${total - failed} of ${plural(total, 'server')}; ${failed} failed`, hint: 'The fleet view lists why, server by server.' }
          : { severity: 'success', message: `Pushed ${plural(items.length, 'item')} to ${plural(total, 'server')}` },
      );
    }
    await Promise.all([loadFleet(), reloadStores()]);
    return failed === 0;
  }

  function isPushing(): boolean {
    return state().fleetRun !== null && state().fleetOutcome === null;
  }

  function onProgress(event: RemoteProgress): void {
    state().applyRemoteProgress(event);
  }

  function openRenew(storeId: string): void {
    state().setRenew({ storeId, run: null, outcome: null, problem: null });
  }

  function closeRenew(): void {
    if (state().renew?.run && !state().renew?.outcome && !state().renew?.problem) return;
    state().setRenew(null);
  }

  /** Renew server certificate: signed by the local CA (then installed and applied), or only the CSR. */
  async function renew(signWith: 'local-ca' | 'csr-only'): Promise<boolean> {
    const current = state().renew;
    if (!current || (current.run && !current.outcome && !current.problem)) return false;
    const runId = newRunId();
    const { storeId } = current;
    state().setRenew({ storeId, run: { runId, progress: {} }, outcome: null, problem: null });
    const result = await api['remote:renew']({ storeId, signWith, runId });
    const now = state().renew;
    if (!result.ok) {
      if (now?.storeId === storeId) state().setRenew({ ...now, problem: remoteProblemOf(result.error) });
      await reloadStores();
      return false;
    }
    if (now?.storeId === storeId) state().setRenew({ ...now, outcome: result.value });
    if (result.value.newCertificate) {
      state().notify({ severity: 'success', message: `Renewed the certificate of ${nameOf(storeId)}` });
      await reloadStores();
    }
    return true;
  }

  /** Saves the signing request the server created, as PEM. */
  function saveCsr(): void {
    const renewState = state().renew;
    const pem = renewState?.outcome?.csrPem;
    if (!renewState || !pem) return;
    const name = `${nameOf(renewState.storeId).replace(/[^\w.-]+/g, '_')}.csr.pem`;
    platform.download(name, btoa(pem), 'application/pkcs10');
    state().notify({ severity: 'success', message: `Signing request saved as ${name}`, hint: 'Have it signed by your CA, then give the signed certificate to the server.' });
  }

  return { openAdd, closeAdd, add, decideServer, refresh, setPassword, loadFleet, openFleet, push, isPushing, onProgress, openRenew, closeRenew, renew, saveCsr };
}

export type RemoteActions = ReturnType<typeof createRemoteActions>;
