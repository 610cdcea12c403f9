import { describe, expect, it } from 'vitest';
import type { Handlers } from '../../../electron/core/app/handlers';
import { registerContract, type IpcRegistrar } from '../../../electron/main/ipc/register';
import { RENDERER_URL } from '../../../electron/main/window';
import { CHANNELS } from '../../../shared/ipc/contract';

/** The contract registered with a `ready` gate, as the Electron main does while the service starts. */
function register(ready: Promise<unknown>) {
  const registered = new Map<string, (event: unknown, input: unknown) => Promise<unknown>>();
  const ipc: IpcRegistrar = { handle: (channel, listener) => void registered.set(channel, listener as never) };
  const calls: string[] = [];
  const handlers = Object.fromEntries(CHANNELS.map((c) => [c, async () => (calls.push(c), { ok: true, value: c })])) as unknown as Handlers;
  registerContract(ipc, handlers, ready);
  return { call: (channel: string) => registered.get(channel)!({ senderFrame: { url: RENDERER_URL } }, {}), calls };
}

describe('calls from the window while the service starts', () => {
  it('wait for the start, then reach the handler', async () => {
    let finish!: () => void;
    const { call, calls } = register(new Promise<void>((resolve) => (finish = resolve)));
    let answered = false;
    const pending = call('stores:list').then((result) => ((answered = true), result));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(answered).toBe(false);
    expect(calls).toEqual([]);
    finish();
    expect(await pending).toEqual({ ok: true, value: 'stores:list' });
    expect(calls).toEqual(['stores:list']);
  });

  it('get a clear error when the start failed, and the handler is not called', async () => {
    const failed = Promise.reject(new Error('the home cannot be created'));
    failed.catch(() => undefined);
    const { call, calls } = register(failed);
    expect(await call('stores:list')).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: 'the app did not start: the home cannot be created' } });
    expect(calls).toEqual([]);
  });
});
