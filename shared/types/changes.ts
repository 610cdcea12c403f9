import type { FolderKind } from './cert';

/** What a user can stage on a certificate; Sync applies them together. */
export type ChangeKind = 'trust' | 'reject' | 'delete' | 'move-to-issuers';

export const CHANGE_TARGET: Record<ChangeKind, FolderKind | null> = {
  trust: 'trusted',
  reject: 'rejected',
  'move-to-issuers': 'issuers',
  delete: null,
};

export interface StagedChange {
  kind: ChangeKind;
  /** File relative to the store root, as listed. */
  file: string;
  /** SHA-256 thumbprint the file held when the change was staged: a different one is a conflict. */
  id: string;
}

export type ChangeStatus = 'done' | 'unchanged' | 'conflict' | 'failed';

export interface ChangeResult extends StagedChange {
  status: ChangeStatus;
  /** Where the file went (relative), for moves. */
  to?: string;
  message: string;
}

export interface SyncReport {
  results: ChangeResult[];
  done: number;
  conflicts: number;
  failed: number;
}

export interface ImportResult {
  source: string;
  status: 'imported' | 'exists' | 'failed';
  kind?: 'certificate' | 'crl';
  id?: string;
  file?: string;
  message: string;
}
