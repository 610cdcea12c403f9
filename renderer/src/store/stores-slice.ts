import type { StateCreator } from 'zustand';
import type { AppInfo, StoreDelta } from '../../../shared/ipc/contract';
import type { StoreView } from '../../../shared/types/store';
import { withDelta } from '../../../shared/ipc/store-delta';
import type { AppState } from './app-state';

/** The registered PKI folders with their content, as the host last reported them. */
export interface StoresSlice {
  stores: StoreView[];
  /** False until the first `stores:list` answered (to tell "loading" from "no stores"). */
  storesLoaded: boolean;
  /** Why the list could not be read, if it could not. */
  loadError: string | null;
  appInfo: AppInfo | null;
  setAppInfo(info: AppInfo): void;
  setLoadError(message: string | null): void;
  setStores(views: StoreView[]): void;
  /** Replaces one store's view (a live update, an import); appends it when it is new. */
  replaceStore(view: StoreView): void;
  /** Keeps only these stores (after "Remove from list"). */
  keepStores(ids: string[]): void;
  /**
   * Applies a live change to the store at its base revision. `stale`: the view already holds it
   * (a newer list arrived first); `mismatch`: the view is at another revision, the store must be re-read.
   */
  applyStoreDelta(storeId: string, delta: StoreDelta): 'applied' | 'stale' | 'mismatch';
}

export const createStoresSlice: StateCreator<AppState, [], [], StoresSlice> = (set, get) => ({
  stores: [],
  storesLoaded: false,
  loadError: null,
  appInfo: null,
  setAppInfo: (appInfo) => set({ appInfo }),
  setLoadError: (loadError) => set({ loadError }),
  setStores: (views) => set({ stores: views, storesLoaded: true, loadError: null }),
  replaceStore: (view) =>
    set((state) => {
      const index = state.stores.findIndex((s) => s.id === view.id);
      if (index < 0) return { stores: [...state.stores, view] };
      const stores = state.stores.slice();
      stores[index] = view;
      return { stores };
    }),
  keepStores: (ids) => set((state) => ({ stores: state.stores.filter((s) => ids.includes(s.id)) })),
  applyStoreDelta: (storeId, delta) => {
    const current = get().stores.find((s) => s.id === storeId);
    if (!current || current.revision === undefined) return 'mismatch';
    if (delta.revision <= current.revision) return 'stale';
    if (delta.baseRevision !== current.revision) return 'mismatch';
    get().replaceStore(withDelta(current, delta));
    return 'applied';
  },
});
