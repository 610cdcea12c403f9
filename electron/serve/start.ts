import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createHandlers } from '../core/app/handlers';
import { TrustService } from '../core/app/trust-service';
import { appHome } from '../core/settings/settings';
import { startBrowserMode, type BrowserModeServer } from './server';

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

/** The whole app in browser mode: the core service, its handlers and the loopback server. */
export async function startBrowserApp(options: BrowserAppOptions = {}): Promise<{ service: TrustService; server: BrowserModeServer; close(): Promise<void> }> {
  const service = new TrustService({ home: options.home ?? appHome(), mode: 'browser', extraStores: options.stores, demoServer: options.demoServer ?? false });
  // Reading the stores (about a second for 10,000 certificates) overlaps with the browser loading the page.
  const started = service.start();
  started.catch(() => undefined); // awaited below; requests meanwhile wait for it (see ready)
  let server: BrowserModeServer;
  try {
    server = await startBrowserMode({
      service,
      handlers: createHandlers(service),
      rendererDir: options.rendererDir ?? process.env.UATRUST_RENDERER_DIR ?? DEFAULT_RENDERER_DIR,
      port: options.port,
      ready: started,
    });
  } catch (error) {
    await started.catch(() => undefined);
    await service.close();
    throw error;
  }
  options.onListening?.(server.url);
  try {
    await started;
  } catch (error) {
    await server.close();
    await service.close();
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
