import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../../electron/core/app/handlers';
import type { TrustService } from '../../../electron/core/app/trust-service';
import { LocalCa } from '../../../electron/core/ca';
import { PkiStore } from '../../../electron/core/pki/store';
import type { RunningDemoServer } from '../../../electron/core/opcua/demo-server';
import type { CertSummary } from '../../../shared/types/cert';
import type { RemoteProgress } from '../../../shared/types/remote';
import { makeCert, makeCrl } from '../../helpers/certs';
import { tempDir } from '../../helpers/tmp';
import { closeClients, SECURE, startClient, why } from '../core/opcua/loopback';
import { ADMIN, addTrusted, startApp, startPushServer } from './push-fleet';

let service: TrustService;
let home: string;
let servers: RunningDemoServer[] = [];
/** Store ids of the three servers once added (A first). */
const ids: string[] = [];

beforeAll(async () => {
  ({ service, home } = await startApp());
  servers = await Promise.all([0, 1, 2].map(() => startPushServer(home)));
}, 120_000);
afterAll(async () => {
  await closeClients();
  await service?.close();
  await Promise.all(servers.map((s) => s.stop().catch(() => undefined)));
});

const certs = (storeId: string) => service.listStores().find((s) => s.id === storeId)!.entries.filter((e): e is CertSummary => e.kind === 'certificate');
const sha256OfFile = async (file: string) => (await import('../../../electron/core/x509/decode')).decodeFile(readFileSync(file)).items.map((i) => (i.type === 'certificate' ? i.der : null)).find(Boolean)!;
const serverSha256 = async (server: RunningDemoServer) => (await import('node:crypto')).createHash('sha256').update(await sha256OfFile(path.join(server.pkiRoot, 'own', 'certs', 'certificate.pem'))).digest('hex');

describe('remote servers managed through OPC UA Part 12 push (three demo servers on 127.0.0.1)', () => {
  it("asks about the server's certificate first, then registers the server with its trust list mirrored", async () => {
    const input = { endpointUrl: servers[0].endpointUrl, securityPolicy: 'Basic256Sha256', securityMode: 'SignAndEncrypt', userName: ADMIN.userName, password: ADMIN.password, rememberPassword: false } as const;

    const first = await service.remote.add(input);

    expect(first).toMatchObject({ status: 'server-certificate', endpointUrl: servers[0].endpointUrl });
    if (first.status !== 'server-certificate') return;
    expect(first.certificate.sha256).toBe(await serverSha256(servers[0]));
    expect(service.listStores().filter((s) => s.role === 'remote')).toEqual([]);

    await service.connections.decideServer({ thumbprint: first.certificate.sha256, decision: 'trust-permanently' });
    const second = await service.remote.add({ ...input, name: 'Line 1 press' });

    expect(second.status).toBe('added');
    if (second.status !== 'added') return;
    ids.push(second.storeId);
    const view = service.listStores().find((s) => s.id === second.storeId)!;
    expect(view).toMatchObject({ name: 'Line 1 press', role: 'remote', layout: 'node-opcua', root: path.join(home, 'remote', second.storeId) });
    expect(view.remote).toMatchObject({ reachability: 'online', passwordStorage: 'memory', lastError: null, endpointUrl: servers[0].endpointUrl, rejectedCount: 0 });
    expect(view.remote!.serverCertificate!.sha256).toBe(first.certificate.sha256);
    const appSha256 = (await service.opcua.identity()).certificate.sha256;
    expect(certs(second.storeId).map((c) => [c.folder, c.id])).toEqual(expect.arrayContaining([['own', first.certificate.sha256], ['trusted', appSha256]]));
    // the mirror is a real node-opcua folder on disk
    expect(readdirSync(path.join(view.root, 'trusted', 'certs'))).toHaveLength(1);
    // the password is nowhere in the settings
    expect(readFileSync(path.join(home, 'settings.json'), 'utf8')).not.toContain(ADMIN.password);
    expect(readFileSync(path.join(home, 'settings.json'), 'utf8')).toContain(servers[0].endpointUrl);
  }, 60_000);

  it('refuses a wrong admin password with a clear message and registers nothing', async () => {
    const input = { endpointUrl: servers[1].endpointUrl, securityPolicy: 'Basic256Sha256', securityMode: 'SignAndEncrypt', userName: ADMIN.userName, password: 'wrong password', rememberPassword: false } as const;
    const first = await service.remote.add(input);
    if (first.status === 'server-certificate') await service.connections.decideServer({ thumbprint: first.certificate.sha256, decision: 'trust-permanently' });

    await expect(service.remote.add(input)).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringMatching(/refused user "secadmin": wrong user name or password.*BadUserAccessDenied|BadIdentityTokenRejected/) });

    expect(service.remote.fleet().map((r) => r.endpointUrl)).toEqual([servers[0].endpointUrl]);
    expect(readFileSync(path.join(home, 'settings.json'), 'utf8')).not.toContain(servers[1].endpointUrl);
    expect(readdirSync(path.join(home, 'remote'))).toEqual([ids[0]]);
  }, 60_000);

  it('trusts a refused client remotely so that it connects, and refuses it again once removed', async () => {
    const hmi = await startClient({ trustServer: servers[0] });
    const hmiSha256 = (await hmi.service.opcua.identity()).certificate.sha256;
    const refused = await hmi.service.connections.test({ endpointUrl: servers[0].endpointUrl, ...SECURE });
    expect(refused.outcome, why(refused)).toBe('failed');

    const view = await service.remote.refresh(ids[0]);
    const rejected = view.entries.find((e) => e.folder === 'rejected' && e.id === hmiSha256);
    expect(rejected, 'the refused client appears under Rejected').toBeDefined();
    expect(view.remote!.rejectedCount).toBeGreaterThanOrEqual(1);

    const trusted = await service.sync([{ storeId: ids[0], kind: 'trust', file: rejected!.file, id: hmiSha256 }]);

    expect(trusted.reports[0]).toMatchObject({ storeId: ids[0], done: 1, failed: 0, conflicts: 0 });
    expect(trusted.reports[0].results[0].to).toMatch(/^trusted\/certs\//);
    const connected = await hmi.service.connections.test({ endpointUrl: servers[0].endpointUrl, ...SECURE });
    expect(connected.outcome, why(connected)).toBe('connected');

    const removed = await service.sync([{ storeId: ids[0], kind: 'delete', file: trusted.reports[0].results[0].to!, id: hmiSha256 }]);

    expect(removed.reports[0]).toMatchObject({ done: 1, failed: 0 });
    expect(certs(ids[0]).some((c) => c.folder === 'trusted' && c.id === hmiSha256)).toBe(false);
    const again = await hmi.service.connections.test({ endpointUrl: servers[0].endpointUrl, ...SECURE });
    expect(again.outcome, why(again)).toBe('failed');
  }, 120_000);

  it('says why a rejected-only certificate cannot be rejected or deleted, and changes nothing', async () => {
    await service.remote.refresh(ids[0]); // the client refused a moment ago is back in the rejected list
    const rejected = certs(ids[0]).find((c) => c.folder === 'rejected')!;
    const before = certs(ids[0]).map((c) => `${c.folder}:${c.id}`).sort();

    const outcome = await service.sync([
      { storeId: ids[0], kind: 'reject', file: rejected.file, id: rejected.id },
      { storeId: ids[0], kind: 'delete', file: rejected.file, id: rejected.id },
    ]);

    expect(outcome.reports[0].results.map((r) => [r.status, r.message])).toEqual([
      ['unchanged', expect.stringContaining("only in the server's rejected list")],
      ['failed', expect.stringContaining('rejected list cannot be written')],
    ]);
    expect(certs(ids[0]).map((c) => `${c.folder}:${c.id}`).sort()).toEqual(before);
  }, 60_000);

  it("imports certificate files through the same Import: into the server's list, not just the mirror", async () => {
    const handlers = createHandlers(service);
    const vendor = await makeCert({ cn: 'Vendor HMI', applicationUri: 'urn:test:vendor-hmi' });
    const files = [{ name: 'vendor.pem', base64: Buffer.from(vendor.pem).toString('base64') }, { name: 'notes.txt', base64: Buffer.from('hello').toString('base64') }];

    const result = await handlers['certs:import']({ storeId: ids[0], to: 'trusted', files });

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.results.map((r) => [r.source, r.status])).toEqual([['vendor.pem', 'imported'], ['notes.txt', 'failed']]);
    expect(result.value.results[0].file).toMatch(/^trusted\/certs\/Vendor HMI\[/);
    // what the server itself holds, read again from it
    expect((await service.remote.refresh(ids[0])).entries.some((e) => e.folder === 'trusted' && e.id === vendor.sha256)).toBe(true);
    expect(readdirSync(path.join(servers[0].pkiRoot, 'trusted', 'certs')).some((f) => f.startsWith('Vendor HMI'))).toBe(true);
    const refused = await handlers['certs:import']({ storeId: ids[0], to: 'rejected', files });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('rejected list cannot be written') } });
  }, 60_000);

  it('pushes a CA certificate and its CRL to the issuers of three servers, a few at a time, with progress', async () => {
    ids.push(await addTrusted(service, servers[1], 'Line 2'), await addTrusted(service, servers[2], 'Line 3'));
    const source = await service.addStore({ path: PkiStore.init(await tempDir('plant-ca-'), 'node-opcua').root, layout: 'node-opcua' });
    const progress: RemoteProgress[] = [];
    service.on('remote:progress', (p) => progress.push(p));
    const durations: number[] = [];
    for (const run of [1, 2, 3]) {
      const ca = await makeCert({ cn: `Plant CA ${run}`, ca: true });
      const crl = await makeCrl(ca);
      const { results } = service.importFiles({ storeId: source.id, to: 'issuers', files: [{ name: 'ca.pem', base64: Buffer.from(ca.pem + crl.pem).toString('base64') }] });
      const items = results.map((r) => ({ storeId: source.id, file: r.file!, id: r.id! }));

      const outcome = await service.remote.fleetPush({ storeIds: ids, items, to: 'issuers', runId: `run-${run}` });

      expect(outcome.results.map((r) => [r.storeId, r.ok, r.message])).toEqual(ids.map((id) => [id, true, expect.stringMatching(/^2 added to issuers/)]));
      durations.push(outcome.durationMs);
      for (const id of ids) {
        const entries = service.listStores().find((s) => s.id === id)!.entries;
        expect(entries.some((e) => e.folder === 'issuers' && e.id === ca.sha256)).toBe(true);
        expect(entries.some((e) => e.folder === 'issuers' && e.kind === 'crl' && e.file.startsWith('issuers/crl/'))).toBe(true);
        const steps = progress.filter((p) => p.runId === `run-${run}` && p.storeId === id);
        expect(steps.map((p) => p.status).join(' ')).toMatch(/^waiting (running )+done$/);
        expect(steps.map((p) => p.step)).toContain('writing the trust list');
      }
      // on the servers themselves: their PKI folders hold the CA now
      for (const server of servers) expect(readdirSync(path.join(server.pkiRoot, 'issuers', 'certs')).some((f) => f.includes(`Plant CA ${run}`))).toBe(true);
    }
    const median = [...durations].sort((a, b) => a - b)[1];
    console.log(`fleet push of a CA certificate + CRL to 3 local servers: ${durations.join(', ')} ms; median ${median} ms`);
    expect(service.remote.fleet().every((r) => r.reachability === 'online' && r.lastSyncAt !== null)).toBe(true);
  }, 180_000);

  it("renews a server's certificate with the local CA and reconnects to see the new one", async () => {
    await LocalCa.init(path.join(home, 'ca'), { commonName: 'Plant Root CA', keySize: 2048 });
    const old = service.remote.status(ids[1]).serverCertificate!;

    const renewed = await service.remote.renew({ storeId: ids[1], signWith: 'local-ca', regeneratePrivateKey: true, runId: 'renew-1' });

    expect(renewed.csrPem).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----/);
    expect(renewed.newCertificate).toMatchObject({ issuer: expect.objectContaining({ cn: 'Plant Root CA' }), applicationUri: old.applicationUri });
    expect(renewed.newCertificate!.sha256).not.toBe(old.sha256);
    expect(service.remote.status(ids[1]).serverCertificate!.sha256).toBe(renewed.newCertificate!.sha256);
    expect(certs(ids[1]).filter((c) => c.folder === 'own').map((c) => c.id)).toEqual([renewed.newCertificate!.sha256]);
    // the server keeps working with its new certificate
    await expect(service.remote.refresh(ids[1])).resolves.toMatchObject({ remote: { reachability: 'online' } });
  }, 120_000);

  it('renews the same server again: a second UpdateCertificate and ApplyChanges work too', async () => {
    const first = service.remote.status(ids[1]).serverCertificate!.sha256;
    const again = await service.remote.renew({ storeId: ids[1], signWith: 'local-ca', regeneratePrivateKey: false });
    expect(again.newCertificate!.sha256).not.toBe(first);
    expect((await service.remote.refresh(ids[1])).remote!.serverCertificate!.sha256).toBe(again.newCertificate!.sha256);
  }, 120_000);

  it('returns only the signing request when asked, and leaves the certificate as it was', async () => {
    const before = service.remote.status(ids[2]).serverCertificate!.sha256;
    const outcome = await service.remote.renew({ storeId: ids[2], signWith: 'csr-only', regeneratePrivateKey: false });
    expect(outcome).toEqual({ csrPem: expect.stringMatching(/^-----BEGIN CERTIFICATE REQUEST-----\n[\s\S]+-----END CERTIFICATE REQUEST-----\n$/), newCertificate: null });
    expect((await service.remote.refresh(ids[2])).remote!.serverCertificate!.sha256).toBe(before);
  }, 60_000);

  it('reports a server stopped in the middle of a fleet push as failed, while the others succeed', async () => {
    const client = await makeCert({ cn: 'Line HMI', applicationUri: 'urn:test:line-hmi' });
    const source = service.listStores().find((s) => s.name.startsWith('uatrust-plant-ca-'))!;
    const { results } = service.importFiles({ storeId: source.id, to: 'trusted', files: [{ name: 'hmi.pem', base64: Buffer.from(client.pem).toString('base64') }] });
    let stopping: Promise<void> | null = null;
    service.on('remote:progress', (p) => {
      if (p.runId === 'stop-mid' && p.storeId === ids[2] && p.status === 'running' && !stopping) stopping = servers[2].stop();
    });

    const outcome = await service.remote.fleetPush({ storeIds: ids, items: [{ storeId: source.id, file: results[0].file!, id: client.sha256 }], to: 'trusted', runId: 'stop-mid' });
    await stopping;

    expect(outcome.results.map((r) => [r.storeId, r.ok])).toEqual([[ids[0], true], [ids[1], true], [ids[2], false]]);
    expect(outcome.results[2].message).toMatch(/\S/);
    expect(service.remote.status(ids[2])).toMatchObject({ reachability: 'offline', lastError: outcome.results[2].message });
    for (const id of ids.slice(0, 2)) expect(certs(id).some((c) => c.folder === 'trusted' && c.id === client.sha256)).toBe(true);
    expect(existsSync(path.join(home, 'remote', ids[2]))).toBe(true);
  }, 120_000);

  it('fails every staged item of an unreachable server with the reason, and keeps its mirror as it was', async () => {
    const before = certs(ids[2]).map((c) => `${c.folder}:${c.id}`).sort();
    const trusted = certs(ids[2]).filter((c) => c.folder === 'trusted' || c.folder === 'issuers').slice(0, 2);
    expect(trusted.length).toBe(2);

    const outcome = await service.sync(trusted.map((c) => ({ storeId: ids[2], kind: 'delete' as const, file: c.file, id: c.id })));

    expect(outcome.reports[0]).toMatchObject({ storeId: ids[2], done: 0, failed: 2 });
    for (const r of outcome.reports[0].results) expect(r.message).toMatch(/^nothing changed on the server: .*cannot reach the server/);
    expect(certs(ids[2]).map((c) => `${c.folder}:${c.id}`).sort()).toEqual(before);
    expect(outcome.stores.find((s) => s.id === ids[2])!.remote).toMatchObject({ reachability: 'offline' });
  }, 60_000);
});
