/**
 * Item 5 of issue 8: every input that carries a path or a reference, on every channel that takes
 * one, through the handlers (Electron's IPC) and through browser mode's HTTP API: a path that leaves
 * the store, or is not a plain path at all, is refused with OUTSIDE_STORE or INVALID_INPUT, and no
 * file anywhere changes.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers, type Handlers } from '../../../electron/core/app/handlers';
import { TrustService } from '../../../electron/core/app/trust-service';
import { PkiStore } from '../../../electron/core/pki/store';
import { startBrowserMode, type BrowserModeServer } from '../../../electron/serve/server';
import { makeCert, type MadeCert } from '../../helpers/certs';
import { put, snapshot } from '../../helpers/pki';
import { tempDir } from '../../helpers/tmp';
import { seedHome } from './fixtures/seed-home';

let home: string;
let root: string;
let outside: string;
let service: TrustService;
let handlers: Handlers;
let server: BrowserModeServer;
let storeId: string;
let victim: MadeCert;
let secret: MadeCert;
const VICTIM = 'rejected/victim.pem';

beforeAll(async () => {
  [victim, secret] = await Promise.all([makeCert({ cn: 'victim' }), makeCert({ cn: 'secret' })]);
  home = await seedHome(await tempDir('paths-home-'));
  root = await tempDir('paths-store-');
  outside = await tempDir('paths-outside-');
  PkiStore.init(root, 'node-opcua');
  put(root, VICTIM, victim.pem);
  put(outside, 'secret.pem', secret.pem);
  mkdirSync(path.join(outside, 'pki', 'trusted', 'certs'), { recursive: true });
  symlinkSync(path.join(outside, 'secret.pem'), path.join(root, 'rejected', 'escape.pem'));
  symlinkSync(outside, path.join(root, 'trusted', 'certs', 'escape-dir'));
  service = new TrustService({ home, mode: 'browser', extraStores: [root], watch: false });
  await service.start();
  handlers = createHandlers(service);
  storeId = service.listStores().find((s) => s.root === root)!.id;
  const rendererDir = await tempDir('paths-renderer-');
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>');
  server = await startBrowserMode({ core: { service, handlers }, rendererDir });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await service?.close();
});

/** Paths and references an attacker (or a confused page) could send. */
function hostileInputs(): Record<string, string> {
  return {
    'dot-dot': '../../../../etc/passwd',
    'dot-dot inside then out': 'rejected/../../paths-outside/secret.pem',
    'just dot-dot': '..',
    'absolute elsewhere': '/etc/passwd',
    'absolute outside file': path.join(outside, 'secret.pem'),
    'absolute settings file': path.join(home, 'settings.json'),
    'symlink to a file outside': 'rejected/escape.pem',
    'through a symlinked folder': 'trusted/certs/escape-dir/secret.pem',
    'UNC': '\\\\server\\share\\cert.pem',
    'UNC long form': '\\\\?\\C:\\Windows\\cert.pem',
    'UNC with forward slashes': '//server/share/cert.pem',
    'drive letter': 'C:\\Windows\\System32\\cert.pem',
    'drive letter, forward slashes': 'C:/Windows/cert.pem',
    'backslash climb': '..\\..\\etc\\passwd',
    'NUL byte': `${VICTIM}\0.txt`,
    'only NUL': '\0',
    '10,000 characters': 'a'.repeat(10_000),
    'deep relative path': `rejected/${'a/'.repeat(3000)}x.pem`,
  };
}

/** Folder inputs: Add PKI folder may name any absolute folder, so only what is not a plain absolute path is hostile there. */
function hostileFolders(): Record<string, string> {
  const all = hostileInputs();
  for (const key of ['absolute elsewhere', 'absolute outside file', 'absolute settings file', 'symlink to a file outside', 'through a symlinked folder', 'UNC with forward slashes']) delete all[key];
  return { ...all, relative: 'pki', 'current folder': '.' };
}

type Call = (channel: string, input: unknown) => Promise<{ ok: boolean; error?: { code: string; message: string } }>;

const viaHandlers: Call = (channel, input) => handlers[channel as keyof Handlers](input);
const viaHttp: Call = async (channel, input) => {
  const response = await fetch(`http://127.0.0.1:${server.port}/api/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-uatrust-token': server.token },
    body: JSON.stringify(input),
  });
  return (await response.json()) as Awaited<ReturnType<Call>>;
};

/** Each channel that takes a path or reference, with the input carrying the hostile string. */
function requestsCarrying(value: string): [string, unknown][] {
  const ref = { storeId, file: value, id: victim.sha256 };
  return [
    ['changes:sync', { changes: [{ storeId, kind: 'trust', file: value, id: victim.sha256 }] }],
    ['changes:sync', { changes: [{ storeId, kind: 'delete', file: VICTIM, id: victim.sha256 }, { storeId, kind: 'delete', file: value, id: victim.sha256 }] }],
    ['changes:sync', { changes: [{ storeId, kind: 'delete', file: value, id: `file:${value}` }] }],
    ['certs:export', { ...ref, format: 'pem' }],
    ['certs:verify', { certificate: ref, judgeStoreId: storeId, role: 'client', securityPolicy: 'Basic256Sha256' }],
    ['certs:import', { storeId, to: 'trusted', files: [{ name: value, base64: secret.der.toString('base64') }] }],
  ];
}

describe('inputs that carry a path', () => {
  it.each([
    ['the handlers (Electron IPC)', viaHandlers],
    ['browser mode over HTTP', viaHttp],
  ])('are refused with OUTSIDE_STORE or INVALID_INPUT through %s, and touch nothing', async (label, call) => {
    const trees = () => ({ store: snapshot(root), outside: snapshot(outside), home: snapshot(home) });
    const before = trees();
    const storesBefore = service.listStores().map((s) => s.id);
    const accepted: string[] = [];
    const codes = new Map<string, number>();
    let refused = 0;
    const expectRefused = async (what: string, channel: string, input: unknown) => {
      const result = await call(channel, input);
      const code = result.ok ? 'ok' : result.error!.code;
      codes.set(code, (codes.get(code) ?? 0) + 1);
      if (code === 'OUTSIDE_STORE' || code === 'INVALID_INPUT') refused++;
      else accepted.push(`${channel} with ${what}: ${result.ok ? 'accepted' : `${code}: ${result.error!.message.slice(0, 120)}`}`);
    };
    for (const [what, value] of Object.entries(hostileInputs())) {
      for (const [channel, input] of requestsCarrying(value)) await expectRefused(what, channel, input);
    }
    for (const [what, value] of Object.entries(hostileFolders())) {
      await expectRefused(what, 'stores:add', { path: value });
      await expectRefused(what, 'stores:detect', { path: value });
    }
    console.log(`paths via ${label}: ${refused} hostile inputs refused; codes ${JSON.stringify(Object.fromEntries(codes))}`);
    expect(accepted).toEqual([]);
    expect(trees()).toEqual(before);
    expect(service.listStores().map((s) => s.id)).toEqual(storesBefore);
  }, 60_000);

  it('still works for the plain path of a certificate in the store (the refusals are not a broken channel)', async () => {
    const result = await viaHttp('certs:export', { storeId, file: VICTIM, id: victim.sha256, format: 'pem' });
    expect(result.ok).toBe(true);
  });
});
