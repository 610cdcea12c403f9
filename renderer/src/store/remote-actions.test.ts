import { beforeEach, describe, expect, it } from 'vitest';
import type { PeerCertificate } from '../../../shared/types/connect';
import type { FleetRow, RemoteStatus } from '../../../shared/types/remote';
import type { StoreView } from '../../../shared/types/store';
import { fakeApi, ok } from '../testing/fake-api';
import { cert, storeView } from '../testing/views';
import { createAppStore, type AppStore } from './app-state';
import { storeKey } from './keys';
import { createRemoteActions, type AddRemoteInput } from './remote-actions';

const downloads: { name: string; base64: string }[] = [];
const platform = { download: (name: string, base64: string) => void downloads.push({ name, base64 }), copyText: async () => true };

const serverCert = (): PeerCertificate => {
  const { folder: _f, file: _file, format: _format, bundleSiblings: _b, ...peer } = cert('PLC 7', 'own');
  return peer;
};

function remoteStatus(overrides: Partial<RemoteStatus> = {}): RemoteStatus {
  return {
    id: 'r1',
    name: 'PLC 7',
    endpointUrl: 'opc.tcp://127.0.0.1:4841',
    securityPolicy: 'Basic256Sha256',
    securityMode: 'SignAndEncrypt',
    userName: 'admin',
    reachability: 'online',
    lastReadAt: null,
    lastSyncAt: null,
    lastError: null,
    lastStatus: null,
    serverCertificate: serverCert(),
    rejectedCount: 0,
    passwordStorage: 'memory',
    ...overrides,
  };
}

const remoteView = (id = 'r1', overrides: Partial<RemoteStatus> = {}): StoreView =>
  storeView(id, [cert('SCADA', 'rejected')], { name: 'PLC 7', role: 'remote', root: 'opc.tcp://127.0.0.1:4841', remote: remoteStatus({ id, ...overrides }) });

const input: AddRemoteInput = { endpointUrl: 'opc.tcp://127.0.0.1:4841', userName: 'admin', password: 's3cret', rememberPassword: false };
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('remote servers in the window', () => {
  let store: AppStore;
  beforeEach(() => {
    store = createAppStore();
    downloads.length = 0;
  });

  describe('Add remote server', () => {
    it('asks about an unknown server certificate, then after Trust permanently adds the server with the same input and selects it', async () => {
      const peer = serverCert();
      let adds = 0;
      const { api, calls } = fakeApi({
        'remote:add': async () => (++adds === 1 ? ok({ status: 'server-certificate' as const, certificate: peer, endpointUrl: input.endpointUrl }) : ok({ status: 'added' as const, storeId: 'r1' })),
        'connect:decide-server': async () => ok({ stores: [] }),
        'stores:list': async () => ok([remoteView()]),
      });
      const remote = createRemoteActions(api, store, platform);
      remote.openAdd();
      expect(await remote.add(input)).toBe('decision');
      expect(store.getState().remoteDecision).toEqual({ certificate: peer, endpointUrl: input.endpointUrl });
      expect(store.getState().addRemoteOpen).toBe(true);

      expect(await remote.decideServer('trust-permanently')).toBe('added');
      expect(calls.map((c) => c.channel)).toEqual(['remote:add', 'connect:decide-server', 'remote:add', 'stores:list']);
      expect(calls[1]!.input).toEqual({ thumbprint: peer.sha256, decision: 'trust-permanently' });
      expect(calls[2]!.input).toEqual(input);
      expect(store.getState()).toMatchObject({ addRemoteOpen: false, remoteDecision: null, selected: [storeKey('r1')] });
      expect(store.getState().stores.map((s) => s.id)).toEqual(['r1']);
      expect(store.getState().notifications.at(-1)).toMatchObject({ severity: 'success', message: 'Added PLC 7 (1 entry)' });
    });

    it('adds nothing after Cancel, and says so in the dialog', async () => {
      const { api, calls } = fakeApi({
        'remote:add': async () => ok({ status: 'server-certificate' as const, certificate: serverCert(), endpointUrl: input.endpointUrl }),
        'connect:decide-server': async () => ok({ stores: [] }),
      });
      const remote = createRemoteActions(api, store, platform);
      remote.openAdd();
      await remote.add(input);
      expect(await remote.decideServer('cancel')).toBe('failed');
      expect(calls.filter((c) => c.channel === 'remote:add')).toHaveLength(1);
      expect(store.getState().addRemoteProblem).toMatchObject({ kind: 'declined', title: 'The server’s certificate was not trusted' });
      expect(store.getState().addRemoteOpen).toBe(true);
    });

    it('shows a wrong password in the dialog in words, not as a notification', async () => {
      const { api } = fakeApi({
        'remote:add': async () => ({ ok: false, error: { code: 'UNAUTHORIZED', message: 'activate session: BadUserAccessDenied (0x801F0000)' } }),
      });
      const remote = createRemoteActions(api, store, platform);
      remote.openAdd();
      expect(await remote.add(input)).toBe('failed');
      expect(store.getState().addRemoteProblem).toMatchObject({ kind: 'wrong-password', title: 'Wrong user name or password', status: 'BadUserAccessDenied' });
      expect(store.getState()).toMatchObject({ addRemoteOpen: true, addRemoteBusy: false });
      expect(store.getState().notifications).toEqual([]);
    });

    it('tells the user to trust the app on the server when the server refuses its certificate', async () => {
      const { api } = fakeApi({ 'remote:add': async () => ({ ok: false, error: { code: 'OPCUA', message: 'the server refused the secure channel', details: { status: 'BadSecurityChecksFailed' } } }) });
      const remote = createRemoteActions(api, store, platform);
      await remote.add(input);
      expect(store.getState().addRemoteProblem).toMatchObject({ kind: 'app-not-trusted', title: 'The server does not trust this app yet' });
      expect(store.getState().addRemoteProblem?.hint).toMatch(/Trust this app’s certificate on that server/);
    });

    it('says an unreachable server cannot be reached', async () => {
      const { api } = fakeApi({ 'remote:add': async () => ({ ok: false, error: { code: 'OPCUA', message: 'connect ECONNREFUSED 127.0.0.1:4999' } }) });
      await createRemoteActions(api, store, platform).add(input);
      expect(store.getState().addRemoteProblem).toMatchObject({ kind: 'unreachable', title: 'The server cannot be reached' });
    });

    it('forgets the password it kept for the question when the dialog closes', async () => {
      const { api, calls } = fakeApi({
        'remote:add': async () => ok({ status: 'server-certificate' as const, certificate: serverCert(), endpointUrl: input.endpointUrl }),
        'connect:decide-server': async () => ok({ stores: [] }),
      });
      const remote = createRemoteActions(api, store, platform);
      remote.openAdd();
      await remote.add(input);
      const decision = store.getState().remoteDecision;
      remote.closeAdd();
      store.getState().askRemoteDecision(decision);
      await remote.decideServer('accept-once');
      expect(calls.filter((c) => c.channel === 'remote:add')).toHaveLength(1);
    });
  });

  describe('a remote store in the tree', () => {
    it('Refresh from server replaces the store with what the server holds now', async () => {
      store.getState().setStores([remoteView()]);
      const fresh = remoteView('r1', { rejectedCount: 2 });
      const { api } = fakeApi({ 'remote:refresh': async () => ok(fresh) });
      expect(await createRemoteActions(api, store, platform).refresh('r1')).toBe(true);
      expect(store.getState().stores[0]).toBe(fresh);
      expect(store.getState().remoteRefreshing).toEqual([]);
    });

    it('a failed refresh is one error notification with the reason, the hint and Retry, and the list is re-read', async () => {
      store.getState().setStores([remoteView()]);
      const offline = remoteView('r1', { reachability: 'offline', lastError: 'unreachable' });
      const { api } = fakeApi({
        'remote:refresh': async () => ({ ok: false, error: { code: 'OPCUA', message: 'connect ECONNREFUSED 127.0.0.1:4841' } }),
        'stores:list': async () => ok([offline]),
      });
      expect(await createRemoteActions(api, store, platform).refresh('r1')).toBe(false);
      expect(store.getState().notifications.at(-1)).toMatchObject({
        severity: 'error',
        message: 'Could not refresh PLC 7: The server cannot be reached (connect ECONNREFUSED 127.0.0.1:4841)',
        hint: expect.stringMatching(/endpoint URL/),
        action: { label: 'Retry' },
      });
      expect(store.getState().stores[0]!.remote?.reachability).toBe('offline');
    });

    it('Set password keeps the dialog open with the reason when the server refuses it, and closes it when it works', async () => {
      store.getState().setStores([remoteView('r1', { passwordStorage: 'none' })]);
      store.getState().setRemotePasswordFor('r1');
      let attempt = 0;
      const { api, calls } = fakeApi({
        'remote:set-password': async () =>
          ++attempt === 1 ? { ok: false, error: { code: 'UNAUTHORIZED', message: 'BadUserAccessDenied' } } : ok(remoteView('r1', { passwordStorage: 'memory' })),
      });
      const remote = createRemoteActions(api, store, platform);
      expect(await remote.setPassword('r1', 'wrong', false)).toMatchObject({ kind: 'wrong-password' });
      expect(store.getState().remotePasswordFor).toBe('r1');
      expect(await remote.setPassword('r1', 'right', false)).toBeNull();
      expect(calls.at(-1)!.input).toEqual({ storeId: 'r1', password: 'right', rememberPassword: false });
      expect(store.getState().remotePasswordFor).toBeNull();
      expect(store.getState().stores[0]!.remote?.passwordStorage).toBe('memory');
      expect(store.getState().notifications.at(-1)?.message).toBe('Password set for PLC 7 for this session');
    });
  });

  describe('the fleet view', () => {
    const row = (storeId: string, name: string): FleetRow => ({ ...remoteStatus({ id: storeId, name }), storeId });

    it('pushes with its own run id, shows only its own progress, then the per-server results and a re-read fleet', async () => {
      let answer: (value: unknown) => void = () => undefined;
      let fleetReads = 0;
      const { api, calls } = fakeApi({
        'remote:fleet': async () => (++fleetReads, ok([row('a', 'A'), row('b', 'B')])),
        'remote:fleet-push': () => new Promise((resolve) => (answer = resolve)) as never,
        'stores:list': async () => ok([]),
      });
      const remote = createRemoteActions(api, store, platform);
      remote.openFleet();
      await flush();
      expect(store.getState().fleetRows.map((r) => r.name)).toEqual(['A', 'B']);

      const items = [{ storeId: 'ca', file: 'own/certs/ca.der', id: 'f'.repeat(64) }];
      const pending = remote.push(['a', 'b'], items, 'issuers');
      const sent = calls.find((c) => c.channel === 'remote:fleet-push')!.input as { runId: string };
      expect(sent).toMatchObject({ storeIds: ['a', 'b'], items, to: 'issuers' });
      expect(store.getState().fleetRun?.progress.b).toMatchObject({ status: 'waiting' });
      remote.onProgress({ runId: 'someone-else', storeId: 'a', status: 'running', step: 'writing the trust list', message: null });
      expect(store.getState().fleetRun?.progress.a?.status).toBe('waiting');
      remote.onProgress({ runId: sent.runId, storeId: 'a', status: 'running', step: 'writing the trust list', message: null });
      expect(store.getState().fleetRun?.progress.a).toMatchObject({ status: 'running', step: 'writing the trust list' });
      expect(remote.isPushing()).toBe(true);

      answer(
        ok({
          durationMs: 840,
          results: [
            { storeId: 'a', name: 'A', ok: true, message: 'added 1 certificate to Issuers', status: null, durationMs: 400 },
            { storeId: 'b', name: 'B', ok: false, message: 'the server cannot be reached', status: 'BadTimeout', durationMs: 800 },
          ],
        }),
      );
      expect(await pending).toBe(false);
      expect(remote.isPushing()).toBe(false);
      expect(store.getState().fleetOutcome?.results.map((r) => r.ok)).toEqual([true, false]);
      // The open fleet view shows the outcome itself: no toast on top of it.
      expect(store.getState().notifications).toEqual([]);
      expect(fleetReads).toBe(2);
    });

    it('says how a push went in a notification when the fleet view was closed meanwhile', async () => {
      const { api } = fakeApi({
        'remote:fleet': async () => ok([]),
        'stores:list': async () => ok([]),
        'remote:fleet-push': async () =>
          ok({ durationMs: 10, results: [{ storeId: 'a', name: 'A', ok: false, message: 'the server cannot be reached', status: 'BadTimeout', durationMs: 9 }, { storeId: 'b', name: 'B', ok: true, message: '1 added to trusted', status: null, durationMs: 9 }] }),
      });
      await createRemoteActions(api, store, platform).push(['a', 'b'], [{ storeId: 's', file: 'trusted/certs/x.der', id: 'e'.repeat(64) }], 'trusted');
      expect(store.getState().notifications.at(-1)).toMatchObject({ severity: 'warning', message: 'Pushed to 1 of 2 servers; 1 failed' });
    });

    it('forgets selected servers that are no longer listed', () => {
      store.getState().setFleetSelected(['a', 'gone']);
      store.getState().setFleetRows([row('a', 'A')]);
      expect(store.getState().fleetSelected).toEqual(['a']);
    });
  });

  describe('Renew server certificate', () => {
    it('returns the CSR when only the CSR is asked for, and saves it as PEM', async () => {
      store.getState().setStores([remoteView()]);
      const csrPem = '-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n';
      const { api, calls } = fakeApi({ 'remote:renew': async () => ok({ csrPem, newCertificate: null }) });
      const remote = createRemoteActions(api, store, platform);
      remote.openRenew('r1');
      expect(await remote.renew('csr-only')).toBe(true);
      expect(calls[0]!.input).toMatchObject({ storeId: 'r1', signWith: 'csr-only', runId: expect.stringMatching(/^[\w-]{1,64}$/) });
      expect(store.getState().renew?.outcome?.csrPem).toBe(csrPem);
      remote.saveCsr();
      expect(downloads).toEqual([{ name: 'PLC_7.csr.pem', base64: btoa(csrPem) }]);
    });

    it('keeps the dialog open while it runs and shows its own progress steps', async () => {
      store.getState().setStores([remoteView()]);
      let answer: (value: unknown) => void = () => undefined;
      const { api, calls } = fakeApi({ 'remote:renew': () => new Promise((resolve) => (answer = resolve)) as never, 'stores:list': async () => ok([remoteView()]) });
      const remote = createRemoteActions(api, store, platform);
      remote.openRenew('r1');
      const pending = remote.renew('local-ca');
      const { runId } = calls[0]!.input as { runId: string };
      remote.onProgress({ runId, storeId: 'r1', status: 'running', step: 'UpdateCertificate', message: null });
      expect(store.getState().renew?.run?.progress.r1?.step).toBe('UpdateCertificate');
      remote.closeRenew();
      expect(store.getState().renew).not.toBeNull();
      answer(ok({ csrPem: 'x', newCertificate: serverCert() }));
      await pending;
      expect(store.getState().renew?.outcome?.newCertificate?.subject.cn).toBe('PLC 7');
      remote.closeRenew();
      expect(store.getState().renew).toBeNull();
    });
  });
});
