import type { StateCreator } from 'zustand';
import type { ChangeResult } from '../../../shared/types/changes';
import type { FolderKind } from '../../../shared/types/cert';
import type { AppState } from './app-state';
import type { PendingChange } from './changes-slice';
import { fileKey, parseKey, type NodeKey } from './keys';

export type ImportFolder = Extract<FolderKind, 'trusted' | 'issuers' | 'rejected'>;

export interface ImportTarget {
  storeId: string;
  folder: ImportFolder;
}

/** One line of the Sync results: what happened to a change, and what the user called the certificate. */
export interface SyncReportItem extends ChangeResult {
  storeId: string;
  label: string;
}

export interface ExportRequest {
  storeId: string;
  file: string;
  id: string;
  /** What the user sees, e.g. the CN: the default file name is derived from it. */
  label: string;
}

/** Windows, dialogs and marks that belong to the window, not to the data. */
export interface UiSlice {
  /** Tree nodes the user opened or closed; others follow `defaultExpanded`. */
  expanded: Record<NodeKey, boolean>;
  /** Files that appeared while the app was open, until the user selects them. */
  newFiles: Record<string, true>;
  syncing: boolean;
  addStoreOpen: boolean;
  importDialog: ImportTarget | null;
  /** Where files chosen with the file picker (or dropped) go. */
  importTarget: ImportTarget | null;
  exportDialog: ExportRequest | null;
  confirmDelete: PendingChange[] | null;
  syncReport: SyncReportItem[] | null;
  setExpanded(key: NodeKey, expanded: boolean): void;
  markNew(storeId: string, file: string): void;
  clearNew(keys: NodeKey[]): void;
  setSyncing(syncing: boolean): void;
  setAddStoreOpen(open: boolean): void;
  openImportDialog(target: ImportTarget | null): void;
  setImportTarget(target: ImportTarget | null): void;
  openExportDialog(request: ExportRequest | null): void;
  askDelete(changes: PendingChange[] | null): void;
  showSyncReport(items: SyncReportItem[] | null): void;
}

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set, get) => ({
  expanded: {},
  newFiles: {},
  syncing: false,
  addStoreOpen: false,
  importDialog: null,
  importTarget: null,
  exportDialog: null,
  confirmDelete: null,
  syncReport: null,
  setExpanded: (key, expanded) => set((state) => ({ expanded: { ...state.expanded, [key]: expanded } })),
  markNew: (storeId, file) => set((state) => ({ newFiles: { ...state.newFiles, [fileKey(storeId, file)]: true } })),
  clearNew: (keys) => {
    const current = get().newFiles;
    const files = keys.flatMap((key) => {
      const parsed = parseKey(key);
      return parsed?.type === 'entry' ? [fileKey(parsed.storeId, parsed.file)] : [];
    });
    if (!files.some((f) => current[f])) return;
    const newFiles = { ...current };
    for (const f of files) delete newFiles[f];
    set({ newFiles });
  },
  setSyncing: (syncing) => set({ syncing }),
  setAddStoreOpen: (addStoreOpen) => set({ addStoreOpen }),
  openImportDialog: (importDialog) => set(importDialog ? { importDialog, importTarget: importDialog } : { importDialog }),
  setImportTarget: (importTarget) => set({ importTarget }),
  openExportDialog: (exportDialog) => set({ exportDialog }),
  askDelete: (confirmDelete) => set({ confirmDelete }),
  showSyncReport: (syncReport) => set({ syncReport }),
});
