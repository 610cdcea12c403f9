import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Api, StoreChangedEvent } from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/ipc/result';
import { cert, storeView, unreadable } from '../testing/views';
import { canStage, createActions, type Actions } from './actions';
import { createAppStore, type AppStore } from './app-state';
import { entryKeyOf } from './keys';
import { locateEntry, selectSyncChanges } from './selectors';

const ok = <T>(value: T): Result<T> => ({ ok: true, value });

function fakeApi(overrides: Partial<Api>): Api {
  const missing = () => Promise.resolve({ ok: false as const, error: { code: 'INTERNAL' as const, message: 'not in this test' } });
  return new Proxy(overrides, { get: (target, key: string) => (target as Record<string, unknown>)[key] ?? missing }) as Api;
}

const platform = { downloads: [] as string[], copied: [] as string[] };
const testPlatform = {
  download: (name: string) => void platform.downloads.push(name),
  copyText: async (text: string) => (platform.copied.push(text), true),
};

describe('actions', () => {
  let store: AppStore;
  const refused = cert('Refused', 'rejected');
  const broken = unreadable('trusted/certs/junk', 'trusted');
  const view = storeView('s', [refused, broken]);

  beforeEach(() => {
    store = createAppStore();
    store.getState().setStores([view]);
  });

  const located = (entry: typeof refused | typeof broken) => locateEntry(store.getState(), entryKeyOf('s', entry))!;

  it('shows each notice of the host once, e.g. settings that were damaged and reset', async () => {
    const notice = 'settings.json was damaged and is kept as settings.json.damaged-1; the defaults are in use';
    const info = { mode: 'browser' as const, version: '0.1.0', appStoreId: 'app-own', platform: 'linux', notices: [notice] };
    const actions = createActions(fakeApi({ 'app:get-info': async () => ok(info), 'stores:list': async () => ok([view]) }), store, testPlatform);
    await actions.loadAll();
    await actions.loadAll();
    expect(store.getState().notifications.filter((n) => n.message === notice)).toEqual([expect.objectContaining({ severity: 'warning' })]);
  });

  it('stages Trust at once, but Delete only after the confirmation', () => {
    const actions = createActions(fakeApi({}), store, testPlatform);
    actions.requestChange('trust', [located(refused)]);
    expect(store.getState().pending).toHaveLength(1);
    actions.requestChange('delete', [located(refused)]);
    expect(store.getState().confirmDelete).toHaveLength(1);
    expect(store.getState().pending[0]!.kind).toBe('trust');
    actions.confirmDelete();
    expect(store.getState().pending.map((c) => c.kind)).toEqual(['delete']);
    expect(store.getState().confirmDelete).toBeNull();
  });

  it('never stages Trust or Reject on an unreadable file', () => {
    const actions = createActions(fakeApi({}), store, testPlatform);
    actions.requestChange('trust', [located(broken)]);
    expect(store.getState().pending).toEqual([]);
  });

  it('leaves an application’s own certificate out of Trust and Reject, but lets it be deleted', () => {
    const own = cert('Me', 'own');
    expect(canStage('trust', own)).toBe(false);
    expect(canStage('reject', own)).toBe(false);
    expect(canStage('delete', own)).toBe(true);
  });

  it('Sync sends exactly the contract fields, replaces the stores and follows the moved selection', async () => {
    let sent: unknown;
    const moved = { ...refused, folder: 'trusted' as const, file: 'trusted/certs/Refused.der' };
    const actions = createActions(
      fakeApi({
        'changes:sync': async (input) => {
          sent = input;
          return ok({
            reports: [{ storeId: 's', done: 1, conflicts: 0, failed: 0, results: [{ kind: 'trust', file: refused.file, id: refused.id, status: 'done', to: moved.file, message: 'moved' }] }],
            stores: [storeView('s', [moved, broken])],
          });
        },
      }),
      store,
      testPlatform,
    );
    store.getState().select(entryKeyOf('s', refused));
    actions.requestChange('trust', [located(refused)]);
    await actions.sync();
    expect(sent).toEqual({ changes: [{ storeId: 's', kind: 'trust', file: refused.file, id: refused.id }] });
    expect(store.getState().pending).toEqual([]);
    expect(store.getState().selected).toEqual([entryKeyOf('s', moved)]);
    expect(store.getState().notifications.at(-1)).toMatchObject({ severity: 'success', message: 'Synced: 1 change applied' });
    expect(selectSyncChanges(store.getState())).toEqual([]);
  });

  it('Sync with conflicts shows the per-item report and drops the conflicting change', async () => {
    const actions = createActions(
      fakeApi({
        'changes:sync': async () =>
          ok({
            reports: [{ storeId: 's', done: 0, conflicts: 1, failed: 0, results: [{ kind: 'trust', file: refused.file, id: refused.id, status: 'conflict', message: 'no longer there' }] }],
            stores: [storeView('s', [broken])],
          }),
      }),
      store,
      testPlatform,
    );
    actions.requestChange('trust', [located(refused)]);
    await actions.sync();
    expect(store.getState().syncReport).toMatchObject([{ status: 'conflict', label: 'Refused', message: 'no longer there' }]);
    expect(store.getState().pending).toEqual([]);
    expect(store.getState().stores[0]!.entries).toEqual([broken]);
  });

  it('a failed request is shown one way: what was tried, what went wrong, what to do', async () => {
    const actions = createActions(fakeApi({ 'changes:sync': async () => ({ ok: false, error: { code: 'IO', message: 'EACCES' } }) }), store, testPlatform);
    await actions.sync();
    expect(store.getState().notifications.at(-1)).toMatchObject({ severity: 'error', message: 'Sync failed: EACCES', hint: expect.stringContaining('write') });
  });

  it('a whole store sent with a change replaces the store view, and what arrived is marked new', () => {
    const actions: Actions = createActions(fakeApi({}), store, testPlatform);
    const fresh = cert('Fresh', 'rejected');
    const event: StoreChangedEvent = { storeId: 's', type: 'added', folder: 'rejected', file: fresh.file, thumbprint: fresh.id, store: storeView('s', [refused, broken, fresh]) };
    actions.onStoreChanged(event);
    expect(store.getState().stores[0]!.entries).toHaveLength(3);
    expect(store.getState().newFiles).toEqual({ [`s\u001f${fresh.file}`]: true });
  });

  describe('a change on disk sent as a delta', () => {
    const delta = (base: number, revision: number, parts: Partial<Pick<StoreChangedEvent & { store?: undefined }, 'added' | 'updated' | 'removed'>>, file = 'rejected/x.der'): StoreChangedEvent => ({
      storeId: 's',
      type: 'added',
      folder: 'rejected',
      file,
      thumbprint: null,
      revision,
      baseRevision: base,
      added: [],
      updated: [],
      removed: [],
      missingFolders: [],
      error: null,
      scannedAt: '2026-11-26T00:00:00.000Z',
      ...parts,
    });

    beforeEach(() => store.getState().setStores([{ ...view, revision: 7 }]));

    it('adds the certificate that arrived to the view at that revision and marks it new, without asking the host', () => {
      const actions = createActions(fakeApi({}), store, testPlatform);
      const fresh = cert('Fresh', 'rejected');
      actions.onStoreChanged(delta(7, 8, { added: [fresh] }, fresh.file));
      const shown = store.getState().stores[0]!;
      expect(shown.entries.map((e) => e.id)).toEqual([refused.id, broken.id, fresh.id]);
      expect(shown.revision).toBe(8);
      expect(store.getState().newFiles).toEqual({ [`s\u001f${fresh.file}`]: true });
    });

    it('drops removed files and replaces the entries of updated ones', () => {
      const actions = createActions(fakeApi({}), store, testPlatform);
      const warned = { ...refused, problems: [{ code: 'trusted-and-rejected' as const, severity: 'info' as const, message: 'also in trusted' }] };
      actions.onStoreChanged({ ...delta(7, 9, { updated: [warned], removed: [broken.file] }), type: 'removed' });
      expect(store.getState().stores[0]!.entries).toEqual([warned]);
      expect(store.getState().newFiles).toEqual({});
    });

    it('re-reads the list when it missed a change, then applies what came meanwhile', async () => {
      const fresh = cert('Fresh', 'rejected');
      const later = cert('Later', 'rejected');
      let answer!: (value: Result<typeof view[]>) => void;
      let lists = 0;
      const actions = createActions(fakeApi({ 'stores:list': () => (lists++, new Promise((resolve) => (answer = resolve))) }), store, testPlatform);
      actions.onStoreChanged(delta(8, 9, { added: [fresh] }, fresh.file)); // revision 8 never reached this window
      actions.onStoreChanged(delta(9, 10, { added: [later] }, later.file));
      expect(lists).toBe(1);
      expect(store.getState().stores[0]!.entries).toHaveLength(2);
      answer(ok([{ ...view, entries: [refused, broken, fresh], revision: 9 }]));
      await vi.waitFor(() => expect(store.getState().stores[0]!.revision).toBe(10));
      expect(store.getState().stores[0]!.entries.map((e) => e.id)).toEqual([refused.id, broken.id, fresh.id, later.id]);
      expect(lists).toBe(1);
      expect(Object.keys(store.getState().newFiles)).toEqual([`s\u001f${fresh.file}`, `s\u001f${later.file}`]);
    });

    it('keeps its view when a whole store older than it arrives, and takes a newer one', () => {
      const actions = createActions(fakeApi({}), store, testPlatform);
      const whole = (revision: number, entries: typeof view.entries): StoreChangedEvent => ({ storeId: 's', type: 'changed', folder: 'trusted', file: '', thumbprint: null, store: { ...view, entries, revision } });
      actions.onStoreChanged(whole(5, []));
      expect(store.getState().stores[0]!.entries).toHaveLength(2);
      actions.onStoreChanged(whole(9, [refused]));
      expect(store.getState().stores[0]!.entries).toEqual([refused]);
    });

    it('ignores a change the view already holds (a newer list came first)', () => {
      const actions = createActions(fakeApi({}), store, testPlatform);
      actions.onStoreChanged(delta(6, 7, { added: [cert('Old news', 'rejected')] }));
      expect(store.getState().stores[0]!.entries).toHaveLength(2);
    });
  });

  it('imports into the chosen folder and selects what was imported', async () => {
    const imported = cert('Imported', 'trusted');
    let input: unknown;
    const actions = createActions(
      fakeApi({
        'certs:import': async (i) => {
          input = i;
          return ok({ results: [{ source: 'a.der', status: 'imported', kind: 'certificate', id: imported.id, file: imported.file, message: 'imported' }], store: storeView('s', [refused, broken, imported]) });
        },
      }),
      store,
      testPlatform,
    );
    await actions.importFiles({ storeId: 's', folder: 'trusted' }, [{ name: 'a.der', base64: 'MA==' }]);
    expect(input).toEqual({ storeId: 's', to: 'trusted', files: [{ name: 'a.der', base64: 'MA==' }] });
    expect(store.getState().selected).toEqual([entryKeyOf('s', imported)]);
    expect(store.getState().notifications.at(-1)?.message).toBe('Imported 1 file into Trusted of s');
  });
});
