import { describe, expect, it } from 'vitest';
import type { Channel } from '../../../shared/ipc/contract';
import { answersOnce } from './early';
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

describe('answers sent before the Api existed', () => {
  const earlyAnswers = (channels: Channel[]) =>
    answersOnce(new Map(channels.map((channel) => [channel, Promise.resolve(new Response(JSON.stringify({ ok: true, value: `early ${channel}` })))])));

  it('are handed to the first call of their channel, and later calls are sent', async () => {
    const seen: { url?: string } = {};
    const api = createHttpApi(fakeFetch(200, { ok: true, value: 'sent' }, seen), earlyAnswers(['stores:list']));
    expect(await api['stores:list']({})).toEqual({ ok: true, value: 'early stores:list' });
    expect(seen.url).toBeUndefined();
    expect(await api['stores:list']({})).toEqual({ ok: true, value: 'sent' });
    expect(seen.url).toBe('/api/stores:list');
  });

  it('are not used for other channels, nor for a call with input', async () => {
    const api = createHttpApi(fakeFetch(200, { ok: true, value: 'sent' }), earlyAnswers(['stores:list', 'stores:detect']));
    expect(await api['app:get-info']({})).toEqual({ ok: true, value: 'sent' });
    expect(await api['stores:detect']({ path: '/srv/pki' })).toEqual({ ok: true, value: 'sent' });
  });
});
