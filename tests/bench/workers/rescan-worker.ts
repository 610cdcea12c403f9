/**
 * Case 2: a store of 10,000 open and watched as in the app; one certificate file lands in
 * trusted/certs; once the watcher has seen it, the store is re-scanned (timed). Also timed: the
 * same re-scan without a watcher (every file stat()ed), and the peer: readdir + stat of every
 * file, the least any re-scan that does not know what changed must do.
 * Usage: rescan-worker.ts <store root> <runs>
 */
import { readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PkiStore } from '../../../electron/core/pki/store';
import { StoreWatcher } from '../../../electron/core/pki/watch';
import { makeManyCerts } from '../../helpers/certs';
import { report } from '../lib/child';

const [root, runsText] = process.argv.slice(2) as [string, string];
const runs = Number(runsText);
const FOLDERS = ['own/certs', 'trusted/certs', 'trusted/crl', 'issuers/certs', 'issuers/crl', 'rejected'];
const spare = await makeManyCerts(runs * 2, 'rescan-added');
const added: string[] = [];
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function addOne(i: number): string {
  const name = `rescan-added-${i}[${spare[i]!.sha1}].pem`;
  const file = path.join(root, 'trusted/certs', name);
  writeFileSync(file, spare[i]!.pem);
  added.push(file);
  return name;
}

const store = PkiStore.open(root, { layout: 'node-opcua' });
store.scan();
const incremental: number[] = [];
const incrementalCpu: number[] = [];
const unwatched: number[] = [];
const floor: number[] = [];
const cpuSince = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};
try {
  // Without a watcher: every file is stat()ed to find what changed.
  for (let i = 0; i < runs; i++) {
    const name = addOne(i);
    const t0 = performance.now();
    const entries = store.scan().entries;
    unwatched.push(performance.now() - t0);
    if (!entries.some((e) => e.file.endsWith(name))) throw new Error('the added file is missing after a re-scan');
  }
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    let n = 0;
    for (const rel of FOLDERS) for (const name of readdirSync(path.join(root, rel))) n += statSync(path.join(root, rel, name)).size > 0 ? 1 : 0;
    floor.push(performance.now() - t0);
  }
  // As in the app: the watcher names the file, the scan re-reads it and trusts the rest of its cache.
  const watcher = new StoreWatcher(store);
  let seen: ((file: string) => void) | null = null;
  watcher.on('change', (event) => seen?.(event.file));
  await watcher.start();
  store.scan(); // the first scan under a watcher checks every file once
  for (let i = runs; i < runs * 2; i++) {
    const arrived = new Promise<string>((resolve) => (seen = resolve));
    const name = addOne(i);
    await Promise.race([arrived, pause(5000)]);
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    const entries = store.scan().entries;
    incremental.push(performance.now() - t0);
    incrementalCpu.push(cpuSince(cpu));
    if (!entries.some((e) => e.file.endsWith(name))) throw new Error('the added file is missing after an incremental re-scan');
    await pause(20);
  }
  await watcher.close();
} finally {
  for (const file of added) rmSync(file, { force: true });
}
report({ incremental, incrementalCpu, unwatched, floor });
