// Bundles the Electron main process (ESM) and the sandboxed preload (one CommonJS file) with esbuild.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export async function buildElectron() {
  // Chunk names carry a hash: the previous build's would stay beside the new ones (and be packaged).
  rmSync(`${root}dist/electron/chunks`, { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    // Split: the window is created before the core's chunk (node-opcua-crypto and all) is loaded.
    entryPoints: { main: 'electron/main/index.ts' },
    outdir: 'dist/electron',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
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
