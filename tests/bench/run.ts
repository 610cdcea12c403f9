/**
 * `npm run bench`: the performance cases of issue 9, each with its peer measured in the same run.
 * Generates its data in a temp folder, runs every case several times, prints a table (median,
 * min–max, peer, ratio, goal) and writes bench/results.json.
 *
 * Options: --quick (fewer runs), --only=1,4,5 (case numbers; 4, 5, 6 and 9 can be run alone),
 * --runs=N (every selected case N times), --keep (leave the temp folder), --data=DIR (reuse the
 * data of an earlier --keep run instead of making 10,000 certificates again).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { makeBenchStores, reuseBenchStores } from './data';
import { browserCases } from './cases/browser-cases';
import type { BenchContext } from './cases/context';
import { connectCase, keygenCase, rescanCase, scanCase, syncCase } from './cases/core-cases';
import { REPO } from './lib/child';
import { failedRow, formatTable, type Row } from './lib/stats';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const keep = args.includes('--keep');
const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const only = option('only')?.split(',').map(Number) ?? null;
const runsOverride = option('runs') === undefined ? null : Number(option('runs'));
const reuse = option('data') ?? null;
const wanted = (...cases: number[]) => only === null || cases.some((c) => only.includes(c));

function machine() {
  const cpuModel = /model name\s*:\s*(.+)/.exec(safeRead('/proc/cpuinfo'))?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  return {
    cpus: os.availableParallelism(),
    cpuModel,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    chromium: tryRun(process.env.PLAYWRIGHT_CHROMIUM ?? '/usr/bin/chromium', ['--version']),
    openssl: tryRun('openssl', ['version']),
  };
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function tryRun(command: string, argv: string[]): string | null {
  const result = spawnSync(command, argv, { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  const started = Date.now();
  const info = machine();
  const loadBefore = os.loadavg();
  log(`bench: ${info.cpus} × ${info.cpuModel}, ${info.memoryGb} GiB, node ${info.node}; load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`);
  const dir = reuse ? await realpath(reuse) : await realpath(await mkdtemp(path.join(os.tmpdir(), 'uatrust-bench-')));
  const rows: Row[] = [];
  try {
    log(reuse ? `reusing the data in ${dir}` : 'making 10,000 certificates, 100 CAs and their CRLs…');
    const stores = reuse ? reuseBenchStores(dir) : await makeBenchStores(dir);
    let rendererDir = '';
    if (wanted(4, 5, 6, 9)) {
      log('building the renderer…');
      rendererDir = path.join(dir, 'renderer');
      execFileSync(process.execPath, [path.join(REPO, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--outDir', rendererDir, '--emptyOutDir', '--logLevel', 'warn'], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
    }
    const runs = quick
      ? { scan: 2, rescan: 4, sync: 2, watch: 3, ui: 2, startup: 2, connect: 3, keygen: 5 }
      : { scan: 5, rescan: 10, sync: 3, watch: 8, ui: 5, startup: 5, connect: 10, keygen: 25 };
    if (runsOverride !== null) for (const key of Object.keys(runs) as (keyof typeof runs)[]) runs[key] = runsOverride;
    const ctx: BenchContext = { dir, stores, rendererDir, runs, only, log };
    const cases: [number[], string, () => Promise<Row[]>, string][] = [
      [[1], '1 scan', () => scanCase(ctx), '≤ 1000 ms, ≥ 5× CertificateManager, ≤ 1.2× floor'],
      [[2], '2 re-scan', () => rescanCase(ctx), '≤ 50 ms'],
      [[3], '3 sync', () => syncCase(ctx), '≤ 1000 ms'],
      [[8], '8 key generation', () => keygenCase(ctx), '≤ 1.1× openssl'],
      [[7], '7 test connection', () => connectCase(ctx), '≤ 1.1× bare client'],
      [[4, 5, 6, 9], '4/5/6/9 browser mode', () => browserCases(ctx), 'see issue 9'],
    ];
    for (const [numbers, name, run, goal] of cases) {
      if (!wanted(...numbers)) continue;
      const t0 = Date.now();
      log(`case ${name}…`);
      try {
        rows.push(...(await run()));
      } catch (error) {
        rows.push(failedRow(name, 'the case did not finish', goal, error));
      }
      log(`  done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    }
  } finally {
    if (!keep && !reuse) await rm(dir, { recursive: true, force: true, maxRetries: 3 });
    else log(`data kept in ${dir}`);
  }
  rows.sort((a, b) => parseInt(a.case, 10) - parseInt(b.case, 10));
  const table = formatTable(rows);
  process.stdout.write(`\n${table}\n\n`);
  for (const r of rows) if (r.note) process.stdout.write(`- ${r.case} / ${r.measure}: ${r.note}\n`);
  const results = { date: new Date().toISOString(), machine: info, loadAverage: { before: loadBefore, after: os.loadavg() }, quick, only, runs: runsOverride, durationS: (Date.now() - started) / 1000, rows };
  mkdirSync(path.join(REPO, 'bench'), { recursive: true });
  writeFileSync(path.join(REPO, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  log(`\nbench/results.json written; ${((Date.now() - started) / 1000).toFixed(0)} s in all; load average after ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

await main();
