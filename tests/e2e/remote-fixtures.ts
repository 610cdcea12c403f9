/**
 * Push-enabled demo servers for the remote-server specs: a real node-opcua server on 127.0.0.1 with
 * Part 12 push management, whose PKI already trusts the app's client certificate (as the server's
 * administrator would have arranged) and holds the refused clients given.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startDemoServer, type RunningDemoServer } from '../../electron/core/opcua/demo-server';
import type { MadeCert } from '../helpers/certs';
import { createStore, dropCert, type MadeStore } from './fixtures';

/** The SecurityAdmin user of every push server here. */
export const ADMIN = { userName: 'secadmin', password: 'correct horse battery' };

/** The app's client certificate, made on its first start (the app may still be starting: its URL comes first). */
export async function appClientCertificate(home: string): Promise<Buffer> {
  const dir = path.join(home, 'pki', 'own', 'certs');
  for (let i = 0; i < 300; i++) {
    const names = await readdir(dir).catch(() => [] as string[]);
    const pem = names.find((n) => n.endsWith('.pem'));
    if (pem) {
      const bytes = await readFile(path.join(dir, pem));
      if (bytes.includes('END CERTIFICATE')) return bytes;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no client certificate in ${dir} after 30 s`);
}

export interface PushServer {
  server: RunningDemoServer;
  /** The server's PKI folder (node-opcua layout), to check what the app wrote there. */
  pki: MadeStore;
}

/** Starts a push-enabled demo server on a free port, its PKI in `<dir>/<name>`. */
export async function startPushServer(options: { dir: string; home: string; name: string; rejected?: MadeCert[] }): Promise<PushServer> {
  const appCert = await appClientCertificate(options.home);
  const pki = await createStore(options.dir, { name: options.name, layout: 'node-opcua' });
  await writeFile(path.join(pki.root, 'trusted', 'certs', 'trust-manager.pem'), appCert);
  for (const cert of options.rejected ?? []) await dropCert(pki, 'rejected', cert);
  const server = await startDemoServer({ pkiRoot: pki.root, port: 0, push: { adminUsers: [ADMIN] } });
  return { server, pki };
}
