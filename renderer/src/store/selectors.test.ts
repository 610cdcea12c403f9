import { describe, expect, it } from 'vitest';
import { cert, storeView } from '../testing/views';
import { createAppStore } from './app-state';
import { entryKeyOf } from './keys';
import { selectPendingFor, selectSelectedEntries, selectSyncChanges } from './selectors';

describe('selectors', () => {
  const a = cert('A', 'rejected');
  const b = cert('B', 'trusted');

  it('finds the selected entries that still exist', () => {
    const store = createAppStore();
    store.getState().setStores([storeView('s', [a, b])]);
    store.getState().setSelection([entryKeyOf('s', a), entryKeyOf('s', cert('Gone', 'trusted')), entryKeyOf('s', b)]);
    expect(selectSelectedEntries(store.getState()).map((x) => x.entry)).toEqual([a, b]);
  });

  it('gives the pending change of a node, and the sync input without the UI-only fields', () => {
    const store = createAppStore();
    store.getState().stage([{ storeId: 's', kind: 'trust', file: a.file, id: a.id, from: 'rejected' }]);
    expect(selectPendingFor(entryKeyOf('s', a))(store.getState())?.kind).toBe('trust');
    expect(selectPendingFor(entryKeyOf('s', b))(store.getState())).toBeNull();
    expect(selectSyncChanges(store.getState())).toEqual([{ storeId: 's', kind: 'trust', file: a.file, id: a.id }]);
  });
});
