/**
 * Case 4 without the UI, both in this process on the same store: how soon a certificate file
 * dropped into rejected/ is noticed by our StoreWatcher (its `change` event, which includes a
 * 40 ms settle delay and reading the file) and by node-opcua-pki's CertificateManager (chokidar,
 * as an OPC UA server runs it; its `certificateAdded` event). Runs alternate.
 * Usage: watch-worker.ts <store root> <runs>
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CertificateManager } from 'node-opcua-pki';
import { PkiStore } from '../../../electron/core/pki/store';
import { StoreWatcher } from '../../../electron/core/pki/watch';
import { makeManyCerts } from '../../helpers/certs';
import { report } from '../lib/child';

const [root, runsText] = process.argv.slice(2) as [string, string];
const runs = Number(runsText);
const certs = await makeManyCerts(runs * 2, 'watch-worker');
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const store = PkiStore.open(root, { layout: 'node-opcua' });
store.scan();
const watcher = new StoreWatcher(store);
let oursSeen: ((file: string) => void) | null = null;
watcher.on('change', (event) => oursSeen?.(path.join(store.root, event.file)));
await watcher.start();

const manager = new CertificateManager({ location: root });
await manager.initialize();
let cmSeen: ((file: string) => void) | null = null;
manager.on('certificateAdded', (event: { filename: string }) => cmSeen?.(event.filename));
// initialize() does not wait for its watchers: give chokidar time to finish its first pass.
await pause(6000);

const ours: number[] = [];
const cm: number[] = [];
const files: string[] = [];
try {
  for (let i = 0; i < runs * 2; i++) {
    const file = path.join(store.root, 'rejected', `watch-worker-${i}[${certs[i]!.sha1}].pem`);
    files.push(file);
    const mine = i % 2 === 0;
    const seen = new Promise<number>((resolve) => {
      const done = (name: string) => name === file && resolve(performance.now());
      if (mine) oursSeen = done;
      else cmSeen = done;
    });
    const t0 = performance.now();
    writeFileSync(file, certs[i]!.pem);
    const at = await Promise.race([seen, pause(10_000).then(() => NaN)]);
    (mine ? ours : cm).push(at - t0);
    await pause(200);
  }
} finally {
  await watcher.close();
  await manager.dispose();
  for (const file of files) rmSync(file, { force: true });
}
report({ ours, cm });
process.exit(0);
