import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'uatrust_token';
export const TOKEN_HEADER = 'x-uatrust-token';

export type Refusal = { status: 401 | 403; message: string };

/** The Host names the server answers to; anything else is DNS rebinding and refused. */
export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function checkHost(host: string | undefined, port: number): Refusal | null {
  if (!host || !allowedHosts(port).includes(host.toLowerCase())) return { status: 403, message: `Host "${host ?? ''}" is not this app's address` };
  return null;
}

/** Browsers send Origin on cross-site requests: only our own page may call the API. */
export function checkOrigin(origin: string | undefined, port: number): Refusal | null {
  if (origin === undefined) return null;
  if (!allowedHosts(port).map((h) => `http://${h}`).includes(origin.toLowerCase())) return { status: 403, message: `Origin "${origin}" may not use this app` };
  return null;
}

export function tokensEqual(given: string | undefined, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/** A request to the API must come from our page (Host, Origin) and carry the token (cookie or header). */
export function checkApiRequest(req: Pick<IncomingMessage, 'headers'>, port: number, token: string): Refusal | null {
  const host = checkHost(req.headers.host, port);
  if (host) return host;
  const origin = checkOrigin(req.headers.origin, port);
  if (origin) return origin;
  const header = req.headers[TOKEN_HEADER];
  const given = typeof header === 'string' ? header : cookieValue(req.headers.cookie, TOKEN_COOKIE);
  if (!tokensEqual(given, token)) return { status: 401, message: 'missing or wrong token: open the URL printed when the app started' };
  return null;
}
