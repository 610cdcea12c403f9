import { createPrivateKey } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createPfx, makePrivateKeyFromPem } from 'node-opcua-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { PkiStore } from '../../../../electron/core/pki/store';
import { makeCert, type MadeCert } from '../../../helpers/certs';
import { snapshot } from '../../../helpers/pki';
import { tempDir } from '../../../helpers/tmp';
import { fileOf, OPENSSL, openApp, openssl, readIn } from './fixtures';

let ca: MadeCert;
let leaf: MadeCert;
let other: MadeCert;

beforeAll(async () => {
  ca = await makeCert({ cn: 'Plant CA', ca: true });
  [leaf, other] = await Promise.all([
    makeCert({ cn: 'Uploaded', o: 'Acme', issuer: ca, applicationUri: 'urn:scada-1:Uploaded', dns: ['scada-1'], ip: ['10.1.1.1'], freshKey: true }),
    makeCert({ cn: 'Other', freshKey: true }),
  ]);
});

/** A .pfx as users get them: from openssl where it is installed, else from node-opcua-crypto's writer. */
async function makePfx(cert: MadeCert, password: string, chain: MadeCert[] = []): Promise<Buffer> {
  if (!OPENSSL) return createPfx({ certificate: cert.der, certificateChain: chain.map((c) => c.der), privateKey: makePrivateKeyFromPem(cert.keyPem), password });
  const dir = await tempDir('pfx-');
  writeFileSync(path.join(dir, 'cert.pem'), cert.pem);
  writeFileSync(path.join(dir, 'key.pem'), cert.keyPem);
  writeFileSync(path.join(dir, 'chain.pem'), chain.map((c) => c.pem).join('') || cert.pem);
  const out = path.join(dir, 'bundle.pfx');
  openssl(['pkcs12', '-export', '-in', path.join(dir, 'cert.pem'), '-inkey', path.join(dir, 'key.pem'), ...(chain.length ? ['-certfile', path.join(dir, 'chain.pem')] : []), '-out', out, '-passout', `pass:${password}`]);
  return readFileSync(out);
}

function issuerFiles(pki: string): string[] {
  return PkiStore.open(pki)
    .scan()
    .entries.filter((e) => e.folder === 'issuers')
    .map((e) => e.file);
}

describe('upload an existing certificate', () => {
  describe('certificate and PEM key', () => {
    it('registers it with what the certificate says, stores the key 0600 as PKCS#8, the issuer chain in issuers/', async () => {
      const { own, pki } = await openApp();
      const { certificate: view, issuers } = await own.upload({ name: 'From IT', description: 'issued by the plant CA', certificate: fileOf('client.pem', leaf.pem + ca.pem), privateKey: fileOf('client.key', leaf.keyPem) });

      expect(view).toMatchObject({ name: 'From IT', origin: 'uploaded', applicationUri: 'urn:scada-1:Uploaded', applicationName: 'Uploaded', hostnames: ['scada-1'], ips: ['10.1.1.1'], keySize: 2048, statuses: ['valid'], isDefault: false });
      expect(view.certificate).toMatchObject({ sha256: leaf.sha256, selfSigned: false });
      expect(createPrivateKey(readIn(pki, view.privateKeyFile)).equals(createPrivateKey(leaf.keyPem))).toBe(true);
      expect(readIn(pki, view.privateKeyFile).toString()).toMatch(/^-----BEGIN PRIVATE KEY-----/);
      if (process.platform !== 'win32') expect(statSync(path.join(pki, view.privateKeyFile)).mode & 0o777).toBe(0o600);
      expect(issuers.map((r) => r.status)).toEqual(['imported']);
      expect(issuerFiles(pki)).toEqual([`issuers/certs/issuer_Plant CA[${ca.sha1}].pem`]);
    });

    it('takes a DER .cer and a PKCS#1 key ("BEGIN RSA PRIVATE KEY"), and an encrypted key with its password', async () => {
      const { own } = await openApp();
      const pkcs1 = createPrivateKey(leaf.keyPem).export({ type: 'pkcs1', format: 'pem' }) as string;
      const der = await own.upload({ name: 'DER', certificate: fileOf('client.cer', leaf.der), privateKey: fileOf('client.key', pkcs1) });
      expect(der.certificate.certificate?.sha256).toBe(leaf.sha256);

      const encrypted = createPrivateKey(other.keyPem).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }) as string;
      const input = { name: 'Encrypted', certificate: fileOf('other.crt', other.pem), privateKey: fileOf('other.key', encrypted) };
      await expect(own.upload(input)).rejects.toThrow(/encrypted: give its password/);
      await expect(own.upload({ ...input, privateKeyPassword: 'wrong' })).rejects.toThrow(/wrong password/);
      expect((await own.upload({ ...input, privateKeyPassword: 'pw' })).certificate.files.privateKey).toBe('ok');
    });

    it('refuses a key that is not the certificate\'s, before anything is written', async () => {
      const { own, pki } = await openApp();
      own.list();
      const before = snapshot(pki);
      await expect(own.upload({ name: 'Mixed', certificate: fileOf('client.pem', leaf.pem), privateKey: fileOf('other.key', other.keyPem) })).rejects.toMatchObject({
        code: 'INVALID_CERT',
        message: `the private key other.key does not belong to the certificate client.pem (CN=Uploaded, O=Acme, SHA-1 ${leaf.sha1}); nothing was written`,
      });
      expect(snapshot(pki)).toEqual(before);
    });

    it('refuses a CA certificate, a missing key and a file that holds no certificate', async () => {
      const { own } = await openApp();
      const caPair = { name: 'CA', certificate: fileOf('ca.pem', ca.pem), privateKey: fileOf('ca.key', ca.keyPem) };
      await expect(own.upload(caPair)).rejects.toThrow(/is a CA certificate/);
      await expect(own.upload({ name: 'No key', certificate: fileOf('client.pem', leaf.pem) })).rejects.toThrow(/private key file is needed/);
      await expect(own.upload({ name: 'Junk', certificate: fileOf('junk.pem', 'not a certificate'), privateKey: fileOf('k', leaf.keyPem) })).rejects.toThrow(/holds no certificate/);
    });
  });

  describe('PKCS#12 (.pfx)', () => {
    it(`reads a .pfx made by ${OPENSSL ? 'openssl pkcs12 -export' : "node-opcua-crypto's writer"} with its password; its CA goes to issuers/`, async () => {
      const { own, pki } = await openApp();
      const pfx = await makePfx(leaf, 'secret', [ca]);
      const { certificate: view } = await own.upload({ name: 'From PFX', pfx: fileOf('client.pfx', pfx), pfxPassword: 'secret' });
      expect(view.certificate?.sha256).toBe(leaf.sha256);
      expect(view.files).toEqual({ certificate: 'ok', privateKey: 'ok' });
      expect(createPrivateKey(readIn(pki, view.privateKeyFile)).equals(createPrivateKey(leaf.keyPem))).toBe(true);
      expect(issuerFiles(pki)).toEqual([`issuers/certs/issuer_Plant CA[${ca.sha1}].pem`]);
    });

    it("reads one made by node-opcua-crypto's writer", async () => {
      const { own } = await openApp();
      const pfx = await createPfx({ certificate: other.der, privateKey: makePrivateKeyFromPem(other.keyPem), password: 'pw' });
      expect((await own.upload({ name: 'Writer', pfx: fileOf('other.p12', pfx), pfxPassword: 'pw' })).certificate.certificate?.sha256).toBe(other.sha256);
    });

    it('refuses a wrong password and writes nothing', async () => {
      const { own, pki } = await openApp();
      own.list();
      const before = snapshot(pki);
      await expect(own.upload({ name: 'Wrong', pfx: fileOf('client.pfx', await makePfx(leaf, 'secret')), pfxPassword: 'guess' })).rejects.toThrow('client.pfx: wrong password, or the file is damaged');
      expect(snapshot(pki)).toEqual(before);
    });

    it(OPENSSL ? 'explains that a legacy (RC2/3DES) .pfx must be exported again' : 'refuses a file that is not PKCS#12', async () => {
      const { own } = await openApp();
      if (!OPENSSL) return expect(own.upload({ name: 'Junk', pfx: fileOf('junk.pfx', 'junk'), pfxPassword: '' })).rejects.toThrow(/junk.pfx/);
      const dir = await tempDir('legacy-');
      writeFileSync(path.join(dir, 'c.pem'), leaf.pem);
      writeFileSync(path.join(dir, 'k.pem'), leaf.keyPem);
      openssl(['pkcs12', '-export', '-legacy', '-in', path.join(dir, 'c.pem'), '-inkey', path.join(dir, 'k.pem'), '-out', path.join(dir, 'l.pfx'), '-passout', 'pass:pw']);
      await expect(own.upload({ name: 'Legacy', pfx: fileOf('old.pfx', readFileSync(path.join(dir, 'l.pfx'))), pfxPassword: 'pw' })).rejects.toThrow(/old encryption \(RC2\/3DES\)/);
    });

    it('refuses a .pfx together with a certificate file', async () => {
      const { own } = await openApp();
      await expect(own.upload({ name: 'Both', pfx: fileOf('a.pfx', 'x'), certificate: fileOf('a.pem', leaf.pem) })).rejects.toThrow(/either a .pfx or a certificate/);
    });
  });
});
