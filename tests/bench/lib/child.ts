/** Runs bench workers and the app in child processes, so every contender starts from a fresh process. */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../..', import.meta.url));
export const BENCH = path.join(REPO, 'tests', 'bench');

/** Runs `tests/bench/workers/<worker>` and returns the JSON it printed on its `RESULT ` line. */
export function runWorker<T>(worker: string, args: string[], options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  return new Promise<T>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(BENCH, 'workers', worker), ...args], {
      cwd: REPO,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${worker} ${args.join(' ')} took over ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code === 0 && line) return resolve(JSON.parse(line.slice('RESULT '.length)) as T);
      reject(new Error(`${worker} exited with ${code}: ${(err || out).trim().split('\n').slice(-5).join(' | ')}`));
    });
  });
}

/** Prints the worker's result for runWorker; workers call it once at the end. */
export function report(result: unknown): void {
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

export interface RunningApp {
  url: string;
  pid: number;
  child: ChildProcess;
  /** ms from spawn to the URL line. */
  urlAfterMs: number;
  /** Asks the app's probe for its RSS and whether node-opcua is loaded (see probe/loaded-modules.mjs). */
  probe(): Promise<{ rssMb: number; heapMb: number; opcuaLoaded: boolean; opcuaModules: string[] }>;
  close(): Promise<void>;
}

/**
 * Starts `uatrust ui` for the given stores with the bench's probe preloaded: as shipped
 * (`bin/uatrust.js`, TypeScript through tsx) or from a bundle (`entry`, see bundleCli).
 */
export function startApp(stores: string[], home: string, rendererDir: string, entry = 'bin/uatrust.js', timeoutMs = 60_000): Promise<RunningApp> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['--import', path.join(BENCH, 'probe', 'loaded-modules.mjs'), entry, 'ui', '--no-open', '--no-demo-server', '--port', '0', ...stores.flatMap((s) => ['--store', s])],
    { cwd: REPO, env: { ...process.env, UATRUST_HOME: home, UATRUST_RENDERER_DIR: rendererDir, BROWSER: 'none' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  const probeWaiters: ((line: string) => void)[] = [];
  child.stderr!.on('data', (chunk: Buffer) => {
    err += chunk.toString();
    for (const line of err.split('\n')) {
      if (line.startsWith('PROBE ')) {
        err = err.replace(`${line}\n`, '');
        probeWaiters.shift()?.(line.slice('PROBE '.length));
      }
    }
  });
  return new Promise<RunningApp>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`uatrust ui printed no URL within ${timeoutMs} ms: ${err.slice(-500)}`));
    }, timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /URL: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (!match) return;
      clearTimeout(timer);
      const urlAfterMs = performance.now() - started;
      child.stdout!.removeAllListeners('data');
      child.stdout!.resume();
      resolve({
        url: match[1]!,
        pid: child.pid!,
        child,
        urlAfterMs,
        probe: () =>
          new Promise((res, rej) => {
            const t = setTimeout(() => rej(new Error('the app did not answer the probe')), 10_000);
            probeWaiters.push((json) => {
              clearTimeout(t);
              res(JSON.parse(json));
            });
            child.kill('SIGUSR2');
          }),
        close: () =>
          new Promise<void>((res) => {
            if (child.exitCode !== null || child.signalCode !== null) return res();
            const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
            child.once('exit', () => {
              clearTimeout(force);
              res();
            });
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`uatrust ui exited with ${code}: ${err.slice(-500)}`));
    });
  });
}

/**
 * The CLI bundled with esbuild the way the Electron main process is built (packages external, split
 * so that what is imported lazily loads lazily, no tsx at run time), inside node_modules/.cache so
 * that its imports resolve from the repo.
 */
export async function bundleCli(): Promise<string> {
  const [{ build }, { MAIN_BUNDLE_OPTIONS }] = await Promise.all([import('esbuild'), import('../../../scripts/build-electron.mjs')]);
  const outdir = path.join(REPO, 'node_modules', '.cache', 'uatrust-bench');
  rmSync(outdir, { recursive: true, force: true });
  await build({ ...MAIN_BUNDLE_OPTIONS, absWorkingDir: REPO, entryPoints: { uatrust: 'electron/cli/index.ts' }, outdir });
  return path.join(outdir, 'uatrust.mjs');
}
