import { randomBytes } from 'node:crypto';
import { existsSync, readFile, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { EVENT_NAMES, REQUEST_CHANNELS } from '../../shared/ipc/channels';
import type { Channel } from '../../shared/ipc/contract';
import type { Result } from '../../shared/ipc/result';
import type { Handlers } from '../core/app/handlers';
import type { TrustService } from '../core/app/trust-service';
import { contentSecurityPolicy } from '../security/csp';
import { checkApiRequest, checkHost, tokensEqual, TOKEN_COOKIE, type Refusal } from './guard';

/** Largest request body: an import of a few certificates fits easily. */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;
const KEEPALIVE_MS = 15_000;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** What the server answers with: the service (its events) and the contract's handlers. */
export interface BrowserModeCore {
  service: TrustService;
  handlers: Handlers;
}

export interface BrowserModeOptions {
  /** Given as a promise, the server listens (and serves the page) while the core is still being loaded. */
  core: BrowserModeCore | Promise<BrowserModeCore>;
  /** Folder with the built renderer (index.html). */
  rendererDir: string;
  port?: number;
  token?: string;
  /** Settles when the service has started: requests wait for it, while the page itself is served at once. */
  ready?: Promise<unknown>;
}

export interface BrowserModeServer {
  url: string;
  port: number;
  token: string;
  server: Server;
  close(): Promise<void>;
}

const REQUEST_CHANNEL_SET: ReadonlySet<string> = new Set(REQUEST_CHANNELS);
/** A channel of the contract, by name alone (the schemas live with the core, which may still be loading). */
const isRequestChannel = (name: string): name is Channel => REQUEST_CHANNEL_SET.has(name);

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(text);
}

function refuse(res: ServerResponse, refusal: Refusal): void {
  const body: Result<never> = { ok: false, error: { code: 'UNAUTHORIZED', message: refusal.message } };
  sendJson(res, refusal.status, body);
}

function readBody(req: IncomingMessage): Promise<{ body: unknown } | { error: string; status: number }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        done = true;
        resolve({ error: `request body over ${MAX_BODY_BYTES} bytes`, status: 413 });
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve({ body: {} });
      try {
        resolve({ body: JSON.parse(text) });
      } catch {
        resolve({ error: 'request body is not JSON', status: 400 });
      }
    });
    req.on('error', () => {
      if (!done) resolve({ error: 'request aborted', status: 400 });
      done = true;
    });
  });
}

/**
 * Browser mode: serves the renderer and the same contract as Electron's IPC over HTTP on
 * 127.0.0.1 only, with a random token per start (URL once, then an HttpOnly cookie) and Host/Origin checks.
 */
export async function startBrowserMode(options: BrowserModeOptions): Promise<BrowserModeServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const rendererDir = path.resolve(options.rendererDir);
  const streams = new Set<ServerResponse>();
  let port = 0;

  const core = Promise.resolve(options.core);
  core.catch(() => undefined); // each request answers the failure
  let closed = false;
  const unsubscribe: (() => void)[] = [];
  void core.then(({ service }) => {
    if (closed) return;
    for (const name of EVENT_NAMES) {
      const listener = (payload: unknown) => {
        const frame = `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
        for (const res of streams) res.write(frame);
      };
      service.on(name, listener);
      unsubscribe.push(() => service.off(name, listener));
    }
  }, () => undefined);

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/api/')) {
      const refusal = checkApiRequest(req, port, token);
      if (refusal) return refuse(res, refusal);
      if (url.pathname === '/api/events' && req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write(': connected\n\n');
        streams.add(res);
        const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
        req.on('close', () => {
          clearInterval(keepalive);
          streams.delete(res);
        });
        return;
      }
      const channel = decodeURIComponent(url.pathname.slice('/api/'.length));
      if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: { code: 'INVALID_INPUT', message: 'use POST' } });
      if (!isRequestChannel(channel)) return sendJson(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: `no channel ${channel}` } });
      if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
        return sendJson(res, 415, { ok: false, error: { code: 'INVALID_INPUT', message: 'content-type must be application/json' } });
      }
      const read = await readBody(req);
      if ('error' in read) return sendJson(res, read.status, { ok: false, error: { code: 'INVALID_INPUT', message: read.error } });
      let handlers: Handlers;
      try {
        ({ handlers } = await core);
        await options.ready;
      } catch (error) {
        return sendJson(res, 503, { ok: false, error: { code: 'INTERNAL', message: `the app did not start: ${error instanceof Error ? error.message : String(error)}` } });
      }
      const result = await handlers[channel](read.body);
      return sendJson(res, 200, result);
    }

    const hostRefusal = checkHost(req.headers.host, port);
    if (hostRefusal) return refuse(res, hostRefusal);
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { ok: false, error: { code: 'INVALID_INPUT', message: 'use GET' } });
    const given = url.searchParams.get('token');
    if (given !== null) {
      if (!tokensEqual(given, token)) return refuse(res, { status: 401, message: 'wrong token: open the URL printed when the app started' });
      res.writeHead(302, { location: '/', 'set-cookie': `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`, 'cache-control': 'no-store' });
      return res.end();
    }
    serveStatic(rendererDir, url.pathname, res);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        closed = true;
        for (const off of unsubscribe.splice(0)) off();
        for (const res of streams) res.end();
        streams.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function serveStatic(rendererDir: string, pathname: string, res: ServerResponse): void {
  const rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
  const file = path.resolve(rendererDir, rel);
  const inside = file.startsWith(rendererDir + path.sep);
  const target = inside && existsSync(file) && statSync(file).isFile() ? file : path.join(rendererDir, 'index.html');
  if (!existsSync(target)) {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    return void res.end('The user interface is not built yet: run `npx vite build` (npm start does it for you).');
  }
  // Read whole and sent in one write: a stream needs an event-loop turn per 64 KB chunk, and at
  // start-up each turn waits for a slice of the first scan (the 1 MB script took 0.4 s).
  readFile(target, (error, body) => {
    if (error) {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      return void res.end(`cannot read ${path.basename(target)}: ${error.code ?? error.message}`);
    }
    res.writeHead(200, {
      'content-type': MIME[path.extname(target)] ?? 'application/octet-stream',
      'content-security-policy': contentSecurityPolicy(),
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cache-control': target.endsWith('index.html') ? 'no-store' : 'public, max-age=3600',
    });
    res.end(body);
  });
}
