import type { StoreView } from '../types/store';
import type { StoreDelta } from './contract';

/** The view after a delta (see StoreChangedEvent): the entries of every file it names are replaced by what it brings. */
export function withDelta(view: StoreView, delta: StoreDelta): StoreView {
  const touched = new Set(delta.removed);
  for (const entry of delta.added) touched.add(entry.file);
  for (const entry of delta.updated) touched.add(entry.file);
  const kept = touched.size === 0 ? view.entries : view.entries.filter((e) => !touched.has(e.file));
  return {
    ...view,
    entries: [...kept, ...delta.added, ...delta.updated],
    missingFolders: delta.missingFolders,
    error: delta.error,
    scannedAt: delta.scannedAt,
    revision: delta.revision,
  };
}
