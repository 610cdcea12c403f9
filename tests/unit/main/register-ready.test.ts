import { describe, expect, it } from 'vitest';
import type { Handlers } from '../../../electron/core/app/handlers';
import { registerContract, type IpcRegistrar } from '../../../electron/main/ipc/register';
import { RENDERER_URL } from '../../../electron/main/window';
import { CHANNELS } from '../../../shared/ipc/contract';

/** The contract registered with a `ready` gate, as the Electron main does while the service starts. */
function register(ready: Promise<unknown>, handlersLater?: Promise<void>) {
  const registered = new Map<string, (event: unknown, input: unknown) => Promise<unknown>>();
  const ipc: IpcRegistrar = { handle: (channel, listener) => void registered.set(channel, listener as never) };
  const calls: string[] = [];
  const handlers = Object.fromEntries(CHANNELS.map((c) => [c, async () => (calls.push(c), { ok: true, value: c })])) as unknown as Handlers;
  registerContract(ipc, handlersLater ? handlersLater.then(() => handlers) : handlers, ready);
  expect([...registered.keys()].sort()).toEqual([...CHANNELS].sort());
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

  it('wait for the core to load as well (the window is shown before it), and say so when it cannot load', async () => {
    let loadCore!: () => void;
    const { call, calls } = register(Promise.resolve(), new Promise<void>((resolve) => (loadCore = resolve)));
    let answered = false;
    const pending = call('own:list').then((result) => ((answered = true), result));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(answered).toBe(false);
    loadCore();
    expect(await pending).toEqual({ ok: true, value: 'own:list' });
    expect(calls).toEqual(['own:list']);

    const broken = Promise.reject(new Error('Cannot find module node-opcua-crypto'));
    broken.catch(() => undefined);
    const failing = register(Promise.resolve(), broken);
    expect(await failing.call('stores:list')).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: 'the app did not start: Cannot find module node-opcua-crypto' } });
    expect(failing.calls).toEqual([]);
  });
});
