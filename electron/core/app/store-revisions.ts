import type { StoreDelta } from '../../../shared/ipc/contract';
import type { StoreEntry } from '../../../shared/types/cert';
import type { StoreView } from '../../../shared/types/store';

/**
 * Above this many changed entries (and half the store) a change is sent as the whole store: a
 * flood of files is then one plain list, not a delta as large as the list.
 */
const MAX_DELTA_ENTRIES = 2000;

interface Sent {
  revision: number;
  entries: StoreEntry[];
  /** The same entries, to tell in one lookup whether an entry object was already sent. */
  set: Set<StoreEntry>;
  missingFolders: string[];
  error: string | null;
}

/** A view stamped with its revision, and what changed since the view before it (null: send the whole store). */
export interface RecordedView {
  view: StoreView;
  delta: StoreDelta | null;
}

/**
 * The revision of every store's content as last handed to a renderer, so that a change can travel
 * as a delta (a certificate arriving in a store of 10,000 is ~1 KB, not the 9 MB store).
 * Revisions come from one counter for all stores: a store removed and added again never reuses one.
 */
export class StoreRevisions {
  private counter = 0;
  private readonly sent = new Map<string, Sent>();

  /** Stamps a view with its store's revision (a new one when its content differs from the last recorded) and says what changed. */
  record(view: StoreView): RecordedView {
    const previous = this.sent.get(view.id);
    const set = new Set(view.entries);
    if (!previous) {
      const revision = ++this.counter;
      this.sent.set(view.id, { revision, entries: view.entries, set, missingFolders: view.missingFolders, error: view.error });
      return { view: { ...view, revision }, delta: null };
    }
    const { added, updated, removed } = diff(previous, view.entries, set);
    const same = added.length === 0 && updated.length === 0 && removed.length === 0 && previous.error === view.error && sameList(previous.missingFolders, view.missingFolders);
    const revision = same ? previous.revision : ++this.counter;
    this.sent.set(view.id, { revision, entries: view.entries, set, missingFolders: view.missingFolders, error: view.error });
    const size = added.length + updated.length + removed.length;
    const tooLarge = size > MAX_DELTA_ENTRIES && size > view.entries.length / 2;
    const delta: StoreDelta | null = tooLarge
      ? null
      : { revision, baseRevision: previous.revision, added, updated, removed, missingFolders: view.missingFolders, error: view.error, scannedAt: view.scannedAt };
    return { view: { ...view, revision }, delta };
  }

  /** Forgets a store removed from the list. */
  forget(storeId: string): void {
    this.sent.delete(storeId);
  }
}

/**
 * Files are the unit: a changed file sends all its entries (a bundle's siblings with it). The
 * scanner hands back the same object for an unchanged certificate, so only the files of entries
 * that are not the very objects sent before are looked at (a few, even in a store of 10,000).
 */
function diff(before: Sent, after: StoreEntry[], afterSet: Set<StoreEntry>): Pick<StoreDelta, 'added' | 'updated' | 'removed'> {
  const touched = new Set<string>();
  for (const entry of after) if (!before.set.has(entry)) touched.add(entry.file);
  for (const entry of before.entries) if (!afterSet.has(entry)) touched.add(entry.file);
  const added: StoreEntry[] = [];
  const updated: StoreEntry[] = [];
  const removed: string[] = [];
  if (touched.size === 0) return { added, updated, removed };
  const old = byFile(before.entries, touched);
  const now = byFile(after, touched);
  for (const file of touched) {
    const was = old.get(file);
    const is = now.get(file);
    if (!is) removed.push(file);
    else if (!was) added.push(...is);
    else if (!sameEntries(was, is)) updated.push(...is);
  }
  return { added, updated, removed };
}

function byFile(entries: StoreEntry[], files: Set<string>): Map<string, StoreEntry[]> {
  const result = new Map<string, StoreEntry[]>();
  for (const entry of entries) {
    if (!files.has(entry.file)) continue;
    const list = result.get(entry.file);
    if (list) list.push(entry);
    else result.set(entry.file, [entry]);
  }
  return result;
}

// CRLs and entries with store-level problems are rebuilt on every scan: those few are compared by content.
function sameEntries(a: StoreEntry[], b: StoreEntry[]): boolean {
  return a.length === b.length && a.every((entry, i) => entry === b[i] || JSON.stringify(entry) === JSON.stringify(b[i]));
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
