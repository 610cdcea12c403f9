import '../../../helpers/certs';
import * as x509 from '@peculiar/x509';
import { readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureIdentity } from '../../../../electron/core/opcua/identity';
import { tempDir } from '../../../helpers/tmp';

/** Reads the certificate with an independent parser, so the test does not trust our own. */
function readCertificate(file: string): x509.X509Certificate {
  return new x509.X509Certificate(readFileSync(file, 'utf8'));
}

describe("the app's own client identity", () => {
  describe('on first start', () => {
    it('creates an RSA-2048 certificate signed with SHA-256 in own/certs', async () => {
      const pki = await tempDir('own-');
      const identity = await ensureIdentity(pki);
      expect(identity.created).toBe(true);
      expect(identity.certificateFile).toBe(path.join(pki, 'own', 'certs', 'client_certificate.pem'));
      const cert = readCertificate(identity.certificateFile);
      expect(cert.publicKey.algorithm).toMatchObject({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048 });
      expect(cert.signatureAlgorithm).toMatchObject({ hash: { name: 'SHA-256' } });
    });

    it('names the app urn:<hostname>:OpcUaTrustManager and the host name in its subjectAltName', async () => {
      const identity = await ensureIdentity(await tempDir('own-'));
      const san = readCertificate(identity.certificateFile).getExtension(x509.SubjectAlternativeNameExtension)!;
      const names = san.names.toJSON();
      expect(names).toContainEqual({ type: 'url', value: `urn:${os.hostname()}:OpcUaTrustManager` });
      expect(names).toContainEqual({ type: 'dns', value: os.hostname() });
      expect(identity.applicationUri).toBe(`urn:${os.hostname()}:OpcUaTrustManager`);
    });

    it('carries the key usages OPC UA needs: digitalSignature, nonRepudiation, keyEncipherment, dataEncipherment', async () => {
      const identity = await ensureIdentity(await tempDir('own-'));
      const usage = readCertificate(identity.certificateFile).getExtension(x509.KeyUsagesExtension)!;
      const needed = x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation | x509.KeyUsageFlags.keyEncipherment | x509.KeyUsageFlags.dataEncipherment;
      expect(usage.usages & needed).toBe(needed);
    });

    it('writes the private key readable by its owner only (0600)', async () => {
      const identity = await ensureIdentity(await tempDir('own-'));
      expect(identity.privateKeyFile).toMatch(/own[\\/]private[\\/]private_key\.pem$/);
      expect(readFileSync(identity.privateKeyFile, 'utf8')).toContain('-----BEGIN PRIVATE KEY-----');
      if (process.platform !== 'win32') expect(statSync(identity.privateKeyFile).mode & 0o777).toBe(0o600);
    });
  });

  describe('on the next start', () => {
    it('keeps the same certificate and key', async () => {
      const pki = await tempDir('own-');
      const first = await ensureIdentity(pki);
      const before = { cert: readFileSync(first.certificateFile), key: readFileSync(first.privateKeyFile) };
      const second = await ensureIdentity(pki);
      expect(second.created).toBe(false);
      expect(second.certificate.sha256).toBe(first.certificate.sha256);
      expect(readFileSync(second.certificateFile)).toEqual(before.cert);
      expect(readFileSync(second.privateKeyFile)).toEqual(before.key);
    });
  });
});
