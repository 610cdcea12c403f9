import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHandlers } from '../../../../electron/core/app/handlers';
import { APP_STORE_ID, TrustService } from '../../../../electron/core/app/trust-service';
import { PkiStore } from '../../../../electron/core/pki/store';
import type { CertSummary } from '../../../../shared/types/cert';
import { makeCert } from '../../../helpers/certs';
import { tempDir } from '../../../helpers/tmp';

const services: TrustService[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
});

/** The first store the user added (after the built-in ones). */
const added = (service: TrustService) => service.listStores().filter((s) => !s.builtIn)[0];

async function startService(home: string, extraStores: string[] = []) {
  const service = new TrustService({ home, mode: 'browser', extraStores, watch: false });
  services.push(service);
  await service.start();
  return service;
}

async function serverStoreWithRejected(cn: string) {
  const root = await tempDir('server-');
  PkiStore.init(root, 'node-opcua');
  const cert = await makeCert({ cn });
  writeFileSync(path.join(root, 'rejected', `${cn}[${cert.sha1}].pem`), cert.pem);
  return { root, cert };
}

const certs = (entries: unknown[]) => entries.filter((e): e is CertSummary => (e as CertSummary).kind === 'certificate');

describe('the trust service behind the app', () => {
  describe('on first start', () => {
    it("creates the app's own client PKI, private folder 0700, and always lists it", async () => {
      const home = await tempDir('home-');
      const service = await startService(home);
      const [own] = service.listStores();
      expect(own).toMatchObject({ id: APP_STORE_ID, role: 'client', builtIn: true, layout: 'node-opcua', writable: true });
      expect(statSync(path.join(home, 'pki', 'own', 'private')).mode & 0o777).toBe(0o700);
      expect(statSync(home).mode & 0o777).toBe(0o700);
      expect(service.listStores().map((s) => [s.name, s.builtIn])).toEqual([
        ['OPC UA Trust Manager (this app)', true],
        ['Local demo server', true],
      ]);
      const ownCerts = certs(own.entries).filter((c) => c.folder === 'own');
      expect(ownCerts.map((c) => c.applicationUri)).toEqual([`urn:${os.hostname()}:OpcUaTrustManager`]);
      expect(statSync(path.join(home, 'pki', 'own', 'private', 'private_key.pem')).mode & 0o777).toBe(0o600);
    });
  });

  describe('adding a PKI folder', () => {
    it('detects the layout, lists its certificates and remembers it after a restart', async () => {
      const home = await tempDir('home-');
      const { root, cert } = await serverStoreWithRejected('Scada Client');
      const service = await startService(home);
      const view = await service.addStore({ path: root, name: 'Line 1 server' });
      expect(view).toMatchObject({ name: 'Line 1 server', layout: 'node-opcua', role: 'server', builtIn: false });
      expect(certs(view.entries).map((c) => [c.subject.cn, c.folder, c.sha1])).toEqual([['Scada Client', 'rejected', cert.sha1]]);
      await service.close();

      const again = await startService(home);
      expect(again.listStores().map((s) => s.name)).toEqual(['OPC UA Trust Manager (this app)', 'Local demo server', 'Line 1 server']);
    });

    it('refuses the same folder twice and a folder without a known layout', async () => {
      const home = await tempDir('home-');
      const { root } = await serverStoreWithRejected('Twice');
      const service = await startService(home, [root]);
      await expect(service.addStore({ path: root })).rejects.toMatchObject({ code: 'EXISTS' });
      const empty = await tempDir('empty-');
      await expect(service.addStore({ path: empty })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('removes a folder from the list without touching its files; the built-in store stays', async () => {
      const home = await tempDir('home-');
      const { root } = await serverStoreWithRejected('Keep Me');
      const service = await startService(home, [root]);
      const id = added(service).id;
      await service.removeStore(id);
      expect(service.listStores().filter((s) => !s.builtIn)).toHaveLength(0);
      expect(certs(PkiStore.open(root).scan().entries)).toHaveLength(1);
      await expect(service.removeStore(APP_STORE_ID)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    });
  });

  describe('sync of staged changes', () => {
    it('moves a rejected certificate to trusted and returns the re-read stores', async () => {
      const home = await tempDir('home-');
      const { root, cert } = await serverStoreWithRejected('Refused Client');
      const service = await startService(home, [root]);
      const store = added(service);
      const entry = certs(store.entries)[0];
      const outcome = await service.sync([{ storeId: store.id, kind: 'trust', file: entry.file, id: entry.id }]);
      expect(outcome.reports[0]).toMatchObject({ storeId: store.id, done: 1, conflicts: 0, failed: 0 });
      const after = certs(outcome.stores.find((s) => s.id === store.id)!.entries);
      expect(after.map((c) => [c.folder, c.file])).toEqual([['trusted', `trusted/certs/Refused Client[${cert.sha1}].pem`]]);
      expect(readFileSync(path.join(root, after[0].file), 'utf8')).toBe(cert.pem);
    });

    it('refuses a path outside the store before anything moves', async () => {
      const home = await tempDir('home-');
      const { root } = await serverStoreWithRejected('Inside');
      const service = await startService(home, [root]);
      const store = added(service);
      const entry = certs(store.entries)[0];
      await expect(
        service.sync([
          { storeId: store.id, kind: 'trust', file: entry.file, id: entry.id },
          { storeId: store.id, kind: 'delete', file: '../../etc/passwd', id: entry.id },
        ]),
      ).rejects.toMatchObject({ code: 'OUTSIDE_STORE' });
      expect(existsSync(path.join(root, entry.file))).toBe(true);
    });
  });

  describe('import and export', () => {
    it('imports a PEM certificate into trusted and exports it back byte for byte as DER', async () => {
      const home = await tempDir('home-');
      const { root } = await serverStoreWithRejected('Someone');
      const service = await startService(home, [root]);
      const store = added(service);
      const cert = await makeCert({ cn: 'Imported HMI' });
      const { results, store: view } = service.importFiles({ storeId: store.id, to: 'trusted', files: [{ name: 'hmi.pem', base64: Buffer.from(cert.pem).toString('base64') }] });
      expect(results).toMatchObject([{ status: 'imported', kind: 'certificate', id: cert.sha256 }]);
      const imported = certs(view.entries).find((c) => c.id === cert.sha256)!;
      expect(imported.folder).toBe('trusted');
      const exported = service.exportCert({ storeId: store.id, file: imported.file, id: imported.id, format: 'der' });
      expect(Buffer.from(exported.base64, 'base64').equals(cert.der)).toBe(true);
      expect(exported.name).toBe('Imported HMI.der');
    });
  });

  describe('"Would this connect?"', () => {
    it('judges a certificate of one store with the trust list of another, step by step', async () => {
      const home = await tempDir('home-');
      const { root: clientSide, cert } = await serverStoreWithRejected('HMI 12');
      const serverSide = await tempDir('judge-');
      PkiStore.init(serverSide, 'node-opcua');
      const service = await startService(home, [clientSide, serverSide]);
      const [client, judge] = service.listStores().filter((s) => !s.builtIn);
      const entry = certs(client.entries)[0];
      const handlers = createHandlers(service);
      const input = { certificate: { storeId: client.id, file: entry.file, id: entry.id }, judgeStoreId: judge.id, role: 'client', securityPolicy: 'Basic256Sha256' };

      const refused = await handlers['certs:verify'](input);
      expect(refused).toMatchObject({ ok: true, value: { verdict: 'BadCertificateUntrusted', verdictHex: '0x801A0000', failedStep: 'trust-list', wireStatus: 'BadSecurityChecksFailed' } });

      writeFileSync(path.join(serverSide, 'trusted', 'certs', 'hmi.pem'), cert.pem);
      const accepted = await handlers['certs:verify'](input);
      expect(accepted).toMatchObject({ ok: true, value: { verdict: 'Good', failedStep: null } });
      expect(await handlers['certs:verify']({ ...input, role: 'admin' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    });
  });

  describe('the handlers of the contract', () => {
    it('answer with a validation error for malformed input and never throw', async () => {
      const service = await startService(await tempDir('home-'));
      const handlers = createHandlers(service);
      for (const bad of [null, 42, 'x', { path: 5 }, { path: 'a', extra: true }, { path: 'x'.repeat(5000) }]) {
        const result = await handlers['stores:add'](bad);
        expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      }
      expect(await handlers['changes:sync']({ changes: [{ storeId: 'x', kind: 'steal', file: 'a', id: 'b' }] })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    });

    it('turn core failures into coded results', async () => {
      const service = await startService(await tempDir('home-'));
      const handlers = createHandlers(service);
      expect(await handlers['stores:remove']({ storeId: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      const missing = path.join(await tempDir('gone-'), 'not-there');
      expect(await handlers['stores:add']({ path: missing })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(await handlers['app:get-info']({})).toMatchObject({ ok: true, value: { mode: 'browser', appStoreId: APP_STORE_ID } });
    });
  });

  describe('a store that cannot be read', () => {
    it('is listed with its error instead of stopping the app', async () => {
      const home = await tempDir('home-');
      const { root } = await serverStoreWithRejected('Vanishing');
      const first = await startService(home, [root]);
      await first.close();
      const moved = `${root}-moved`;
      mkdirSync(moved);
      const { renameSync, rmSync } = await import('node:fs');
      rmSync(moved, { recursive: true });
      renameSync(root, moved);
      const service = await startService(home);
      const broken = added(service);
      expect(broken.error).toMatch(/cannot open the store/);
      expect(broken.entries).toEqual([]);
    });
  });
});
