/**
 * The local CA end to end against the embedded demo server in "Trusted CA list" mode: our app
 * certificate signed by the CA (CSR → sign → install) connects once the CA and its CRL are
 * deployed to the server's trusted folder, and is refused once its revocation is deployed.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployCa, LocalCa } from '../../../../electron/core/ca';
import type { RunningDemoServer } from '../../../../electron/core/opcua/demo-server';
import { OpcuaRuntime } from '../../../../electron/core/opcua/runtime';
import { serverStoreFindings } from '../../../../electron/core/opcua/server-store';
import { OwnCertificates } from '../../../../electron/core/own-certs';
import { PkiStore } from '../../../../electron/core/pki/store';
import type { TestConnectionResult } from '../../../../shared/types/connect';
import { tempDir } from '../../../helpers/tmp';
import { SECURE, startServer, why } from '../opcua/loopback';

let server: RunningDemoServer;
let runtime: OpcuaRuntime;
let own: OwnCertificates;
let ca: LocalCa;

beforeAll(async () => {
  server = await startServer({ validation: 'trusted-ca', addRefusedToRejected: true });
  const clientPki = path.join(await tempDir('ca-client-'), 'pki');
  runtime = new OpcuaRuntime(clientPki);
  await runtime.identity();
  // the user trusted the demo server's certificate on an earlier first connection
  mkdirSync(path.join(clientPki, 'trusted', 'certs'), { recursive: true });
  copyFileSync(path.join(server.pkiRoot, 'own', 'certs', 'certificate.pem'), path.join(clientPki, 'trusted', 'certs', 'demo_server.pem'));
  own = OwnCertificates.open(clientPki);
  ca = await LocalCa.init(await tempDir('ca-line-'), { commonName: 'Line CA', organization: 'Plant', keySize: 2048 });
});

afterAll(async () => {
  await runtime?.close();
  await server?.stop();
});

/** A test connection whose diagnosis can look into the server's store, as the app does for a managed one. */
async function connect(): Promise<TestConnectionResult> {
  const ours = (await runtime.identity()).certificate;
  const findServerStore = () => serverStoreFindings({ id: 'demo', name: 'the demo server' }, PkiStore.open(server.pkiRoot).scan().entries, ours);
  return runtime.testConnection({ endpointUrl: server.endpointUrl, ...SECURE }, { findServerStore });
}

/** Connects until the outcome is the one wanted: the server notices new files in its trust folders a moment after they land. */
async function connectUntil(wanted: (r: TestConnectionResult) => boolean, timeoutMs = 8000): Promise<TestConnectionResult> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const result = await connect();
    if (wanted(result) || Date.now() > end) return result;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('a CA-signed app certificate and the demo server in "Trusted CA list" mode', () => {
  it('is refused while it is self-signed: the server trusts no certificate on its own', async () => {
    const result = await connect();
    expect(result.outcome, why(result)).toBe('failed');
    expect(result.status).toBe('BadSecurityChecksFailed');
  });

  it('connects once signed by the CA (CSR → sign → install) and the CA and its CRL are deployed to the server', async () => {
    const request = await own.createSigningRequest('app');
    const signed = await ca.sign(Buffer.from(request.base64, 'base64'), { validityDays: 30 });
    const installed = own.installSigned('app', [{ name: 'app.pem', base64: Buffer.from(signed.certificatePem + signed.caCertificatePem).toString('base64') }, ca.exportCrl('pem')]);
    expect(installed.warnings).toEqual([]);
    expect((await runtime.identity()).certificate).toMatchObject({ sha256: signed.issued.sha256, issuer: { cn: 'Line CA' } });

    const [deployed] = await deployCa(ca, [{ dir: server.pkiRoot }], 'trusted');
    expect(deployed.error).toBeNull();
    expect(deployed.results.map((r) => r.status)).toEqual(['imported', 'imported']);

    const result = await connectUntil((r) => r.outcome === 'connected');
    expect(result.outcome, why(result)).toBe('connected');
    // accepted through its CA: the server keeps no copy of it in trusted/
    expect(PkiStore.open(server.pkiRoot).scan().entries.filter((e) => e.id === signed.issued.sha256 && e.folder === 'trusted')).toEqual([]);
  });

  it('is refused after the CA revokes it and the new CRL is deployed, and the diagnosis says it is revoked', async () => {
    const ours = (await runtime.identity()).certificate;
    const { crl } = await ca.revoke(ours.serialNumber);
    expect(crl.revokedSerials).toEqual([ours.serialNumber]);
    const [deployed] = await deployCa(ca, [{ dir: server.pkiRoot }], 'trusted');
    expect(deployed.results.map((r) => r.status)).toEqual(['exists', 'imported']);
    expect(deployed.removedCrls).toHaveLength(1);

    const result = await connectUntil((r) => r.outcome !== 'connected');
    expect(result.outcome, why(result)).toBe('failed');
    expect(result.status).toBe('BadSecurityChecksFailed');
    expect(result.diagnosis.map((d) => [d.status, d.title])).toContainEqual(['BadCertificateRevoked', 'Our certificate is revoked']);
  });
});
