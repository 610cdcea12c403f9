import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CA_FILES } from '../../../../electron/core/ca/ca-files';
import { LocalCa } from '../../../../electron/core/ca/local-ca';
import { createSelfSigned } from '../../../../electron/core/own-certs/certificate-profile';
import { readPrivateKey, rsaSigningKey } from '../../../../electron/core/own-certs/keys';
import { toPem } from '../../../../electron/core/x509/decode';
import type { RunningDemoServer } from '../../../../electron/core/opcua/demo-server';
import { fetchServerCertificate, openPushSession } from '../../../../electron/core/remote/protocol/push-client';
import { PENDING_KEY_NAME } from '../../../../electron/core/remote/protocol/server-certificate';
import { makeCert } from '../../../helpers/certs';
import { tempDir } from '../../../helpers/tmp';
import { appIdentity, connectOptions, place, startPushServer, type AppIdentity } from './push-fixture';

let app: AppIdentity;
let server: RunningDemoServer;

beforeAll(async () => {
  app = await appIdentity();
  server = await startPushServer({ trusted: [app.cert], app });
});
afterAll(async () => {
  await server?.stop();
});

const pemToDer = (pem: string) => new X509Certificate(pem).raw;

describe('ApplyChanges', () => {
  it('answers Good every time, also when called again with nothing pending', async () => {
    const session = await openPushSession(connectOptions(app, server));
    try {
      await session.applyChanges();
      await session.applyChanges();
      await session.applyChanges();
    } finally {
      await session.close();
    }
  });
});

describe('renewing the server certificate remotely', () => {
  it('UpdateCertificate refuses a certificate made for another key, and one for another ApplicationUri; nothing becomes pending', async () => {
    const session = await openPushSession(connectOptions(app, server));
    try {
      const otherKey = await makeCert({ cn: 'Impostor', applicationUri: server.applicationUri, freshKey: true });
      await expect(session.updateCertificate(otherKey.der, [])).rejects.toMatchObject({ status: 'BadSecurityChecksFailed' });
      // the server's own key, but a certificate for another application
      const serverKey = readPrivateKey(readFileSync(path.join(server.pkiRoot, 'own', 'private', 'private_key.pem')));
      const otherUri = await createSelfSigned(await rsaSigningKey(serverKey), { commonName: 'Other App', applicationUri: 'urn:elsewhere:OtherApp', dns: [], ip: [] }, 30);
      await expect(session.updateCertificate(otherUri, [])).rejects.toMatchObject({ status: 'BadCertificateUriInvalid' });
      const before = await fetchServerCertificate(server.endpointUrl);
      await session.applyChanges();
      expect((await fetchServerCertificate(server.endpointUrl)).equals(before)).toBe(true);
    } finally {
      await session.close();
    }
  });

  it('CreateSigningRequest with a new key → LocalCa signs → UpdateCertificate → ApplyChanges → a new connection sees the new certificate', async () => {
    const oldCertificate = await fetchServerCertificate(server.endpointUrl);
    const ca = await LocalCa.init(await tempDir('push-ca-'), { commonName: 'Plant CA' });
    const session = await openPushSession(connectOptions(app, server));
    let signedDer: Buffer;
    try {
      const csr = await session.createSigningRequest({ regeneratePrivateKey: true });
      const pendingKey = path.join(server.pkiRoot, 'own', 'private', PENDING_KEY_NAME);
      expect(statSync(pendingKey).mode & 0o777).toBe(0o600);
      const signed = await ca.sign(csr);
      signedDer = pemToDer(signed.certificatePem);
      const result = await session.updateCertificate(signedDer, [pemToDer(signed.caCertificatePem)]);
      expect(result.applyChangesRequired).toBe(true);
      // nothing changes before ApplyChanges
      expect((await fetchServerCertificate(server.endpointUrl)).equals(oldCertificate)).toBe(true);
      await session.applyChanges();
      await session.applyChanges();
    } finally {
      await session.close();
    }
    // the server presents the new certificate (it re-reads own/ once it answered)
    let presented = oldCertificate;
    for (let i = 0; i < 30 && presented.equals(oldCertificate); i++) {
      await new Promise((r) => setTimeout(r, 100));
      presented = await fetchServerCertificate(server.endpointUrl);
    }
    expect(presented.equals(signedDer)).toBe(true);
    const keyFile = path.join(server.pkiRoot, 'own', 'private', 'private_key.pem');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(new X509Certificate(readFileSync(path.join(server.pkiRoot, 'own', 'certs', 'certificate.pem'))).raw.equals(signedDer)).toBe(true);
    expect(() => statSync(path.join(server.pkiRoot, 'own', 'private', PENDING_KEY_NAME))).toThrow();

    // the app trusts the plant CA (with its CRL): a new push session works on the new certificate
    const caPem = toPem(ca.certificateDer(), 'CERTIFICATE');
    const crlPem = readFileSync(path.join(ca.info().dir, CA_FILES.crl), 'utf8');
    place(app.pki, 'trusted/certs', 'plant_ca.pem', caPem);
    place(app.pki, 'issuers/certs', 'plant_ca.pem', caPem);
    place(app.pki, 'issuers/crl', 'plant_ca.crl.pem', crlPem);
    const again = await openPushSession(connectOptions(app, server));
    try {
      expect(again.serverCertificate.equals(signedDer)).toBe(true);
      expect((await again.readTrustList()).trustedCertificates).toHaveLength(1);
    } finally {
      await again.close();
    }
  });
});
