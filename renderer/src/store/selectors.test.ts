import { describe, expect, it } from 'vitest';
import { demoStatus } from '../testing/connect';
import { cert, storeView } from '../testing/views';
import { createAppStore } from './app-state';
import { entryKeyOf } from './keys';
import { selectDemoStatusFor, selectPendingFor, selectSelectedEntries, selectSyncChanges, selectTrustFixState } from './selectors';

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

describe('test connection selectors', () => {
  const ours = cert('OpcUaTrustManager@host', 'rejected');
  const fix = { kind: 'trust-in-server-store' as const, storeId: 'demo-server', file: ours.file, id: ours.id, label: 'Trust it' };

  it('follows a “Trust it” fix from open to staged to done', () => {
    const store = createAppStore();
    store.getState().setStores([storeView('demo-server', [ours])]);
    expect(selectTrustFixState(fix)(store.getState())).toBe('open');
    store.getState().stage([{ storeId: 'demo-server', kind: 'trust', file: ours.file, id: ours.id, from: 'rejected' }]);
    expect(selectTrustFixState(fix)(store.getState())).toBe('staged');
    store.getState().discardChanges();
    store.getState().setStores([storeView('demo-server', [{ ...ours, folder: 'trusted', file: 'trusted/certs/ours.pem' }])]);
    expect(selectTrustFixState(fix)(store.getState())).toBe('done');
  });

  it('gives the demo server’s status for its store only', () => {
    const store = createAppStore();
    expect(selectDemoStatusFor('demo-server')(store.getState())).toBeNull();
    store.getState().setDemo(demoStatus());
    expect(selectDemoStatusFor('demo-server')(store.getState())).toBe('running on port 4841');
    expect(selectDemoStatusFor('other')(store.getState())).toBeNull();
  });
});
