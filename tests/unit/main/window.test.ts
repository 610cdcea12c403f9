import path from 'node:path';
import type { BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { registerContract, type IpcRegistrar } from '../../../electron/main/ipc/register';
import { createMainWindow, isNavigationAllowed, isPermissionAllowed, isTrustedSender, RENDERER_URL, rendererFileFor } from '../../../electron/main/window';
import { contentSecurityPolicy } from '../../../electron/security/csp';
import { CHANNELS } from '../../../shared/ipc/contract';
import type { Handlers } from '../../../electron/core/app/handlers';

describe('the Electron window', () => {
  it('is isolated and sandboxed, without Node in the page', () => {
    const made: BrowserWindowConstructorOptions[] = [];
    createMainWindow(
      class {
        constructor(options: BrowserWindowConstructorOptions) {
          made.push(options);
        }
      },
      '/app/preload.cjs',
    );
    const prefs = made[0].webPreferences!;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false, allowRunningInsecureContent: false, disableBlinkFeatures: 'Auxclick' });
    expect(prefs.preload).toBe('/app/preload.cjs');
  });

  it('grants its own page only the clipboard write it uses, and no page anything', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', RENDERER_URL)).toBe(true);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) expect(isPermissionAllowed(permission, RENDERER_URL), permission).toBe(false);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
  });

  it('trusts only its own page as the sender of IPC calls', () => {
    expect(isTrustedSender(RENDERER_URL)).toBe(true);
    expect(isTrustedSender('app://renderer/assets/x.js')).toBe(true);
    for (const url of [undefined, '', 'https://evil.example/', 'file:///etc/passwd', 'app://other/index.html', 'not a url', 'http://127.0.0.1/']) {
      expect(isTrustedSender(url)).toBe(false);
    }
  });

  it('never navigates away from the app', () => {
    expect(isNavigationAllowed('https://example.com')).toBe(false);
    expect(isNavigationAllowed('file:///tmp/x.html')).toBe(false);
    expect(isNavigationAllowed(RENDERER_URL)).toBe(true);
  });

  it('serves only files inside the renderer folder on its scheme', () => {
    expect(rendererFileFor('app://renderer/', '/r', path.posix.join)).toBe('/r/index.html');
    expect(rendererFileFor('app://renderer/assets/a.js', '/r', path.posix.join)).toBe('/r/assets/a.js');
    // The URL parser resolves dot segments first, so a climb ends inside the folder.
    expect(rendererFileFor('app://renderer/%2e%2e/%2e%2e/etc/passwd', '/r', path.posix.join)).toBe('/r/etc/passwd');
    expect(rendererFileFor('app://renderer/a/%2e%2e%2f%2e%2e%2fetc', '/r', path.posix.join)).toBeNull();
    expect(rendererFileFor('app://renderer/a%5C..%5Cb', '/r', path.posix.join)).toBeNull();
    expect(rendererFileFor('app://other/index.html', '/r', path.posix.join)).toBeNull();
    expect(rendererFileFor('https://renderer/index.html', '/r', path.posix.join)).toBeNull();
  });
});

describe('the content security policy', () => {
  it('allows only our own scripts and connections, no eval, no framing', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/unsafe-eval|\*/);
  });
});

describe('registering the contract with ipcMain', () => {
  function register() {
    const registered = new Map<string, (event: unknown, input: unknown) => Promise<unknown>>();
    const ipc: IpcRegistrar = { handle: (channel, listener) => void registered.set(channel, listener as never) };
    const calls: string[] = [];
    const handlers = Object.fromEntries(CHANNELS.map((c) => [c, async (input: unknown) => (calls.push(`${c} ${JSON.stringify(input)}`), { ok: true, value: c })])) as unknown as Handlers;
    registerContract(ipc, handlers);
    return { registered, calls };
  }

  it('registers every channel of the contract, and nothing else', () => {
    expect([...register().registered.keys()].sort()).toEqual([...CHANNELS].sort());
  });

  it('passes calls from our window to the handler', async () => {
    const { registered, calls } = register();
    const result = await registered.get('stores:list')!({ senderFrame: { url: RENDERER_URL } }, {});
    expect(result).toEqual({ ok: true, value: 'stores:list' });
    expect(calls).toEqual(['stores:list {}']);
  });

  it('refuses a sender that is not our window (another page, no frame, an iframe even of our own page), without calling the handler', async () => {
    const { registered, calls } = register();
    const subframe = { senderFrame: { url: RENDERER_URL, parent: { url: RENDERER_URL } } };
    for (const event of [{ senderFrame: { url: 'https://evil.example/' } }, { senderFrame: null }, {}, subframe]) {
      expect(await registered.get('stores:add')!(event, { path: '/' })).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    }
    expect(calls).toEqual([]);
  });
});
