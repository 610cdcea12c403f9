import { beforeEach, describe, expect, it } from 'vitest';
import type { Api, RequestInput } from '../../../shared/ipc/contract';
import type { TestConnectionResult } from '../../../shared/types/connect';
import { connectResult, demoStatus, recent, steps, untrustedResult } from '../testing/connect';
import { fakeApi, ok } from '../testing/fake-api';
import { cert, storeView } from '../testing/views';
import { createAppStore, type AppStore } from './app-state';
import { createConnectActions } from './connect-actions';
import { entryKeyOf } from './keys';

/** A host that answers each `connect:test` with the next result of the list. */
function testingHost(results: TestConnectionResult[], extra: Partial<Api> = {}) {
  const sent: RequestInput<'connect:test'>[] = [];
  const { api, calls } = fakeApi({
    'connect:test': async ({ runId, ...input }) => {
      // every run names itself; what the tests compare is the rest of the request
      if (!runId) throw new Error('connect:test without a run id');
      sent.push(input);
      return ok(results.shift()!);
    },
    'connect:list-recent': async () => ok([recent()]),
    'connect:decide-server': async () => ok({ stores: [storeView('app-own')] }),
    ...extra,
  });
  return { api, calls, sent };
}

describe('test connection actions', () => {
  let store: AppStore;
  beforeEach(() => {
    store = createAppStore();
  });

  it('opens with the running demo server’s URL and the most secure security', () => {
    store.getState().setDemo(demoStatus({ endpointUrl: 'opc.tcp://127.0.0.1:4841' }));
    const actions = createConnectActions(testingHost([]).api, store);
    actions.open();
    expect(store.getState().connectOpen).toBe(true);
    expect(store.getState().connectForm).toMatchObject({ endpointUrl: 'opc.tcp://127.0.0.1:4841', securityPolicy: 'auto', securityMode: 'auto' });
  });

  it('opens with the last URL tested when no demo server runs', async () => {
    const { api } = testingHost([]);
    const actions = createConnectActions(api, store);
    actions.open();
    expect(store.getState().connectForm.endpointUrl).toBe('');
    await actions.loadRecent();
    await new Promise((r) => setTimeout(r, 0));
    expect(store.getState().connectForm.endpointUrl).toBe('opc.tcp://plc-7:4840');
  });

  it('a connected test shows its result and refreshes the recent list', async () => {
    const result = connectResult();
    const { api, calls } = testingHost([result]);
    const actions = createConnectActions(api, store);
    actions.open({ endpointUrl: 'opc.tcp://127.0.0.1:4840' });
    await actions.test();
    expect(store.getState().connectResult).toBe(result);
    expect(store.getState().serverDecision).toBeNull();
    await new Promise((r) => setTimeout(r, 0));
    expect(calls.filter((c) => c.channel === 'connect:list-recent').length).toBeGreaterThanOrEqual(2);
    expect(store.getState().recentConnections).toHaveLength(1);
  });

  it('does not send a URL the contract would refuse', async () => {
    const { api, sent } = testingHost([]);
    const actions = createConnectActions(api, store);
    actions.open({ endpointUrl: 'http://plc' });
    await actions.test();
    expect(sent).toEqual([]);
  });

  it('an untrusted server certificate asks the first-connection question', async () => {
    const untrusted = untrustedResult();
    const actions = createConnectActions(testingHost([untrusted]).api, store);
    actions.open({ endpointUrl: 'opc.tcp://127.0.0.1:4840' });
    await actions.test();
    expect(store.getState().serverDecision).toEqual({ certificate: untrusted.serverCertificate, endpointUrl: 'opc.tcp://127.0.0.1:4840' });
  });

  it('Trust permanently tells the host, shows its stores and runs the same test again (password included)', async () => {
    const untrusted = untrustedResult();
    const refused = connectResult({ runId: 'run-2', outcome: 'failed', status: 'BadSecurityChecksFailed', statusHex: '0x80130000', steps: steps({ 'secure-channel': 'failed', session: 'skipped', 'read-status': 'skipped' }) });
    const { api, calls, sent } = testingHost([untrusted, refused]);
    const actions = createConnectActions(api, store);
    actions.open({ endpointUrl: 'opc.tcp://127.0.0.1:4840', userName: 'op', password: 'secret' });
    await actions.test();
    await actions.decideServer('trust-permanently');
    expect(calls.find((c) => c.channel === 'connect:decide-server')?.input).toEqual({ thumbprint: untrusted.serverCertificate!.sha256, decision: 'trust-permanently' });
    expect(store.getState().stores.map((s) => s.id)).toEqual(['app-own']);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual(sent[0]);
    expect(sent[1]).toMatchObject({ userName: 'op', password: 'secret' });
    expect(store.getState().connectResult).toBe(refused);
    expect(store.getState().serverDecision).toBeNull();
  });

  it('Accept once also runs the test again', async () => {
    const { api, sent, calls } = testingHost([untrustedResult(), connectResult()]);
    const actions = createConnectActions(api, store);
    actions.open({ endpointUrl: 'opc.tcp://127.0.0.1:4840' });
    await actions.test();
    await actions.decideServer('accept-once');
    expect(calls.find((c) => c.channel === 'connect:decide-server')?.input).toMatchObject({ decision: 'accept-once' });
    expect(sent).toHaveLength(2);
    expect(store.getState().connectResult?.outcome).toBe('connected');
  });

  it('Cancel tells the host, runs nothing and leaves the result as not trusted', async () => {
    const { api, sent, calls } = testingHost([untrustedResult()]);
    const actions = createConnectActions(api, store);
    actions.open({ endpointUrl: 'opc.tcp://127.0.0.1:4840' });
    await actions.test();
    await actions.decideServer('cancel');
    expect(calls.find((c) => c.channel === 'connect:decide-server')?.input).toMatchObject({ decision: 'cancel' });
    expect(sent).toHaveLength(1);
    expect(store.getState()).toMatchObject({ serverDeclined: true, serverDecision: null });
    expect(store.getState().connectResult?.outcome).toBe('server-untrusted');
  });

  it('the “Trust server certificate” fix asks the question again for that certificate', async () => {
    const untrusted = untrustedResult();
    const actions = createConnectActions(testingHost([untrusted]).api, store);
    actions.open({ endpointUrl: 'opc.tcp://127.0.0.1:4840' });
    await actions.test();
    await actions.decideServer('cancel');
    actions.applyFix(untrusted.diagnosis[0]!.fix!);
    expect(store.getState().serverDecision?.certificate.sha256).toBe(untrusted.serverCertificate!.sha256);
  });

  it('“Trust it” stages a Trust of our certificate in the server’s store and selects it there', () => {
    const ours = cert('OpcUaTrustManager@host', 'rejected', { file: 'rejected/OpcUaTrustManager_host[ab].pem' });
    store.getState().setStores([storeView('demo-server', [ours])]);
    const actions = createConnectActions(testingHost([]).api, store);
    actions.applyFix({ kind: 'trust-in-server-store', storeId: 'demo-server', file: ours.file, id: ours.id, label: 'Trust it' });
    expect(store.getState().pending).toEqual([{ storeId: 'demo-server', kind: 'trust', file: ours.file, id: ours.id, from: 'rejected' }]);
    expect(store.getState().selected).toEqual([entryKeyOf('demo-server', ours)]);
  });

  it('a failed request is shown one way, with Retry', async () => {
    const { api } = testingHost([], { 'connect:test': async () => ({ ok: false, error: { code: 'INVALID_INPUT', message: 'connect:test: endpointUrl: invalid' } }) });
    const actions = createConnectActions(api, store);
    actions.open({ endpointUrl: 'opc.tcp://127.0.0.1:4840' });
    await actions.test();
    expect(store.getState().connectRunning).toBe(false);
    expect(store.getState().notifications.at(-1)).toMatchObject({ severity: 'error', message: 'Could not test opc.tcp://127.0.0.1:4840: connect:test: endpointUrl: invalid', action: { label: 'Retry' } });
  });

  it('a recent connection runs again with one click, unless it needs a password', async () => {
    const { api, sent } = testingHost([connectResult()]);
    const actions = createConnectActions(api, store);
    actions.open();
    expect(actions.rerun(recent({ userName: 'op' }))).toBe(false);
    expect(sent).toEqual([]);
    expect(store.getState().connectForm).toMatchObject({ userName: 'op', password: '' });
    expect(actions.rerun(recent())).toBe(true);
    await new Promise((r) => setTimeout(r, 0));
    expect(sent).toEqual([{ endpointUrl: 'opc.tcp://plc-7:4840', securityPolicy: 'Basic256Sha256', securityMode: 'Sign' }]);
  });
});
