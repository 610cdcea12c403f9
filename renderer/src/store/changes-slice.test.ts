import { beforeEach, describe, expect, it } from 'vitest';
import { createAppStore, type AppStore } from './app-state';
import { pendingKeyOf, settleAfterSync, stageInto, type PendingChange } from './changes-slice';

const change = (file: string, kind: PendingChange['kind'], from: PendingChange['from'] = 'rejected'): PendingChange => ({ storeId: 's', kind, file, id: `id-${file}`, from });

describe('pending changes', () => {
  let store: AppStore;
  beforeEach(() => {
    store = createAppStore();
  });

  it('stages one change per certificate: the newest wins', () => {
    store.getState().stage([change('a', 'trust'), change('b', 'trust')]);
    store.getState().stage([change('a', 'delete')]);
    expect(store.getState().pending.map((c) => [c.file, c.kind])).toEqual([
      ['b', 'trust'],
      ['a', 'delete'],
    ]);
  });

  it('cancels a change that moves a certificate to where it already is', () => {
    store.getState().stage([change('a', 'trust')]);
    store.getState().stage([change('a', 'reject', 'rejected')]);
    expect(store.getState().pending).toEqual([]);
    expect(stageInto([], [change('t', 'trust', 'trusted')])).toEqual([]);
  });

  it('unstages, discards, and forgets the changes of a removed store', () => {
    store.getState().stage([change('a', 'trust'), change('b', 'reject', 'trusted'), { ...change('c', 'trust'), storeId: 'other' }]);
    store.getState().unstage([pendingKeyOf(change('a', 'trust'))]);
    expect(store.getState().pending.map((c) => c.file)).toEqual(['b', 'c']);
    store.getState().dropStoreChanges('other');
    expect(store.getState().pending.map((c) => c.file)).toEqual(['b']);
    store.getState().discardChanges();
    expect(store.getState().pending).toEqual([]);
  });

  it('after Sync keeps only the failed changes (and those staged meanwhile)', () => {
    const pending = [change('done', 'trust'), change('conflict', 'trust'), change('failed', 'trust'), change('later', 'trust')];
    const results = (['done', 'conflict', 'failed'] as const).map((status) => ({ ...change(status, 'trust'), status, message: status }));
    expect(settleAfterSync(pending, results).map((c) => c.file)).toEqual(['failed', 'later']);
  });
});
