/**
 * Item 6 of issue 8: the contract. Every channel refuses malformed input (wrong types, missing
 * and extra fields, huge payloads) with INVALID_INPUT, through the handlers that Electron's IPC
 * uses and through browser mode's HTTP API, without doing anything. Browser mode refuses callers
 * without the token, from another origin or host, and listens on 127.0.0.1 only.
 */
import { createConnection } from 'node:net';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers, type Handlers } from '../../../electron/core/app/handlers';
import { TrustService } from '../../../electron/core/app/trust-service';
import { startBrowserMode, type BrowserModeServer } from '../../../electron/serve/server';
import { CHANNELS, parseInput, requests, type Channel } from '../../../shared/ipc/contract';
import { snapshot } from '../../helpers/pki';
import { tempDir } from '../../helpers/tmp';
import { seedHome } from './fixtures/seed-home';

const SHA = 'ab'.repeat(32);
/** One valid input per channel: each malformed variant below differs from it in one way only. */
const VALID: Record<Channel, Record<string, unknown>> = {
  'app:get-info': {},
  'stores:list': {},
  'stores:detect': { path: '/srv/opcua/pki' },
  'stores:add': { path: '/srv/opcua/pki', layout: 'node-opcua', name: 'Line 1' },
  'stores:remove': { storeId: 's-0123456789ab' },
  'changes:sync': { changes: [{ storeId: 's-0123456789ab', kind: 'trust', file: 'rejected/a.pem', id: SHA }] },
  'certs:export': { storeId: 's-0123456789ab', file: 'trusted/certs/a.pem', id: SHA, format: 'der' },
  'certs:import': { storeId: 's-0123456789ab', to: 'trusted', files: [{ name: 'a.pem', base64: 'QUJD' }] },
  'certs:verify': {
    certificate: { storeId: 's-0123456789ab', file: 'rejected/a.pem', id: SHA },
    judgeStoreId: 's-0123456789ab',
    role: 'client',
    securityPolicy: 'Basic256Sha256',
    endpointHost: 'localhost',
    applicationUri: 'urn:a',
    suppress: [],
  },
  'connect:test': { endpointUrl: 'opc.tcp://127.0.0.1:1', securityPolicy: 'Basic256Sha256', securityMode: 'Sign', userName: 'u', password: 'p' },
  'connect:decide-server': { thumbprint: SHA, decision: 'cancel' },
  'connect:list-recent': {},
  'demo:get-status': {},
  'demo:start': { port: 4840 },
  'demo:stop': {},
  'demo:configure': { validation: 'trusted-list', addRefusedToRejected: true },
  'own:list': {},
  'own:generate': { name: 'Line 1 client', description: 'd', applicationName: 'App', hostnames: ['plc1'], ips: ['10.0.0.1'], applicationUri: 'urn:plc1:App', keySize: 2048, validityDays: 365, makeDefault: false, runId: 'r1' },
  'own:upload': { name: 'Uploaded', description: 'd', certificate: { name: 'a.pem', base64: 'QUJD' }, privateKey: { name: 'a.key', base64: 'QUJD' }, privateKeyPassword: 'p', makeDefault: false },
  'own:regenerate': { id: 'own-1', keySize: 3072, validityDays: 365, runId: 'r2' },
  'own:delete': { id: 'own-1' },
  'own:set-default': { id: 'own-1' },
  'own:assign': { id: 'own-1', endpointUrl: 'opc.tcp://plc1:4840', securityMode: 'Sign' },
  'own:export': { id: 'own-1', what: 'private-key', confirm: true },
  'own:create-csr': { id: 'own-1', format: 'pem' },
  'own:install-signed': { id: 'own-1', files: [{ name: 'signed.pem', base64: 'QUJD' }] },
  'settings:get': {},
  'settings:update': { expiringSoonDays: 45 },
  'ca:get': {},
  'ca:init': { commonName: 'Line CA', organization: 'Plant', keySize: 2048, validityDays: 3650, crlDays: 30 },
  'ca:sign': { csr: { name: 'a.csr', base64: 'QUJD' }, validityDays: 365 },
  'ca:revoke': { serial: '1a2b3c4d00001000' },
  'ca:publish-crl': { days: 30 },
  'ca:deploy': { storeIds: ['s-0123456789ab'], to: 'trusted' },
  'ca:download': { what: 'crl', format: 'pem' },
  'remote:add': { name: 'Line 1 PLC', endpointUrl: 'opc.tcp://plc1:4840', securityPolicy: 'Basic256Sha256', securityMode: 'SignAndEncrypt', userName: 'admin', password: 'p', rememberPassword: false },
  'remote:refresh': { storeId: 'r-0123456789ab' },
  'remote:set-password': { storeId: 'r-0123456789ab', password: 'p', rememberPassword: false },
  'remote:fleet': {},
  'remote:fleet-push': { storeIds: ['r-0123456789ab'], items: [{ storeId: 's-0123456789ab', file: 'trusted/certs/a.pem', id: SHA }], to: 'issuers', runId: 'r3' },
  'remote:renew': { storeId: 'r-0123456789ab', signWith: 'local-ca', regeneratePrivateKey: true, runId: 'r4' },
};

/** Inputs that look almost right but must still be refused (beyond the generated variants). */
const NEAR_MISSES: [Channel, string, unknown][] = [
  ['own:export', 'a private key without the confirmation', { id: 'own-1', what: 'private-key' }],
  ['own:export', 'a private key with confirm: false', { id: 'own-1', what: 'private-key', confirm: false }],
  ['own:export', 'a private key with confirm: "true"', { id: 'own-1', what: 'private-key', confirm: 'true' }],
  ['own:export', 'a private key with a format (the certificate form mixed in)', { id: 'own-1', what: 'private-key', confirm: true, format: 'pem' }],
  ['own:upload', 'both a key pair and a PFX', { name: 'u', certificate: { name: 'c', base64: 'QQ==' }, privateKey: { name: 'k', base64: 'QQ==' }, pfx: { name: 'p', base64: 'QQ==' } }],
  ['remote:add', 'security policy None (push management is encrypted only)', { endpointUrl: 'opc.tcp://plc1:4840', securityPolicy: 'None', userName: 'admin', password: 'p' }],
  ['remote:add', 'security mode None', { endpointUrl: 'opc.tcp://plc1:4840', securityMode: 'None', userName: 'admin', password: 'p' }],
  ['ca:sign', 'both a request file and an own certificate', { csr: { name: 'a.csr', base64: 'QUJD' }, ownId: 'own-1' }],
  ['ca:sign', 'neither a request file nor an own certificate', { validityDays: 365 }],
  ['ca:revoke', 'a serial that is no hex number', { serial: '../ca-index.json' }],
  ['ca:download', 'the CA private key', { what: 'private-key', format: 'pem' }],
  ['settings:update', 'an expiring-soon threshold of 0 days', { expiringSoonDays: 0 }],
  ['settings:update', 'an expiring-soon threshold in days and a half', { expiringSoonDays: 30.5 }],
  ['changes:sync', 'a staged change of an unknown kind', { changes: [{ storeId: 's', kind: 'steal', file: 'a', id: SHA }] }],
];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const wrongType = (v: unknown): unknown => (typeof v === 'string' ? 42 : typeof v === 'number' ? String(v) : typeof v === 'boolean' ? 'true' : Array.isArray(v) ? { 0: v[0] } : 'x');
const HUGE_TEXT = 'a'.repeat(100_000);
const huge = (key: string, v: unknown): unknown =>
  key === 'base64' ? 'A'.repeat(7 * 1024 * 1024) : typeof v === 'string' ? HUGE_TEXT : typeof v === 'number' ? 1e12 : Array.isArray(v) ? Array(10_001).fill(v[0] ?? 'x') : undefined;

/** Every malformed variant of a valid input, each with a name for the failure message. */
function malformed(channel: Channel): [string, unknown][] {
  const sample = VALID[channel];
  const shape = (requests[channel].input as unknown as { shape: Record<string, { safeParse(v: unknown): { success: boolean } }> }).shape;
  const out: [string, unknown][] = [
    ['null', null],
    ['a number', 42],
    ['a string', 'stores:list'],
    ['true', true],
    ['an array', [sample]],
    ['an extra field', { ...sample, extra: 1 }],
    ['a __proto__ field', JSON.parse(JSON.stringify(sample).replace(/^\{/, `{"__proto__":{"admin":true}${Object.keys(sample).length ? ',' : ''}`))],
  ];
  const variants = (where: string, obj: Record<string, unknown>, put: (changed: Record<string, unknown>) => unknown, fieldShape?: Record<string, { safeParse(v: unknown): { success: boolean } }>) => {
    for (const [key, value] of Object.entries(obj)) {
      out.push([`${where}${key} of the wrong type`, put({ ...obj, [key]: wrongType(value) })]);
      const big = huge(key, value);
      if (big !== undefined) out.push([`${where}${key} huge`, put({ ...obj, [key]: big })]);
      if (fieldShape && !fieldShape[key].safeParse(undefined).success) {
        const { [key]: _dropped, ...rest } = obj;
        out.push([`${where}${key} missing`, put(rest)]);
      }
      if (Array.isArray(value) && isObject(value[0])) {
        variants(`${where}${key}[0].`, value[0], (changed) => put({ ...obj, [key]: [changed] }));
        out.push([`${where}${key}[0] with an extra field`, put({ ...obj, [key]: [{ ...value[0], extra: 1 }] })]);
      } else if (isObject(value)) {
        variants(`${where}${key}.`, value, (changed) => put({ ...obj, [key]: changed }));
        out.push([`${where}${key} with an extra field`, put({ ...obj, [key]: { ...value, extra: 1 } })]);
      }
    }
  };
  variants('', sample, (changed) => changed, shape);
  return out;
}

let home: string;
let service: TrustService;
let handlers: Handlers;
let server: BrowserModeServer;

beforeAll(async () => {
  home = await seedHome(await tempDir('contract-home-'));
  service = new TrustService({ home, mode: 'browser', watch: false });
  await service.start();
  handlers = createHandlers(service);
  const rendererDir = await tempDir('contract-renderer-');
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>');
  server = await startBrowserMode({ core: { service, handlers }, rendererDir });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await service?.close();
});

async function viaHttp(channel: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; result: { ok: boolean; error?: { code: string; message: string } } }> {
  const response = await fetch(`http://127.0.0.1:${server.port}/api/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-uatrust-token': server.token, ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, result: (await response.json()) as never };
}

describe('the contract', () => {
  it('has a valid sample for every channel, so that each malformed variant differs in one way only', () => {
    expect(Object.keys(VALID).sort()).toEqual([...CHANNELS].sort());
    for (const channel of CHANNELS) expect(parseInput(channel, VALID[channel]), channel).toMatchObject({ ok: true });
  });

  it.each([
    ['the handlers (what Electron IPC calls)', 'handlers'],
    ['browser mode over HTTP', 'http'],
  ])('refuses every malformed input on every channel with INVALID_INPUT through %s, changing nothing', async (label, transport) => {
    const before = snapshot(home);
    const wrong: string[] = [];
    let refused = 0;
    const cases = [...CHANNELS.flatMap((channel) => malformed(channel).map(([what, input]): [Channel, string, unknown] => [channel, what, input])), ...NEAR_MISSES];
    for (const [channel, what, input] of cases) {
      let outcome: string;
      try {
        const result = transport === 'handlers' ? await handlers[channel](input) : (await viaHttp(channel, input)).result;
        outcome = result.ok ? 'accepted' : result.error!.code;
      } catch (error) {
        outcome = `threw ${(error as Error).message}`;
      }
      if (outcome === 'INVALID_INPUT') refused++;
      else wrong.push(`${channel} with ${what}: ${outcome}`);
    }
    console.log(`contract via ${label}: ${refused} malformed inputs refused over ${CHANNELS.length} channels`);
    expect(wrong).toEqual([]);
    expect(snapshot(home)).toEqual(before);
    expect(service.demo.status().state).toBe('stopped');
    expect(service.listStores()).toHaveLength(2);
  }, 120_000);
});

/** A raw request, so that a test sets Host, Origin and the HTTP version exactly as an attacker can. */
function raw(lines: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port: server.port }, () => socket.end(`${lines.join('\r\n')}\r\n\r\n`));
    let data = '';
    socket.on('data', (d) => (data += d));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
}

describe('browser mode refuses strangers', () => {
  it('refuses a wrong or truncated token in the header, and the event stream without a token', async () => {
    for (const token of ['', 'x', server.token.slice(0, -1), `${server.token}x`, server.token.toUpperCase()]) {
      const reply = await viaHttp('stores:list', {}, { 'x-uatrust-token': token });
      expect([reply.status, reply.result.error?.code], token).toEqual([401, 'UNAUTHORIZED']);
    }
    const events = await raw(['GET /api/events HTTP/1.1', `Host: 127.0.0.1:${server.port}`, 'Connection: close']);
    expect(events).toMatch(/^HTTP\/1\.1 401/);
  });

  it('refuses foreign origins, including a null origin and our host on another port, also on the event stream', async () => {
    for (const origin of ['null', 'http://evil.example', `http://127.0.0.1:${server.port + 1}`, `https://127.0.0.1:${server.port}`, `http://localhost.evil.example:${server.port}`]) {
      const reply = await viaHttp('stores:list', {}, { origin });
      expect(reply.status, origin).toBe(403);
      const events = await raw(['GET /api/events HTTP/1.1', `Host: 127.0.0.1:${server.port}`, `Origin: ${origin}`, `X-Uatrust-Token: ${server.token}`, 'Connection: close']);
      expect(events, origin).toMatch(/^HTTP\/1\.1 403/);
    }
  });

  it('refuses a request without a Host, or with a rebound one, even with the token', async () => {
    const noHost = await raw([`POST /api/stores:list HTTP/1.0`, `X-Uatrust-Token: ${server.token}`, 'Content-Type: application/json', 'Content-Length: 2', '', '{}']);
    expect(noHost).toMatch(/^HTTP\/1\.[01] 403/);
    for (const host of ['evil.example', `evil.example:${server.port}`, '127.0.0.1', `127.0.0.1.nip.io:${server.port}`, `[::1]:${server.port}`]) {
      const reply = await raw([`POST /api/stores:list HTTP/1.1`, `Host: ${host}`, `X-Uatrust-Token: ${server.token}`, 'Content-Type: application/json', 'Content-Length: 2', 'Connection: close', '', '{}']);
      expect(reply, host).toMatch(/^HTTP\/1\.1 403/);
    }
  });

  it('never allows cross-origin reads (no CORS headers, a preflight is refused)', async () => {
    const preflight = await raw(['OPTIONS /api/stores:list HTTP/1.1', `Host: 127.0.0.1:${server.port}`, 'Origin: http://evil.example', 'Access-Control-Request-Method: POST', 'Connection: close']);
    expect(preflight).not.toMatch(/^HTTP\/1\.1 2/);
    expect(preflight.toLowerCase()).not.toContain('access-control-allow');
    const ok = await raw([`POST /api/stores:list HTTP/1.1`, `Host: 127.0.0.1:${server.port}`, `X-Uatrust-Token: ${server.token}`, 'Content-Type: application/json', 'Content-Length: 2', 'Connection: close', '', '{}']);
    expect(ok).toMatch(/^HTTP\/1\.1 200/);
    expect(ok.toLowerCase()).not.toContain('access-control-allow');
  });

  it('cannot be reached on any other address of this machine than 127.0.0.1', async () => {
    const others = Object.values(os.networkInterfaces())
      .flat()
      .filter((a) => a && a.address !== '127.0.0.1')
      .map((a) => a!.address);
    const reach = (host: string) =>
      new Promise<string>((resolve) => {
        const req = request({ host, port: server.port, path: '/', timeout: 2000 }, () => resolve('answered'));
        req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
        req.on('timeout', () => {
          req.destroy();
          resolve('timeout');
        });
        req.end();
      });
    for (const host of [...new Set(['::1', ...others])]) expect(await reach(host), host).not.toBe('answered');
    expect(server.server.address()).toMatchObject({ address: '127.0.0.1' });
  });
});
