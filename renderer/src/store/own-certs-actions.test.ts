import { beforeEach, describe, expect, it } from 'vitest';
import type { OwnCertsOutcome } from '../../../shared/ipc/contract';
import { fakeApi, ok } from '../testing/fake-api';
import { ownCert } from '../testing/own-certs';
import { storeView } from '../testing/views';
import { defaultApplicationUri, expiresText, splitHosts } from '../lib/own-cert-status';
import { createAppStore, type AppStore } from './app-state';
import { createOwnCertActions } from './own-certs-actions';

const downloads: string[] = [];
const platform = { download: (name: string) => void downloads.push(name), copyText: async () => true };
const outcome = (certificates = [ownCert('Default', { isDefault: true })]): OwnCertsOutcome => ({ certificates, store: storeView('app-own') });

describe('the own certificates view', () => {
  let store: AppStore;
  beforeEach(() => {
    store = createAppStore();
    downloads.length = 0;
  });

  describe('the slice', () => {
    it('takes progress steps only for the run this window started', () => {
      store.getState().setOwnRun({ runId: 'mine', id: null, step: null });
      store.getState().setOwnRunStep('another-window', 'signing');
      expect(store.getState().ownRun?.step).toBeNull();
      store.getState().setOwnRunStep('mine', 'generating-key');
      expect(store.getState().ownRun).toEqual({ runId: 'mine', id: null, step: 'generating-key' });
    });

    it('closes the Details drawer of a certificate that is gone', () => {
      const a = ownCert('A');
      store.getState().setOwnCerts([a]);
      store.getState().showOwnDetails(a.id);
      store.getState().setOwnCerts([a]);
      expect(store.getState().ownDetailsId).toBe(a.id);
      store.getState().setOwnCerts([]);
      expect(store.getState().ownDetailsId).toBeNull();
    });
  });

  describe('actions', () => {
    it('opens the view and reads the list', async () => {
      const list = [ownCert('Default', { isDefault: true })];
      const { api } = fakeApi({ 'own:list': async () => ok(list) });
      createOwnCertActions(api, store, platform).open();
      await Promise.resolve();
      await Promise.resolve();
      expect(store.getState()).toMatchObject({ ownCertsOpen: true, ownCerts: list, ownCertsLoaded: true });
    });

    it('generates with a run id, shows progress meanwhile, then the new list and the re-read app store', async () => {
      const created = ownCert('Line 1');
      let answer: (value: unknown) => void = () => undefined;
      const { api, calls } = fakeApi({ 'own:generate': () => new Promise((resolve) => (answer = resolve)) as never });
      const actions = createOwnCertActions(api, store, platform);
      const pending = actions.generate({ name: 'Line 1', keySize: 4096 });
      const runId = (calls[0].input as { runId: string }).runId;
      expect(runId).toMatch(/^[\w-]{1,64}$/);
      actions.onProgress({ runId, step: 'generating-key' });
      expect(store.getState()).toMatchObject({ ownBusy: true, ownRun: { runId, step: 'generating-key' } });
      answer(ok({ certificate: created, ...outcome([ownCert('Default', { isDefault: true }), created]) }));
      expect(await pending).toBe(true);
      expect(store.getState()).toMatchObject({ ownBusy: false, ownRun: null });
      expect(store.getState().ownCerts.map((c) => c.name)).toEqual(['Default', 'Line 1']);
      expect(store.getState().stores.map((s) => s.id)).toEqual(['app-own']);
      expect(store.getState().notifications.at(-1)).toMatchObject({ severity: 'success', message: 'Generated "Line 1"' });
    });

    it('says after a delete which connections now use the default', async () => {
      const { api } = fakeApi({
        'own:delete': async () =>
          ok({ ...outcome(), deleted: { deleted: { id: 'x', name: 'Old' }, fallback: { id: 'd', name: 'Default' }, connections: [{ connection: 'opc.tcp://plc:4840', securityMode: 'Sign' as const }] } }),
      });
      expect(await createOwnCertActions(api, store, platform).remove('x')).toBe(true);
      expect(store.getState().notifications.at(-1)?.message).toBe('Deleted "Old"; 1 connection now uses "Default"');
    });

    it('asks for the private key only with confirm: true, and downloads it', async () => {
      const { api, calls } = fakeApi({ 'own:export': async () => ok({ name: 'key.pem', base64: 'QQ==', format: 'pem' as const, mime: 'application/x-pem-file' }) });
      await createOwnCertActions(api, store, platform).downloadPrivateKey('own-1');
      expect(calls).toEqual([{ channel: 'own:export', input: { id: 'own-1', what: 'private-key', confirm: true } }]);
      expect(downloads).toEqual(['key.pem']);
    });

    it('reports a refused upload one way, with Retry, and keeps the list', async () => {
      const { api } = fakeApi({ 'own:upload': async () => ({ ok: false, error: { code: 'INVALID_CERT', message: 'the private key does not belong to the certificate' } }) });
      const done = await createOwnCertActions(api, store, platform).upload({ name: 'X', certificate: { name: 'a.pem', base64: 'QQ==' }, privateKey: { name: 'b.pem', base64: 'QQ==' } });
      expect(done).toBe(false);
      expect(store.getState().notifications.at(-1)).toMatchObject({ severity: 'error', message: 'Could not upload the certificate: the private key does not belong to the certificate', action: { label: 'Retry' } });
      expect(store.getState().ownBusy).toBe(false);
    });
  });

  describe('form helpers', () => {
    it('pre-fills the ApplicationUri as urn:<hostname>:<application name>', () => {
      expect(defaultApplicationUri('plc1', 'Scada')).toBe('urn:plc1:Scada');
    });
    it('splits hostnames from IP addresses', () => {
      expect(splitHosts('plc1, 10.0.0.5; plc1.local ::1')).toEqual({ hostnames: ['plc1', 'plc1.local'], ips: ['10.0.0.5', '::1'] });
    });
    it('says when a certificate expires in words', () => {
      expect([expiresText({ expiresInDays: 29 }), expiresText({ expiresInDays: 0 }), expiresText({ expiresInDays: -1 })]).toEqual(['in 29 days', 'today', '1 day ago']);
    });
  });
});

describe('assignments, signed certificates and the expiring-soon threshold', () => {
  let store: AppStore;
  beforeEach(() => {
    store = createAppStore();
  });

  it('assigns a certificate to an endpoint and says which one the connection now uses; unassigning falls back to the default', async () => {
    const line2 = ownCert('Line 2', { assignments: [{ connection: 'opc.tcp://plc:4840', securityMode: 'Sign' }], connectionCount: 1 });
    const { api, calls } = fakeApi({
      'own:assign': async (input) => ok(outcome(input.id ? [ownCert('Default', { isDefault: true }), { ...line2, id: input.id }] : [ownCert('Default', { isDefault: true })])),
    });
    const actions = createOwnCertActions(api, store, platform);
    expect(await actions.assign('own-x', 'opc.tcp://plc:4840', 'Sign')).toBe(true);
    expect(store.getState().notifications.at(-1)?.message).toBe('opc.tcp://plc:4840 now uses "Line 2" (Sign)');
    expect(store.getState().ownCerts.find((c) => c.id === 'own-x')?.connectionCount).toBe(1);
    expect(await actions.unassign('opc.tcp://plc:4840')).toBe(true);
    expect(calls.at(-1)).toEqual({ channel: 'own:assign', input: { id: null, endpointUrl: 'opc.tcp://plc:4840' } });
    expect(store.getState().notifications.at(-1)?.message).toBe('opc.tcp://plc:4840 now uses the default certificate "Default"');
  });

  it('installs a signed certificate; what the host warns about stays in the message', async () => {
    const signed = ownCert('Line 2');
    const { api } = fakeApi({
      'own:install-signed': async () =>
        ok({ ...outcome([signed]), installed: { certificate: signed, issuers: [{ source: 'ca.pem', status: 'imported' as const, file: 'issuers/certs/ca.pem', message: 'imported' }], warnings: ['no CRL of CN=Line CA was given'] } }),
    });
    expect(await createOwnCertActions(api, store, platform).installSigned(signed.id, [{ name: 'signed.pem', base64: 'QQ==' }])).toBe(true);
    expect(store.getState().notifications.at(-1)).toMatchObject({ severity: 'warning', message: 'Installed the signed certificate of "Line 2"; 1 issuer file copied to Issuers', hint: 'no CRL of CN=Line CA was given' });
  });

  it('saves a new expiring-soon threshold and re-reads the badges with it', async () => {
    const soon = ownCert('Short', { statuses: ['expiring-soon'] });
    const { api, calls } = fakeApi({ 'settings:update': async (input) => ok({ expiringSoonDays: input.expiringSoonDays ?? 30 }), 'own:list': async () => ok([soon]) });
    expect(await createOwnCertActions(api, store, platform).setExpiringSoonDays(60)).toBe(true);
    expect(calls.map((c) => c.channel)).toEqual(['settings:update', 'own:list']);
    expect(store.getState().appSettings).toEqual({ expiringSoonDays: 60 });
    expect(store.getState().ownCerts[0].statuses).toEqual(['expiring-soon']);
  });
});
