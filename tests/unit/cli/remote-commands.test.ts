import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../../../electron/cli/remote-commands';
import type { RunningDemoServer } from '../../../electron/core/opcua/demo-server';
import type { StoreEntry } from '../../../shared/types/cert';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeCert, makeCrl } from '../../helpers/certs';
import { uatrust } from '../../helpers/cli';
import { tempDir } from '../../helpers/tmp';
import { closeClients, SECURE, startClient, why } from '../core/opcua/loopback';
import { ADMIN, startApp, startPushServer } from '../remote/push-fleet';

const PASSWORD_VAR = 'UATRUST_TEST_ADMIN_PASSWORD';
let server: RunningDemoServer;
let storeId: string;
const saved = { home: process.env.UATRUST_HOME, password: process.env.UATRUST_REMOTE_PASSWORD };

beforeAll(async () => {
  // The app's home with its client identity, which the server's administrator trusted beforehand.
  const { service, home } = await startApp();
  await service.close();
  server = await startPushServer(home);
  process.env.UATRUST_HOME = home;
  delete process.env.UATRUST_REMOTE_PASSWORD;
  process.env[PASSWORD_VAR] = ADMIN.password;
}, 60_000);
afterAll(async () => {
  await closeClients();
  await server?.stop();
  if (saved.home === undefined) delete process.env.UATRUST_HOME;
  else process.env.UATRUST_HOME = saved.home;
  if (saved.password !== undefined) process.env.UATRUST_REMOTE_PASSWORD = saved.password;
  delete process.env[PASSWORD_VAR];
});

describe('uatrust remote', () => {
  it("add shows the server's certificate and stops until it is trusted", async () => {
    const run = await uatrust('remote', 'add', server.endpointUrl, '--user', ADMIN.userName, '--password-env', PASSWORD_VAR, '--json');
    expect(run.code, run.stderr).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'server-certificate', endpointUrl: server.endpointUrl, certificate: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(run.stderr).toContain('--trust-server');
  }, 60_000);

  it('add --trust-server --json registers the server and prints its status', async () => {
    const run = await uatrust('remote', 'add', server.endpointUrl, '--user', ADMIN.userName, '--password-env', PASSWORD_VAR, '--trust-server', '--name', 'Press 4', '--json');
    expect(run.code, run.stderr).toBe(0);
    const outcome = JSON.parse(run.stdout);
    expect(outcome).toMatchObject({ status: 'added', remote: { name: 'Press 4', reachability: 'online', endpointUrl: server.endpointUrl, userName: ADMIN.userName } });
    storeId = outcome.storeId;
    expect(run.stdout).not.toContain(ADMIN.password);
  }, 60_000);

  it('needs the password from somewhere other than the command line', async () => {
    const run = await uatrust('remote', 'trustlist', storeId);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('the admin password is needed: --password-env VAR, UATRUST_REMOTE_PASSWORD');
  });

  it('warns that --password shows in the process list, and still works', async () => {
    const run = await uatrust('remote', 'trustlist', 'Press 4', '--password', ADMIN.password);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('--password shows in the process list');
    expect(run.stdout).toContain('Press 4');
  }, 60_000);

  it('list --json shows the registered server without connecting', async () => {
    const run = await uatrust('remote', 'list', '--json');
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([expect.objectContaining({ storeId, name: 'Press 4', passwordStorage: 'none' })]);
  }, 30_000);

  it("trustlist --json reads the server's lists: its own certificate and the app's in trusted", async () => {
    const run = await uatrust('remote', 'trustlist', storeId, '--password-env', PASSWORD_VAR, '--json');
    expect(run.code, run.stderr).toBe(0);
    const { remote, entries } = JSON.parse(run.stdout) as { remote: { reachability: string }; entries: StoreEntry[] };
    expect(remote.reachability).toBe('online');
    expect(entries.map((e) => e.folder).sort()).toEqual(['own', 'trusted']);
  }, 60_000);

  it('rejected lists a refused client, trust lets it connect, reject refuses it again', async () => {
    const hmi = await startClient({ trustServer: server });
    const hmiCert = (await hmi.service.opcua.identity()).certificate;
    expect((await hmi.service.connections.test({ endpointUrl: server.endpointUrl, ...SECURE })).outcome).toBe('failed');

    const rejected = await uatrust('remote', 'rejected', storeId, '--password-env', PASSWORD_VAR, '--json');
    expect(rejected.code, rejected.stderr).toBe(0);
    expect((JSON.parse(rejected.stdout) as StoreEntry[]).map((e) => e.id)).toContain(hmiCert.sha256);

    const trusted = await uatrust('remote', 'trust', storeId, hmiCert.sha1.slice(0, 12), '--password-env', PASSWORD_VAR);
    expect(trusted.code, trusted.stderr).toBe(0);
    expect(trusted.stdout).toMatch(/^done: rejected\/.*: trusted on the server$/m);
    const connected = await hmi.service.connections.test({ endpointUrl: server.endpointUrl, ...SECURE });
    expect(connected.outcome, why(connected)).toBe('connected');

    const rejected2 = await uatrust('remote', 'reject', storeId, hmiCert.sha256.slice(0, 16), '--password-env', PASSWORD_VAR, '--json');
    expect(rejected2.code, rejected2.stderr).toBe(0);
    expect(JSON.parse(rejected2.stdout)).toMatchObject({ done: 1, results: [{ kind: 'reject', status: 'done', file: expect.stringMatching(/^trusted\/certs\//) }] });
    const refusedAgain = await hmi.service.connections.test({ endpointUrl: server.endpointUrl, ...SECURE });
    expect(refusedAgain.outcome, why(refusedAgain)).toBe('failed');
  }, 120_000);

  it('sync pushes a CA certificate and its CRL from files to the issuers of every server', async () => {
    const dir = await tempDir('cli-ca-');
    const ca = await makeCert({ cn: 'CLI Plant CA', ca: true });
    const crl = await makeCrl(ca);
    writeFileSync(path.join(dir, 'ca.pem'), ca.pem);
    writeFileSync(path.join(dir, 'ca.crl'), crl.der);

    const run = await uatrust('remote', 'sync', path.join(dir, 'ca.pem'), path.join(dir, 'ca.crl'), '--to', 'issuers', '--password-env', PASSWORD_VAR, '--json');

    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).results).toEqual([expect.objectContaining({ storeId, ok: true, message: expect.stringMatching(/^2 added to issuers/) })]);
    const lists = JSON.parse((await uatrust('remote', 'trustlist', storeId, '--password-env', PASSWORD_VAR, '--json')).stdout) as { entries: StoreEntry[] };
    expect(lists.entries.filter((e) => e.folder === 'issuers').map((e) => e.kind).sort()).toEqual(['certificate', 'crl']);
  }, 60_000);
});
