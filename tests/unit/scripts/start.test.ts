import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tmp';

const root = new URL('../../../', import.meta.url).pathname;

/** Runs `npm start`'s launcher until it prints the browser-mode URL, then stops it. */
async function launch(env: NodeJS.ProcessEnv): Promise<string> {
  const child = spawn(process.execPath, ['scripts/start.mjs', '--no-open', '--port', '0'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL within 90 s:\n${output}`)), 90_000);
      child.stdout.on('data', () => {
        if (/URL: http:\/\/127\.0\.0\.1:\d+\/\?token=/.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
    });
  } finally {
    child.kill('SIGINT');
  }
  return output;
}

describe('npm start', () => {
  it('says in one line why there is no Electron window and starts browser mode', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, UATRUST_HOME: await tempDir('home-') };
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    const output = await launch(env);
    expect(output).toContain("Electron's runtime is not available: there is no display (DISPLAY is not set). Starting browser mode instead.");
    expect(output).toMatch(/URL: http:\/\/127\.0\.0\.1:\d+\/\?token=/);
  }, 120_000);

  it('starts browser mode when asked to with UATRUST_BROWSER=1', async () => {
    const env = { ...process.env, UATRUST_HOME: await tempDir('home-'), UATRUST_BROWSER: '1', DISPLAY: ':99' };
    const output = await launch(env);
    expect(output).toContain('UATRUST_BROWSER=1 asks for browser mode');
    expect(output).toContain('OPC UA Trust Manager is running in browser mode.');
  }, 120_000);
});
