/**
 * Item 1 of issue 8: a store full of hostile files. Every listing the user can see (the core
 * scan, `uatrust list --json`, browser mode's `stores:list`) names each bad file as unreadable with
 * a reason, lists every good certificate beside them, and neither crashes nor hangs.
 * The CLI and browser mode run as nobody, so files without read permission are really unreadable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PkiStore } from '../../../electron/core/pki/store';
import { readStoreFile } from '../../../electron/core/pki/scan';
import type { StoreEntry, UnreadableEntry } from '../../../shared/types/cert';
import type { StoreView } from '../../../shared/types/store';
import { spawnUatrust } from '../../helpers/cli';
import { tempDir } from '../../helpers/tmp';
import { startChildApp, type ChildApp } from './fixtures/child';
import { buildHostileCorpus, type Corpus, type Expectation } from './fixtures/hostile-corpus';
import { HEAVY, prng, seedFromEnv } from './fixtures/prng';

const seed = seedFromEnv();
let corpus: Corpus;
let app: ChildApp | null = null;

beforeAll(async () => {
  const started = performance.now();
  corpus = await buildHostileCorpus(await tempDir('hostile-'), prng(seed), HEAVY ? 10 : 1);
  console.log(`hostile corpus (seed ${seed}): ${corpus.bad} bad files, ${corpus.good} good certificates, built in ${Math.round(performance.now() - started)} ms`);
}, 60_000);

afterAll(async () => {
  await app?.stop();
});

/** What is wrong with a listing, one line per file that is not shown as it must be (empty when right). */
function misses(entries: StoreEntry[], who: 'asRoot' | 'asNobody'): string[] {
  const byFile = new Map<string, StoreEntry[]>();
  for (const e of entries) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  const show = (list: StoreEntry[]) => JSON.stringify(list.map((e) => (e.kind === 'unreadable' ? `unreadable: ${e.reason}` : `${e.kind} ${e.id.slice(0, 8)}`)));
  const out: string[] = [];
  for (const e of corpus.expectations) {
    const want = e[who];
    const got = byFile.get(e.rel) ?? [];
    if (want === 'absent') continue;
    if (want === 'bad') {
      const unreadable = got.filter((g): g is UnreadableEntry => g.kind === 'unreadable' && g.reason.trim().length > 0);
      // Only a bundle may also hold good certificates beside its broken part.
      const others = e.category === 'pem-bundle-with-junk' ? [] : got.filter((g) => g.kind !== 'unreadable');
      if (unreadable.length === 0 || others.length > 0) out.push(`${e.category} ${e.rel.slice(0, 80)}: ${show(got)}`);
    } else if (!got.some((g) => g.kind === 'certificate' && g.id === want)) {
      out.push(`${e.category} ${e.rel.slice(0, 80)}: expected certificate ${want.slice(0, 8)}, got ${show(got)}`);
    }
  }
  return out;
}

/** Reasons by category, for the run's log: what a user reads for each kind of damage. */
function reasonsByCategory(entries: StoreEntry[]): Record<string, string[]> {
  const category = new Map(corpus.expectations.map((e: Expectation) => [e.rel, e.category]));
  const out: Record<string, Set<string>> = {};
  for (const e of entries) {
    if (e.kind !== 'unreadable') continue;
    const c = category.get(e.file) ?? 'other';
    (out[c] ??= new Set()).add(e.reason.replace(/\d+/g, 'N').slice(0, 70));
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, [...v].slice(0, 3)]));
}

describe('a store full of hostile files', () => {
  it('is read by the core scan, which lists each bad file as unreadable with a reason and every good certificate, in bounded time', () => {
    const started = performance.now();
    const store = PkiStore.open(corpus.root);
    const entries = store.scan().entries;
    const ms = performance.now() - started;
    console.log(`core scan: ${entries.length} entries in ${Math.round(ms)} ms`, reasonsByCategory(entries));
    expect(misses(entries, 'asRoot')).toEqual([]);
    expect(ms).toBeLessThan(HEAVY ? 60_000 : 10_000);
  }, 60_000);

  it('never makes the file reader throw, whatever the bytes', async () => {
    const { readFileSync, lstatSync } = await import('node:fs');
    const path = await import('node:path');
    let read = 0;
    for (const e of corpus.expectations) {
      const abs = path.join(corpus.root, e.rel);
      let bytes: Buffer;
      try {
        if (!lstatSync(abs).isFile() || lstatSync(abs).size > 4 * 1024 * 1024) continue;
        bytes = readFileSync(abs);
      } catch {
        continue;
      }
      expect(() => readStoreFile(bytes, e.rel, 'trusted'), e.rel).not.toThrow();
      read++;
    }
    expect(read).toBeGreaterThan(1000);
  }, 60_000);

  it('is listed by `uatrust list --json` run as nobody, every bad file unreadable, the exit code 0', async () => {
    const started = performance.now();
    const run = await spawnUatrust(['list', corpus.root, '--json'], { asNobody: true, timeoutMs: HEAVY ? 120_000 : 30_000 });
    const ms = performance.now() - started;
    expect(run.code, run.stderr).toBe(0);
    const { entries } = JSON.parse(run.stdout) as { entries: StoreEntry[] };
    console.log(`uatrust list --json as nobody: ${entries.length} entries in ${Math.round(ms)} ms`);
    expect(misses(entries, 'asNobody')).toEqual([]);
    const reasons = new Map(entries.filter((e): e is UnreadableEntry => e.kind === 'unreadable').map((e) => [e.file, e.reason]));
    expect(reasons.get('issuers/crl')).toMatch(/folder cannot be listed: EACCES/);
    expect(reasons.get(corpus.expectations.find((e) => e.category === 'no-read-permission')!.rel)).toBe('permission denied');
  }, 130_000);

  it("is listed by browser mode's stores:list (the tree) served as nobody, which keeps answering", async () => {
    app = await startChildApp([corpus.root], { asNobody: true });
    const first = await app.call('stores:list', {}, 60_000);
    expect(first.result.ok).toBe(true);
    const view = (first.result.value as StoreView[]).find((s) => !s.builtIn)!;
    console.log(`browser mode stores:list as nobody: ${view.entries.length} entries in ${Math.round(first.ms)} ms`);
    expect(view.error).toBeNull();
    expect(misses(view.entries, 'asNobody')).toEqual([]);
    const again = await app.call('app:get-info', {});
    expect(again.result.ok).toBe(true);
    expect(app.child.exitCode).toBeNull();
  }, 90_000);
});
