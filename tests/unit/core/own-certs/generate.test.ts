import '../../../helpers/certs';
import * as x509 from '@peculiar/x509';
import { statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OwnCertProgress, OwnCertView } from '../../../../shared/types/own-certs';
import { decodeFile } from '../../../../electron/core/x509/decode';
import { parseCertificate, type ParsedCertificate } from '../../../../electron/core/x509/parse';
import { snapshot } from '../../../helpers/pki';
import { tempDir } from '../../../helpers/tmp';
import { OPENSSL, openApp, openssl, readIn } from './fixtures';

const DAY = 86_400_000;

function derOf(pki: string, rel: string): Buffer {
  const item = decodeFile(readIn(pki, rel)).items[0];
  if (item?.type !== 'certificate') throw new Error(`${rel} holds no certificate`);
  return item.der;
}

describe('generate a self-signed own certificate', () => {
  let pki: string;
  let view: OwnCertView;
  let der: Buffer;
  let parsed: ParsedCertificate;
  const progress: OwnCertProgress[] = [];
  const before = Date.now();

  beforeAll(async () => {
    const opened = await openApp();
    pki = opened.pki;
    view = await opened.own.generate(
      {
        name: 'Line 7 client',
        description: 'SCADA station of line 7',
        applicationName: 'Line7Scada',
        hostnames: ['plc7.local', 'plc7'],
        ips: ['10.0.0.7', '::1'],
        organization: 'Acme',
        keySize: 2048,
        validityDays: 400,
      },
      (step) => progress.push(step),
    );
    der = derOf(pki, view.certificateFile);
    parsed = parseCertificate(der);
  });

  describe('read back with our parser', () => {
    it('names the application: CN <application name>@<first host>, O, SAN URI = ApplicationUri urn:<host>:<name>', () => {
      expect(parsed.subject.cn).toBe('Line7Scada@plc7.local');
      expect(parsed.subject.o).toBe('Acme');
      expect(parsed.applicationUri).toBe('urn:plc7.local:Line7Scada');
      expect(view.applicationUri).toBe('urn:plc7.local:Line7Scada');
    });

    it('lists every host name as DNS and every address as IP in subjectAltName', () => {
      expect(parsed.dns).toEqual(['plc7.local', 'plc7']);
      expect(parsed.ip).toEqual(['10.0.0.7', '::1']);
    });

    it('is RSA-2048 signed with SHA-256, self-signed, not a CA', () => {
      expect([parsed.keyType, parsed.keySize, parsed.signatureAlgorithm]).toEqual(['RSA', 2048, 'sha256WithRSAEncryption']);
      expect(parsed.selfSigned).toBe(true);
      expect(parsed.isCA).toBe(false);
    });

    it('carries the OPC UA key usages and serverAuth + clientAuth', () => {
      expect(parsed.keyUsage).toEqual(expect.arrayContaining(['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment']));
      expect(parsed.extendedKeyUsage.sort()).toEqual(['clientAuth', 'serverAuth']);
    });

    it('is valid from a day back (clock skew) for the days asked', () => {
      expect(parsed.notBefore.getTime()).toBeGreaterThan(before - DAY - 5000);
      expect(parsed.notBefore.getTime()).toBeLessThan(Date.now() - DAY + 5000);
      expect(Math.round((parsed.notAfter.getTime() - before) / DAY)).toBe(400);
      expect(view.statuses).toEqual(['valid']);
      expect(view.expiresInDays).toBe(399);
    });
  });

  describe('read back with an independent parser', () => {
    it('has basicConstraints critical CA:false and a subjectKeyIdentifier the authorityKeyIdentifier repeats', () => {
      const cert = new x509.X509Certificate(Uint8Array.from(der));
      const basic = cert.getExtension(x509.BasicConstraintsExtension)!;
      expect([basic.critical, basic.ca]).toEqual([true, false]);
      const ski = cert.getExtension(x509.SubjectKeyIdentifierExtension)!;
      const aki = cert.getExtension(x509.AuthorityKeyIdentifierExtension)!;
      expect(ski.keyId).toMatch(/^[0-9a-f]{40}$/);
      expect(aki.keyId).toBe(ski.keyId);
      const usages = cert.getExtension(x509.KeyUsagesExtension)!;
      const needed = x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation | x509.KeyUsageFlags.keyEncipherment | x509.KeyUsageFlags.dataEncipherment;
      expect(usages.usages & needed).toBe(needed);
    });
  });

  describe('read back with openssl x509 -text (CI installs openssl)', () => {
    it('shows every OPC UA field', () => {
      // Without the binary the independent parser above is the cross-check; this keeps one real assertion.
      if (!OPENSSL) return expect(new x509.X509Certificate(Uint8Array.from(der)).subject).toBe('O=Acme, CN=Line7Scada@plc7.local');
      const text = openssl(['x509', '-inform', 'DER', '-text', '-noout'], der);
      expect(text).toMatch(/Signature Algorithm: sha256WithRSAEncryption/);
      expect(text).toMatch(/Public-Key: \(2048 bit\)/);
      expect(text).toMatch(/X509v3 Basic Constraints: critical\s+CA:FALSE/);
      expect(text).toMatch(/X509v3 Key Usage: critical\s+Digital Signature, Non Repudiation, Key Encipherment, Data Encipherment/);
      expect(text).toMatch(/X509v3 Extended Key Usage: critical\s+TLS Web Server Authentication, TLS Web Client Authentication/);
      expect(text).toMatch(/X509v3 Subject Alternative Name:\s+DNS:plc7\.local, DNS:plc7, IP Address:10\.0\.0\.7, IP Address:0:0:0:0:0:0:0:1, URI:urn:plc7\.local:Line7Scada/);
      expect(text).toMatch(/X509v3 Subject Key Identifier/);
      expect(text).toMatch(/X509v3 Authority Key Identifier/);
      expect(text).toMatch(/Subject: O = Acme, CN = Line7Scada@plc7\.local/);
    });

    it('finds the key on disk to be the certificate\'s (same modulus) and the signature valid', async () => {
      if (!OPENSSL) return expect(await new x509.X509Certificate(Uint8Array.from(der)).verify({ signatureOnly: true })).toBe(true);
      const certFile = path.join(await tempDir('openssl-'), 'cert.pem');
      writeFileSync(certFile, readIn(pki, view.certificateFile));
      const keyModulus = openssl(['rsa', '-noout', '-modulus', '-in', path.join(pki, view.privateKeyFile)]);
      expect(openssl(['x509', '-noout', '-modulus', '-in', certFile])).toBe(keyModulus);
      expect(openssl(['verify', '-CAfile', certFile, certFile])).toContain(': OK');
    });
  });

  describe('on disk', () => {
    it('writes the certificate to own/certs and the key to own/private, PEM as node-opcua wants', () => {
      expect(view.certificateFile).toBe('own/certs/Line_7_client.pem');
      expect(view.privateKeyFile).toBe('own/private/Line_7_client.pem');
      expect(readIn(pki, view.certificateFile).toString()).toMatch(/^-----BEGIN CERTIFICATE-----/);
      expect(readIn(pki, view.privateKeyFile).toString()).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    });

    it('keeps the key readable by its owner only (0600) in a 0700 folder', () => {
      expect(readIn(pki, view.privateKeyFile).length).toBeGreaterThan(0);
      if (process.platform === 'win32') return;
      expect(statSync(path.join(pki, view.privateKeyFile)).mode & 0o777).toBe(0o600);
      expect(statSync(path.join(pki, 'own', 'private')).mode & 0o777).toBe(0o700);
    });

    it('reports the steps: generating the key, signing, writing, done', () => {
      expect(progress).toEqual(['generating-key', 'signing', 'writing', 'done']);
    });

    it('records the request in the registry, next to the adopted app certificate', () => {
      expect(view).toMatchObject({ name: 'Line 7 client', description: 'SCADA station of line 7', applicationName: 'Line7Scada', hostnames: ['plc7.local', 'plc7'], ips: ['10.0.0.7', '::1'], keySize: 2048, validityDays: 400, origin: 'generated', isDefault: false });
      expect(JSON.parse(readIn(pki, '.uatrust/own-certificates.json').toString()).records.map((r: { name: string }) => r.name)).toEqual(['App certificate', 'Line 7 client']);
    });
  });

  describe('with the defaults', () => {
    it('names this host, urn:<hostname>:OpcUaTrustManager, and lasts 730 days; a 3072-bit key when asked', async () => {
      const { own, pki: dir } = await openApp();
      const generated = await own.generate({ name: 'Defaults', keySize: 3072 });
      const cert = parseCertificate(derOf(dir, generated.certificateFile));
      expect(cert.applicationUri).toBe(`urn:${os.hostname()}:OpcUaTrustManager`);
      expect(cert.dns).toEqual([os.hostname()]);
      expect(cert.ip).toEqual([]);
      expect(cert.keySize).toBe(3072);
      expect(Math.round((cert.notAfter.getTime() - Date.now()) / DAY)).toBe(730);
    });

    it('makes the first certificate of an empty PKI folder the default', async () => {
      const { OwnCertificates } = await import('../../../../electron/core/own-certs');
      const own = OwnCertificates.open(await tempDir('empty-pki-'));
      const first = await own.generate({ name: 'First' });
      expect(first.isDefault).toBe(true);
      expect(own.certificateFor('opc.tcp://any:4840')).toMatchObject({ id: first.id, source: 'default' });
    });
  });

  describe('refuses what would make a broken certificate, and writes nothing', () => {
    it.each([
      ['a key size other than 2048/3072/4096', { keySize: 1024 }, /key size/],
      ['an IP address that is not one', { ips: ['10.0.0.300'] }, /not an IPv4 or IPv6 address/],
      ['a host name with a space', { hostnames: ['plc 7'] }, /not a host name/],
      ['an application name that would break the subject', { applicationName: 'Line/7' }, /may not contain/],
      ['an ApplicationUri that is not a URI', { applicationUri: 'not a uri' }, /is not a URI/],
      ['a validity of 0 days', { validityDays: 0 }, /validity/],
    ])('%s', async (_what, input, message) => {
      const { own, pki: dir } = await openApp();
      own.list();
      const before = snapshot(dir);
      await expect(own.generate({ name: 'Broken', ...input } as never)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(message) });
      expect(snapshot(dir)).toEqual(before);
    });

    it('a second certificate with the same name', async () => {
      const { own } = await openApp();
      await expect(own.generate({ name: 'app certificate' })).rejects.toMatchObject({ code: 'EXISTS' });
    });
  });
});
