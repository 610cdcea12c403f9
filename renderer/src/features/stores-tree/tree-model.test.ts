import { describe, expect, it } from 'vitest';
import { cert, crl, storeView, unreadable } from '../../testing/views';
import { folderKey, storeKey } from '../../store/keys';
import { DEFAULT_OPEN_LIMIT, entriesByFolder, flattenTree, foldersOf } from './tree-model';

describe('flattening the stores tree', () => {
  it('lists a store, its four folders and their entries, with ARIA levels and positions', () => {
    const view = storeView('a', [cert('Zeta', 'trusted'), cert('alpha', 'trusted'), cert('Refused', 'rejected')]);
    const rows = flattenTree([view], {});
    expect(rows.map((r) => [r.type, r.level, r.type === 'folder' ? r.folder : r.type === 'entry' ? r.entry.file : r.store.id])).toEqual([
      ['store', 1, 'a'],
      ['folder', 2, 'own'],
      ['folder', 2, 'trusted'],
      ['entry', 3, 'trusted/certs/alpha.der'],
      ['entry', 3, 'trusted/certs/Zeta.der'],
      ['folder', 2, 'issuers'],
      ['folder', 2, 'rejected'],
      ['entry', 3, 'rejected/certs/Refused.der'],
    ]);
    const zeta = rows[4]!;
    expect([zeta.setSize, zeta.posInSet, zeta.parentKey]).toEqual([2, 2, folderKey('a', 'trusted')]);
  });

  it('sorts certificates by name (numbers in order), then CRLs, then unreadable files', () => {
    const view = storeView('a', [unreadable('issuers/certs/junk', 'issuers'), crl('CA', 'issuers'), cert('Panel 10', 'issuers'), cert('Panel 9', 'issuers')]);
    const issuers = entriesByFolder(view).get('issuers')!;
    expect(issuers.map((e) => e.kind === 'certificate' ? e.subject.cn : e.kind)).toEqual(['Panel 9', 'Panel 10', 'crl', 'unreadable']);
  });

  it('shows only the folders the layout has', () => {
    expect(foldersOf(storeView('f', [], { layout: 'flat' }))).toEqual(['own', 'trusted', 'rejected']);
    expect(foldersOf(storeView('p', [], { layout: 'prosys' }))).toEqual(['trusted', 'issuers', 'rejected']);
  });

  it('hides the children of closed nodes', () => {
    const view = storeView('a', [cert('One', 'trusted')]);
    expect(flattenTree([view], { [storeKey('a')]: false })).toHaveLength(1);
    expect(flattenTree([view], { [folderKey('a', 'trusted')]: false }).some((r) => r.type === 'entry')).toBe(false);
  });

  it('starts big folders closed, and opens 10,000 certificates quickly when asked', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => cert(`bulk-${i}`, 'rejected', { file: `rejected/certs/bulk-${i}.der` }));
    const view = storeView('big', many);
    expect(flattenTree([view], {}).some((r) => r.type === 'entry')).toBe(false);
    expect(DEFAULT_OPEN_LIMIT).toBeLessThan(10_000);
    entriesByFolder(view);
    const started = performance.now();
    const rows = flattenTree([view], { [folderKey('big', 'rejected')]: true });
    expect(performance.now() - started).toBeLessThan(200);
    expect(rows.filter((r) => r.type === 'entry')).toHaveLength(10_000);
  });

  it('never opens an empty folder', () => {
    const rows = flattenTree([storeView('a')], { [folderKey('a', 'trusted')]: true });
    expect(rows.find((r) => r.key === folderKey('a', 'trusted'))).toMatchObject({ type: 'folder', count: 0, expanded: false });
  });
});
