/**
 * Item 9 of issue 8: the settings file. A corrupted or half-written settings.json is detected,
 * kept aside byte for byte (settings.json.damaged-<time>), replaced by the defaults, and the user
 * is told (app:get-info's notices). Saving is atomic: a writer killed at any point leaves the old
 * settings or the new ones, never a part.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHandlers } from '../../../electron/core/app/handlers';
import { TrustService } from '../../../electron/core/app/trust-service';
import { PkiStore } from '../../../electron/core/pki/store';
import { SettingsFile } from '../../../electron/core/settings/settings';
import type { AppInfo } from '../../../shared/ipc/contract';
import { tempDir } from '../../helpers/tmp';
import { bundledFixture, firstLine, startBundled } from './fixtures/child';
import { seedHome } from './fixtures/seed-home';
import { HEAVY, prng, seedFromEnv } from './fixtures/prng';

const services: TrustService[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
});

/** A home with the app's identities already made (no RSA key generated per test). */
const newHome = async () => seedHome(await tempDir('settings-home-'));

/** Starts the app on a home and returns what app:get-info tells the window. */
async function startApp(home: string): Promise<{ service: TrustService; info: AppInfo }> {
  const service = new TrustService({ home, mode: 'browser', watch: false });
  services.push(service);
  await service.start();
  const info = await createHandlers(service)['app:get-info']({});
  if (!info.ok) throw new Error(info.error.message);
  return { service, info: info.value };
}

/** A home whose settings.json holds `content` (a store registered in it, to see what survives). */
async function homeWith(content: string | ((valid: string) => string)): Promise<{ home: string; original: string }> {
  const home = await newHome();
  const store = await tempDir('settings-store-');
  PkiStore.init(store, 'node-opcua');
  const valid = `${JSON.stringify({ version: 1, stores: [{ id: 's-1', name: 'Line 1', root: store, layout: 'node-opcua', role: 'server' }], rejectedFolderCap: 50 }, null, 2)}\n`;
  const original = typeof content === 'string' ? content : content(valid);
  writeFileSync(path.join(home, 'settings.json'), original);
  return { home, original };
}

const backups = (home: string) => readdirSync(home).filter((n) => n.startsWith('settings.json.damaged-'));

describe('a damaged settings file', () => {
  it.each([
    ['garbage bytes', () => '\u0000\u00ff\u00fe{{{ not json'],
    ['half written (cut in the middle)', (valid: string) => valid.slice(0, Math.floor(valid.length / 2))],
    ['empty', () => ''],
    ['JSON that is not settings (a list)', () => '[1, 2, 3]'],
    ['JSON that is not settings (null)', () => 'null'],
  ])('is detected when %s, kept aside byte for byte, replaced by the defaults, and the user is told', async (_what, content) => {
    const { home, original } = await homeWith(content);
    const { service, info } = await startApp(home);
    expect(info.notices).toEqual([expect.stringMatching(/^The settings file was damaged \(.+\)\. It was kept as .*settings\.json\.damaged-\d+ and replaced by the defaults/)]);
    const [backup] = backups(home);
    expect(readFileSync(path.join(home, backup), 'latin1')).toBe(Buffer.from(original).toString('latin1'));
    const now = JSON.parse(readFileSync(path.join(home, 'settings.json'), 'utf8'));
    expect(now).toMatchObject({ version: 1, stores: [], rejectedFolderCap: 100 });
    expect(service.listStores().filter((s) => !s.builtIn)).toEqual([]);
    // Told once: the next start finds good settings and says nothing.
    await service.close();
    expect((await startApp(home)).info.notices).toEqual([]);
    expect(backups(home)).toHaveLength(1);
  });

  it('keeps the valid parts of a file with invalid ones, says which were reset, and keeps the file as it was', async () => {
    const { home, original } = await homeWith((valid) => valid.replace('"rejectedFolderCap": 50', '"rejectedFolderCap": -5, "demoServer": { "port": "http" }'));
    const { service, info } = await startApp(home);
    expect(info.notices).toEqual([expect.stringContaining('reset to their defaults (rejectedFolderCap, demoServer.port)')]);
    expect(service.listStores().filter((s) => !s.builtIn).map((s) => s.name)).toEqual(['Line 1']);
    expect(readFileSync(path.join(home, backups(home)[0]), 'utf8')).toBe(original);
  });

  it('that is not a file at all (a folder named settings.json) is moved aside too, and the app starts', async () => {
    const home = await newHome();
    mkdirSync(path.join(home, 'settings.json'));
    writeFileSync(path.join(home, 'settings.json', 'inside'), 'x');
    const { info } = await startApp(home);
    expect(info.notices).toEqual([expect.stringContaining('it cannot be read: EISDIR')]);
    expect(readFileSync(path.join(home, backups(home)[0], 'inside'), 'utf8')).toBe('x');
  });

  it('is not reported when the file is fine or absent', async () => {
    const { home } = await homeWith((valid) => valid);
    expect((await startApp(home)).info.notices).toEqual([]);
    expect((await startApp(await newHome())).info.notices).toEqual([]);
    expect(backups(home)).toEqual([]);
  });
});

describe('saving the settings', () => {
  it('is atomic: a writer killed with SIGKILL at random points always leaves whole settings', async () => {
    const seed = seedFromEnv();
    const rng = prng(seed);
    await bundledFixture('settings-writer.ts');
    const home = await tempDir('settings-kill-');
    const runs = HEAVY ? 200 : 20;
    const kills: number[] = [];
    const caps: number[] = [];
    for (let run = 0; run < runs; run++) {
      const child = await startBundled('settings-writer.ts', [home]);
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await firstLine(child, 20_000);
      const ms = rng.int(0, 40);
      kills.push(ms);
      setTimeout(() => child.kill('SIGKILL'), ms);
      await exited;
      const loaded = new SettingsFile(home).load();
      expect(loaded.notices, `run ${run}, killed ${ms} ms after its first save`).toEqual([]);
      caps.push(loaded.settings.rejectedFolderCap);
      expect(loaded.settings.recentConnections).toHaveLength(20);
    }
    console.log(`settings: ${runs} writers killed mid-save (seed ${seed}, kill points ms: ${kills.join(' ')}); each left whole settings (saves reached: ${caps.join(' ')})`);
    // Nothing of the killed writers is left: no backup (nothing was damaged), no temp file.
    expect(readdirSync(home).sort()).toEqual(['settings.json']);
  }, 120_000);

  it('leaves the temp file of a live writer alone, and removes those of dead ones', async () => {
    const home = await tempDir('settings-temps-');
    new SettingsFile(home).save(new SettingsFile(home).load().settings);
    writeFileSync(path.join(home, `settings.json.${process.ppid}.tmp`), '{"half":');
    writeFileSync(path.join(home, 'settings.json.999999999.tmp'), '{"half":');
    new SettingsFile(home).load();
    expect(existsSync(path.join(home, `settings.json.${process.ppid}.tmp`))).toBe(true);
    expect(existsSync(path.join(home, 'settings.json.999999999.tmp'))).toBe(false);
  });
});

describe('an interrupted sync found at start', () => {
  it('is finished and the user is told, in the same notices', async () => {
    const home = await newHome();
    const store = await tempDir('settings-crashed-');
    PkiStore.init(store, 'node-opcua');
    writeFileSync(path.join(store, 'rejected', 'a.pem'), 'x');
    writeFileSync(path.join(store, '.uatrust-journal.json'), JSON.stringify({ version: 1, state: 'applying', startedAt: '', actions: [{ type: 'move', from: 'rejected/a.pem', to: 'trusted/certs/a.pem' }] }));
    writeFileSync(path.join(home, 'settings.json'), JSON.stringify({ version: 1, stores: [{ id: 's-1', name: 'Line 2', root: store, layout: 'node-opcua', role: 'server' }] }));
    const { info } = await startApp(home);
    expect(info.notices).toEqual(['A sync in Line 2 had been interrupted (1 step(s)); it was completed when the app started.']);
    expect(existsSync(path.join(store, 'trusted', 'certs', 'a.pem'))).toBe(true);
  });
});
