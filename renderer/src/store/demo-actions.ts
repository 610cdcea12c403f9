import type { Api } from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/ipc/result';
import type { ClientValidationMode, DemoServerStatus } from '../../../shared/types/demo';
import type { AppStore } from './app-state';

export interface DemoValidation {
  validation: ClientValidationMode;
  addRefusedToRejected: boolean;
}

/** Start, Stop and configure the embedded demo server; `demo:status` events keep the view live. */
export function createDemoActions(api: Api, store: AppStore) {
  const state = () => store.getState();

  function onStatus(status: DemoServerStatus): void {
    state().setDemo(status);
    // A Test connection dialog opened while the server was starting gets its URL once it runs.
    const now = state();
    if (status.state === 'running' && status.endpointUrl && now.connectOpen && !now.connectRunning && !now.connectForm.endpointUrl) {
      now.setConnectForm({ endpointUrl: status.endpointUrl });
    }
  }

  async function load(): Promise<void> {
    const result = await api['demo:get-status']({});
    if (result.ok) onStatus(result.value);
    else state().presentError('Could not read the demo server’s status', result.error, () => void load());
  }

  async function request(what: string, work: () => Promise<Result<DemoServerStatus>>): Promise<boolean> {
    if (state().demoBusy) return false;
    state().setDemoBusy(true);
    const result = await work();
    state().setDemoBusy(false);
    if (!result.ok) {
      state().presentError(what, result.error, () => void request(what, work));
      return false;
    }
    onStatus(result.value);
    return true;
  }

  const start = () => request('Could not start the demo server', () => api['demo:start']({}));
  const stop = () => request('Could not stop the demo server', () => api['demo:stop']({}));

  /**
   * Changes how the demo server checks client certificates; the other setting stays as it is.
   * Shown at once (a radio that lags behind the click reads as broken); put back if the host refuses.
   */
  async function configure(patch: Partial<DemoValidation>): Promise<boolean> {
    const current = state().demo;
    if (!current || state().demoBusy) return false;
    const before: DemoValidation = { validation: current.validation, addRefusedToRejected: current.addRefusedToRejected };
    const next: DemoValidation = { validation: patch.validation ?? before.validation, addRefusedToRejected: patch.addRefusedToRejected ?? before.addRefusedToRejected };
    state().setDemo({ ...current, ...next });
    const done = await request('Could not change the demo server’s settings', () => api['demo:configure'](next));
    const now = state().demo;
    if (!done && now) state().setDemo({ ...now, ...before });
    return done;
  }

  return { load, onStatus, start, stop, configure };
}

export type DemoActions = ReturnType<typeof createDemoActions>;
