import path from 'node:path';

/**
 * What live watchers have seen change, per store root, so that a re-scan of a watched store
 * re-reads only those files and takes the rest from its cache without a stat each (10,000 stats
 * are most of a re-scan). A scanner trusts the hints only after one full scan that started once
 * the watcher was ready; without a watcher every scan checks every file.
 */
interface WatchedRoot {
  watchers: number;
  /** Generation at which watching became reliable: caches validated before it are checked in full. */
  since: number;
  /** Last generation at which each path was seen changing. */
  changed: Map<string, number>;
}

/** Beyond this many remembered paths the hints are dropped and the next scans check every file. */
const MAX_REMEMBERED = 100_000;

let generation = 0;
const roots = new Map<string, WatchedRoot>();

/** A counter that grows with every change noted; scanners remember where they were. */
export function currentGeneration(): number {
  return generation;
}

/** A watcher of `root` is ready: from now on every change under it is noted. */
export function watchStarted(root: string): void {
  const watched = roots.get(root) ?? { watchers: 0, since: 0, changed: new Map<string, number>() };
  watched.watchers++;
  watched.since = ++generation;
  roots.set(root, watched);
}

/** A watcher of `root` closed or failed: scans go back to checking every file once none is left. */
export function watchStopped(root: string): void {
  const watched = roots.get(root);
  if (!watched) return;
  watched.since = ++generation;
  if (--watched.watchers <= 0) roots.delete(root);
}

/** A file was added, changed or removed (seen by a watcher, or written by this process). */
export function noteChanged(absolute: string): void {
  if (roots.size === 0) return;
  for (const [root, watched] of roots) {
    if (!absolute.startsWith(root + path.sep)) continue;
    if (watched.changed.size >= MAX_REMEMBERED) {
      watched.changed.clear();
      watched.since = ++generation;
    }
    watched.changed.set(absolute, ++generation);
  }
}

export interface ScanHints {
  /** The cache of a scanner validated at `validatedAt` can be trusted for files not in `changedAfter`. */
  trusted(validatedAt: number): boolean;
  /** True when the file changed after the generation given (the scanner's previous scan). */
  changedAfter(absolute: string, since: number): boolean;
}

/** The hints for a store root, or null when no live watcher covers it. */
export function hintsFor(root: string): ScanHints | null {
  const watched = roots.get(root);
  if (!watched) return null;
  return {
    trusted: (validatedAt) => validatedAt >= watched.since,
    changedAfter: (absolute, since) => (watched.changed.get(absolute) ?? 0) > since,
  };
}
