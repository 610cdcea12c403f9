import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';

const root = new URL('../../../', import.meta.url).pathname;

describe('the electron-builder configuration', () => {
  it("passes electron-builder's own validation", async () => {
    const config = await getConfig(root, 'build/electron-builder.json', null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('builds an NSIS installer for Windows and an AppImage and a deb for Linux, with an icon', () => {
    const config = JSON.parse(readFileSync(`${root}build/electron-builder.json`, 'utf8'));
    expect(config.win.target.map((t: { target: string }) => t.target)).toEqual(['nsis']);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    const icon = readFileSync(`${root}${config.icon}`);
    expect(icon.subarray(1, 4).toString()).toBe('PNG');
    expect(icon.readUInt32BE(16)).toBeGreaterThanOrEqual(256);
  });

  it('packs the built main process that package.json names', () => {
    const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
    const config = JSON.parse(readFileSync(`${root}build/electron-builder.json`, 'utf8'));
    expect(config.extraMetadata.main).toBe(pkg.main);
    expect(config.files).toContain('dist/**/*');
    expect(existsSync(`${root}scripts/build-electron.mjs`)).toBe(true);
  });
});
