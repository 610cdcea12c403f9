import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningDemoServer } from '../../../../electron/core/opcua/demo-server';
import { makeCert, type MadeCert } from '../../../helpers/certs';
import { closeClients, SECURE, startClient, startServer, why } from './loopback';

let server: RunningDemoServer;
/** A server certificate made for another machine: neither 127.0.0.1 nor localhost in its SANs. */
let plcCertificate: MadeCert;

beforeAll(async () => {
  plcCertificate = await makeCert({ cn: 'PLC 7', applicationUri: 'urn:plc7:Server', dns: ['plc7.plant.example'], ip: ['10.20.30.7'], freshKey: true });
  server = await startServer({ certificate: plcCertificate, validation: 'accept-any' });
});
afterAll(async () => {
  await closeClients();
  await server?.stop();
});


describe('a server whose certificate does not name the host we connect to', () => {
  it('is refused by our check with BadCertificateHostNameInvalid before the secure channel, even when trusted', async () => {
    const client = await startClient({ trustServer: server });
    const result = await client.service.connections.test({ endpointUrl: server.endpointUrl, ...SECURE });

    expect(result.serverCertificate?.sha256).toBe(plcCertificate.sha256);
    expect(result.outcome, why(result)).toBe('failed');
    expect([result.status, result.statusHex]).toEqual(['BadCertificateHostNameInvalid', '0x80160000']);
    expect(Object.fromEntries(result.steps.map((s) => [s.id, s.status]))).toEqual({
      'get-endpoints': 'ok',
      'server-certificate': 'failed',
      'secure-channel': 'skipped',
      session: 'skipped',
      'read-status': 'skipped',
    });
    expect(result.diagnosis).toEqual([
      {
        status: 'BadCertificateHostNameInvalid',
        statusHex: '0x80160000',
        title: 'The host name "127.0.0.1" is not in the server\'s certificate',
        explanation: expect.stringContaining('plc7.plant.example, 10.20.30.7'),
      },
    ]);
  });

  it('shows the host-name problem beside "not trusted yet" on a first connection', async () => {
    const client = await startClient();
    const result = await client.service.connections.test({ endpointUrl: server.endpointUrl, ...SECURE });

    expect(result.outcome, why(result)).toBe('server-untrusted');
    expect(result.endpoint?.serverApplicationUri).toBe('urn:plc7:Server');
    expect(result.diagnosis.map((d) => [d.status, d.title])).toEqual([
      ['BadCertificateHostNameInvalid', 'The host name "127.0.0.1" is not in the server\'s certificate'],
      ['BadCertificateUntrusted', "We do not trust the server's certificate yet"],
    ]);
  });
});
