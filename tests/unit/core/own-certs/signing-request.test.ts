import '../../../helpers/certs';
import * as x509 from '@peculiar/x509';
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LocalCa } from '../../../../electron/core/ca';
import { createSigningRequest } from '../../../../electron/core/own-certs/certificate-profile';
import { readPrivateKey, rsaSigningKey } from '../../../../electron/core/own-certs/keys';
import { PkiStore } from '../../../../electron/core/pki/store';
import { snapshot } from '../../../helpers/pki';
import { tempDir } from '../../../helpers/tmp';
import { decode, fileOf, OPENSSL, openApp, openssl, readIn } from './fixtures';

let ca: LocalCa;
/** Another CA with the same name: its certificate must not pass for the issuer of ours. */
let impostor: LocalCa;

beforeAll(async () => {
  [ca, impostor] = await Promise.all([
    LocalCa.init(await tempDir('csr-ca-'), { commonName: 'Plant CA', keySize: 2048 }),
    LocalCa.init(await tempDir('csr-impostor-'), { commonName: 'Plant CA', keySize: 2048 }),
  ]);
});

const caPem = (authority: LocalCa) => decode(authority.exportCertificate('pem')).toString();

describe('signing requests for own certificates', () => {
  describe('create', () => {
    it("carries the certificate's subject, ApplicationUri, DNS names and IPs, and is signed by the own key", async () => {
      const { own, pki } = await openApp();
      const view = await own.generate({ name: 'Line', applicationName: 'Line', hostnames: ['line.local'], ips: ['10.0.0.9'], organization: 'Acme' });
      const request = await own.createSigningRequest('Line');
      expect(request).toMatchObject({ name: 'Line.csr', format: 'pem', applicationUri: 'urn:line.local:Line', dns: ['line.local'], ip: ['10.0.0.9'], subject: 'O=Acme, CN=Line@line.local' });
      const text = decode(request).toString();
      expect(text).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----\n/);
      const csr = new x509.Pkcs10CertificateRequest(text);
      expect(await csr.verify()).toBe(true);
      expect(csr.subject).toBe('O=Acme, CN=Line@line.local');
      const san = new x509.SubjectAlternativeNameExtension(csr.getExtension('2.5.29.17')!.rawData);
      expect(san.names.toJSON()).toEqual([
        { type: 'dns', value: 'line.local' },
        { type: 'ip', value: '10.0.0.9' },
        { type: 'url', value: 'urn:line.local:Line' },
      ]);
      const ours = createPublicKey(readFileSync(path.join(pki, view.privateKeyFile))).export({ type: 'spki', format: 'der' });
      expect(Buffer.from(csr.publicKey.rawData).equals(ours)).toBe(true);
      if (OPENSSL) expect(openssl(['req', '-noout', '-verify', '-text'], text)).toMatch(/URI:urn:line\.local:Line/);
    });

    it('gives DER when asked', async () => {
      const { own } = await openApp();
      const request = await own.createSigningRequest('app', 'der');
      expect(request).toMatchObject({ name: 'App_certificate.csr.der', format: 'der', mime: 'application/pkcs10' });
      expect(await new x509.Pkcs10CertificateRequest(Uint8Array.from(decode(request))).verify()).toBe(true);
    });
  });

  describe('install the signed certificate', () => {
    it('replaces the certificate (same key), keeps the old one as a backup, and puts the issuer and its CRL into issuers/', async () => {
      const { own, pki } = await openApp();
      const before = own.get('app');
      const keyBefore = readIn(pki, before.privateKeyFile);
      const signed = await ca.sign(decode(await own.createSigningRequest('app')));
      const result = own.installSigned('app', [fileOf('signed.pem', signed.certificatePem + signed.caCertificatePem), ca.exportCrl('der')]);

      expect(result.warnings).toEqual([]);
      expect(result.certificate).toMatchObject({ statuses: ['valid'], files: { certificate: 'ok', privateKey: 'ok' }, certificateFile: 'own/certs/client_certificate.pem', applicationUri: before.applicationUri });
      expect(result.certificate.certificate).toMatchObject({ sha256: signed.issued.sha256, selfSigned: false, issuer: { cn: 'Plant CA' } });
      expect(readIn(pki, before.privateKeyFile)).toEqual(keyBefore);
      expect(result.certificate.backups).toEqual([expect.objectContaining({ reason: 'signed-certificate-installed', privateKeyFile: null, sha1: before.certificate!.sha1 })]);
      expect(result.issuers.map((r) => [r.kind, r.status])).toEqual([['certificate', 'imported'], ['crl', 'imported']]);
      const issuers = PkiStore.open(pki).scan().entries.filter((e) => e.folder === 'issuers').map((e) => e.file);
      expect(issuers).toEqual([`issuers/certs/issuer_Plant CA[${ca.info().sha1}].pem`, expect.stringMatching(/^issuers\/crl\/crl_\[[0-9a-f]{40}\]\.pem$/)]);
    });

    it('installs without the issuer, and says what peers will miss', async () => {
      const { own } = await openApp();
      const signed = await ca.sign(decode(await own.createSigningRequest('app')));
      const { warnings } = own.installSigned('app', [fileOf('signed.crt', signed.certificatePem)]);
      expect(warnings).toEqual([
        'the issuer CN=Plant CA was not given and is not in the store: peers need it to check the certificate',
        'no CRL of CN=Plant CA was given: servers that check revocation answer BadCertificateRevocationUnknown until they have it',
      ]);
    });

    it('refuses a certificate signed for another key, and changes nothing', async () => {
      const { own, pki } = await openApp();
      await own.generate({ name: 'Other' });
      const forOther = await ca.sign(decode(await own.createSigningRequest('Other')));
      const before = snapshot(pki);
      expect(() => own.installSigned('app', [fileOf('other.pem', forOther.certificatePem)])).toThrow(/does not match the private key of "App certificate": it was signed for another request; nothing was installed/);
      expect(snapshot(pki)).toEqual(before);
    });

    it('refuses a certificate whose ApplicationUri is not the own certificate\'s', async () => {
      const { own, pki } = await openApp();
      const key = await rsaSigningKey(readPrivateKey(readIn(pki, 'own/private/private_key.pem')));
      const csr = await createSigningRequest(key, { commonName: 'x', applicationUri: 'urn:elsewhere:Other', dns: [], ip: [] });
      const signed = await ca.sign(csr);
      expect(() => own.installSigned('app', [fileOf('renamed.pem', signed.certificatePem)])).toThrow(/names ApplicationUri urn:elsewhere:Other but "App certificate" is urn:.*:OpcUaTrustManager: the CA changed it; nothing was installed/);
    });

    it('refuses an issuer that did not sign it, a private key among the files, and a request instead of a certificate', async () => {
      const { own } = await openApp();
      const request = await own.createSigningRequest('app');
      const signed = await ca.sign(decode(request));
      expect(() => own.installSigned('app', [fileOf('signed.pem', signed.certificatePem), fileOf('ca.pem', caPem(impostor))])).toThrow(/was not signed by the issuer given/);
      expect(() => own.installSigned('app', [fileOf('bundle.pem', signed.certificatePem + decode(own.exportPrivateKey('app', { confirm: true })).toString())])).toThrow(/holds a private key/);
      expect(() => own.installSigned('app', [fileOf('request.csr', decode(request))])).toThrow(/a certificate signing request \(CSR\), not a certificate/);
    });
  });
});
