import type { StoreEntry } from '../../../shared/types/cert';
import type { DiagnosisFix } from '../../../shared/types/connect';
import { demoStatusText } from '../lib/demo-status';
import type { StoreView } from '../../../shared/types/store';
import type { AppState } from './app-state';
import { pendingKeyOf, type PendingChange } from './changes-slice';
import { entryKey, entryKeyOf, fileKey, parseKey, type NodeKey } from './keys';

export interface LocatedEntry {
  store: StoreView;
  entry: StoreEntry;
  key: NodeKey;
}

const entryIndexCache = new WeakMap<StoreView, Map<NodeKey, StoreEntry>>();

function entryIndex(store: StoreView): Map<NodeKey, StoreEntry> {
  let index = entryIndexCache.get(store);
  if (!index) {
    index = new Map(store.entries.map((e) => [entryKeyOf(store.id, e), e] as const));
    entryIndexCache.set(store, index);
  }
  return index;
}

const pendingIndexCache = new WeakMap<PendingChange[], Map<NodeKey, PendingChange>>();

function pendingIndex(pending: PendingChange[]): Map<NodeKey, PendingChange> {
  let index = pendingIndexCache.get(pending);
  if (!index) {
    index = new Map(pending.map((c) => [pendingKeyOf(c), c] as const));
    pendingIndexCache.set(pending, index);
  }
  return index;
}

export const selectStores = (state: AppState) => state.stores;
export const selectPendingCount = (state: AppState) => state.pending.length;

export const selectStoreById = (storeId: string | null | undefined) => (state: AppState) =>
  storeId ? (state.stores.find((s) => s.id === storeId) ?? null) : null;

export const selectPendingFor = (key: NodeKey) => (state: AppState) => pendingIndex(state.pending).get(key) ?? null;

export const selectIsNew = (storeId: string, file: string) => (state: AppState) => state.newFiles[fileKey(storeId, file)] === true;

export const selectIsSelected = (key: NodeKey) => (state: AppState) => state.selected.includes(key);

/** The store and entry a key names, if they are still listed. */
export function locateEntry(state: Pick<AppState, 'stores'>, key: NodeKey): LocatedEntry | null {
  const parsed = parseKey(key);
  if (parsed?.type !== 'entry') return null;
  const store = state.stores.find((s) => s.id === parsed.storeId);
  const entry = store ? entryIndex(store).get(key) : undefined;
  return store && entry ? { store, entry, key } : null;
}

/** The selected certificates, CRLs and unreadable files that still exist. */
export function selectSelectedEntries(state: Pick<AppState, 'stores' | 'selected'>): LocatedEntry[] {
  return state.selected.map((key) => locateEntry(state, key)).filter((x): x is LocatedEntry => x !== null);
}

/** The first selected node, whatever it is: what the details pane shows. */
export const selectPrimarySelection = (state: AppState): NodeKey | null => state.selected[state.selected.length - 1] ?? null;

/** What `changes:sync` receives: exactly the contract's fields. */
export function selectSyncChanges(state: Pick<AppState, 'pending'>) {
  return state.pending.map(({ storeId, kind, file, id }) => ({ storeId, kind, file, id }));
}

/** "running on port 4840" beside the demo server's store; null for any other store. */
export const selectDemoStatusFor = (storeId: string) => (state: AppState): string | null =>
  state.demo && state.demo.storeId === storeId ? demoStatusText(state.demo) : null;

export type TrustFixState = 'open' | 'staged' | 'done';

/** Where a "Trust it" fix stands: not done yet, staged until Sync, or our certificate is in the server's Trusted. */
export const selectTrustFixState = (fix: Extract<DiagnosisFix, { kind: 'trust-in-server-store' }>) => (state: AppState): TrustFixState => {
  if (pendingIndex(state.pending).has(entryKey(fix.storeId, fix.file, fix.id))) return 'staged';
  const store = state.stores.find((s) => s.id === fix.storeId);
  return store?.entries.some((e) => e.id === fix.id && e.folder === 'trusted') ? 'done' : 'open';
};
