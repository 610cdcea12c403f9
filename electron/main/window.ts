import type { BrowserWindowConstructorOptions } from 'electron';

/** The custom scheme the renderer is served from: one origin, our files only, our CSP header. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const RENDERER_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** What the app needs of Electron's BrowserWindow class (tests pass a fake that records the options). */
export type WindowClass<W> = new (options: BrowserWindowConstructorOptions) => W;

/**
 * Opens the main window: isolated, sandboxed, no Node in the page. The options are written out at
 * the `new BrowserWindow` call so that electronegativity (run by the tests) can read them.
 */
export function createMainWindow<W>(BrowserWindow: WindowClass<W>, preloadPath: string): W {
  return new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 900,
    minHeight: 560,
    title: 'OPC UA Trust Manager',
    show: false,
    backgroundColor: '#fafafa',
    webPreferences: {
      // electronegativity PRELOAD_JS_CHECK (review): the preload only exposes one function per contract channel through contextBridge, never ipcRenderer.
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      // A middle click on a link asks for a new window; the app has no use for one.
      disableBlinkFeatures: 'Auxclick',
    },
  });
}

/** The only permission the page uses: writing to the clipboard (Copy thumbprint). Everything else is refused. */
const ALLOWED_PERMISSIONS = new Set(['clipboard-sanitized-write']);

/** Whether a page at `url` may have a permission (camera, notifications, clipboard read, …). */
export function isPermissionAllowed(permission: string, url: string | undefined): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isTrustedSender(url);
}

/** Only our own page, loaded from our scheme, may call the main process. */
export function isTrustedSender(frameUrl: string | undefined): boolean {
  if (!frameUrl) return false;
  try {
    const url = new URL(frameUrl);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

/** The window never navigates away from the app, and never opens other windows. */
export function isNavigationAllowed(targetUrl: string): boolean {
  return isTrustedSender(targetUrl);
}

/** Maps a request on our scheme to a file inside the renderer folder; null for anything else. */
export function rendererFileFor(requestUrl: string, rendererDir: string, join: (...parts: string[]) => string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  const parts = decodeURIComponent(url.pathname).split('/').filter(Boolean);
  if (parts.some((p) => p === '..' || p.includes('\\') || p.includes('\0'))) return null;
  return join(rendererDir, ...(parts.length ? parts : ['index.html']));
}
