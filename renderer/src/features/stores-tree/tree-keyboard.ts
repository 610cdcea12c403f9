import { entryLabel } from '../../lib/entry-status';
import { FOLDER_LABEL, isExpandable, type TreeRow } from './tree-model';

/** What a key press in the tree does (WAI-ARIA tree pattern), decided without touching the DOM. */
export type TreeKeyAction =
  | { type: 'focus'; index: number; extend?: boolean }
  | { type: 'expand'; index: number }
  | { type: 'collapse'; index: number }
  | { type: 'activate'; index: number }
  | { type: 'toggle-select'; index: number }
  | { type: 'menu'; index: number }
  | { type: 'delete'; index: number };

export interface KeyInput {
  key: string;
  shiftKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

export function treeKeyAction(rows: readonly TreeRow[], index: number, event: KeyInput): TreeKeyAction | null {
  if (rows.length === 0) return null;
  const last = rows.length - 1;
  const at = Math.min(Math.max(index, 0), last);
  const row = rows[at]!;
  const extend = event.shiftKey === true;
  if (index < 0 && ['ArrowDown', 'ArrowUp', 'ArrowRight', 'ArrowLeft', 'Enter', ' '].includes(event.key)) {
    return { type: 'focus', index: 0 };
  }
  switch (event.key) {
    case 'ArrowDown':
      return { type: 'focus', index: Math.min(at + 1, last), extend };
    case 'ArrowUp':
      return { type: 'focus', index: Math.max(at - 1, 0), extend };
    case 'Home':
      return { type: 'focus', index: 0, extend };
    case 'End':
      return { type: 'focus', index: last, extend };
    case 'PageDown':
      return { type: 'focus', index: Math.min(at + 10, last), extend };
    case 'PageUp':
      return { type: 'focus', index: Math.max(at - 10, 0), extend };
    case 'ArrowRight':
      if (!isExpandable(row)) return null;
      if (row.type !== 'entry' && !row.expanded) return { type: 'expand', index: at };
      return at < last && rows[at + 1]!.parentKey === row.key ? { type: 'focus', index: at + 1 } : null;
    case 'ArrowLeft': {
      if (row.type !== 'entry' && row.expanded) return { type: 'collapse', index: at };
      const parent = rows.findIndex((r) => r.key === row.parentKey);
      return parent >= 0 ? { type: 'focus', index: parent } : null;
    }
    case 'Enter':
      return { type: 'activate', index: at };
    case ' ':
      return event.ctrlKey || event.metaKey ? { type: 'toggle-select', index: at } : { type: 'activate', index: at };
    case 'ContextMenu':
      return { type: 'menu', index: at };
    case 'F10':
      return event.shiftKey ? { type: 'menu', index: at } : null;
    case 'Delete':
      return row.type === 'entry' ? { type: 'delete', index: at } : null;
    default:
      return null;
  }
}

export function rowLabel(row: TreeRow): string {
  switch (row.type) {
    case 'store':
      return row.store.name;
    case 'folder':
      return FOLDER_LABEL[row.folder];
    case 'entry':
      return entryLabel(row.entry);
  }
}

/** Type-ahead: the next row after `index` whose label starts with `prefix` (wrapping around). */
export function findByPrefix(rows: readonly TreeRow[], index: number, prefix: string): number {
  const wanted = prefix.toLocaleLowerCase();
  for (let step = 1; step <= rows.length; step++) {
    const i = (index + step) % rows.length;
    if (rowLabel(rows[i]!).toLocaleLowerCase().startsWith(wanted)) return i;
  }
  return -1;
}
