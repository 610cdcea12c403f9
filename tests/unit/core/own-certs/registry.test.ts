import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureIdentity } from '../../../../electron/core/opcua/identity';
import { OwnCertificates } from '../../../../electron/core/own-certs';
import { decodeFile } from '../../../../electron/core/x509/decode';
import { expiredCert, makeCert, type MadeCert } from '../../../helpers/certs';
import { snapshot } from '../../../helpers/pki';
import { tempDir } from '../../../helpers/tmp';
import { PkiStore } from '../../../../electron/core/pki/store';
import { decode, fileOf, openApp, readIn } from './fixtures';

let expired: MadeCert;
let stranger: MadeCert;

beforeAll(async () => {
  [expired, stranger] = await Promise.all([expiredCert('Old Client'), makeCert({ cn: 'Stranger', freshKey: true })]);
});

function sha1Of(pki: string, rel: string): string {
  const item = decodeFile(readIn(pki, rel)).items[0];
  if (item?.type !== 'certificate') throw new Error('no certificate');
  return new X509Certificate(item.der).fingerprint.replace(/:/g, '').toLowerCase();
}

describe('the own-certificate list of a PKI folder', () => {
  describe('on first use', () => {
    it("adopts the app's first-start certificate as the default, with what its certificate says", async () => {
      const { own, pki } = await openApp();
      const [app] = own.list();
      expect(app).toMatchObject({ id: 'app', name: 'App certificate', isDefault: true, origin: 'adopted', certificateFile: 'own/certs/client_certificate.pem', privateKeyFile: 'own/private/private_key.pem', statuses: ['valid'], connectionCount: 0 });
      expect(app.applicationUri).toMatch(/^urn:.+:OpcUaTrustManager$/);
      expect(app.applicationName).toBe('OpcUaTrustManager');
      expect(app.keySize).toBe(2048);
      expect(app.certificate?.sha1).toBe(sha1Of(pki, app.certificateFile));
      expect(existsSync(path.join(pki, '.uatrust', 'own-certificates.json'))).toBe(true);
    });

    it('adopts it also when the registry came first (a certificate generated before the app started)', async () => {
      const { own, pki } = await openApp();
      rmSync(path.join(pki, 'own'), { recursive: true });
      await own.generate({ name: 'Early' });
      await ensureIdentity(pki);
      const list = own.list();
      expect(list.map((v) => [v.name, v.isDefault])).toEqual([['Early', true], ['App certificate', false]]);
    });

    it('never puts key material into what it returns', async () => {
      const { own } = await openApp();
      await own.generate({ name: 'Second' });
      const text = JSON.stringify([own.list(), own.get('Second'), own.certificateFor('opc.tcp://x:1')]);
      expect(text).not.toMatch(/PRIVATE KEY|MII[A-Za-z0-9+/]{60}/);
    });
  });

  describe('status badges', () => {
    it('"expiring soon" within 30 days by default, a number of days the caller chooses', async () => {
      const { own, pki } = await openApp();
      await own.generate({ name: 'Short', validityDays: 10 });
      expect(own.get('Short').statuses).toEqual(['expiring-soon']);
      expect(own.get('Short', { expiringSoonDays: 5 }).statuses).toEqual(['valid']);
      expect(OwnCertificates.open(pki, { expiringSoonDays: 7 }).get('Short').statuses).toEqual(['valid']);
    });

    it('"expired" once notAfter has passed', async () => {
      const { own } = await openApp();
      const { certificate } = await own.upload({ name: 'Old', certificate: fileOf('old.pem', expired.pem), privateKey: fileOf('old.key', expired.keyPem) });
      expect(certificate.statuses).toEqual(['expired']);
      expect(certificate.expiresInDays).toBe(-1);
      expect(certificate.certificate?.problems.map((p) => p.code)).toContain('expired');
    });

    it('"missing files" when the key or the certificate is gone from disk, with what is missing', async () => {
      const { own, pki } = await openApp();
      const view = await own.generate({ name: 'Fragile' });
      rmSync(path.join(pki, view.privateKeyFile));
      expect(own.get('Fragile')).toMatchObject({ statuses: ['valid', 'missing-files'], files: { certificate: 'ok', privateKey: 'missing' } });
      rmSync(path.join(pki, view.certificateFile));
      const gone = own.get('Fragile');
      expect(gone).toMatchObject({ statuses: ['missing-files'], certificate: null, files: { certificate: 'missing', privateKey: 'missing' } });
      expect(gone.fileProblems).toEqual([`the certificate file ${view.certificateFile} is missing`, `the private key file ${view.privateKeyFile} is missing`]);
    });

    it('says when the key on disk no longer belongs to the certificate', async () => {
      const { own, pki } = await openApp();
      writeFileSync(path.join(pki, 'own', 'private', 'private_key.pem'), stranger.keyPem);
      expect(own.get('app').files.privateKey).toBe('mismatch');
    });
  });

  describe('default and assignments', () => {
    it('gives a connection its assigned certificate, else the default; URLs differing in case or a trailing slash are one connection', async () => {
      const { own, pki } = await openApp();
      const line = await own.generate({ name: 'Line' });
      expect(own.assign('Line', 'opc.tcp://PLC-7:4840/', 'SignAndEncrypt')).toEqual({ connection: 'opc.tcp://plc-7:4840', securityMode: 'SignAndEncrypt' });
      expect(own.certificateFor('opc.tcp://plc-7:4840')).toEqual({
        id: line.id,
        name: 'Line',
        source: 'assigned',
        securityMode: 'SignAndEncrypt',
        certificateFile: path.join(pki, 'own', 'certs', 'Line.pem'),
        privateKeyFile: path.join(pki, 'own', 'private', 'Line.pem'),
        applicationUri: line.applicationUri,
        statuses: ['valid'],
      });
      expect(own.certificateFor('opc.tcp://other:4840')).toMatchObject({ id: 'app', source: 'default', securityMode: null });
      expect(own.get('Line').connectionCount).toBe(1);
    });

    it('moves a connection when it is assigned to another certificate, and unassigns it back to the default', async () => {
      const { own } = await openApp();
      await own.generate({ name: 'A' });
      own.assign('A', 'opc.tcp://plc:4840', 'Sign');
      own.assign('app', 'opc.tcp://plc:4840', 'SignAndEncrypt');
      expect(own.get('A').assignments).toEqual([]);
      expect(own.certificateFor('opc.tcp://plc:4840')).toMatchObject({ id: 'app', source: 'assigned', securityMode: 'SignAndEncrypt' });
      expect(own.unassign('opc.tcp://PLC:4840/')).toBe(true);
      expect(own.certificateFor('opc.tcp://plc:4840')).toMatchObject({ id: 'app', source: 'default' });
      expect(own.unassign('opc.tcp://plc:4840')).toBe(false);
    });

    it('refuses the security mode None and URLs that are not endpoints', async () => {
      const { own } = await openApp();
      expect(() => own.assign('app', 'opc.tcp://plc:4840', 'None' as never)).toThrow(/Sign or SignAndEncrypt/);
      expect(() => own.assign('app', 'plc:4840', 'Sign')).toThrow(/not an endpoint URL/);
    });

    it('makes another certificate the default, but not one whose files are missing', async () => {
      const { own, pki } = await openApp();
      const b = await own.generate({ name: 'B' });
      expect(own.setDefault('B').isDefault).toBe(true);
      expect(own.list().filter((v) => v.isDefault).map((v) => v.name)).toEqual(['B']);
      rmSync(path.join(pki, b.privateKeyFile));
      expect(() => own.setDefault('B')).toThrow(/cannot be the default/);
      rmSync(path.join(pki, 'own/private/private_key.pem'));
      expect(() => own.setDefault('app')).toThrow(/private key file own\/private\/private_key.pem is missing/);
    });
  });

  describe('delete', () => {
    it('refuses the default and leaves everything as it was', async () => {
      const { own, pki } = await openApp();
      own.list();
      const before = snapshot(pki);
      expect(() => own.delete('app')).toThrow(expect.objectContaining({ code: 'CONFLICT', message: expect.stringContaining('is the default certificate') }));
      expect(snapshot(pki)).toEqual(before);
    });

    it('deletes another with its files and backups; its connections fall back to the default and are listed', async () => {
      const { own, pki } = await openApp();
      const doomed = await own.generate({ name: 'Doomed' });
      own.assign('Doomed', 'opc.tcp://a:4840', 'Sign');
      own.assign('Doomed', 'opc.tcp://b:4840', 'SignAndEncrypt');
      const regenerated = await own.regenerate('Doomed');
      const result = own.delete('Doomed');
      expect(result).toEqual({
        deleted: { id: doomed.id, name: 'Doomed' },
        fallback: { id: 'app', name: 'App certificate' },
        connections: [
          { connection: 'opc.tcp://a:4840', securityMode: 'Sign' },
          { connection: 'opc.tcp://b:4840', securityMode: 'SignAndEncrypt' },
        ],
      });
      expect(own.certificateFor('opc.tcp://a:4840')).toMatchObject({ id: 'app', source: 'default' });
      for (const rel of [doomed.certificateFile, doomed.privateKeyFile, regenerated.backups[0].certificateFile, regenerated.backups[0].privateKeyFile!]) expect(existsSync(path.join(pki, rel)), rel).toBe(false);
      expect(own.list().map((v) => v.name)).toEqual(['App certificate']);
    });
  });

  describe('regenerate', () => {
    it('makes a new key and certificate with the same name, ApplicationUri and assignments, and keeps the old pair as a backup', async () => {
      const { own, pki } = await openApp();
      const first = await own.generate({ name: 'Renewed', hostnames: ['scada.local'], ips: ['192.168.1.5'], applicationName: 'Scada' });
      own.assign('Renewed', 'opc.tcp://plc:4840', 'Sign');
      const oldCert = readIn(pki, first.certificateFile);
      const oldKey = readIn(pki, first.privateKeyFile);
      const steps: string[] = [];
      const renewed = await own.regenerate('Renewed', { validityDays: 90 }, (s) => steps.push(s));

      expect(renewed).toMatchObject({ id: first.id, name: 'Renewed', applicationUri: 'urn:scada.local:Scada', certificateFile: first.certificateFile, privateKeyFile: first.privateKeyFile, keySize: 2048, validityDays: 90, assignments: [{ connection: 'opc.tcp://plc:4840', securityMode: 'Sign' }] });
      expect(renewed.certificate).toMatchObject({ applicationUri: 'urn:scada.local:Scada', dns: ['scada.local'], ip: ['192.168.1.5'], keySize: 2048, subject: first.certificate!.subject });
      expect(renewed.certificate!.sha1).not.toBe(first.certificate!.sha1);
      expect(readIn(pki, first.privateKeyFile).equals(oldKey)).toBe(false);
      expect(steps).toEqual(['generating-key', 'signing', 'writing', 'done']);

      const [backup] = renewed.backups;
      expect(backup).toMatchObject({ reason: 'regenerated', sha1: first.certificate!.sha1, notAfter: first.certificate!.notAfter });
      expect(backup.certificateFile).toMatch(/^own\/certs\/backup\/Renewed-\d{8}T\d{6}-[0-9a-f]{4}\.pem$/);
      expect(backup.privateKeyFile).toMatch(/^own\/private\/backup\/Renewed-/);
      expect(readIn(pki, backup.certificateFile)).toEqual(oldCert);
      expect(readIn(pki, backup.privateKeyFile!)).toEqual(oldKey);
    });

    it('renews the app certificate in place, so the app keeps finding it where it looks', async () => {
      const { own, pki } = await openApp();
      const renewed = await own.regenerate('app');
      const identity = await ensureIdentity(pki);
      expect(identity.created).toBe(false);
      expect(identity.certificate.sha256).toBe(renewed.certificate!.sha256);
      expect(renewed.backups).toHaveLength(1);
    });

    it('deletes a backup when the user says so', async () => {
      const { own, pki } = await openApp();
      const renewed = await own.regenerate('app');
      const [backup] = renewed.backups;
      expect(own.deleteBackup('app', backup.id).backups).toEqual([]);
      expect(existsSync(path.join(pki, backup.certificateFile))).toBe(false);
      expect(existsSync(path.join(pki, backup.privateKeyFile!))).toBe(false);
    });
  });

  describe('export', () => {
    it('gives the certificate as DER or PEM', async () => {
      const { own, pki } = await openApp();
      const der = own.exportCertificate('app', 'der');
      expect(der).toMatchObject({ name: 'App_certificate.der', format: 'der', mime: 'application/pkix-cert' });
      expect(new X509Certificate(decode(der)).fingerprint.replace(/:/g, '').toLowerCase()).toBe(sha1Of(pki, 'own/certs/client_certificate.pem'));
      const pem = own.exportCertificate('app', 'pem');
      expect(decode(pem).toString()).toBe(readIn(pki, 'own/certs/client_certificate.pem').toString());
    });

    it('gives the private key only with an explicit confirmation, as PEM', async () => {
      const { own, pki } = await openApp();
      expect(() => own.exportPrivateKey('app', {} as never)).toThrow(/explicit confirmation/);
      const key = own.exportPrivateKey('app', { confirm: true });
      expect(key).toMatchObject({ name: 'App_certificate.key.pem', format: 'pem' });
      const exported = createPrivateKey(decode(key).toString());
      const onDisk = createPrivateKey(readFileSync(path.join(pki, 'own/private/private_key.pem')));
      expect(exported.equals(onDisk)).toBe(true);
    });
  });

  describe('in PKI folders of other stacks', () => {
    it('writes DER certificates in a UA-.NET folder, and refuses a Prosys folder, which has no own/certs', async () => {
      const uaNet = PkiStore.init(await tempDir('own-uanet-'), 'ua-net').root;
      const view = await OwnCertificates.open(uaNet).generate({ name: 'Net' });
      expect([view.certificateFile, view.privateKeyFile]).toEqual(['own/certs/Net.der', 'own/private/Net.pem']);
      expect(readIn(uaNet, view.certificateFile)[0]).toBe(0x30);
      const prosys = PkiStore.init(await tempDir('own-prosys-'), 'prosys').root;
      expect(() => OwnCertificates.open(prosys)).toThrow(/is a Prosys PKI, which keeps no own certificates and keys in folders of their own/);
    });
  });

  describe('after a crash', () => {
    it('removes the temp files a change left in own/private (a new key may be in one) when the folder is opened again', async () => {
      const { pki } = await openApp();
      const stray = path.join(pki, 'own', 'private', '.uatrust-0123456789ab.tmp');
      writeFileSync(stray, 'half a key', { mode: 0o600 });
      OwnCertificates.open(pki);
      expect(existsSync(stray)).toBe(false);
      expect(existsSync(path.join(pki, 'own', 'private', 'private_key.pem'))).toBe(true);
    });
  });

  describe('a registry edited by hand', () => {
    it('drops a record whose files are outside own/, so it cannot be used to read other files', async () => {
      const { own, pki } = await openApp();
      own.list();
      const file = path.join(pki, '.uatrust', 'own-certificates.json');
      const registry = JSON.parse(readFileSync(file, 'utf8'));
      registry.records.push({ ...registry.records[0], id: 'evil', name: 'Evil', isDefault: false, privateKeyFile: '../../../etc/passwd' });
      writeFileSync(file, JSON.stringify(registry));
      expect(own.list().map((v) => v.id)).toEqual(['app']);
      expect(() => own.exportPrivateKey('evil', { confirm: true })).toThrow(/no own certificate "evil"/);
    });
  });
});
