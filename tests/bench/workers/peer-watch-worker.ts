/**
 * Peer of case 4: node-opcua-pki's CertificateManager (chokidar, as an OPC UA server runs it)
 * noticing a certificate file dropped into rejected/ of the same store: ms from the write to its
 * `certificateAdded` event.
 * Usage: peer-watch-worker.ts <store root> <runs>
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CertificateManager } from 'node-opcua-pki';
import { makeManyCerts } from '../../helpers/certs';
import { report } from '../lib/child';

const [root, runsText] = process.argv.slice(2) as [string, string];
const runs = Number(runsText);
const certs = await makeManyCerts(runs, 'peer-watch');
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const manager = new CertificateManager({ location: root });
await manager.initialize();
let arrived: ((file: string) => void) | null = null;
manager.on('certificateAdded', (event: { filename: string }) => arrived?.(event.filename));
// initialize() does not wait for its watchers: give chokidar time to finish its first pass.
await pause(6000);
const samples: number[] = [];
const files: string[] = [];
try {
  for (let i = 0; i < runs; i++) {
    const file = path.join(root, 'rejected', `peer-watch-${i}[${certs[i]!.sha1}].pem`);
    files.push(file);
    const seen = new Promise<number>((resolve) => (arrived = (name) => name === file && resolve(performance.now())));
    const t0 = performance.now();
    writeFileSync(file, certs[i]!.pem);
    const at = await Promise.race([seen, pause(10_000).then(() => NaN)]);
    samples.push(at - t0);
    await pause(200);
  }
} finally {
  await manager.dispose();
  for (const file of files) rmSync(file, { force: true });
}
report({ samples });
