import { beforeAll, describe, expect, it } from 'vitest';
import { PkiStore } from '../../../../electron/core/pki/store';
import { makeManyCerts, type MadeCert } from '../../../helpers/certs';
import { put } from '../../../helpers/pki';
import { tempDir } from '../../../helpers/tmp';

let many: MadeCert[];

beforeAll(async () => {
  many = await makeManyCerts(1500, 'device');
});

async function bigStore() {
  const store = PkiStore.init(await tempDir('first-scan-'), 'node-opcua');
  many.forEach((c, i) => put(store.root, `trusted/certs/device-${i}.pem`, c.pem));
  return store;
}

const files = (store: PkiStore) => store.entries().map((e) => `${e.file}|${e.id}`).sort();

describe('the first scan of a store opened at start', () => {
  it('lets the event loop answer meanwhile, and lists what a plain scan lists', async () => {
    const store = await bigStore();
    let turns = 0;
    const ticker = setInterval(() => turns++, 0);
    const outcome = await store.ensureScanned();
    clearInterval(ticker);
    expect(outcome.entries).toHaveLength(1500);
    // 1,500 files take well over one 20 ms slice to parse, on any machine this runs on.
    expect(turns).toBeGreaterThan(0);
    const fresh = PkiStore.open(store.root, { layout: 'node-opcua' });
    fresh.scan();
    expect(files(store)).toEqual(files(fresh));
  });

  it('is finished at once by a plain scan asked for meanwhile (no half list, no second pass over the files)', async () => {
    const store = await bigStore();
    const first = store.ensureScanned();
    const plain = store.scan();
    expect(plain.entries).toHaveLength(1500);
    expect(plain.filesRead).toBe(0); // the yielding scan, finished first, had read them all
    expect((await first).entries).toHaveLength(1500);
  });
});
