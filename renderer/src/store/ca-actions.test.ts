import { beforeEach, describe, expect, it } from 'vitest';
import type { LocalCaView } from '../../../shared/types/local-ca';
import type { IssuedCertificate, LocalCaInfo } from '../../../shared/types/own-certs';
import { fakeApi, ok } from '../testing/fake-api';
import { ownCert } from '../testing/own-certs';
import { storeView } from '../testing/views';
import { createAppStore, type AppStore } from './app-state';
import { createCaActions } from './ca-actions';

const downloads: { name: string; text: string }[] = [];
const platform = { download: (name: string, base64: string) => void downloads.push({ name, text: atob(base64) }), copyText: async () => true };

const info = (overrides: Partial<LocalCaInfo> = {}): LocalCaInfo => ({
  dir: '/home/u/.config/opcua-trust-manager/ca',
  subject: 'CN=Line CA',
  sha1: 'ab'.repeat(20),
  sha256: 'cd'.repeat(32),
  notBefore: '2026-01-01T00:00:00.000Z',
  notAfter: '2036-01-01T00:00:00.000Z',
  keySize: 3072,
  nextSerial: '1a2b3c4d00001001',
  issued: 1,
  revoked: 0,
  crl: { crlNumber: 1, thisUpdate: '2026-01-01T00:00:00.000Z', nextUpdate: '2026-01-31T00:00:00.000Z', revokedSerials: [], file: 'crl/ca_revocation_list.pem', sha256: 'ef'.repeat(32) },
  ...overrides,
});
const issued = (serial: string, status: IssuedCertificate['status'] = 'valid'): IssuedCertificate => ({
  serial,
  subject: 'CN=Scada@plc',
  applicationUri: 'urn:plc:Scada',
  sha1: '01'.repeat(20),
  sha256: '02'.repeat(32),
  notBefore: '2026-01-01T00:00:00.000Z',
  notAfter: '2027-01-01T00:00:00.000Z',
  issuedAt: '2026-01-01T00:00:00.000Z',
  status,
  revokedAt: status === 'revoked' ? '2026-02-01T00:00:00.000Z' : null,
  file: `issued/${serial}.pem`,
});
const view = (overrides: Partial<LocalCaView> = {}): LocalCaView => ({ info: info(), issued: [issued('1a2b3c4d00001000')], ...overrides });

describe('the local CA view', () => {
  let store: AppStore;
  beforeEach(() => {
    store = createAppStore();
    downloads.length = 0;
  });

  it('opens on "no CA yet" and creates one, leaving out an empty organization', async () => {
    const { api, calls } = fakeApi({ 'ca:get': async () => ok({ info: null, issued: [] }), 'ca:init': async () => ok(view({ issued: [] })) });
    const actions = createCaActions(api, store, platform);
    actions.open();
    await actions.load();
    expect(store.getState()).toMatchObject({ caOpen: true, ca: { info: null } });
    expect(await actions.create({ commonName: 'Line CA', organization: '  ', keySize: 3072, validityDays: 3650 })).toBe(true);
    expect(calls.at(-1)).toEqual({ channel: 'ca:init', input: { commonName: 'Line CA', organization: undefined, keySize: 3072, validityDays: 3650 } });
    expect(store.getState().ca?.info?.subject).toBe('CN=Line CA');
    expect(store.getState().notifications.at(-1)?.message).toBe('Created the local CA "Line CA"');
  });

  it('saves a signed request as <request>_signed.pem with the CA certificate after it', async () => {
    const { api } = fakeApi({
      'ca:sign': async () => ok({ ca: view(), signed: { issued: issued('1a2b3c4d00001000'), certificatePem: 'LEAF\n', caCertificatePem: 'CA\n' }, own: null }),
    });
    expect(await createCaActions(api, store, platform).signRequest({ name: 'plc7.csr', base64: 'QQ==' }, 90)).toBe(true);
    expect(downloads).toEqual([{ name: 'plc7_signed.pem', text: 'LEAF\nCA\n' }]);
    expect(store.getState().notifications.at(-1)?.message).toBe('Signed serial 1a2b3c4d00001000; saved as plc7_signed.pem (with the CA certificate)');
  });

  it('signs an own certificate and shows it installed: the list and the app store are replaced', async () => {
    const signedOwn = ownCert('Line 2');
    const { api, calls } = fakeApi({
      'ca:sign': async () =>
        ok({
          ca: view(),
          signed: { issued: issued('1a2b3c4d00001000'), certificatePem: 'LEAF\n', caCertificatePem: 'CA\n' },
          own: { certificates: [ownCert('Default', { isDefault: true }), signedOwn], store: storeView('app-own'), installed: { certificate: signedOwn, issuers: [], warnings: [] } },
        }),
    });
    expect(await createCaActions(api, store, platform).signOwn(signedOwn.id, 365)).toBe(true);
    expect(calls).toEqual([{ channel: 'ca:sign', input: { ownId: signedOwn.id, validityDays: 365 } }]);
    expect(store.getState().ownCerts.map((c) => c.name)).toEqual(['Default', 'Line 2']);
    expect(store.getState().stores.map((s) => s.id)).toEqual(['app-own']);
    expect(downloads).toEqual([]);
  });

  it('revokes and says the CRL must be deployed; a refusal is one error with Retry and nothing changes', async () => {
    store.getState().setCa(view());
    const revoked = view({ issued: [issued('1a2b3c4d00001000', 'revoked')], info: info({ revoked: 1, crl: { ...info().crl!, crlNumber: 2, revokedSerials: ['1a2b3c4d00001000'] } }) });
    let refuse = true;
    const { api } = fakeApi({
      'ca:revoke': async () => (refuse ? { ok: false, error: { code: 'CONFLICT', message: 'serial 1a2b3c4d00001000 (CN=Scada@plc) is revoked already' } } : ok({ ...revoked, revoked: revoked.issued[0] })),
    });
    const actions = createCaActions(api, store, platform);
    expect(await actions.revoke('1a2b3c4d00001000')).toBe(false);
    expect(store.getState().notifications.at(-1)).toMatchObject({ severity: 'error', message: 'Could not revoke the certificate: serial 1a2b3c4d00001000 (CN=Scada@plc) is revoked already', action: { label: 'Retry' } });
    expect(store.getState().ca?.issued[0].status).toBe('valid');
    refuse = false;
    expect(await actions.revoke('1a2b3c4d00001000')).toBe(true);
    expect(store.getState().ca?.issued[0].status).toBe('revoked');
    expect(store.getState().notifications.at(-1)).toMatchObject({ message: 'Revoked serial 1a2b3c4d00001000; CRL #2 published', hint: 'Deploy the CRL so that servers refuse it.' });
  });

  it('downloads the CA certificate or its CRL under the name the host gives; a refusal says to publish the CRL first', async () => {
    const { api, calls } = fakeApi({
      'ca:download': async (input) =>
        input.what === 'crl'
          ? { ok: false, error: { code: 'NOT_FOUND', message: 'the local CA has no CRL yet: publish the CRL first' } }
          : ok({ name: 'Line_CA.pem', base64: btoa('CA\n'), mime: 'application/x-pem-file' }),
    });
    const actions = createCaActions(api, store, platform);
    expect(await actions.download('certificate', 'pem')).toBe(true);
    expect(calls).toEqual([{ channel: 'ca:download', input: { what: 'certificate', format: 'pem' } }]);
    expect(downloads).toEqual([{ name: 'Line_CA.pem', text: 'CA\n' }]);
    expect(store.getState().notifications.at(-1)).toMatchObject({ severity: 'success', message: 'Saved the CA certificate as Line_CA.pem' });
    expect(await actions.download('crl', 'der')).toBe(false);
    expect(downloads).toHaveLength(1);
    expect(store.getState().notifications.at(-1)).toMatchObject({ severity: 'error', message: 'Could not download the CRL: the local CA has no CRL yet: publish the CRL first' });
  });

  it('deploys: the stores written are replaced and the report per store stays until the view closes', async () => {
    store.getState().setStores([storeView('demo-server'), storeView('s-1')]);
    const written = storeView('demo-server', [], { name: 'Local demo server (re-read)' });
    const { api } = fakeApi({
      'ca:deploy': async () =>
        ok({
          reports: [
            { storeId: 'demo-server', storeName: 'Local demo server', store: '/d', to: 'trusted' as const, results: [], removedCrls: [], error: null },
            { storeId: 's-1', storeName: 'Line 1', store: '/l', to: 'trusted' as const, results: [], removedCrls: [], error: 'the folder is read-only for this app' },
          ],
          stores: [written],
        }),
    });
    const actions = createCaActions(api, store, platform);
    store.getState().setCaOpen(true);
    expect(await actions.deploy(['demo-server', 's-1'], 'trusted')).toBe(true);
    expect(store.getState().stores.find((s) => s.id === 'demo-server')?.name).toBe('Local demo server (re-read)');
    expect(store.getState().caDeployReport?.map((r) => r.error)).toEqual([null, 'the folder is read-only for this app']);
    expect(store.getState().notifications.at(-1)).toMatchObject({ severity: 'warning', message: 'Deployed to 1 of 2 stores; 1 failed' });
    store.getState().setCaOpen(false);
    expect(store.getState().caDeployReport).toBeNull();
  });
});
