import { statSync } from 'node:fs';
import type { CertSummary } from '../../../shared/types/cert';
import type { SyncReport } from '../../../shared/types/changes';
import { TrustError } from '../errors';
import { syncChanges } from './changeset';
import type { PkiStore } from './store';

/** The default cap of a rejected folder: refused clients pile up there on a busy server. */
export const REJECTED_FOLDER_CAP = 100;

export interface PruneReport {
  kept: number;
  removed: CertSummary[];
  sync: SyncReport;
}

/** Keeps the newest `max` rejected certificates (by file time) and deletes the older ones. */
export function pruneRejected(store: PkiStore, max: number): PruneReport {
  if (!Number.isInteger(max) || max < 0) throw new TrustError('INVALID_INPUT', '--max must be a whole number of 0 or more');
  const rejected = store.scan().entries.filter((e): e is CertSummary => e.kind === 'certificate' && e.folder === 'rejected');
  const byFile = new Map<string, { cert: CertSummary; mtime: number }>();
  for (const cert of rejected) {
    if (byFile.has(cert.file)) continue;
    let mtime = 0;
    try {
      mtime = statSync(store.resolve(cert.file)).mtimeMs;
    } catch {
      continue;
    }
    byFile.set(cert.file, { cert, mtime });
  }
  const newestFirst = [...byFile.values()].sort((a, b) => b.mtime - a.mtime || a.cert.file.localeCompare(b.cert.file));
  const old = newestFirst.slice(max);
  const sync = syncChanges(store, old.map(({ cert }) => ({ kind: 'delete' as const, file: cert.file, id: cert.id })));
  const removedFiles = new Set(sync.results.filter((r) => r.status === 'done').map((r) => r.file));
  return { kept: newestFirst.length - removedFiles.size, removed: old.map((o) => o.cert).filter((c) => removedFiles.has(c.file)), sync };
}
