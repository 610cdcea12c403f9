import type { StateCreator } from 'zustand';
import type { FolderKind } from '../../../shared/types/cert';
import { CHANGE_TARGET, type ChangeResult, type StagedChange } from '../../../shared/types/changes';
import type { AppState } from './app-state';
import { entryKey, type NodeKey } from './keys';

/** A change the user staged and Sync will apply. */
export interface PendingChange extends StagedChange {
  storeId: string;
  /** The folder the entry was in when staged (to show "Rejected → Trusted"). */
  from: FolderKind;
}

export const pendingKeyOf = (change: Pick<PendingChange, 'storeId' | 'file' | 'id'>): NodeKey => entryKey(change.storeId, change.file, change.id);

/** Adds changes to the pending list: one per entry, the newest wins; a move to where the entry already is cancels. */
export function stageInto(pending: PendingChange[], changes: PendingChange[]): PendingChange[] {
  const next = new Map(pending.map((c) => [pendingKeyOf(c), c] as const));
  for (const change of changes) {
    const key = pendingKeyOf(change);
    next.delete(key);
    if (CHANGE_TARGET[change.kind] !== change.from) next.set(key, change);
  }
  return [...next.values()];
}

/** What stays pending after a Sync: only failures, which the user may retry or discard. */
export function settleAfterSync(pending: PendingChange[], results: (ChangeResult & { storeId: string })[]): PendingChange[] {
  const settled = new Set(results.filter((r) => r.status !== 'failed').map((r) => pendingKeyOf(r)));
  return pending.filter((c) => !settled.has(pendingKeyOf(c)));
}

export interface ChangesSlice {
  pending: PendingChange[];
  stage(changes: PendingChange[]): void;
  unstage(keys: NodeKey[]): void;
  discardChanges(): void;
  settleChanges(results: (ChangeResult & { storeId: string })[]): void;
  dropStoreChanges(storeId: string): void;
}

export const createChangesSlice: StateCreator<AppState, [], [], ChangesSlice> = (set) => ({
  pending: [],
  stage: (changes) => set((state) => ({ pending: stageInto(state.pending, changes) })),
  unstage: (keys) => set((state) => ({ pending: state.pending.filter((c) => !keys.includes(pendingKeyOf(c))) })),
  discardChanges: () => set({ pending: [] }),
  settleChanges: (results) => set((state) => ({ pending: settleAfterSync(state.pending, results) })),
  dropStoreChanges: (storeId) => set((state) => ({ pending: state.pending.filter((c) => c.storeId !== storeId) })),
});
