/**
 * Case 3: a changeset of 1,000 moves (half trust rejected → trusted, half reject trusted →
 * rejected) synced through the journal on a store of 10,000 that the app has open (cache warm).
 * Peers on the same store and the same certificates: node-opcua-pki's CertificateManager
 * (trustCertificate / rejectCertificate, as a server's own PKI moves them), and plain renameSync
 * (no journal, no fsync: the floor).
 * Usage: sync-worker.ts <store root> <moves> <runs>
 */
import { readdirSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { syncChanges } from '../../../electron/core/pki/changeset';
import { PkiStore } from '../../../electron/core/pki/store';
import type { StagedChange } from '../../../shared/types/changes';
import { report } from '../lib/child';

const [root, movesText, runsText] = process.argv.slice(2) as [string, string, string];
const moves = Number(movesText);
const runs = Number(runsText);
const trustedDir = path.join(root, 'trusted/certs');
const rejectedDir = path.join(root, 'rejected');
const half = moves / 2;

// Untimed set-up: the first `half` certificates of trusted/ go to rejected/ by plain rename.
const names = readdirSync(trustedDir).sort();
const groupA = new Set(names.slice(0, half)); // starts in trusted
const groupB = new Set(names.slice(half, moves)); // starts in rejected
for (const name of groupB) renameSync(path.join(trustedDir, name), path.join(rejectedDir, name));

const store = PkiStore.open(root, { layout: 'node-opcua' });
store.scan();
const ours: number[] = [];
const oursCpu: number[] = [];
const cm: number[] = [];
const plain: number[] = [];

/** The 1,000 changes of run i: even runs reject A and trust B, odd runs the reverse. */
function changesFor(run: number): StagedChange[] {
  const entries = store.entries();
  const changes: StagedChange[] = [];
  for (const entry of entries) {
    const name = path.basename(entry.file);
    if (entry.kind !== 'certificate' || (!groupA.has(name) && !groupB.has(name))) continue;
    const rejectIt = (run % 2 === 0) === groupA.has(name);
    if (rejectIt && entry.folder === 'trusted') changes.push({ kind: 'reject', file: entry.file, id: entry.id });
    if (!rejectIt && entry.folder === 'rejected') changes.push({ kind: 'trust', file: entry.file, id: entry.id });
  }
  return changes;
}

for (let run = 0; run < runs; run++) {
  const changes = changesFor(run);
  if (changes.length !== moves) throw new Error(`expected ${moves} changes, staged ${changes.length}`);
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const result = syncChanges(store, changes);
  ours.push(performance.now() - t0);
  const used = process.cpuUsage(cpu);
  oursCpu.push((used.user + used.system) / 1000);
  if (result.done !== moves) throw new Error(`sync did ${result.done} of ${moves}: ${result.results.find((r) => r.status !== 'done')?.message}`);
}

// The same moves through node-opcua-pki (its index loaded untimed).
const { CertificateManager } = await import('node-opcua-pki');
const { convertPEMtoDER } = await import('node-opcua-crypto');
const derOf = new Map<string, Buffer>();
for (const name of [...groupA, ...groupB]) {
  const file = [path.join(trustedDir, name), path.join(rejectedDir, name)].find((f) => {
    try {
      readFileSync(f);
      return true;
    } catch {
      return false;
    }
  });
  if (file) derOf.set(name, convertPEMtoDER(readFileSync(file, 'utf8')));
}
const manager = new CertificateManager({ location: root, disableFileWatchers: true });
await manager.initialize();
for (let run = runs; run < runs * 2; run++) {
  const t0 = performance.now();
  for (const [name, der] of derOf) {
    const rejectIt = (run % 2 === 0) === groupA.has(name);
    await (rejectIt ? manager.rejectCertificate(der) : manager.trustCertificate(der));
  }
  cm.push(performance.now() - t0);
}
await manager.dispose();

// The floor: the same 1,000 renames, nothing else.
for (let run = 0; run < runs; run++) {
  const inRejected = new Set(readdirSync(rejectedDir));
  const t0 = performance.now();
  for (const name of [...groupA, ...groupB]) {
    if (inRejected.has(name)) renameSync(path.join(rejectedDir, name), path.join(trustedDir, name));
    else renameSync(path.join(trustedDir, name), path.join(rejectedDir, name));
  }
  plain.push(performance.now() - t0);
}

// Leave the store as it was made: every certificate in trusted/certs.
for (const name of readdirSync(rejectedDir)) renameSync(path.join(rejectedDir, name), path.join(trustedDir, name));
report({ ours, oursCpu, cm, plain });
