import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBrowserApp } from '../../../electron/serve/start';
import { startBrowserMode, type BrowserModeCore } from '../../../electron/serve/server';
import { createHandlers } from '../../../electron/core/app/handlers';
import { TrustService } from '../../../electron/core/app/trust-service';
import { PkiStore } from '../../../electron/core/pki/store';
import { makeCert, makeManyCerts } from '../../helpers/certs';
import { tempDir } from '../../helpers/tmp';

type App = Awaited<ReturnType<typeof startBrowserApp>>;
const apps: App[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

async function start(stores: string[] = []) {
  const rendererDir = await tempDir('renderer-');
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>OPC UA Trust Manager</title>');
  mkdirSync(path.join(rendererDir, 'assets'));
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  const app = await startBrowserApp({ home: await tempDir('home-'), stores, rendererDir, port: 0 });
  apps.push(app);
  return app;
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request, so tests control Host, Origin and Cookie exactly as an attacker could. */
function send(port: number, options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

function api(app: App, channel: string, body: unknown, headers: Record<string, string> = {}) {
  return send(app.server.port, {
    method: 'POST',
    path: `/api/${channel}`,
    headers: { host: `127.0.0.1:${app.server.port}`, 'content-type': 'application/json', cookie: `uatrust_token=${app.server.token}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('browser mode', () => {
  it('listens on 127.0.0.1 only, with a random token in the URL', async () => {
    const a = await start();
    const b = await start();
    expect(a.server.server.address()).toMatchObject({ address: '127.0.0.1' });
    expect(a.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
    expect(a.server.token).not.toBe(b.server.token);
  });

  it('trades the URL token for an HttpOnly SameSite cookie and serves the page with a strict CSP', async () => {
    const app = await start();
    const host = `127.0.0.1:${app.server.port}`;
    const first = await send(app.server.port, { path: `/?token=${app.server.token}`, headers: { host } });
    expect(first.status).toBe(302);
    expect(String(first.headers['set-cookie'])).toMatch(/uatrust_token=.+; HttpOnly; SameSite=Strict/);
    const page = await send(app.server.port, { path: '/', headers: { host } });
    expect(page.body).toContain('OPC UA Trust Manager');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).not.toContain('unsafe-eval');
  });

  it('answers the contract over POST /api/<channel> with the token', async () => {
    const app = await start();
    const reply = await api(app, 'stores:list', {});
    expect(reply.status).toBe(200);
    const result = JSON.parse(reply.body);
    expect(result.ok).toBe(true);
    expect(result.value[0].name).toBe('OPC UA Trust Manager (this app)');
  });

  describe('refuses', () => {
    it('a request without the token, or with a wrong one', async () => {
      const app = await start();
      const none = await api(app, 'stores:list', {}, { cookie: '' });
      expect(none.status).toBe(401);
      expect(JSON.parse(none.body).error.code).toBe('UNAUTHORIZED');
      const wrong = await api(app, 'stores:list', {}, { cookie: `uatrust_token=${app.server.token.slice(0, -1)}x` });
      expect(wrong.status).toBe(401);
      const wrongUrl = await send(app.server.port, { path: '/?token=guess', headers: { host: `127.0.0.1:${app.server.port}` } });
      expect(wrongUrl.status).toBe(401);
      expect(wrongUrl.headers['set-cookie']).toBeUndefined();
    });

    it('a foreign Origin even with the right token (another site in the same browser)', async () => {
      const app = await start();
      const reply = await api(app, 'stores:list', {}, { origin: 'http://evil.example' });
      expect(reply.status).toBe(403);
      expect(JSON.parse(reply.body).error.message).toMatch(/Origin/);
    });

    it('a foreign Host (DNS rebinding), for the API and the page', async () => {
      const app = await start();
      expect((await api(app, 'stores:list', {}, { host: `evil.example:${app.server.port}` })).status).toBe(403);
      expect((await send(app.server.port, { path: '/', headers: { host: 'evil.example' } })).status).toBe(403);
    });

    it('malformed bodies, unknown channels, other methods and huge payloads', async () => {
      const app = await start();
      expect(JSON.parse((await api(app, 'stores:add', '{not json')).body).error.code).toBe('INVALID_INPUT');
      expect(JSON.parse((await api(app, 'stores:add', { path: 1 })).body).error.code).toBe('INVALID_INPUT');
      expect((await api(app, 'system:shutdown', {})).status).toBe(404);
      expect((await send(app.server.port, { path: '/api/stores:list', headers: { host: `127.0.0.1:${app.server.port}`, cookie: `uatrust_token=${app.server.token}` } })).status).toBe(405);
      expect((await api(app, 'stores:list', {}, { 'content-type': 'text/plain' })).status).toBe(415);
      const huge = await api(app, 'certs:import', JSON.stringify({ storeId: 'x', to: 'trusted', files: [{ name: 'a', base64: 'A'.repeat(9 * 1024 * 1024) }] }));
      expect(huge.status).toBe(413);
    });

    it('static paths that climb out of the renderer folder', async () => {
      const app = await start();
      const reply = await send(app.server.port, { path: '/../../../../etc/passwd', headers: { host: `127.0.0.1:${app.server.port}` } });
      expect(reply.body).not.toContain('root:');
      const encoded = await send(app.server.port, { path: '/%2e%2e/%2e%2e/%2e%2e/etc/passwd', headers: { host: `127.0.0.1:${app.server.port}` } });
      expect(encoded.body).not.toContain('root:');
    });
  });

  it('announces its URL before the stores are read, and a request sent at once waits for them', async () => {
    const root = await tempDir('server-early-');
    PkiStore.init(root, 'node-opcua');
    const made = await makeManyCerts(300, 'early');
    made.forEach((c, i) => writeFileSync(path.join(root, 'trusted', 'certs', `early-${i}.pem`), c.pem));
    const rendererDir = await tempDir('renderer-');
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>OPC UA Trust Manager</title>');
    let early: Promise<Reply> | null = null;
    let page: Promise<Reply> | null = null;
    const app = await startBrowserApp({
      home: await tempDir('home-'),
      stores: [root],
      rendererDir,
      port: 0,
      onListening: (url) => {
        const { port, searchParams } = new URL(url);
        const headers = { host: `127.0.0.1:${port}`, cookie: `uatrust_token=${searchParams.get('token')}` };
        page = send(Number(port), { path: '/', headers });
        early = send(Number(port), { method: 'POST', path: '/api/stores:list', headers: { ...headers, 'content-type': 'application/json' }, body: '{}' });
      },
    });
    apps.push(app);
    expect(early).not.toBeNull();
    expect((await page!).body).toContain('OPC UA Trust Manager');
    const listed = JSON.parse((await early!).body) as { ok: true; value: { root: string; entries: unknown[] }[] };
    expect(listed.value.find((s) => s.root === root)?.entries).toHaveLength(300);
  });

  it('serves the page while the core is still loading; API calls wait for it, or say it could not load', async () => {
    const rendererDir = await tempDir('renderer-');
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>OPC UA Trust Manager</title>');
    let provide!: (core: BrowserModeCore) => void;
    const server = await startBrowserMode({ core: new Promise<BrowserModeCore>((resolve) => (provide = resolve)), rendererDir });
    const headers = { host: `127.0.0.1:${server.port}`, cookie: `uatrust_token=${server.token}` };
    const call = () => send(server.port, { method: 'POST', path: '/api/app:get-info', headers: { ...headers, 'content-type': 'application/json' }, body: '{}' });
    try {
      expect((await send(server.port, { path: '/', headers })).body).toContain('OPC UA Trust Manager');
      let answered = false;
      const info = call().then((reply) => ((answered = true), reply));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(answered).toBe(false);
      const service = new TrustService({ home: await tempDir('home-'), mode: 'browser' });
      await service.start();
      provide({ service, handlers: createHandlers(service) });
      expect(JSON.parse((await info).body)).toMatchObject({ ok: true, value: { mode: 'browser' } });
      await service.close();
    } finally {
      await server.close();
    }

    const broken = Promise.reject(new Error('Cannot find package node-opcua-crypto'));
    const failing = await startBrowserMode({ core: broken, rendererDir });
    try {
      const reply = await send(failing.port, { method: 'POST', path: '/api/stores:list', headers: { host: `127.0.0.1:${failing.port}`, cookie: `uatrust_token=${failing.token}`, 'content-type': 'application/json' }, body: '{}' });
      expect(reply.status).toBe(503);
      expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: 'the app did not start: Cannot find package node-opcua-crypto' } });
    } finally {
      await failing.close();
    }
  });

  it('pushes a certificate dropped into rejected/ to the page as a stores:changed event', async () => {
    const root = await tempDir('server-');
    PkiStore.init(root, 'node-opcua');
    const app = await start([root]);
    const events: string[] = [];
    const req = request({
      host: '127.0.0.1',
      port: app.server.port,
      path: '/api/events',
      headers: { host: `127.0.0.1:${app.server.port}`, cookie: `uatrust_token=${app.server.token}` },
    });
    const got = new Promise<string>((resolve) => {
      req.on('response', (res) => {
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          events.push(chunk);
          if (chunk.includes('event: stores:changed')) resolve(chunk);
        });
      });
    });
    req.end();
    await new Promise((r) => setTimeout(r, 100));
    // As the page does: the list first, then changes from the revision it was given.
    const listed = JSON.parse((await api(app, 'stores:list', {})).body).value as { root: string; revision: number }[];
    const revision = listed.find((s) => s.root === root)!.revision;
    const cert = await makeCert({ cn: 'Refused Client' });
    writeFileSync(path.join(root, 'rejected', 'Refused Client.pem'), cert.pem);
    const frame = await Promise.race([got, new Promise<string>((_, reject) => setTimeout(() => reject(new Error(`no event; got ${events.join('|')}`)), 5000))]);
    req.destroy();
    const data = JSON.parse(frame.split('\n').find((l) => l.startsWith('data: '))!.slice(6));
    expect(data).toMatchObject({ type: 'added', folder: 'rejected', file: 'rejected/Refused Client.pem', thumbprint: cert.sha256 });
    // A delta from the revision the page was given: the new certificate only, not the whole store.
    expect(data.store).toBeUndefined();
    expect(data.removed).toEqual([]);
    expect(data.added.map((e: { subject?: { cn: string } }) => e.subject?.cn)).toEqual(['Refused Client']);
    expect(data.baseRevision).toBe(revision);
    expect(data.revision).toBeGreaterThan(revision);
  });
});
