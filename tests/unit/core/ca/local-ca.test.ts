import '../../../helpers/certs';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { deployCa, LocalCa } from '../../../../electron/core/ca';
import { createSigningRequest } from '../../../../electron/core/own-certs/certificate-profile';
import { PkiStore } from '../../../../electron/core/pki/store';
import { decodeFile } from '../../../../electron/core/x509/decode';
import { parseCertificate, parseCrl } from '../../../../electron/core/x509/parse';
import { makeCert, type MadeCert } from '../../../helpers/certs';
import { tempDir } from '../../../helpers/tmp';
import { OPENSSL, openssl } from '../own-certs/fixtures';

const DAY = 86_400_000;
let requester: MadeCert;
let csr: Buffer;
let ca: LocalCa;

beforeAll(async () => {
  requester = await makeCert({ cn: 'requester', freshKey: true });
  csr = await createSigningRequest(requester.keys.privateKey, { commonName: 'Line7@plc7', organization: 'Acme', applicationUri: 'urn:plc7:Line7', dns: ['plc7', 'plc7.local'], ip: ['10.0.0.7'] });
  ca = await LocalCa.init(await tempDir('ca-'), { commonName: 'Plant CA', organization: 'Acme', keySize: 2048, crlDays: 14 });
});

function derIn(file: string): Buffer {
  const item = decodeFile(readFileSync(file)).items[0];
  if (!item || item.type === 'private-key' || item.type === 'invalid') throw new Error(`nothing in ${file}`);
  return item.der;
}

async function writeTemp(name: string, content: string | Buffer): Promise<string> {
  const file = path.join(await tempDir('ca-out-'), name);
  writeFileSync(file, content);
  return file;
}

describe('a local CA', () => {
  describe('init', () => {
    it('makes a self-signed CA certificate: CA:true and keyCertSign + cRLSign, both critical, SKI = AKI, SHA-256', () => {
      const der = derIn(path.join(ca.dir, 'certs', 'ca_certificate.pem'));
      const parsed = parseCertificate(der);
      expect(parsed).toMatchObject({ isCA: true, selfSigned: true, keyType: 'RSA', keySize: 2048, signatureAlgorithm: 'sha256WithRSAEncryption', subject: { cn: 'Plant CA', o: 'Acme' } });
      expect(parsed.keyUsage.sort()).toEqual(['cRLSign', 'keyCertSign']);
      const cert = new x509.X509Certificate(Uint8Array.from(der));
      expect(cert.getExtension(x509.BasicConstraintsExtension)).toMatchObject({ critical: true, ca: true });
      expect(cert.getExtension(x509.KeyUsagesExtension)?.critical).toBe(true);
      expect(cert.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId).toBe(cert.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId);
      expect(Math.round((parsed.notAfter.getTime() - Date.now()) / DAY)).toBe(3650);
    });

    it('keeps the key 0600 in a 0700 folder, starts the serial counter and the index, and publishes an empty CRL', () => {
      const key = path.join(ca.dir, 'private', 'ca_private_key.pem');
      expect(readFileSync(key, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
      if (process.platform !== 'win32') {
        expect(statSync(key).mode & 0o777).toBe(0o600);
        expect(statSync(path.dirname(key)).mode & 0o777).toBe(0o700);
      }
      const index = JSON.parse(readFileSync(path.join(ca.dir, 'ca-index.json'), 'utf8'));
      expect(index).toMatchObject({ version: 1, subject: 'O=Acme, CN=Plant CA', nextSerial: expect.any(Number), crlDays: 14 });
      const fresh = LocalCa.open(ca.dir);
      expect(fresh.info().crl).toMatchObject({ crlNumber: expect.any(Number), file: 'crl/ca_revocation_list.pem' });
    });

    it('refuses to create a second CA in the same folder', async () => {
      await expect(LocalCa.init(ca.dir, { commonName: 'Again', keySize: 2048 })).rejects.toMatchObject({ code: 'EXISTS' });
    });

    it('says where to start when a folder holds no CA', async () => {
      const empty = await tempDir('no-ca-');
      expect(() => LocalCa.open(empty)).toThrow(/no local CA in .*uatrust ca init/);
    });
  });

  describe('sign a request', () => {
    it('issues an OPC UA application certificate that copies the request\'s subject, ApplicationUri, DNS and IP', async () => {
      const signed = await ca.sign(csr, { validityDays: 90 });
      const der = Buffer.from(new x509.X509Certificate(signed.certificatePem).rawData);
      const parsed = parseCertificate(der);
      expect(parsed).toMatchObject({
        subject: { cn: 'Line7@plc7', o: 'Acme' },
        issuer: { cn: 'Plant CA', o: 'Acme' },
        applicationUri: 'urn:plc7:Line7',
        dns: ['plc7', 'plc7.local'],
        ip: ['10.0.0.7'],
        isCA: false,
        selfSigned: false,
        signatureAlgorithm: 'sha256WithRSAEncryption',
      });
      expect(parsed.keyUsage).toEqual(expect.arrayContaining(['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment']));
      expect(parsed.keyUsage).not.toContain('keyCertSign');
      expect(parsed.extendedKeyUsage.sort()).toEqual(['clientAuth', 'serverAuth']);
      expect(Math.round((parsed.notAfter.getTime() - Date.now()) / DAY)).toBe(90);
      const cert = new x509.X509Certificate(Uint8Array.from(der));
      const caCert = new x509.X509Certificate(signed.caCertificatePem);
      expect(cert.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId).toBe(caCert.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId);
      expect(await cert.verify({ publicKey: caCert.publicKey, signatureOnly: true })).toBe(true);
      expect(Buffer.from(cert.publicKey.rawData).equals(Buffer.from(await webcrypto.subtle.exportKey('spki', requester.keys.publicKey)))).toBe(true);
      expect(signed.issued).toMatchObject({ serial: parsed.serialNumber, sha1: parsed.sha1, status: 'valid', applicationUri: 'urn:plc7:Line7', file: `issued/${parsed.serialNumber}.pem` });
      expect(existsSync(path.join(ca.dir, signed.issued.file))).toBe(true);
      expect(ca.issued().map((i) => i.serial)).toContain(signed.issued.serial);
    });

    it('numbers the certificates from its counter', async () => {
      const own = await LocalCa.init(await tempDir('ca-serial-'), { commonName: 'Counter CA', keySize: 2048 });
      const next = own.info().nextSerial;
      const first = await own.sign(csr);
      const second = await own.sign(csr);
      expect(first.issued.serial).toBe(next);
      expect(BigInt(`0x${second.issued.serial}`) - BigInt(`0x${first.issued.serial}`)).toBe(1n);
    });

    it('takes a PEM request; the result passes openssl verify and shows the OPC UA fields to openssl x509 -text', async () => {
      const signed = await ca.sign(x509.PemConverter.encode(csr, 'CERTIFICATE REQUEST'));
      if (!OPENSSL) return expect(signed.issued.applicationUri).toBe('urn:plc7:Line7');
      const leaf = await writeTemp('leaf.pem', signed.certificatePem);
      const root = await writeTemp('ca.pem', signed.caCertificatePem);
      expect(openssl(['verify', '-CAfile', root, leaf])).toContain(': OK');
      const text = openssl(['x509', '-in', leaf, '-text', '-noout']);
      expect(text).toMatch(/X509v3 Basic Constraints: critical\s+CA:FALSE/);
      expect(text).toMatch(/X509v3 Subject Alternative Name:\s+DNS:plc7, DNS:plc7.local, IP Address:10.0.0.7, URI:urn:plc7:Line7/);
      expect(text).toMatch(/TLS Web Server Authentication, TLS Web Client Authentication/);
    });

    it('refuses a request without ApplicationUri, one whose signature does not verify, and what is no request', async () => {
      const noUri = await x509.Pkcs10CertificateRequestGenerator.create({ name: 'CN=NoUri', keys: requester.keys, signingAlgorithm: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } });
      await expect(ca.sign(Buffer.from(noUri.rawData))).rejects.toThrow(/has no ApplicationUri/);
      const tampered = Buffer.from(csr);
      tampered[tampered.length - 1] ^= 0xff;
      await expect(ca.sign(tampered)).rejects.toThrow(/does not verify/);
      await expect(ca.sign(Buffer.from('garbage'))).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('not a certificate signing request') });
    });
  });

  describe('revoke and publish the CRL', () => {
    it('lists a revoked serial in a new CRL with a higher number, signed by the CA', async () => {
      const signed = await ca.sign(csr);
      const before = ca.currentCrl()!;
      const colons = signed.issued.serial.toUpperCase().replace(/(..)(?=.)/g, '$1:');
      const { revoked, crl } = await ca.revoke(colons);
      expect(revoked).toMatchObject({ serial: signed.issued.serial, status: 'revoked', revokedAt: expect.any(String) });
      expect(crl.crlNumber).toBeGreaterThan(before.crlNumber);
      expect(crl.revokedSerials).toContain(signed.issued.serial);
      expect(Math.round((new Date(crl.nextUpdate).getTime() - Date.now()) / DAY)).toBe(14);
      const der = ca.crlDer();
      expect(parseCrl(der).issuer.text).toBe('O=Acme, CN=Plant CA');
      expect(await new x509.X509Crl(Uint8Array.from(der)).verify({ publicKey: new x509.X509Certificate(ca.certificateDer().toString('base64')).publicKey })).toBe(true);
      if (OPENSSL) expect(openssl(['crl', '-inform', 'DER', '-text', '-noout'], der)).toContain(`Serial Number: ${signed.issued.serial.toUpperCase()}`);
    });

    it('revokes by thumbprint too, refuses a second revocation and an unknown reference', async () => {
      const signed = await ca.sign(csr);
      await ca.revoke(signed.issued.sha1.slice(0, 12));
      await expect(ca.revoke(signed.issued.serial)).rejects.toMatchObject({ code: 'CONFLICT' });
      await expect(ca.revoke('deadbeef00')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('publishes a CRL valid for the days asked', async () => {
      const crl = await ca.publishCrl({ days: 3 });
      expect(Math.round((new Date(crl.nextUpdate).getTime() - Date.now()) / DAY)).toBe(3);
      expect(ca.exportCrl('der')).toMatchObject({ name: 'ca_revocation_list.crl', format: 'der', base64: ca.crlDer().toString('base64') });
      expect(Buffer.from(ca.exportCertificate('pem').base64, 'base64').toString()).toMatch(/^-----BEGIN CERTIFICATE-----/);
    });
  });

  describe('deploy', () => {
    it('copies the CA certificate and CRL into the issuers or trusted folder of each store; a broken store does not stop the others', async () => {
      const nodeOpcua = PkiStore.init(await tempDir('deploy-a-'), 'node-opcua').root;
      const uaNet = PkiStore.init(await tempDir('deploy-b-'), 'ua-net').root;
      const results = await deployCa(ca, [{ dir: nodeOpcua }, { dir: uaNet }, { dir: path.join(nodeOpcua, 'missing') }], 'trusted');
      expect(results.map((r) => [r.store, r.error === null, r.results.map((i) => i.status)])).toEqual([
        [nodeOpcua, true, ['imported', 'imported']],
        [uaNet, true, ['imported', 'imported']],
        [path.join(nodeOpcua, 'missing'), false, []],
      ]);
      const files = (root: string) => PkiStore.open(root).scan().entries.map((e) => `${e.folder}:${e.kind}:${e.file}`).sort();
      const sha1 = ca.info().sha1;
      expect(files(nodeOpcua)).toEqual([`trusted:certificate:trusted/certs/Plant CA[${sha1}].pem`, expect.stringMatching(/^trusted:crl:trusted\/crl\/crl_\[[0-9a-f]{40}\]\.pem$/)]);
      expect(files(uaNet)).toEqual([`trusted:certificate:trusted/certs/Plant CA [${sha1.toUpperCase()}].der`, expect.stringMatching(/^trusted:crl:trusted\/crl\/Plant CA \[[0-9A-F]{40}\]\.crl$/)]);

      const toIssuers = await deployCa(ca, [{ dir: nodeOpcua }], 'issuers');
      expect(toIssuers[0].results.map((r) => r.file)).toEqual([`issuers/certs/issuer_Plant CA[${sha1}].pem`, expect.stringMatching(/^issuers\/crl\/crl_/)]);
    });

    it('replaces the CA\'s older CRL in a store with the current one, and leaves the CA certificate as it is', async () => {
      const store = PkiStore.init(await tempDir('deploy-c-'), 'node-opcua').root;
      await deployCa(ca, [{ dir: store }], 'issuers');
      const older = PkiStore.open(store).scan().entries.find((e) => e.kind === 'crl')!;
      await ca.publishCrl();
      const [again] = await deployCa(ca, [{ dir: store }], 'issuers');
      expect(again.results.map((r) => r.status)).toEqual(['exists', 'imported']);
      expect(again.removedCrls).toEqual([older.file]);
      const crls = PkiStore.open(store).scan().entries.filter((e) => e.kind === 'crl');
      expect(crls.map((c) => c.id)).toEqual([ca.currentCrl()!.sha256]);
    });
  });
});
