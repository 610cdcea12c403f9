/**
 * Cases 4, 5, 6 and 9: the app in browser mode (`uatrust ui`), driven in Chromium.
 * 6 + 9: start-up to a usable tree of the 10,000 store (fresh process each run), with its RSS and
 *        whether node-opcua got loaded; cold (no scan cache in the home) and warm (the cache the
 *        cold run before it wrote), alternately.
 * 5: first paint, expanding the folder of 10,000, scrolling, opening the context menu; the same on 100.
 * 4: a file landing in rejected/ → the stores:changed event in the page, and the tree showing it.
 */
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { makeManyCerts } from '../../helpers/certs';
import { benchPage, inPage, launchChromium, type PaintTimes } from '../lib/browser';
import { bundleCli, runWorker, startApp, type RunningApp } from '../lib/child';
import { failedRow, speedRatio, summarize, type Row, type Stats } from '../lib/stats';
import type { BenchContext } from './context';

const kb = (bytes: number) => (bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function folderLabel(count: number): string {
  return `Trusted, ${count} item`;
}

/** Opens the app in a fresh page and resolves with the in-page first-paint times. */
async function openApp(browser: Browser, app: RunningApp, count: number): Promise<{ page: Page; paint: PaintTimes }> {
  const page = await benchPage(browser, folderLabel(count));
  await page.goto(app.url);
  const paint = await inPage<PaintTimes>(page, 'window.__bench.firstPaint');
  return { page, paint };
}

async function closePage(page: Page): Promise<void> {
  await page.context().close();
}

interface UiFigures {
  paint: number[];
  expand: number[];
  fps: number[];
  worstFrame: number[];
  menu: number[];
}

/** Case 5 on one running app: each run in a fresh page (folder closed): paint, expand, scroll, context menu. */
async function measureUi(browser: Browser, app: RunningApp, count: number, runs: number): Promise<UiFigures> {
  const figures: UiFigures = { paint: [], expand: [], fps: [], worstFrame: [], menu: [] };
  for (let i = 0; i < runs; i++) {
    const { page, paint } = await openApp(browser, app, count);
    try {
      figures.paint.push(paint.frameAt);
      // Expand: from the double-click reaching the page to the frame that paints the first certificate row.
      const folder = page.getByRole('treeitem', { name: `Trusted, ${count} items` });
      // A small folder may open by itself: close it first, so that every run times the same opening.
      if ((await folder.getAttribute('aria-expanded')) === 'true') {
        await folder.dblclick();
        await inPage(page, `window.__bench.waitForNoLabel('device-', 30000)`);
      }
      const rowShown = inPage<PaintTimes>(page, `window.__bench.waitForLabel('device-', 30000)`);
      rowShown.catch(() => undefined);
      await folder.dblclick();
      const shown = await rowShown;
      const input = await inPage<number>(page, `window.__bench.lastInput.dblclick`);
      figures.expand.push(shown.frameAt - input);
      await pause(300);
      const scroll = await inPage<{ intervals: number[] }>(page, `window.__bench.scroll(120, 60)`);
      const total = scroll.intervals.reduce((a, b) => a + b, 0);
      figures.fps.push((scroll.intervals.length / total) * 1000);
      figures.worstFrame.push(Math.max(...scroll.intervals));
      await inPage(page, `(document.querySelector('[role="tree"]').scrollTop = 0, true)`);
      await pause(300);
      const row = page.getByRole('treeitem', { name: /^device-\d+\b/ }).nth(i % 5);
      const menuShown = inPage<PaintTimes>(page, `window.__bench.waitForMenu(10000)`);
      menuShown.catch(() => undefined);
      await row.click({ button: 'right' });
      const menu = await menuShown;
      const rightClick = await inPage<number>(page, `window.__bench.lastInput.contextmenu`);
      figures.menu.push(menu.frameAt - rightClick);
    } finally {
      await closePage(page);
    }
  }
  return figures;
}

interface WatchFigures {
  event: number[];
  tree: number[];
  bytes: number;
}

/** Case 4 on one running app: files dropped into rejected/ one by one (no other store has rejected files). */
async function measureWatch(browser: Browser, app: RunningApp, store: string, count: number, runs: number, tag: string): Promise<WatchFigures> {
  const certs = await makeManyCerts(runs, `watch-${tag}`);
  const { page } = await openApp(browser, app, count);
  const files: string[] = [];
  const figures: WatchFigures = { event: [], tree: [], bytes: 0 };
  try {
    await inPage(page, 'window.__bench.listen()');
    await pause(300);
    for (let i = 0; i < runs; i++) {
      const name = `watch-${tag}-${i}[${certs[i]!.sha1}].pem`;
      // The status bar counts rejected certificates: the app's tree state has taken the event in when it says so.
      const treeShown = inPage<PaintTimes>(page, `window.__bench.waitForStatus(${JSON.stringify(`${i + 1} rejected`)}, 15000)`);
      treeShown.catch(() => undefined);
      const file = path.join(store, 'rejected', name);
      files.push(file);
      const writtenWall = Date.now();
      writeFileSync(file, certs[i]!.pem);
      let event: { arrivedWall: number; bytes: number } | undefined;
      for (let t = 0; t < 300 && !event; t++) {
        event = (await inPage<{ file: string; arrivedWall: number; bytes: number }[]>(page, 'window.__bench.events')).find((e) => e.file.endsWith(name));
        if (!event) await pause(50);
      }
      if (!event) throw new Error(`no stores:changed event for ${name} within 15 s`);
      figures.event.push(event.arrivedWall - writtenWall);
      figures.bytes = event.bytes;
      const shown = await treeShown.catch(() => null);
      figures.tree.push(shown ? shown.frameWall - writtenWall : NaN);
      await pause(300);
    }
  } finally {
    await closePage(page);
    for (const file of files) rmSync(file, { force: true });
    await pause(500);
  }
  return figures;
}

export async function browserCases(ctx: BenchContext): Promise<Row[]> {
  const rows: Row[] = [];
  const browser = await launchChromium();
  try {
    // ---- 6 + 9: start-up, fresh process per run; the home is made once (first start creates our keys).
    if (wanted(ctx, 6, 9)) await section(rows, '6 start-up', '≤ 1500 ms', () => startupRows(ctx, browser));
    if (wanted(ctx, 4, 5)) await section(rows, '5 UI at scale', '≤ 1500 / 300 ms, 60 fps, ≤ 100 ms', () => uiAndWatchRows(ctx, browser));
  } finally {
    await browser.close();
  }
  return rows;
}

const wanted = (ctx: BenchContext, ...cases: number[]) => ctx.only === null || cases.some((c) => ctx.only!.includes(c));

async function section(rows: Row[], name: string, goal: string, work: () => Promise<Row[]>): Promise<void> {
  try {
    rows.push(...(await work()));
  } catch (error) {
    rows.push(failedRow(name, 'the case did not finish', goal, error));
  }
}

interface StartupFigures {
  startup: number[];
  urlAt: number[];
  rss: number[];
  opcuaModules: string[];
}

const emptyFigures = (): StartupFigures => ({ startup: [], urlAt: [], rss: [], opcuaModules: [] });

/**
 * Fresh processes of one way of starting the app, each until the tree of 10,000 is painted: a cold
 * start (the home's scan caches removed: every file is parsed) then a warm one (the cache that cold
 * run wrote a moment after its first scan), `runs` of each.
 */
async function measureStartup(ctx: BenchContext, browser: Browser, home: string, entry: string): Promise<{ cold: StartupFigures; warm: StartupFigures }> {
  const cold = emptyFigures();
  const warm = emptyFigures();
  const cacheDir = path.join(home, 'cache');
  for (let i = 0; i < 2 * ctx.runs.startup; i++) {
    const isCold = i % 2 === 0;
    if (isCold) rmSync(cacheDir, { recursive: true, force: true });
    else if (!existsSync(cacheDir) || readdirSync(cacheDir).length === 0) throw new Error('the cold start left no scan cache in the home');
    const figures = isCold ? cold : warm;
    const spawnedWall = Date.now();
    const app = await startApp([ctx.stores.big], home, ctx.rendererDir, entry);
    try {
      figures.urlAt.push(app.urlAfterMs);
      const { page, paint } = await openApp(browser, app, ctx.stores.counts.leaves);
      figures.startup.push(paint.frameWall - spawnedWall);
      await pause(1000);
      const probe = await app.probe();
      figures.rss.push(probe.rssMb);
      figures.opcuaModules.push(...probe.opcuaModules);
      await closePage(page);
    } finally {
      await app.close();
    }
  }
  return { cold, warm };
}

async function startupRows(ctx: BenchContext, browser: Browser): Promise<Row[]> {
  // One home for every run, made by a first start (it creates the app's and the demo server's keys).
  const home = await mkdtemp(path.join(ctx.dir, 'home-'));
  const warm = await startApp([ctx.stores.big], home, ctx.rendererDir);
  await warm.close();
  const bundle = await bundleCli();
  const shipped = await measureStartup(ctx, browser, home, 'bin/uatrust.js');
  const bundled = await measureStartup(ctx, browser, home, bundle);
  const peerRss = await runWorker<{ rssMb: number }>('rss-peer-worker.ts', [ctx.stores.big], { timeoutMs: 120_000 }).catch(() => null);
  const rows: Row[] = [];
  for (const [label, both] of [
    ['`uatrust ui` as shipped (TypeScript through tsx)', shipped],
    ['the same, bundled like the Electron main (no tsx)', bundled],
  ] as const) {
    for (const [temperature, f] of [
      ['cold: no scan cache, every file parsed', both.cold],
      ['warm: scan cache of the previous run', both.warm],
    ] as const) {
      const startup = summarize(f.startup);
      const loaded = [...new Set(f.opcuaModules)];
      rows.push({
        case: '6 start-up',
        measure: `${label}, ${temperature}: spawn → tree of 10,000 painted`,
        unit: 'ms',
        ours: startup,
        goal: '≤ 1500 ms, node-opcua not loaded',
        met: startup.median <= 1500 && loaded.length === 0,
        note: `server listening (URL printed) after ${summarize(f.urlAt).median.toFixed(0)} ms; node-opcua loaded: ${loaded.length === 0 ? 'no' : loaded.join(', ')}`,
      });
    }
    // Memory with the tree shown: cold and warm runs alike.
    const rss = summarize([...both.cold.rss, ...both.warm.rss]);
    rows.push({
      case: '9 memory',
      measure: `RSS, ${label}: 10,000 loaded, tree shown, no connection`,
      unit: 'MB',
      ours: rss,
      peer: peerRss ? { name: 'process holding the store in node-opcua-pki CertificateManager', stats: summarize([peerRss.rssMb]) } : null,
      ratioText: peerRss ? `${(rss.median / peerRss.rssMb).toFixed(2)}× its RSS` : '–',
      goal: '≤ 150 MB',
      met: rss.median <= 150,
    });
  }
  return rows;
}

async function uiAndWatchRows(ctx: BenchContext, browser: Browser): Promise<Row[]> {
  const rows: Row[] = [];
  // Two long-running apps: the store of 10,000 and the same shape with 100.
  const bigApp = await startApp([ctx.stores.big], await mkdtemp(path.join(ctx.dir, 'home-')), ctx.rendererDir);
  const smallApp = await startApp([ctx.stores.small], await mkdtemp(path.join(ctx.dir, 'home-')), ctx.rendererDir);
  try {
    if (wanted(ctx, 5)) await section(rows, '5 UI at scale', '≤ 1500 / 300 ms, 60 fps, ≤ 100 ms', async () => {
      const big = await measureUi(browser, bigApp, ctx.stores.counts.leaves, ctx.runs.ui);
      const small = await measureUi(browser, smallApp, 100, ctx.runs.ui);
      const flat = (name: string, unit: 'ms' | 'fps', ours: number[], peer: number[], goal: string, met: (s: Stats) => boolean): Row => {
        const o = summarize(ours);
        const p = summarize(peer);
        return { case: '5 UI at scale', measure: name, unit, ours: o, peer: { name: 'same UI, 100 certificates', stats: p }, ratio: o.median / p.median, ratioText: `${(o.median / p.median).toFixed(2)}× the 100 figure`, goal, met: met(o) };
      };
      return [
        flat('first useful paint (navigation → folder row painted)', 'ms', big.paint, small.paint, '≤ 1500 ms, near flat', (s) => s.median <= 1500),
        flat('expand the folder (double-click → first row painted)', 'ms', big.expand, small.expand, '≤ 300 ms, near flat', (s) => s.median <= 300),
        flat('scroll 120 frames × 60 px (frames per second)', 'fps', big.fps, small.fps, '≈ 60 fps (≥ 50)', (s) => s.median >= 50),
        flat('scroll: longest frame', 'ms', big.worstFrame, small.worstFrame, 'no long frame (≤ 50 ms)', (s) => s.median <= 50),
        flat('context menu (right-click → menu painted)', 'ms', big.menu, small.menu, '≤ 100 ms, near flat', (s) => s.median <= 100),
      ];
    });
    if (wanted(ctx, 4)) await section(rows, '4 watch latency', '≤ 300 ms', async () => {
      const watchBig = await measureWatch(browser, bigApp, ctx.stores.big, ctx.stores.counts.leaves, ctx.runs.watch, 'big');
      const watchSmall = await measureWatch(browser, smallApp, ctx.stores.small, 100, ctx.runs.watch, 'small');
      const inProcess = await runWorker<{ ours: number[]; cm: number[] }>('watch-worker.ts', [ctx.stores.big, String(ctx.runs.watch)], { timeoutMs: 300_000 }).catch((error: Error) => {
        ctx.log(`  watch worker failed: ${error.message}`);
        return null;
      });
      const peerStats = inProcess ? summarize(inProcess.cm.filter(Number.isFinite)) : null;
      const watcherStats = inProcess ? summarize(inProcess.ours.filter(Number.isFinite)) : null;
      const row = (measure: string, samples: number[], extra: Partial<Row> = {}): Row => {
        const stats = summarize(samples.filter(Number.isFinite));
        return { case: '4 watch latency', measure, unit: 'ms', ours: stats, goal: '≤ 300 ms', met: stats.median <= 300, ...extra };
      };
      return [
        {
          case: '4 watch latency',
          measure: 'file in rejected/ → noticed in-process, no UI (store of 10,000)',
          unit: 'ms',
          ours: watcherStats,
          peer: peerStats ? { name: 'CertificateManager (chokidar) certificateAdded', stats: peerStats } : null,
          ...speedRatio(watcherStats, peerStats),
          goal: '(informative)',
          met: null,
          note: 'ours = StoreWatcher change event: a 40 ms settle delay, then the file is read and parsed',
        },
        row('file in rejected/ → stores:changed in the page (store of 10,000)', watchBig.event, {
          note: `the last event carried ${kb(watchBig.bytes)} of JSON with 10,000, ${kb(watchSmall.bytes)} with 100`,
        }),
        row('file in rejected/ → the app shows it (status bar count painted), 10,000', watchBig.tree),
        row('file in rejected/ → stores:changed in the page (store of 100)', watchSmall.event),
        row('file in rejected/ → the app shows it (status bar count painted), 100', watchSmall.tree),
      ];
    });
  } finally {
    await bigApp.close();
    await smallApp.close();
  }
  return rows;
}
