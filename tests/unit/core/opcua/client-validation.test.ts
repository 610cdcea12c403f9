import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningDemoServer } from '../../../../electron/core/opcua/demo-server';
import { PkiStore } from '../../../../electron/core/pki/store';
import type { CertSummary } from '../../../../shared/types/cert';
import type { TestConnectionResult } from '../../../../shared/types/connect';
import { expiredCert, makeCert, makeCrl, type MadeCert } from '../../../helpers/certs';
import { tempDir } from '../../../helpers/tmp';
import { closeClients, place, SECURE, startClient, startServer, type TestClient, why } from './loopback';

let server: RunningDemoServer;
/** A plant CA the server trusts, with its CRL in the server's issuers/crl. */
let plantCa: MadeCert;
/** A CA the server trusts but whose CRL it does not have. */
let crlLessCa: MadeCert;
/** A client of the plant CA that the CA's CRL revokes. */
let revoked: MadeCert;
/** A client signed by a CA the server has never heard of. */
let strangerSigned: MadeCert;
let expired: MadeCert;
let withoutUri: MadeCert;

beforeAll(async () => {
  const strangerCa = await makeCert({ cn: 'Stranger CA', ca: true });
  [plantCa, crlLessCa] = await Promise.all([makeCert({ cn: 'Plant CA', ca: true }), makeCert({ cn: 'CA Without CRL', ca: true })]);
  [revoked, strangerSigned] = await Promise.all([signedBy(plantCa, 'Revoked Client'), signedBy(strangerCa, 'Stranger Client')]);
  [expired, withoutUri] = await Promise.all([expiredCert('Expired Client'), makeCert({ cn: 'Client Without Uri', applicationUri: null, dns: [os.hostname()], freshKey: true })]);
  const pkiRoot = await tempDir('server-pki-');
  place(pkiRoot, 'trusted/certs', 'plant_ca.pem', plantCa.pem);
  place(pkiRoot, 'issuers/crl', 'plant_ca.crl.pem', (await makeCrl(plantCa, { revoked: [revoked] })).pem);
  place(pkiRoot, 'trusted/certs', 'ca_without_crl.pem', crlLessCa.pem);
  // the administrator trusts these two clients; the server refuses them for another reason
  place(pkiRoot, 'trusted/certs', 'expired_client.pem', expired.pem);
  place(pkiRoot, 'trusted/certs', 'client_without_uri.pem', withoutUri.pem);
  server = await startServer({ pkiRoot });
});
afterAll(async () => {
  await closeClients();
  await server?.stop();
});

/** A client of the demo server (which it trusts), its store registered so the diagnosis can look into it. */
function clientWith(certificate?: MadeCert): Promise<TestClient> {
  return startClient({ serverPki: server.pkiRoot, trustServer: server, certificate });
}

function signedBy(ca: MadeCert, cn: string): Promise<MadeCert> {
  return makeCert({ cn, issuer: ca, applicationUri: `urn:${os.hostname()}:${cn.replace(/\s/g, '')}`, dns: [os.hostname()], freshKey: true });
}

function connect(client: TestClient): Promise<TestConnectionResult> {
  return client.service.connections.test({ endpointUrl: server.endpointUrl, ...SECURE });
}


/** Folders of the server's store that hold a certificate. */
function serverFoldersOf(sha256: string): string[] {
  return PkiStore.open(server.pkiRoot)
    .scan()
    .entries.filter((e): e is CertSummary => e.kind === 'certificate' && e.sha256 === sha256)
    .map((e) => e.folder);
}

describe('how the demo server checks client certificates', () => {
  describe('with "Trusted certificates list"', () => {
    it('refuses a CA-signed client whose CA it trusts but not the client itself, and records it in rejected/', async () => {
      server.setValidation('trusted-list', true);
      const cert = await signedBy(plantCa, 'Line Client A');
      const result = await connect(await clientWith(cert));

      expect(result.outcome, why(result)).toBe('failed');
      expect([result.status, result.statusHex]).toEqual(['BadSecurityChecksFailed', '0x80130000']);
      expect(serverFoldersOf(cert.sha256)).toEqual(['rejected']);
      expect(result.diagnosis.map((d) => d.title)).toContain('The server refused our certificate: it is in its rejected folder');
    });

    it('leaves rejected/ alone when "automatically add to rejected" is off', async () => {
      server.setValidation('trusted-list', false);
      const client = await clientWith();
      const ours = (await client.service.opcua.identity()).certificate.sha256;
      const result = await connect(client);

      expect(result.outcome, why(result)).toBe('failed');
      expect(result.status).toBe('BadSecurityChecksFailed');
      expect(serverFoldersOf(ours)).toEqual([]);
      // The Part 4 engine, run on the server's store, names the real reason the server hides.
      expect(result.diagnosis.map((d) => [d.status, d.title])).toEqual([
        ['BadCertificateUntrusted', 'Our certificate fails "Trust list check" for the server'],
        ['BadSecurityChecksFailed', 'The server refused our certificate'],
      ]);
      expect(result.verification.ourCertificate).toMatchObject({ verdict: 'BadCertificateUntrusted', failedStep: 'trust-list' });
    });
  });

  describe('with "Trusted CA list"', () => {
    it('accepts a client signed by a CA it trusts when it has the CA\'s CRL', async () => {
      server.setValidation('trusted-ca', true);
      const cert = await signedBy(plantCa, 'Line Client B');
      const result = await connect(await clientWith(cert));

      expect(result.outcome, why(result)).toBe('connected');
      expect(serverFoldersOf(cert.sha256)).toEqual([]);
    });

    it('refuses a client whose CA has no CRL in its store, and the diagnosis names the missing CRL', async () => {
      server.setValidation('trusted-ca', true);
      const cert = await signedBy(crlLessCa, 'Line Client C');
      const client = await clientWith(cert);
      const result = await connect(client);

      expect(result.outcome, why(result)).toBe('failed');
      expect(result.steps.find((s) => s.status === 'failed')?.id).toBe('secure-channel');
      expect([result.status, result.statusHex]).toEqual(['BadCertificateRevocationUnknown', '0x801B0000']);
      expect(result.diagnosis).toEqual([
        {
          status: 'BadCertificateRevocationUnknown',
          statusHex: '0x801B0000',
          title: "The server has no revocation list for our certificate's issuer",
          explanation: expect.stringContaining("Import the CA's CRL into its issuers or trusted folder"),
        },
      ]);
      expect(serverFoldersOf(cert.sha256)).toEqual([]);
    });
  });

  describe('with "Trusted CA list", a CA-signed client it cannot accept', () => {
    it("refuses a client its CA revoked: the server hides why, the diagnosis finds it in the server's CRL", async () => {
      server.setValidation('trusted-ca', true);
      const result = await connect(await clientWith(revoked));

      expect(result.outcome, why(result)).toBe('failed');
      expect([result.status, result.statusHex]).toEqual(['BadSecurityChecksFailed', '0x80130000']);
      expect(result.diagnosis.map((d) => [d.status, d.statusHex, d.title])).toEqual([['BadCertificateRevoked', '0x801D0000', 'Our certificate is revoked']]);
    });

    it('refuses a client whose CA it does not know, and names the missing issuer', async () => {
      server.setValidation('trusted-ca', true);
      const result = await connect(await clientWith(strangerSigned));

      expect(result.outcome, why(result)).toBe('failed');
      expect(result.status).toBe('BadSecurityChecksFailed');
      expect(result.diagnosis[0]).toMatchObject({ status: 'BadCertificateChainIncomplete', statusHex: '0x810D0000', title: "The server does not have our certificate's issuer" });
    });
  });

  describe('with "Accept any"', () => {
    it('accepts a client it has never seen and records nothing', async () => {
      server.setValidation('accept-any', true);
      const client = await clientWith();
      const ours = (await client.service.opcua.identity()).certificate.sha256;
      const result = await connect(client);

      expect(result.outcome, why(result)).toBe('connected');
      expect(serverFoldersOf(ours)).toEqual([]);
    });
  });
});

describe('a client certificate the server refuses for what it says', () => {
  it('explains an expired certificate of ours with BadCertificateTimeInvalid', async () => {
    server.setValidation('trusted-list', true);
    const result = await connect(await clientWith(expired));

    expect(result.outcome, why(result)).toBe('failed');
    expect([result.status, result.statusHex]).toEqual(['BadCertificateTimeInvalid', '0x80140000']);
    expect(result.retries).toBe(0);
    expect(result.diagnosis).toEqual([
      {
        status: 'BadCertificateTimeInvalid',
        statusHex: '0x80140000',
        title: 'Our certificate expired 1 day ago',
        explanation: expect.stringContaining('Regenerate the app certificate'),
      },
    ]);
  });

  it('explains a certificate without the ApplicationUri we announce: the server refuses the session with BadCertificateUriInvalid', async () => {
    server.setValidation('trusted-list', true);
    const client = await clientWith(withoutUri);
    const result = await connect(client);

    expect(result.outcome, why(result)).toBe('failed');
    expect(result.steps.find((s) => s.status === 'failed')?.id).toBe('session');
    expect([result.status, result.statusHex]).toEqual(['BadCertificateUriInvalid', '0x80170000']);
    expect(result.diagnosis).toEqual([
      {
        status: 'BadCertificateUriInvalid',
        statusHex: '0x80170000',
        title: 'Our certificate has no ApplicationUri',
        explanation: `Its subjectAltName has no URI but the app announces urn:${os.hostname()}:OpcUaTrustManager; the server refuses a session when they differ. Regenerate the app certificate.`,
      },
    ]);
  });
});
