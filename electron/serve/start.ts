import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TrustService } from '../core/app/trust-service';
import { startBrowserMode, type BrowserModeCore, type BrowserModeServer } from './server';

export interface BrowserAppOptions {
  port?: number;
  stores?: string[];
  home?: string;
  rendererDir?: string;
  /** Start the embedded demo server (its settings permitting). */
  demoServer?: boolean;
  /** Called once the server listens, before the stores are read: the page can load meanwhile. */
  onListening?(url: string): void;
}

export const DEFAULT_RENDERER_DIR = fileURLToPath(new URL('../../dist/renderer', import.meta.url));

/** The core, loaded after the server listens: node-opcua-crypto and the stores' code take a few hundred ms to load. */
async function loadCore(options: BrowserAppOptions): Promise<BrowserModeCore> {
  const [{ TrustService }, { createHandlers }, { appHome }] = await Promise.all([import('../core/app/trust-service'), import('../core/app/handlers'), import('../core/settings/settings')]);
  const service = new TrustService({ home: options.home ?? appHome(), mode: 'browser', extraStores: options.stores, demoServer: options.demoServer ?? false });
  return { service, handlers: createHandlers(service) };
}

/**
 * The whole app in browser mode: the loopback server first (its URL can be opened at once), then
 * the core service and its handlers; requests wait for the service's start.
 */
export async function startBrowserApp(options: BrowserAppOptions = {}): Promise<{ service: TrustService; server: BrowserModeServer; close(): Promise<void> }> {
  const core = loadCore(options);
  // Reading the stores (about a second for 10,000 certificates) overlaps with the browser loading the page.
  const started = core.then(({ service }) => service.start().then(() => service));
  started.catch(() => undefined); // awaited below; requests meanwhile wait for it (see ready)
  const closeService = () => core.then(({ service }) => service.close()).catch(() => undefined);
  let server: BrowserModeServer;
  try {
    server = await startBrowserMode({
      core,
      rendererDir: options.rendererDir ?? process.env.UATRUST_RENDERER_DIR ?? DEFAULT_RENDERER_DIR,
      port: options.port,
      ready: started,
    });
  } catch (error) {
    await started.catch(() => undefined);
    await closeService();
    throw error;
  }
  options.onListening?.(server.url);
  let service: TrustService;
  try {
    service = await started;
  } catch (error) {
    await server.close();
    await closeService();
    throw error;
  }
  return {
    service,
    server,
    async close() {
      await server.close();
      await service.close();
    },
  };
}

/** Opens a URL in the system browser when there is one; false when there is none. */
export function openInBrowser(url: string, env: NodeJS.ProcessEnv = process.env, platform = process.platform): boolean {
  const command =
    platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : platform === 'darwin' ? ['open', [url]] : env.DISPLAY || env.WAYLAND_DISPLAY ? ['xdg-open', [url]] : null;
  if (!command) return false;
  try {
    const child = spawn(command[0] as string, command[1] as string[], { detached: true, stdio: 'ignore' });
    child.on('error', () => undefined);
    child.unref();
    return true;
  } catch {
    return false;
  }
}
