/**
 * An own certificate assigned to a connection, end to end on 127.0.0.1: the app's Test connection
 * presents the assigned certificate (the demo server records it in its rejected folder) and, when
 * the user leaves the security mode on automatic, uses the assignment's mode.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers, type Handlers } from '../../../../electron/core/app/handlers';
import { TrustService } from '../../../../electron/core/app/trust-service';
import type { Result } from '../../../../shared/ipc/result';
import type { TestConnectionResult } from '../../../../shared/types/connect';
import { tempDir } from '../../../helpers/tmp';
import { why } from '../opcua/loopback';

let home: string;
let service: TrustService;
let handlers: Handlers;
let endpointUrl: string;

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

const rejected = () => readdirSync(path.join(home, 'demo-server', 'rejected')).filter((f) => !f.startsWith('.'));
const connect = (securityMode: 'auto' | 'Sign' | 'SignAndEncrypt' = 'auto'): Promise<TestConnectionResult> =>
  service.connections.test({ endpointUrl, securityPolicy: 'auto', securityMode });

beforeAll(async () => {
  home = await tempDir('assign-home-');
  service = new TrustService({ home, mode: 'browser', watch: false });
  await service.start();
  handlers = createHandlers(service);
  endpointUrl = (await service.demo.start()).endpointUrl!;
  // The user trusted the demo server on an earlier first connection.
  const first = await connect();
  await service.connections.decideServer({ thumbprint: first.serverCertificate!.sha256, decision: 'trust-permanently' });
}, 60_000);

afterAll(async () => {
  await service?.close();
});

describe('a connection assigned to an own certificate', () => {
  it('presents the default certificate while nothing is assigned, with the most secure mode offered', async () => {
    const result = await connect();
    expect(result.outcome, why(result)).toBe('failed');
    expect(result.endpoint?.securityMode).toBe('SignAndEncrypt');
    const defaultSha1 = value(await handlers['own:list']({})).find((c) => c.isDefault)!.certificate!.sha1;
    expect(rejected().map((f) => f.toLowerCase())).toEqual([expect.stringContaining(defaultSha1)]);
  });

  it('presents the assigned certificate, in the assigned mode when the user leaves the mode on automatic', async () => {
    const { certificate } = value(await handlers['own:generate']({ name: 'Line 2 client', applicationName: 'Line2Scada', hostnames: ['scada-l2'] }));
    value(await handlers['own:assign']({ id: certificate.id, endpointUrl: `${endpointUrl.toUpperCase().replace('OPC.TCP', 'opc.tcp')}/`, securityMode: 'Sign' }));

    const result = await connect();
    expect(result.outcome, why(result)).toBe('failed');
    expect(result.endpoint?.securityMode).toBe('Sign');
    const mine = rejected().filter((f) => f.toLowerCase().includes(certificate.certificate!.sha1));
    expect(mine).toEqual([expect.stringMatching(/^Line2Scada/)]);

    // A mode the user chooses wins over the assignment's.
    const chosen = await connect('SignAndEncrypt');
    expect(chosen.endpoint?.securityMode).toBe('SignAndEncrypt');
  });

  it('goes back to the default certificate once unassigned', async () => {
    value(await handlers['own:assign']({ id: null, endpointUrl }));
    const before = rejected().length;
    const result = await connect();
    expect(result.endpoint?.securityMode).toBe('SignAndEncrypt');
    // The default is in rejected already: no new file.
    expect(rejected()).toHaveLength(before);
  });
});
