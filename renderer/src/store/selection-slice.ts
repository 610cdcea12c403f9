import type { StateCreator } from 'zustand';
import type { AppState } from './app-state';
import { parseKey, type NodeKey } from './keys';

export type SelectMode = 'replace' | 'toggle' | 'range';

/** The keys between `anchor` and `key` in the visible order (both included); just `key` when the anchor is gone. */
export function rangeBetween(order: readonly NodeKey[], anchor: NodeKey | null, key: NodeKey): NodeKey[] {
  const to = order.indexOf(key);
  const from = anchor === null ? -1 : order.indexOf(anchor);
  if (to < 0) return [];
  if (from < 0) return [key];
  const [lo, hi] = from <= to ? [from, to] : [to, from];
  return order.slice(lo, hi + 1);
}

/** Multi-selection only makes sense among certificates (and CRLs, unreadable files): a store or folder stands alone. */
function sameKind(keys: NodeKey[], key: NodeKey): NodeKey[] {
  const type = parseKey(key)?.type;
  return keys.filter((k) => parseKey(k)?.type === type);
}

export interface SelectionSlice {
  selected: NodeKey[];
  /** Where a Shift-range starts. */
  anchor: NodeKey | null;
  /** The node keyboard navigation is on (aria-activedescendant). */
  focused: NodeKey | null;
  select(key: NodeKey, mode?: SelectMode, order?: readonly NodeKey[]): void;
  setSelection(keys: NodeKey[]): void;
  setFocused(key: NodeKey | null): void;
}

export const createSelectionSlice: StateCreator<AppState, [], [], SelectionSlice> = (set, get) => ({
  selected: [],
  anchor: null,
  focused: null,
  select: (key, mode = 'replace', order = []) => {
    const { selected, anchor } = get();
    let next: NodeKey[];
    let nextAnchor = anchor;
    if (mode === 'toggle') {
      next = selected.includes(key) ? selected.filter((k) => k !== key) : [...sameKind(selected, key), key];
      nextAnchor = key;
    } else if (mode === 'range') {
      next = sameKind(rangeBetween(order, anchor, key), key);
      if (!next.includes(key)) next.push(key);
    } else {
      next = [key];
      nextAnchor = key;
    }
    set({ selected: next, anchor: nextAnchor, focused: key });
    get().clearNew(next);
  },
  setSelection: (keys) => {
    set({ selected: keys, anchor: keys[0] ?? null });
    get().clearNew(keys);
  },
  setFocused: (focused) => set({ focused }),
});
