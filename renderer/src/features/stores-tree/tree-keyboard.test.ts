import { describe, expect, it } from 'vitest';
import { cert, storeView } from '../../testing/views';
import { folderKey } from '../../store/keys';
import { findByPrefix, treeKeyAction } from './tree-keyboard';
import { flattenTree } from './tree-model';

const rows = flattenTree([storeView('a', [cert('Alpha', 'trusted'), cert('Beta', 'trusted')])], {});
const index = (label: string) => rows.findIndex((r) => (r.type === 'entry' && r.entry.kind === 'certificate' ? r.entry.subject.cn : r.type === 'folder' ? r.folder : r.store.id) === label);

describe('keys in the tree', () => {
  it('moves down and up, and stops at the ends', () => {
    expect(treeKeyAction(rows, 0, { key: 'ArrowDown' })).toEqual({ type: 'focus', index: 1, extend: false });
    expect(treeKeyAction(rows, 0, { key: 'ArrowUp' })).toEqual({ type: 'focus', index: 0, extend: false });
    expect(treeKeyAction(rows, rows.length - 1, { key: 'ArrowDown' })).toMatchObject({ index: rows.length - 1 });
    expect(treeKeyAction(rows, 3, { key: 'Home' })).toMatchObject({ type: 'focus', index: 0 });
    expect(treeKeyAction(rows, 0, { key: 'End' })).toMatchObject({ type: 'focus', index: rows.length - 1 });
  });

  it('extends the selection with Shift', () => {
    expect(treeKeyAction(rows, 1, { key: 'ArrowDown', shiftKey: true })).toEqual({ type: 'focus', index: 2, extend: true });
  });

  it('Right opens a closed node, then goes to its first child; Left closes, then goes to the parent', () => {
    const closed = flattenTree([storeView('a', [cert('Alpha', 'trusted')])], { [folderKey('a', 'trusted')]: false });
    const trustedClosed = closed.findIndex((r) => r.key === folderKey('a', 'trusted'));
    expect(treeKeyAction(closed, trustedClosed, { key: 'ArrowRight' })).toEqual({ type: 'expand', index: trustedClosed });
    expect(treeKeyAction(rows, index('trusted'), { key: 'ArrowRight' })).toEqual({ type: 'focus', index: index('Alpha') });
    expect(treeKeyAction(rows, index('trusted'), { key: 'ArrowLeft' })).toEqual({ type: 'collapse', index: index('trusted') });
    expect(treeKeyAction(rows, index('Beta'), { key: 'ArrowLeft' })).toEqual({ type: 'focus', index: index('trusted') });
    expect(treeKeyAction(rows, index('Beta'), { key: 'ArrowRight' })).toBeNull();
  });

  it('opens the context menu with Shift+F10 and the menu key', () => {
    expect(treeKeyAction(rows, 2, { key: 'F10', shiftKey: true })).toEqual({ type: 'menu', index: 2 });
    expect(treeKeyAction(rows, 2, { key: 'ContextMenu' })).toEqual({ type: 'menu', index: 2 });
    expect(treeKeyAction(rows, 2, { key: 'F10' })).toBeNull();
  });

  it('asks to delete certificates only', () => {
    expect(treeKeyAction(rows, index('Alpha'), { key: 'Delete' })).toEqual({ type: 'delete', index: index('Alpha') });
    expect(treeKeyAction(rows, index('trusted'), { key: 'Delete' })).toBeNull();
  });

  it('starts at the first node when nothing is focused yet', () => {
    expect(treeKeyAction(rows, -1, { key: 'ArrowDown' })).toEqual({ type: 'focus', index: 0 });
  });

  it('finds the next node by the letters typed', () => {
    expect(findByPrefix(rows, 0, 'be')).toBe(index('Beta'));
    expect(findByPrefix(rows, index('Beta'), 'a')).toBe(0);
    expect(findByPrefix(rows, 0, 'zz')).toBe(-1);
  });
});
