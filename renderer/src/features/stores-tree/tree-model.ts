import { FOLDER_KINDS, type FolderKind, type StoreEntry } from '../../../../shared/types/cert';
import type { StoreView } from '../../../../shared/types/store';
import { getLayout, isLayoutId } from '../../../../shared/pki/layouts';
import { entryLabel } from '../../lib/entry-status';
import { entryKeyOf, folderKey, storeKey, type NodeKey } from '../../store/keys';

export const FOLDER_LABEL: Record<FolderKind, string> = {
  own: 'Own',
  trusted: 'Trusted',
  issuers: 'Issuers',
  rejected: 'Rejected',
};

/** What an empty folder tells the user to do next. */
export const EMPTY_FOLDER_HINT: Record<FolderKind, string> = {
  own: 'This application’s own certificate lives here',
  trusted: 'Trust a rejected certificate, or Import… one',
  issuers: 'CA certificates and their CRLs go here',
  rejected: 'Refused clients appear here by themselves',
};

/** Folders bigger than this start closed, so that a store with 10,000 certificates opens quickly. */
export const DEFAULT_OPEN_LIMIT = 200;

interface RowBase {
  key: NodeKey;
  level: number;
  parentKey: NodeKey | null;
  setSize: number;
  posInSet: number;
}

export interface StoreRow extends RowBase {
  type: 'store';
  store: StoreView;
  expanded: boolean;
}

export interface FolderRow extends RowBase {
  type: 'folder';
  store: StoreView;
  folder: FolderKind;
  count: number;
  expanded: boolean;
}

export interface EntryRow extends RowBase {
  type: 'entry';
  store: StoreView;
  entry: StoreEntry;
}

export type TreeRow = StoreRow | FolderRow | EntryRow;

/** The user-visible folders a layout has (Prosys keeps no own certificate folder, flat has no issuers). */
export function foldersOf(store: StoreView): FolderKind[] {
  if (!isLayoutId(store.layout)) return [...FOLDER_KINDS];
  const folders = getLayout(store.layout).folders;
  const has = (logical: string) => (folders as Record<string, string | undefined>)[logical] !== undefined;
  return FOLDER_KINDS.filter((kind) => has(`${kind}.certs`) || (kind !== 'own' && has(`${kind}.crl`)));
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
const KIND_ORDER: Record<StoreEntry['kind'], number> = { certificate: 0, crl: 1, unreadable: 2 };

/** Certificates by name, then CRLs, then unreadable files. */
export function compareEntries(a: StoreEntry, b: StoreEntry): number {
  return KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || collator.compare(entryLabel(a), entryLabel(b)) || collator.compare(a.file, b.file);
}

const folderIndexCache = new WeakMap<StoreView, Map<FolderKind, StoreEntry[]>>();

/** A store's entries by folder, sorted; computed once per store view (views are replaced, never mutated). */
export function entriesByFolder(store: StoreView): Map<FolderKind, StoreEntry[]> {
  const cached = folderIndexCache.get(store);
  if (cached) return cached;
  const index = new Map<FolderKind, StoreEntry[]>(foldersOf(store).map((f) => [f, []]));
  for (const entry of store.entries) {
    let list = index.get(entry.folder);
    if (!list) index.set(entry.folder, (list = []));
    list.push(entry);
  }
  for (const list of index.values()) list.sort(compareEntries);
  folderIndexCache.set(store, index);
  return index;
}

export function defaultExpanded(type: 'store' | 'folder', count = 0): boolean {
  return type === 'store' || count <= DEFAULT_OPEN_LIMIT;
}

/** The visible rows of the tree, in order: what the virtual list renders and keyboard navigation walks. */
export function flattenTree(stores: readonly StoreView[], expanded: Readonly<Record<NodeKey, boolean>>): TreeRow[] {
  const rows: TreeRow[] = [];
  stores.forEach((store, storeIndex) => {
    const sKey = storeKey(store.id);
    const storeOpen = expanded[sKey] ?? defaultExpanded('store');
    rows.push({ type: 'store', key: sKey, level: 1, parentKey: null, setSize: stores.length, posInSet: storeIndex + 1, store, expanded: storeOpen });
    if (!storeOpen) return;
    const index = entriesByFolder(store);
    const folders = [...index.keys()];
    folders.forEach((folder, folderIndex) => {
      const entries = index.get(folder)!;
      const fKey = folderKey(store.id, folder);
      const open = entries.length > 0 && (expanded[fKey] ?? defaultExpanded('folder', entries.length));
      rows.push({ type: 'folder', key: fKey, level: 2, parentKey: sKey, setSize: folders.length, posInSet: folderIndex + 1, store, folder, count: entries.length, expanded: open });
      if (!open) return;
      for (let i = 0; i < entries.length; i++) {
        const entry = entries[i]!;
        rows.push({ type: 'entry', key: entryKeyOf(store.id, entry), level: 3, parentKey: fKey, setSize: entries.length, posInSet: i + 1, store, entry });
      }
    });
  });
  return rows;
}

/** Whether a row can be opened (an empty folder cannot). */
export function isExpandable(row: TreeRow): boolean {
  return row.type === 'store' || (row.type === 'folder' && row.count > 0);
}
