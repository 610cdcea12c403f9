import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_STORE_ID, TrustService } from '../../../../electron/core/app/trust-service';
import type { TestConnectionResult } from '../../../../shared/types/connect';
import type { DemoServerStatus } from '../../../../shared/types/demo';
import { tempDir } from '../../../helpers/tmp';
import { SECURE, why } from './loopback';

let home: string;
let service: TrustService;
let demo: DemoServerStatus;
/** What a second Start (a double click, or the UI while `npm start` starts it) got. */
let secondStart: DemoServerStatus;

beforeAll(async () => {
  home = await tempDir('service-home-');
  service = new TrustService({ home, mode: 'browser', watch: false });
  await service.start();
  [demo, secondStart] = await Promise.all([service.demo.start(), service.demo.start()]);
});
afterAll(async () => {
  await service?.close();
});

function connect(extra: { userName?: string; password?: string } = {}): Promise<TestConnectionResult> {
  return service.connections.test({ endpointUrl: demo.endpointUrl!, ...SECURE, ...extra });
}


describe('the app testing a connection to its own demo server (one story, in order)', () => {
  it('starts the demo server on 127.0.0.1 with its PKI as the built-in store "demo-server"', () => {
    expect(demo).toMatchObject({ state: 'running', storeId: DEMO_STORE_ID, validation: 'trusted-list', addRefusedToRejected: true });
    expect(demo.endpointUrl).toMatch(/^opc\.tcp:\/\/127\.0\.0\.1:\d+$/);
    expect(service.listStores().find((s) => s.id === DEMO_STORE_ID)).toMatchObject({ name: 'Local demo server', root: path.join(home, 'demo-server'), role: 'server' });
  });

  it('starts one demo server only when Start is asked twice at once', () => {
    expect(secondStart).toMatchObject({ state: 'running', endpointUrl: demo.endpointUrl });
  });

  it('refuses a decision about a server certificate no test connection has shown', async () => {
    await expect(service.connections.decideServer({ thumbprint: 'ab'.repeat(32), decision: 'trust-permanently' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it("finds the demo server's store when the server refuses us, and points the fix at it", async () => {
    const first = await connect();
    expect(first.outcome, why(first)).toBe('server-untrusted');
    await service.connections.decideServer({ thumbprint: first.serverCertificate!.sha256, decision: 'trust-permanently' });

    const refused = await connect();

    expect(refused.outcome, why(refused)).toBe('failed');
    expect(refused.status).toBe('BadSecurityChecksFailed');
    expect(refused.diagnosis.find((d) => d.fix?.kind === 'trust-in-server-store')?.fix).toEqual({
      kind: 'trust-in-server-store',
      storeId: DEMO_STORE_ID,
      file: expect.stringMatching(/^rejected\//),
      id: (await service.opcua.identity()).certificate.sha256,
      label: 'Trust it',
    });
  });

  it('applies a new validation mode of the running demo server to the next connection', async () => {
    expect(service.demo.configure({ validation: 'accept-any', addRefusedToRejected: true })).toMatchObject({ validation: 'accept-any', state: 'running' });
    const accepted = await connect();
    expect(accepted.outcome, why(accepted)).toBe('connected');

    service.demo.configure({ validation: 'trusted-list', addRefusedToRejected: true });
    expect((await connect()).outcome).toBe('failed');
  });

  it('connects after the fix is synced, without restarting the demo server', async () => {
    const refused = await connect();
    const fix = refused.diagnosis.find((d) => d.fix?.kind === 'trust-in-server-store')?.fix;
    if (fix?.kind !== 'trust-in-server-store') throw new Error(`no fix offered: ${why(refused)}`);

    const outcome = await service.sync([{ storeId: fix.storeId, kind: 'trust', file: fix.file, id: fix.id }]);
    expect(outcome.reports[0]).toMatchObject({ storeId: DEMO_STORE_ID, done: 1 });
    const result = await connect();

    expect(result.outcome, why(result)).toBe('connected');
    expect(service.demo.status()).toMatchObject({ state: 'running', endpointUrl: demo.endpointUrl });
  });

  it('keeps the runs in recent connections with the user name, never the password', async () => {
    const withUser = await connect({ userName: 'operator', password: 'S3cret-pa55' });
    expect(withUser.outcome).toBe('failed');
    expect(withUser.diagnosis[0]).toMatchObject({ title: 'The server refused the user' });

    const recent = service.connections.recentConnections();
    expect(recent[0]).toMatchObject({ endpointUrl: demo.endpointUrl, securityPolicy: 'Basic256Sha256', securityMode: 'SignAndEncrypt', userName: 'operator', outcome: 'failed' });
    expect(recent[1]).toMatchObject({ endpointUrl: demo.endpointUrl, userName: null, outcome: 'connected', status: null });
    const settings = readFileSync(path.join(home, 'settings.json'), 'utf8');
    expect(settings).toContain('"userName": "operator"');
    expect(settings).not.toContain('S3cret-pa55');
  });

  it('stops the demo server: the next test connection finds nothing at its endpoint', async () => {
    expect(await service.demo.stop()).toMatchObject({ state: 'stopped', endpointUrl: null });
    const result = await connect();

    expect(result.outcome).toBe('failed');
    expect(result.steps[0]).toMatchObject({ id: 'get-endpoints', status: 'failed' });
    expect(result.diagnosis[0]).toMatchObject({ status: 'BadCommunicationError', title: `Nothing answers at ${demo.endpointUrl}` });
  });
});
