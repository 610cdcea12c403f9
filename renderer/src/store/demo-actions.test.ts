import { beforeEach, describe, expect, it } from 'vitest';
import { demoStatus } from '../testing/connect';
import { fakeApi, ok } from '../testing/fake-api';
import { EMPTY_FORM } from '../lib/connect-request';
import { createAppStore, type AppStore } from './app-state';
import { createDemoActions } from './demo-actions';

describe('demo server actions', () => {
  let store: AppStore;
  beforeEach(() => {
    store = createAppStore();
  });

  it('changes one setting and keeps the other', async () => {
    const { api, calls } = fakeApi({ 'demo:configure': async (input) => ok(demoStatus({ validation: input.validation, addRefusedToRejected: input.addRefusedToRejected })) });
    const actions = createDemoActions(api, store);
    actions.onStatus(demoStatus({ validation: 'trusted-list', addRefusedToRejected: false }));
    await actions.configure({ validation: 'accept-any' });
    expect(calls).toEqual([{ channel: 'demo:configure', input: { validation: 'accept-any', addRefusedToRejected: false } }]);
    expect(store.getState().demo).toMatchObject({ validation: 'accept-any', addRefusedToRejected: false });
    expect(store.getState().demoBusy).toBe(false);
  });

  it('shows a changed setting at once, and puts it back when the host refuses it', async () => {
    let answer: (value: unknown) => void = () => undefined;
    const { api } = fakeApi({ 'demo:configure': () => new Promise((resolve) => (answer = resolve)) as never });
    const actions = createDemoActions(api, store);
    actions.onStatus(demoStatus({ validation: 'trusted-list' }));
    const pending = actions.configure({ validation: 'accept-any' });
    expect(store.getState().demo?.validation).toBe('accept-any');
    expect(store.getState().demoBusy).toBe(true);
    answer({ ok: false, error: { code: 'IO', message: 'settings.json: EACCES' } });
    expect(await pending).toBe(false);
    expect(store.getState().demo?.validation).toBe('trusted-list');
    expect(store.getState().notifications.at(-1)).toMatchObject({ severity: 'error', message: 'Could not change the demo server’s settings: settings.json: EACCES' });
  });

  it('a server that does not start is reported one way, with Retry', async () => {
    const { api } = fakeApi({ 'demo:start': async () => ({ ok: false, error: { code: 'OPCUA', message: 'the demo server did not start: EADDRINUSE' } }) });
    const actions = createDemoActions(api, store);
    expect(await actions.start()).toBe(false);
    expect(store.getState().notifications.at(-1)).toMatchObject({ severity: 'error', message: 'Could not start the demo server: the demo server did not start: EADDRINUSE', action: { label: 'Retry' } });
  });

  it('a server that starts while Test connection is open fills its empty URL', () => {
    const actions = createDemoActions(fakeApi({}).api, store);
    store.getState().openConnect(EMPTY_FORM);
    actions.onStatus(demoStatus({ state: 'starting', endpointUrl: null }));
    expect(store.getState().connectForm.endpointUrl).toBe('');
    actions.onStatus(demoStatus({ endpointUrl: 'opc.tcp://127.0.0.1:4842' }));
    expect(store.getState().connectForm.endpointUrl).toBe('opc.tcp://127.0.0.1:4842');
    store.getState().setConnectForm({ endpointUrl: 'opc.tcp://plc:4840' });
    actions.onStatus(demoStatus({ endpointUrl: 'opc.tcp://127.0.0.1:4843' }));
    expect(store.getState().connectForm.endpointUrl).toBe('opc.tcp://plc:4840');
  });
});
