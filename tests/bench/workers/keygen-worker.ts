/**
 * Case 8: an RSA-2048 self-signed application certificate, ours (ensureIdentity in a fresh
 * folder: key, certificate, files written) vs `openssl req -x509 -newkey rsa:2048` when the binary
 * exists. Runs alternate; RSA prime search varies a lot, hence many runs and medians.
 * Usage: keygen-worker.ts <work dir> <runs>
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ensureIdentity } from '../../../electron/core/opcua/identity';
import { report } from '../lib/child';

const [dir, runsText] = process.argv.slice(2) as [string, string];
const runs = Number(runsText);
const hasOpenssl = spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0;
const ours: number[] = [];
const openssl: number[] = [];

function runOpenssl(i: number): void {
  const out = path.join(dir, `openssl-${i}`);
  mkdirSync(out, { recursive: true });
  const result = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=x', '-days', '365', '-keyout', path.join(out, 'key.pem'), '-out', path.join(out, 'cert.pem')], { stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`openssl exited with ${result.status}`);
}

await ensureIdentity(path.join(dir, 'warm-up'));
async function runOurs(i: number): Promise<void> {
  const t0 = performance.now();
  await ensureIdentity(path.join(dir, `ours-${i}`));
  ours.push(performance.now() - t0);
}

function timeOpenssl(i: number): void {
  const t0 = performance.now();
  runOpenssl(i);
  openssl.push(performance.now() - t0);
}

for (let i = 0; i < runs; i++) {
  // Alternate who goes first, so that a busy moment does not always hit the same one.
  if (!hasOpenssl) await runOurs(i);
  else if (i % 2 === 0) {
    await runOurs(i);
    timeOpenssl(i);
  } else {
    timeOpenssl(i);
    await runOurs(i);
  }
}
report({ ours, openssl, hasOpenssl });
