import path from 'node:path';
import { app, BrowserWindow, ipcMain, net, protocol, safeStorage, session } from 'electron';
import { pathToFileURL } from 'node:url';
import { EVENT_NAMES } from '../../shared/ipc/channels';
import { contentSecurityPolicy } from '../security/csp';
import { registerContract } from './ipc/register';
import { APP_SCHEME, createMainWindow, isNavigationAllowed, isPermissionAllowed, RENDERER_URL, rendererFileFor } from './window';

// Thin wiring only: every decision lives in window.ts, ipc/register.ts and the core.
const appDir = app.getAppPath();
const rendererDir = path.join(appDir, 'dist', 'renderer');
const preloadPath = path.join(appDir, 'dist', 'electron', 'preload.cjs');

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!isNavigationAllowed(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

/** The core (node-opcua-crypto, the stores' code, a few hundred ms to load): loaded while the window is on its way. */
async function loadCore() {
  const [{ TrustService }, { createHandlers }, { appHome }] = await Promise.all([import('../core/app/trust-service'), import('../core/app/handlers'), import('../core/settings/settings')]);
  // Remote servers' admin passwords, when the user asks to remember them, go through the OS keychain.
  const service = new TrustService({ home: appHome(), mode: 'electron', secretCipher: safeStorage });
  return { service, handlers: createHandlers(service) };
}

app.whenReady().then(async () => {
  session.defaultSession.setPermissionRequestHandler((contents, permission, callback) => callback(isPermissionAllowed(permission, contents.getURL())));
  session.defaultSession.setPermissionCheckHandler((contents, permission) => isPermissionAllowed(permission, contents?.getURL()));
  // Our scheme's responses carry the CSP (below); this gives any other response the same one, should a frame ever load one.
  // electronegativity CSP_GLOBAL_CHECK (low, "failed to parse"): it cannot evaluate a call; the policy is contentSecurityPolicy(), checked in tests/unit/main/window.test.ts.
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy()] } }));
  protocol.handle(APP_SCHEME, async (request) => {
    const file = rendererFileFor(request.url, rendererDir, path.join);
    if (!file) return new Response('not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('content-security-policy', contentSecurityPolicy());
    return new Response(response.body, { status: response.status, headers });
  });

  // As in browser mode (serve/start.ts): the window loads while the core is loaded and the stores
  // are read; its calls wait for the start.
  const core = loadCore();
  const started = core.then(async ({ service }) => (await service.start(), service));
  started.catch(() => undefined); // each call answers the failure (see registerContract)
  registerContract(
    ipcMain,
    core.then(({ handlers }) => handlers),
    started,
  );

  const window = createMainWindow(BrowserWindow, preloadPath);
  void core.then(({ service }) => {
    for (const name of EVENT_NAMES) service.on(name, ((payload: unknown) => window.webContents.send(name, payload)) as never);
  }, () => undefined);
  window.once('ready-to-show', () => window.show());
  const loaded = window.loadURL(RENDERER_URL);
  // Remote servers whose password the keychain kept: re-read in the background once started, the tree shows them as they are now.
  void started.then((service) => service.remote.refreshKnown(), () => undefined);
  await loaded;

  app.on('window-all-closed', async () => {
    await core.then(({ service }) => service.close()).catch(() => undefined);
    app.quit();
  });
});
