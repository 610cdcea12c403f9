import type { FolderKind, StoreEntry } from '../../../shared/types/cert';

/**
 * Keys of tree nodes. A certificate is identified by its store, its file and its thumbprint
 * (a PEM bundle holds several certificates in one file).
 */
const SEP = '\u001f';

export type NodeKey = string;

export const storeKey = (storeId: string): NodeKey => `s${SEP}${storeId}`;
export const folderKey = (storeId: string, folder: FolderKind): NodeKey => `f${SEP}${storeId}${SEP}${folder}`;
export const entryKey = (storeId: string, file: string, id: string): NodeKey => `e${SEP}${storeId}${SEP}${file}${SEP}${id}`;
export const entryKeyOf = (storeId: string, entry: Pick<StoreEntry, 'file' | 'id'>): NodeKey => entryKey(storeId, entry.file, entry.id);
/** A file in a store, whatever it holds: what a watcher event names. */
export const fileKey = (storeId: string, file: string): string => `${storeId}${SEP}${file}`;

export type ParsedKey =
  | { type: 'store'; storeId: string }
  | { type: 'folder'; storeId: string; folder: FolderKind }
  | { type: 'entry'; storeId: string; file: string; id: string };

export function parseKey(key: NodeKey): ParsedKey | null {
  const [type, storeId, a, b] = key.split(SEP);
  if (type === 's' && storeId !== undefined) return { type: 'store', storeId };
  if (type === 'f' && storeId !== undefined && a !== undefined) return { type: 'folder', storeId, folder: a as FolderKind };
  if (type === 'e' && storeId !== undefined && a !== undefined && b !== undefined) return { type: 'entry', storeId, file: a, id: b };
  return null;
}

/** A DOM id for a node (aria-activedescendant needs one): a short stable hash of the key. */
export function domIdOf(key: NodeKey): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < key.length; i++) {
    const ch = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return `node-${(h2 >>> 0).toString(36)}${(h1 >>> 0).toString(36)}`;
}
