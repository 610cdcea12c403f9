import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningDemoServer } from '../../../../electron/core/opcua/demo-server';
import { syncChanges } from '../../../../electron/core/pki/changeset';
import { PkiStore } from '../../../../electron/core/pki/store';
import type { CertSummary } from '../../../../shared/types/cert';
import type { TestConnectionResult } from '../../../../shared/types/connect';
import { snapshot } from '../../../helpers/pki';
import { closeClients, SECURE, startClient, startServer, storeIdOf, type TestClient, why } from './loopback';

let server: RunningDemoServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await closeClients();
  await server?.stop();
});

function connect(client: TestClient): Promise<TestConnectionResult> {
  return client.service.connections.test({ endpointUrl: server.endpointUrl, ...SECURE });
}

function stepsOf(result: TestConnectionResult): Record<string, string> {
  return Object.fromEntries(result.steps.map((s) => [s.id, s.status]));
}


/** Files in our trusted and rejected folders: a decision that must leave no trace is checked against them. */
function trustFiles(pki: string): string[] {
  return ['trusted/certs', 'rejected'].flatMap((dir) => (existsSync(path.join(pki, dir)) ? readdirSync(path.join(pki, dir)).map((f) => `${dir}/${f}`) : []));
}

/** Certificates, CRLs and keys of a store; node-opcua's housekeeping files (mutex, own/openssl.cnf) are not ours to judge. */
function storeFiles(pki: string): Record<string, string> {
  return Object.fromEntries(Object.entries(snapshot(pki)).filter(([file]) => !/(^|\/)mutex|openssl\.cnf$/.test(file)));
}

function serverStoreEntries(): CertSummary[] {
  return PkiStore.open(server.pkiRoot).scan().entries.filter((e): e is CertSummary => e.kind === 'certificate');
}

/** A client that trusts the demo server permanently (its first-connection dialog answered). */
async function clientTrustingServer(): Promise<TestClient> {
  const client = await startClient({ serverPki: server.pkiRoot });
  const first = await connect(client);
  await client.service.connections.decideServer({ thumbprint: first.serverCertificate!.sha256, decision: 'trust-permanently' });
  return client;
}

describe('a first connection to a server', () => {
  describe('when our client store does not trust the server yet', () => {
    it('stops before the secure channel with outcome server-untrusted and writes nothing to our store', async () => {
      server.setValidation('accept-any', true);
      const client = await startClient();
      const before = storeFiles(client.pki);

      const result = await connect(client);

      expect(result.outcome, why(result)).toBe('server-untrusted');
      expect([result.status, result.statusHex]).toEqual(['BadCertificateUntrusted', '0x801A0000']);
      expect(stepsOf(result)).toEqual({ 'get-endpoints': 'ok', 'server-certificate': 'failed', 'secure-channel': 'skipped', session: 'skipped', 'read-status': 'skipped' });
      expect(result.serverCertificate).toMatchObject({ applicationUri: server.applicationUri });
      expect(result.diagnosis).toContainEqual(
        expect.objectContaining({ title: "We do not trust the server's certificate yet", fix: expect.objectContaining({ kind: 'trust-server-certificate', thumbprint: result.serverCertificate!.sha256 }) }),
      );
      expect(storeFiles(client.pki)).toEqual(before);
    });

    it('connects after "Accept once" and leaves no file in our trusted or rejected folder', async () => {
      server.setValidation('accept-any', true);
      const client = await startClient();
      const first = await connect(client);
      expect(first.outcome).toBe('server-untrusted');

      await client.service.connections.decideServer({ thumbprint: first.serverCertificate!.sha256, decision: 'accept-once' });
      const second = await connect(client);

      expect(second.outcome, why(second)).toBe('connected');
      expect(second.steps.find((s) => s.id === 'server-certificate')).toMatchObject({ status: 'ok', detail: 'accepted once for this session' });
      expect(second.serverStatus).toMatchObject({ state: 'Running' });
      expect(trustFiles(client.pki)).toEqual([]);
    });

    it('asks again after the app restarts when the server was only accepted once', async () => {
      server.setValidation('accept-any', true);
      const client = await startClient();
      const first = await connect(client);
      await client.service.connections.decideServer({ thumbprint: first.serverCertificate!.sha256, decision: 'accept-once' });
      await client.service.close();

      const restarted = await startClient({ home: client.home });
      expect((await connect(restarted)).outcome).toBe('server-untrusted');
    });

    it('writes nothing on "Cancel", and puts the certificate in our rejected folder only when the setting asks for it', async () => {
      server.setValidation('accept-any', true);
      const client = await startClient();
      const first = await connect(client);
      const sha256 = first.serverCertificate!.sha256;

      await client.service.connections.decideServer({ thumbprint: sha256, decision: 'cancel' });
      expect(trustFiles(client.pki)).toEqual([]);

      await client.service.opcua.decideServer(sha256, 'cancel', true);
      const rejected = PkiStore.open(client.pki).scan().entries.filter((e) => e.folder === 'rejected');
      expect(rejected.map((e) => e.id)).toEqual([sha256]);
      expect((await connect(client)).outcome).toBe('server-untrusted');
    });

    it('connects after "Trust permanently" and keeps the server certificate in our trusted/certs', async () => {
      server.setValidation('accept-any', true);
      const client = await startClient();
      const first = await connect(client);

      await client.service.connections.decideServer({ thumbprint: first.serverCertificate!.sha256, decision: 'trust-permanently' });
      const second = await connect(client);

      expect(second.outcome, why(second)).toBe('connected');
      const ours = PkiStore.open(client.pki).scan().entries.filter((e): e is CertSummary => e.kind === 'certificate' && e.folder === 'trusted');
      expect(ours.map((c) => [c.sha256, c.applicationUri])).toEqual([[first.serverCertificate!.sha256, server.applicationUri]]);
      expect(trustFiles(client.pki).filter((f) => f.startsWith('rejected/'))).toEqual([]);
    });
  });

  describe('when the server does not trust us yet (trusted certificates list)', () => {
    it('fails with BadSecurityChecksFailed and finds our certificate in the server\'s rejected folder', async () => {
      server.setValidation('trusted-list', true);
      const client = await clientTrustingServer();
      const ourSha256 = (await client.service.opcua.identity()).certificate.sha256;

      const result = await connect(client);

      expect(result.outcome, why(result)).toBe('failed');
      expect([result.status, result.statusHex]).toEqual(['BadSecurityChecksFailed', '0x80130000']);
      expect(result.steps.find((s) => s.status === 'failed')?.id).toBe('secure-channel');
      const rejected = serverStoreEntries().find((c) => c.folder === 'rejected' && c.sha256 === ourSha256);
      expect(rejected?.file).toMatch(/^rejected\/.+\.pem$/);
      expect(result.diagnosis).toContainEqual({
        status: 'BadCertificateUntrusted',
        statusHex: '0x801A0000',
        title: 'The server refused our certificate: it is in its rejected folder',
        explanation: expect.stringContaining('no server restart is needed'),
        fix: { kind: 'trust-in-server-store', storeId: storeIdOf(client, server.pkiRoot), file: rejected!.file, id: ourSha256, label: 'Trust it' },
      });
    });

    it('connects after our certificate is trusted in the server\'s store, without restarting the server', async () => {
      server.setValidation('trusted-list', true);
      const client = await clientTrustingServer();
      const refused = await connect(client);
      const fix = refused.diagnosis.find((d) => d.fix?.kind === 'trust-in-server-store')?.fix;
      expect(fix, why(refused)).toBeDefined();
      if (fix?.kind !== 'trust-in-server-store') return;

      const report = syncChanges(PkiStore.open(server.pkiRoot), [{ kind: 'trust', file: fix.file, id: fix.id }]);
      expect(report).toMatchObject({ done: 1, conflicts: 0, failed: 0 });
      const result = await connect(client);

      expect(result.outcome, why(result)).toBe('connected');
      expect(result.serverStatus).toMatchObject({ state: 'Running', productName: 'OPC UA Trust Manager demo server' });
      expect(serverStoreEntries().filter((c) => c.sha256 === fix.id).map((c) => c.folder)).toEqual(['trusted']);
      expect(result.retries).toBeLessThanOrEqual(4);
      console.log(`trusted in the server's store → connected after ${result.retries} retr${result.retries === 1 ? 'y' : 'ies'} (${result.durationMs} ms)`);
    });
  });

  describe("the demo server's endpoints", () => {
    it('offers Sign and SignAndEncrypt for the three policies, and None for discovery only', async () => {
      const client = await startClient();
      const result = await client.service.connections.test({ endpointUrl: server.endpointUrl, securityPolicy: 'None', securityMode: 'None' });

      expect(result.steps[0]).toMatchObject({ id: 'get-endpoints', status: 'ok' });
      expect([result.outcome, result.status]).toEqual(['failed', 'BadSecurityPolicyRejected']);
      const offered = result.diagnosis[0].explanation.replace(/^It offers: |\.$/g, '').split(', ').sort();
      expect(offered).toEqual(
        ['Basic256Sha256', 'Aes128_Sha256_RsaOaep', 'Aes256_Sha256_RsaPss'].flatMap((p) => [`${p} Sign`, `${p} SignAndEncrypt`]).sort(),
      );
    });
  });

  describe('how long a successful test connection takes', () => {
    it('is measured next to a bare node-opcua client with the same policy (median of 5 each)', async () => {
      server.setValidation('trusted-list', true);
      const client = await clientTrustingServer();
      const identity = await client.service.opcua.identity();
      // the server's administrator trusts us by dropping our certificate into its trusted folder
      copyFileSync(identity.certificateFile, path.join(server.pkiRoot, 'trusted', 'certs', `ours[${identity.certificate.sha1}].pem`));
      const warm = await connect(client);
      expect(warm.outcome, why(warm)).toBe('connected');

      const opcua = await import('node-opcua');
      const manager = new opcua.OPCUACertificateManager({ rootFolder: client.pki, automaticallyAcceptUnknownCertificate: false, name: 'BarePKI' });
      await manager.initialize();
      const bareConnection = async () => {
        const bareClient = opcua.OPCUAClient.create({
          securityPolicy: opcua.SecurityPolicy.Basic256Sha256,
          securityMode: opcua.MessageSecurityMode.SignAndEncrypt,
          certificateFile: identity.certificateFile,
          privateKeyFile: identity.privateKeyFile,
          applicationUri: identity.applicationUri,
          clientCertificateManager: manager,
          endpointMustExist: false,
          connectionStrategy: { maxRetry: 0 },
        });
        await bareClient.connect(server.endpointUrl);
        const session = await bareClient.createSession();
        const status = await session.read({ nodeId: opcua.resolveNodeId(opcua.VariableIds.Server_ServerStatus), attributeId: opcua.AttributeIds.Value });
        await session.close();
        await bareClient.disconnect();
        expect(status.statusCode.isGood()).toBe(true);
      };

      // interleaved, so that a busy machine slows both sides alike
      const ours: number[] = [];
      const bare: number[] = [];
      const getEndpoints: number[] = [];
      try {
        for (let i = 0; i < 5; i++) {
          let t0 = performance.now();
          const result = await connect(client);
          ours.push(performance.now() - t0);
          expect(result.outcome, why(result)).toBe('connected');
          getEndpoints.push(result.steps[0].durationMs!);
          t0 = performance.now();
          await bareConnection();
          bare.push(performance.now() - t0);
        }
      } finally {
        await manager.dispose();
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      const runs = (xs: number[]) => xs.map((t) => t.toFixed(0)).join('/');
      console.log(
        `SignAndEncrypt Basic256Sha256 on 127.0.0.1, median of 5: test connection ${median(ours).toFixed(0)} ms (runs ${runs(ours)}; its GetEndpoints step ${median(getEndpoints)} ms), ` +
          `bare OPCUAClient connect+createSession+read ServerStatus+close ${median(bare).toFixed(0)} ms (runs ${runs(bare)})`,
      );
      expect(median(ours)).toBeLessThan(5_000);
    });
  });
});
