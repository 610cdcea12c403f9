import { beforeEach, describe, expect, it } from 'vitest';
import { createAppStore, type AppStore } from './app-state';
import { entryKey, folderKey, storeKey } from './keys';
import { rangeBetween } from './selection-slice';

const a = entryKey('s', 'rejected/a.der', '1');
const b = entryKey('s', 'rejected/b.der', '2');
const c = entryKey('s', 'rejected/c.der', '3');
const order = [storeKey('s'), folderKey('s', 'rejected'), a, b, c];

describe('selecting in the tree', () => {
  let store: AppStore;
  beforeEach(() => {
    store = createAppStore();
  });

  it('a plain click selects one node and focuses it', () => {
    store.getState().select(a);
    store.getState().select(b);
    expect(store.getState().selected).toEqual([b]);
    expect(store.getState().focused).toBe(b);
  });

  it('Ctrl-click adds and removes certificates', () => {
    store.getState().select(a);
    store.getState().select(c, 'toggle');
    expect(store.getState().selected).toEqual([a, c]);
    store.getState().select(a, 'toggle');
    expect(store.getState().selected).toEqual([c]);
  });

  it('Ctrl-click on a folder does not mix it with certificates', () => {
    store.getState().select(a);
    store.getState().select(folderKey('s', 'rejected'), 'toggle');
    expect(store.getState().selected).toEqual([folderKey('s', 'rejected')]);
  });

  it('Shift-click selects the certificates between the anchor and the click', () => {
    store.getState().select(a);
    store.getState().select(c, 'range', order);
    expect(store.getState().selected).toEqual([a, b, c]);
    expect(rangeBetween(order, c, a)).toEqual([a, b, c]);
    expect(rangeBetween(order, null, b)).toEqual([b]);
  });

  it('selecting a new certificate clears its New mark', () => {
    store.getState().markNew('s', 'rejected/a.der');
    store.getState().markNew('s', 'rejected/b.der');
    store.getState().select(a);
    expect(Object.keys(store.getState().newFiles)).toHaveLength(1);
  });
});
