import { describe, expect, it } from 'vitest';
import { createHttpApi, postRequest } from './http';

function fakeFetch(status: number, body: unknown, seen: { url?: string; init?: RequestInit } = {}): typeof fetch {
  return (async (url: string, init: RequestInit) => {
    seen.url = url;
    seen.init = init;
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });
  }) as unknown as typeof fetch;
}

describe('the browser-mode transport', () => {
  it('POSTs the input as JSON to /api/<channel>, same origin, and returns the Result as is', async () => {
    const seen: { url?: string; init?: RequestInit } = {};
    const api = createHttpApi(fakeFetch(200, { ok: true, value: [] }, seen));
    expect(await api['stores:list']({})).toEqual({ ok: true, value: [] });
    expect(seen.url).toBe('/api/stores:list');
    expect(seen.init).toMatchObject({ method: 'POST', credentials: 'same-origin', body: '{}' });
  });

  it('passes ok:false results through whatever the HTTP status', async () => {
    const failure = { ok: false, error: { code: 'CONFLICT', message: 'changed on disk' } };
    expect(await postRequest('changes:sync', { changes: [] }, fakeFetch(200, failure))).toEqual(failure);
    expect(await postRequest('changes:sync', { changes: [] }, fakeFetch(403, { ok: false, error: { code: 'UNAUTHORIZED', message: 'bad origin' } }))).toMatchObject({ error: { code: 'UNAUTHORIZED', message: 'bad origin' } });
  });

  it('turns an auth failure without a Result into UNAUTHORIZED with what to do', async () => {
    expect(await postRequest('stores:list', {}, fakeFetch(401, 'nope'))).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED', message: expect.stringContaining('uatrust ui') } });
  });

  it('turns an unreachable server into an IO failure, never a throw', async () => {
    const down = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    expect(await postRequest('stores:list', {}, down)).toMatchObject({ ok: false, error: { code: 'IO', message: expect.stringContaining('cannot be reached') } });
  });
});
