import type { BenchStores } from '../data';

/** What every case gets: the temp folder, the generated stores, the built renderer and the run counts. */
export interface BenchContext {
  dir: string;
  stores: BenchStores;
  rendererDir: string;
  runs: { scan: number; rescan: number; sync: number; watch: number; ui: number; startup: number; connect: number; keygen: number };
  /** Case numbers picked with --only (null: all). */
  only: number[] | null;
  log(line: string): void;
}
