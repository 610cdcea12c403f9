/**
 * Item 7 of issue 8: secrets stay secret. Private keys (the app's own, the demo server's, and one
 * misplaced in a trust folder) are written 0600 in 0700 folders, never cross the contract in any
 * channel's answer or event, never reach a log, and a test connection's password is never written.
 */
import { createPrivateKey, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHandlers, type Handlers } from '../../../electron/core/app/handlers';
import { APP_STORE_ID, DEMO_STORE_ID, TrustService } from '../../../electron/core/app/trust-service';
import { EVENT_NAMES } from '../../../shared/ipc/channels';
import { CHANNELS, type Channel } from '../../../shared/ipc/contract';
import type { CertSummary } from '../../../shared/types/cert';
import type { StoreView } from '../../../shared/types/store';
import type { TestConnectionResult } from '../../../shared/types/connect';
import type { OwnCertView } from '../../../shared/types/own-certs';
import type { AddRemoteOutcome } from '../../../shared/types/remote';
import { makeCert, type MadeCert } from '../../helpers/certs';
import { put } from '../../helpers/pki';
import { tempDir } from '../../helpers/tmp';
import { PkiStore } from '../../../electron/core/pki/store';

const PASSWORD = `pw-${randomBytes(12).toString('hex')}`;
let home: string;
let userStore: string;
let service: TrustService;
let handlers: Handlers;
let misplaced: MadeCert;
let misplacedKeyFile: string;
/** The answers of the one channel that may carry a key: own:export of a private key, confirmed. */
const confirmedKeyExports: { what: string; json: string }[] = [];
const logLines: string[] = [];
const consoleLines: string[] = [];
/** Every answer and event that crossed the contract, as the JSON the renderer receives. */
const crossed: { what: string; json: string }[] = [];
const called = new Set<Channel>();

async function call<C extends Channel>(channel: C, input: unknown) {
  called.add(channel);
  const result = await handlers[channel](input);
  crossed.push({ what: channel, json: JSON.stringify(result) });
  return result;
}

beforeAll(async () => {
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void consoleLines.push(args.map(String).join(' ')));
  }
  misplaced = await makeCert({ cn: 'misplaced', freshKey: true });
  home = await tempDir('secrets-home-');
  userStore = await tempDir('secrets-store-');
  PkiStore.init(userStore, 'node-opcua');
  // A key someone dropped where it does not belong, and one where it does.
  put(userStore, 'trusted/certs/misplaced_key.pem', misplaced.keyPem);
  put(userStore, 'own/certs/misplaced.pem', misplaced.pem);
  misplacedKeyFile = put(userStore, 'own/private/private_key.pem', misplaced.keyPem);
  service = new TrustService({ home, mode: 'browser', watch: true, log: (line) => logLines.push(line) });
  for (const name of EVENT_NAMES) service.on(name, ((payload: unknown) => crossed.push({ what: `event ${name}`, json: JSON.stringify(payload) })) as never);
  await service.start();
  handlers = createHandlers(service);
}, 60_000);

afterAll(async () => {
  await service?.close();
  vi.restoreAllMocks();
});

/** Every file below the own/private folders of the app, its demo server and the user's store (backups included). */
function keyFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const d of readdirSync(dir, { withFileTypes: true })) (d.isDirectory() ? walk : (f: string) => out.push(f))(path.join(dir, d.name));
  };
  for (const pki of [path.join(home, 'pki'), path.join(home, 'demo-server'), userStore]) walk(path.join(pki, 'own', 'private'));
  // The local CA's key, once the CA exists.
  if (existsSync(path.join(home, 'ca', 'private'))) walk(path.join(home, 'ca', 'private'));
  return out;
}

/**
 * The secrets to look for: the PEM armour, the password, and for each key its private parts only
 * (the modulus is public: it is in the certificate too): the private exponent as base64url (JWK),
 * base64, hex and raw bytes, and pieces of the PEM body's last third (the primes and CRT values).
 */
function secrets(): { name: string; needle: string; bytes?: Buffer }[] {
  const out: { name: string; needle: string; bytes?: Buffer }[] = [{ name: 'PEM armour', needle: 'PRIVATE KEY' }, { name: 'password', needle: PASSWORD }];
  for (const file of [...keyFiles(), misplacedKeyFile]) {
    const name = path.relative(home, file);
    const pem = readFileSync(file, 'utf8');
    const d = Buffer.from(createPrivateKey(pem).export({ format: 'jwk' }).d!, 'base64url');
    const piece = d.subarray(16, 40);
    out.push({ name: `${name} d (base64url)`, needle: piece.toString('base64url').slice(2, 26) }, { name: `${name} d (base64)`, needle: piece.toString('base64').slice(2, 26) }, { name: `${name} d (hex)`, needle: piece.toString('hex'), bytes: piece });
    const body = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
    for (const at of [0.7, 0.8, 0.9]) out.push({ name: `${name} PEM body`, needle: body.slice(Math.floor(body.length * at), Math.floor(body.length * at) + 40) });
  }
  return out;
}

/** Where a secret shows in texts, also inside base64 they carry (a key file sent as base64 is still a key). */
const found = (texts: { what: string; json: string }[]) => {
  const hits: string[] = [];
  const needles = secrets();
  for (const { what, json } of texts) {
    const blobs = [...json.matchAll(/[A-Za-z0-9+/]{64,}={0,2}/g)].map((m) => Buffer.from(m[0], 'base64'));
    for (const { name, needle, bytes } of needles) {
      if (json.includes(needle)) hits.push(`${name} in ${what}`);
      else if (blobs.some((b) => b.toString('latin1').includes(needle) || (bytes && b.includes(bytes)))) hits.push(`${name} in base64 in ${what}`);
    }
  }
  return hits;
};

function mode(file: string): string {
  return (statSync(file).mode & 0o777).toString(8);
}

describe('secrets', () => {
  it('are exercised through every channel of the contract: connections with a password, a demo server, a misplaced key', async () => {
    expect((await call('stores:add', { path: userStore, name: 'has keys' })).ok).toBe(true);
    // A port of its own: another test file may hold the default one.
    const started = await call('demo:start', { port: 20_000 + Math.floor(Math.random() * 20_000) });
    expect(started, JSON.stringify(started)).toMatchObject({ ok: true });
    const demo = service.demo.status();
    const connect = () => call('connect:test', { endpointUrl: demo.endpointUrl!, securityPolicy: 'Basic256Sha256', securityMode: 'SignAndEncrypt', userName: 'operator', password: PASSWORD });
    const first = (await connect()) as { ok: true; value: TestConnectionResult };
    expect(first.value.outcome).toBe('server-untrusted');
    await call('connect:decide-server', { thumbprint: first.value.serverCertificate!.sha256, decision: 'trust-permanently' });
    const refused = (await connect()) as { ok: true; value: TestConnectionResult };
    const fix = refused.value.diagnosis.find((d) => d.fix?.kind === 'trust-in-server-store')?.fix;
    if (fix?.kind !== 'trust-in-server-store') throw new Error(`no fix offered: ${JSON.stringify(refused.value.diagnosis)}`);
    await call('changes:sync', { changes: [{ storeId: fix.storeId, kind: 'trust', file: fix.file, id: fix.id }] });
    // Now the session is made and the password goes out (the demo server has no such user).
    const withPassword = (await connect()) as { ok: true; value: TestConnectionResult };
    expect(withPassword.value.steps.map((s) => s.id)).toContain('session');

    const stores = ((await call('stores:list', {})) as { ok: true; value: StoreView[] }).value;
    const keyEntry = stores.find((s) => s.root === userStore)!.entries.find((e) => e.file === 'trusted/certs/misplaced_key.pem');
    expect(keyEntry).toMatchObject({ kind: 'unreadable', reason: 'a private key: it does not belong in a trust folder' });
    expect((await call('certs:export', { storeId: stores.find((s) => s.root === userStore)!.id, file: keyEntry!.file, id: keyEntry!.id, format: 'pem' })).ok).toBe(false);
    const ours = stores.find((s) => s.id === APP_STORE_ID)!.entries.find((e): e is CertSummary => e.kind === 'certificate' && e.folder === 'own')!;
    for (const format of ['pem', 'der'] as const) expect((await call('certs:export', { storeId: APP_STORE_ID, file: ours.file, id: ours.id, format })).ok).toBe(true);
    const keyImport = await call('certs:import', { storeId: DEMO_STORE_ID, to: 'trusted', files: [{ name: 'key.pem', base64: Buffer.from(readFileSync(path.join(home, 'pki/own/private/private_key.pem'))).toString('base64') }] });
    expect(keyImport).toMatchObject({ ok: true, value: { results: [{ status: 'failed' }] } });
    await call('certs:verify', { certificate: { storeId: APP_STORE_ID, file: ours.file, id: ours.id }, judgeStoreId: DEMO_STORE_ID, role: 'client', securityPolicy: 'Basic256Sha256' });
    await call('stores:detect', { path: path.join(home, 'pki') });
    for (const channel of ['app:get-info', 'connect:list-recent', 'demo:get-status'] as const) await call(channel, {});
    await call('demo:configure', { validation: 'trusted-list', addRefusedToRejected: true });
    await call('demo:stop', {});
    await call('stores:remove', { storeId: stores.find((s) => s.root === userStore)!.id });

    // A remote server through Part 12 push, its admin password the secret: it goes to the server and nowhere else.
    const { startDemoServer } = await import('../../../electron/core/opcua/demo-server');
    const pushPki = await tempDir('secrets-push-');
    put(pushPki, 'trusted/certs/app.pem', readFileSync(path.join(home, 'pki/own/certs/client_certificate.pem')));
    const push = await startDemoServer({ pkiRoot: pushPki, port: 0, push: { adminUsers: [{ userName: 'secadmin', password: PASSWORD }] } });
    try {
      const remoteInput = { endpointUrl: push.endpointUrl, userName: 'secadmin', password: PASSWORD, rememberPassword: true };
      const asked = (await call('remote:add', remoteInput)) as { ok: true; value: AddRemoteOutcome };
      if (asked.value.status === 'server-certificate') await call('connect:decide-server', { thumbprint: asked.value.certificate.sha256, decision: 'trust-permanently' });
      const added = (await call('remote:add', remoteInput)) as { ok: true; value: AddRemoteOutcome };
      if (added.value?.status !== 'added') throw new Error(`remote:add: ${JSON.stringify(added)}`);
      const remoteId = added.value.storeId;
      expect((await call('remote:set-password', { storeId: remoteId, password: PASSWORD })).ok).toBe(true);
      expect((await call('remote:refresh', { storeId: remoteId })).ok).toBe(true);
      expect((await call('remote:fleet', {})).ok).toBe(true);
      expect(await call('remote:fleet-push', { storeIds: [remoteId], items: [{ storeId: APP_STORE_ID, file: ours.file, id: ours.id }], to: 'trusted', runId: 'fleet-1' })).toMatchObject({ ok: true, value: { results: [{ ok: true }] } });
      expect(await call('remote:renew', { storeId: remoteId, signWith: 'csr-only' })).toMatchObject({ ok: true });
    } finally {
      await push.stop();
    }

    // Own certificates: generated, regenerated (the old key kept as a backup), a CSR, an upload with a password.
    const own = (await call('own:list', {})) as { ok: true; value: OwnCertView[] };
    const adopted = own.value.find((c) => c.isDefault)!;
    const generated = (await call('own:generate', { name: 'Line 2 client', keySize: 2048, validityDays: 30, runId: 'gen-1' })) as { ok: true; value: { certificate: OwnCertView } };
    expect(generated.ok, JSON.stringify(generated)).toBe(true);
    const extra = generated.value.certificate.id;
    expect((await call('own:regenerate', { id: extra, runId: 'regen-1' })).ok).toBe(true);
    expect(await call('own:create-csr', { id: extra, format: 'pem' })).toMatchObject({ ok: true });
    expect((await call('own:assign', { id: extra, endpointUrl: 'opc.tcp://plc-2.example:4840', securityMode: 'Sign' })).ok).toBe(true);
    expect((await call('own:set-default', { id: adopted.id })).ok).toBe(true);
    expect((await call('own:export', { id: extra, what: 'certificate', format: 'pem' })).ok).toBe(true);
    expect(await call('own:export', { id: extra, what: 'private-key' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const encryptedKey = createPrivateKey(misplaced.keyPem).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSWORD }) as string;
    const uploaded = (await call('own:upload', { name: 'Uploaded', certificate: { name: 'c.pem', base64: Buffer.from(misplaced.pem).toString('base64') }, privateKey: { name: 'k.pem', base64: Buffer.from(encryptedKey).toString('base64') }, privateKeyPassword: PASSWORD })) as { ok: true; value: { certificates: OwnCertView[] } };
    expect(uploaded.ok, JSON.stringify(uploaded)).toBe(true);
    // The one channel that may carry a key, asked with the confirmation: kept apart, and it must hold the key.
    called.add('own:export');
    const confirmed = await handlers['own:export']({ id: adopted.id, what: 'private-key', confirm: true });
    confirmedKeyExports.push({ what: 'own:export private-key (confirmed)', json: JSON.stringify(confirmed) });
    const uploadedId = uploaded.value.certificates.find((c) => c.name === 'Uploaded')!.id;
    expect((await call('own:delete', { id: uploadedId })).ok).toBe(true);
    // The local CA: created, signing a request file and an own certificate, revoking, publishing, deploying, downloading; its key stays home.
    expect((await call('settings:get', {})).ok).toBe(true);
    expect((await call('settings:update', { expiringSoonDays: 45 })).ok).toBe(true);
    expect((await call('ca:get', {})).ok).toBe(true);
    expect(await call('ca:init', { commonName: 'Secrets CA', keySize: 2048 })).toMatchObject({ ok: true });
    const signedOwn = (await call('ca:sign', { ownId: extra, validityDays: 30 })) as { ok: true; value: { signed: { issued: { serial: string } } } };
    expect(signedOwn.ok, JSON.stringify(signedOwn)).toBe(true);
    const request = (await call('own:create-csr', { id: adopted.id, format: 'pem' })) as { ok: true; value: { name: string; base64: string } };
    const signedFile = (await call('ca:sign', { csr: { name: request.value.name, base64: request.value.base64 } })) as { ok: true; value: { signed: { certificatePem: string; caCertificatePem: string } } };
    const chain = Buffer.from(signedFile.value.signed.certificatePem + signedFile.value.signed.caCertificatePem).toString('base64');
    expect(await call('own:install-signed', { id: adopted.id, files: [{ name: 'signed.pem', base64: chain }] })).toMatchObject({ ok: true });
    expect(await call('ca:revoke', { serial: signedOwn.value.signed.issued.serial })).toMatchObject({ ok: true });
    expect(await call('ca:publish-crl', {})).toMatchObject({ ok: true });
    expect(await call('ca:deploy', { storeIds: [DEMO_STORE_ID], to: 'trusted' })).toMatchObject({ ok: true });
    expect(await call('ca:download', { what: 'certificate', format: 'pem' })).toMatchObject({ ok: true });
    expect(await call('ca:download', { what: 'crl', format: 'pem' })).toMatchObject({ ok: true });
    expect(CHANNELS.filter((c) => !called.has(c))).toEqual([]);
  }, 120_000);

  it('never cross the contract: no answer and no event holds a private key or the password', () => {
    expect(crossed.length).toBeGreaterThan(CHANNELS.length);
    expect(found(crossed)).toEqual([]);
  });

  it('cross only in the confirmed key export (which shows the search would see one)', () => {
    expect(found(confirmedKeyExports).filter((hit) => hit.includes(' d (') || hit.includes('PEM'))).not.toEqual([]);
  });

  it('never reach a log: neither what the service logs nor the console', () => {
    expect(found([...logLines.map((json, i) => ({ what: `service log line ${i}`, json })), ...consoleLines.map((json, i) => ({ what: `console line ${i}`, json }))])).toEqual([]);
  });

  it('never reach the settings file or the own-certificate registry: the user name is kept, the password is not', () => {
    const settings = readFileSync(path.join(home, 'settings.json'), 'utf8');
    expect(settings).toContain('"userName": "operator"');
    expect(found([{ what: 'settings.json', json: settings }])).toEqual([]);
    const registries = readdirSync(path.join(home, 'pki'), { recursive: true }).map(String).filter((f) => f.endsWith('.json'));
    expect(registries.length).toBeGreaterThan(0);
    for (const file of registries) {
      expect(found([{ what: file, json: readFileSync(path.join(home, 'pki', file), 'utf8') }])).toEqual([]);
      expect(mode(path.join(home, 'pki', file)), file).toBe('600');
    }
    const leftovers = readdirSync(home).filter((n) => n.startsWith('settings.json') && n !== 'settings.json');
    for (const name of leftovers) expect(readFileSync(path.join(home, name), 'utf8')).not.toContain(PASSWORD);
  });

  it('are written 0600 in 0700 folders, for the app (own certificates and their backups included) and the demo server', () => {
    const files = keyFiles().filter((f) => f.startsWith(home));
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const file of files) {
      expect(mode(file), path.relative(home, file)).toBe('600');
      for (let dir = path.dirname(file); dir.includes(`${path.sep}own${path.sep}private`); dir = path.dirname(dir)) expect(mode(dir), path.relative(home, dir)).toBe('700');
    }
    expect(mode(home)).toBe('700');
    expect(mode(path.join(home, 'settings.json'))).toBe('600');
  });
});
