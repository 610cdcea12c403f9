/** Cases 1, 2, 3, 7 and 8: the core, each contender in its own process (see workers/). */
import { mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import { runWorker } from '../lib/child';
import { speedRatio, summarize, type Row } from '../lib/stats';
import type { BenchContext } from './context';

interface ScanResult {
  ms: number;
  cpuMs: number;
  rssGrowthMb: number;
}

/** 1: scan of 10,000 + 100 CAs + 100 CRLs; contenders alternate so that load hits them alike. */
export async function scanCase(ctx: BenchContext): Promise<Row[]> {
  const samples: Record<'ours' | 'cm' | 'floor', ScanResult[]> = { ours: [], cm: [], floor: [] };
  // node-opcua-pki creates its own key on its first start in a folder: not part of what is timed.
  await runWorker('scan-worker.ts', ['cm', ctx.stores.big], { timeoutMs: 180_000 });
  for (let i = 0; i < ctx.runs.scan; i++) {
    for (const contender of ['ours', 'floor', 'cm'] as const) {
      samples[contender].push(await runWorker<ScanResult>('scan-worker.ts', [contender, ctx.stores.big], { timeoutMs: 180_000 }));
      ctx.log(`  scan ${contender} #${i + 1}: ${samples[contender].at(-1)!.ms.toFixed(0)} ms`);
    }
  }
  const ms = (c: keyof typeof samples) => summarize(samples[c].map((s) => s.ms));
  const cpu = (c: keyof typeof samples) => summarize(samples[c].map((s) => s.cpuMs)).median.toFixed(0);
  const ours = ms('ours');
  const cm = ms('cm');
  const floor = ms('floor');
  const vsCm = speedRatio(ours, cm);
  const vsFloor = speedRatio(ours, floor);
  const { leaves, cas, crls } = ctx.stores.counts;
  const what = `${leaves.toLocaleString('en')} certs + ${cas} CA + ${crls} CRLs`;
  return [
    { case: '1 scan', measure: `open + list with problems, ${what}`, unit: 'ms', ours, goal: '≤ 1000 ms', met: ours.median <= 1000, note: `CPU ${cpu('ours')} ms; RSS +${summarize(samples.ours.map((s) => s.rssGrowthMb)).median.toFixed(0)} MB` },
    { case: '1 scan', measure: 'vs node-opcua-pki CertificateManager (initialize → first verification)', unit: 'ms', ours, peer: { name: 'CertificateManager', stats: cm }, ...vsCm, goal: '≥ 5× faster', met: (vsCm.ratio ?? 0) >= 5, note: `its CPU ${cpu('cm')} ms; RSS +${summarize(samples.cm.map((s) => s.rssGrowthMb)).median.toFixed(0)} MB` },
    {
      case: '1 scan',
      measure: 'vs floor: readdir + crypto.X509Certificate (subject, issuer, validity, SAN, key, fingerprints)',
      unit: 'ms',
      ours,
      peer: { name: 'readdir + X509Certificate', stats: floor },
      ...vsFloor,
      goal: '≤ 1.2× the floor',
      met: vsFloor.ratio !== null && 1 / vsFloor.ratio <= 1.2,
      note: `its CPU ${cpu('floor')} ms`,
    },
  ];
}

/** 2: re-scan after one file was added to the store of 10,000. */
export async function rescanCase(ctx: BenchContext): Promise<Row[]> {
  const r = await runWorker<{ incremental: number[]; incrementalCpu: number[]; unwatched: number[]; floor: number[] }>('rescan-worker.ts', [ctx.stores.big, String(ctx.runs.rescan)], { timeoutMs: 240_000 });
  const incremental = summarize(r.incremental);
  const unwatched = summarize(r.unwatched);
  const floor = summarize(r.floor);
  return [
    { case: '2 re-scan', measure: 'one file added, store watched (as in the app)', unit: 'ms', ours: incremental, peer: { name: 'readdir + stat of every file', stats: floor }, ...speedRatio(incremental, floor), goal: '≤ 50 ms', met: incremental.median <= 50, note: `CPU ${summarize(r.incrementalCpu).median.toFixed(0)} ms` },
    { case: '2 re-scan', measure: 'one file added, no watcher (every file stat()ed)', unit: 'ms', ours: unwatched, peer: { name: 'readdir + stat of every file', stats: floor }, ...speedRatio(unwatched, floor), goal: '(informative)', met: null },
  ];
}

/** 3: sync of 1,000 trust/reject moves through the journal. */
export async function syncCase(ctx: BenchContext): Promise<Row[]> {
  const r = await runWorker<{ ours: number[]; oursCpu: number[]; cm: number[]; plain: number[] }>('sync-worker.ts', [ctx.stores.big, '1000', String(ctx.runs.sync)], { timeoutMs: 300_000 });
  const ours = summarize(r.ours);
  const cm = summarize(r.cm);
  const plain = summarize(r.plain);
  return [
    { case: '3 sync', measure: '1,000 moves (500 trust + 500 reject), journaled, store of 10,000', unit: 'ms', ours, peer: { name: 'CertificateManager trust/rejectCertificate ×1,000', stats: cm }, ...speedRatio(ours, cm), goal: '≤ 1000 ms', met: ours.median <= 1000, note: `CPU ${summarize(r.oursCpu).median.toFixed(0)} ms; the rest is fsync and file system calls` },
    { case: '3 sync', measure: '… vs the floor', unit: 'ms', ours, peer: { name: '1,000 × renameSync (no journal, no fsync)', stats: plain }, ...speedRatio(ours, plain), goal: '(informative)', met: null },
  ];
}

/** 7: a full secure connection to the demo server, ours vs a bare OPCUAClient. */
export async function connectCase(ctx: BenchContext): Promise<Row[]> {
  const dir = await mkdtemp(path.join(ctx.dir, 'connect-'));
  const r = await runWorker<{ ours: number[]; bare: number[] }>('connect-worker.ts', [dir, String(ctx.runs.connect)], { timeoutMs: 300_000 });
  const ours = summarize(r.ours);
  const bare = summarize(r.bare);
  const ratio = ours.median / bare.median;
  return [
    {
      case: '7 test connection',
      measure: 'Basic256Sha256 SignAndEncrypt to the demo server: endpoints, channel, session, ServerStatus',
      unit: 'ms',
      ours,
      peer: { name: 'bare OPCUAClient connect + session + read + close', stats: bare },
      ratio,
      ratioText: `${ratio.toFixed(2)}× the bare client`,
      goal: '≤ 1.1× the bare client',
      met: ratio <= 1.1,
    },
  ];
}

/** 8: RSA-2048 self-signed certificate generation. */
export async function keygenCase(ctx: BenchContext): Promise<Row[]> {
  const dir = await mkdtemp(path.join(ctx.dir, 'keygen-'));
  const r = await runWorker<{ ours: number[]; openssl: number[]; hasOpenssl: boolean }>('keygen-worker.ts', [dir, String(ctx.runs.keygen)], { timeoutMs: 300_000 });
  const ours = summarize(r.ours);
  const openssl = r.hasOpenssl ? summarize(r.openssl) : null;
  const ratio = openssl ? ours.median / openssl.median : null;
  return [
    {
      case: '8 key generation',
      measure: 'RSA-2048 self-signed: ensureIdentity in a fresh folder',
      unit: 'ms',
      ours,
      peer: openssl ? { name: 'openssl req -x509 -newkey rsa:2048 -nodes', stats: openssl } : null,
      ratio,
      ratioText: ratio === null ? 'no openssl' : `${ratio.toFixed(2)}× openssl`,
      goal: '≤ 1.1× openssl',
      met: ratio === null ? null : ratio <= 1.1,
    },
  ];
}
