import { describe, expect, it } from 'vitest';
import { build, type Metafile } from 'esbuild';
import path from 'node:path';
import { MAIN_BUNDLE_OPTIONS } from '../../../scripts/build-electron.mjs';
import { tempDir } from '../../helpers/tmp';

const REPO = path.resolve(__dirname, '../../..');
/** Packages of the core: the certificate library and its dependencies, and the contract's schemas. */
const CORE_PACKAGES = /^(node-opcua-crypto|node-opcua-pki|node-opcua|zod|@peculiar\/.*|sshpk)$/;

/** The entry bundled as the Electron main is (scripts/build-electron.mjs), with what each output imports. */
async function bundle(entry: string): Promise<{ entryOut: string; outputs: Metafile['outputs'] }> {
  const outdir = await tempDir('lazy-core-');
  const result = await build({ ...MAIN_BUNDLE_OPTIONS, absWorkingDir: REPO, entryPoints: { entry }, outdir, metafile: true, write: false, logLevel: 'silent' });
  const outputs = result.metafile.outputs;
  const entryOut = Object.keys(outputs).find((o) => outputs[o].entryPoint === entry)!;
  return { entryOut, outputs };
}

/** The external packages reached from the entry, through static imports only or through any import. */
function reached(outputs: Metafile['outputs'], entryOut: string, follow: (kind: string) => boolean): Set<string> {
  const seen = new Set<string>([entryOut]);
  const packages = new Set<string>();
  const queue = [entryOut];
  while (queue.length > 0) {
    for (const imported of outputs[queue.pop()!].imports) {
      if (!follow(imported.kind)) continue;
      if (imported.external) packages.add(imported.path);
      else if (!seen.has(imported.path)) {
        seen.add(imported.path);
        queue.push(imported.path);
      }
    }
  }
  return packages;
}

describe.each([
  ['`uatrust ui` (the CLI entry)', 'electron/cli/index.ts'],
  ['the Electron main process', 'electron/main/index.ts'],
])('%s', (_name, entry) => {
  it('reaches the core only through a dynamic import: the URL or the window comes before the core is loaded', async () => {
    const { entryOut, outputs } = await bundle(entry);
    const eager = [...reached(outputs, entryOut, (kind) => kind === 'import-statement')];
    const all = [...reached(outputs, entryOut, () => true)];
    expect(eager.filter((p) => CORE_PACKAGES.test(p))).toEqual([]);
    // The same walk over every import finds them: the core is there, loaded later.
    expect(all).toContain('node-opcua-crypto');
    expect(all).toContain('zod');
  });
});

describe('the core itself (TrustService)', () => {
  it("loads node-opcua-crypto's index only on first use: reading the stores needs its light files alone", async () => {
    const { entryOut, outputs } = await bundle('electron/core/app/trust-service.ts');
    const eager = [...reached(outputs, entryOut, (kind) => kind === 'import-statement')];
    expect(eager.filter((p) => /^(node-opcua-crypto|@peculiar\/.*|sshpk|tsyringe|reflect-metadata)$/.test(p))).toEqual([]);
    expect([...reached(outputs, entryOut, () => true)]).toContain('node-opcua-crypto');
  });
});
