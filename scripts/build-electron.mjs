// Bundles the Electron main process (ESM) and the sandboxed preload (one CommonJS file) with esbuild.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * How the main process is bundled (the bench bundles the CLI and a test checks the lazy core the
 * same way): ESM, packages external, split so that what is imported lazily is loaded lazily —
 * in one file esbuild would hoist every package's import to the top.
 */
export const MAIN_BUNDLE_OPTIONS = {
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
};

export async function buildElectron() {
  // Chunk names carry a hash: the previous build's would stay beside the new ones (and be packaged).
  rmSync(`${root}dist/electron/chunks`, { recursive: true, force: true });
  // The window is created before the core's chunk (node-opcua-crypto and all) is loaded.
  await build({ ...MAIN_BUNDLE_OPTIONS, absWorkingDir: root, entryPoints: { main: 'electron/main/index.ts' }, outdir: 'dist/electron' });
  await build({
    absWorkingDir: root,
    entryPoints: ['electron/preload/index.ts'],
    outfile: 'dist/electron/preload.cjs',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['electron'],
    logLevel: 'warning',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildElectron();
