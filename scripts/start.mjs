// `npm start`: the Electron window when Electron's runtime is there (downloading it once on demand),
// browser mode otherwise. Install scripts are off (.npmrc), so Electron's own installer runs here.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const electronDir = path.join(root, 'node_modules', 'electron');
const args = process.argv.slice(2);

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  }
  return newest;
}

/** Builds the renderer when it is missing or older than its sources. */
function ensureRendererBuilt() {
  const index = path.join(root, 'dist', 'renderer', 'index.html');
  const sources = [path.join(root, 'renderer'), path.join(root, 'shared')];
  if (existsSync(index) && statSync(index).mtimeMs >= Math.max(...sources.map(newestMtime))) return;
  console.log('Building the user interface…');
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function electronBinary() {
  const pathFile = path.join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = path.join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

/** Electron's runtime, installed on first use with Electron's own installer; null with the reason when it cannot be had. */
function findOrInstallElectron() {
  if (process.env.UATRUST_BROWSER === '1') return { binary: null, reason: 'UATRUST_BROWSER=1 asks for browser mode' };
  if (!existsSync(path.join(electronDir, 'install.js'))) return { binary: null, reason: 'the electron package is not installed' };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return { binary: null, reason: 'there is no display (DISPLAY is not set)' };
  let binary = electronBinary();
  if (binary) return { binary };
  console.log('Electron runtime not installed yet: downloading it with Electron\'s installer (once)…');
  const result = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { cwd: electronDir, stdio: ['ignore', 'ignore', 'pipe'], timeout: 180_000, encoding: 'utf8' });
  binary = result.status === 0 ? electronBinary() : null;
  if (binary) return { binary };
  const why = (result.stderr || '').split('\n').find((line) => /error/i.test(line))?.trim();
  return { binary: null, reason: `its download failed${why ? ` (${why.slice(0, 120)})` : ''}` };
}

ensureRendererBuilt();
const { binary, reason } = findOrInstallElectron();
if (binary) {
  const { buildElectron } = await import('./build-electron.mjs');
  await buildElectron();
  const child = spawn(binary, [root, ...args], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(`Electron's runtime is not available: ${reason}. Starting browser mode instead.`);
  const { register } = await import('tsx/esm/api');
  register();
  const { runCli } = await import('../electron/cli/main.ts');
  await import('../electron/cli/app-commands.ts');
  process.exitCode = await runCli(['ui', ...args]);
}
