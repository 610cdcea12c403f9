/**
 * Item 1 of issue 8: a store full of hostile files. Every listing the user can see (the core
 * scan, `uatrust list --json`, browser mode's `stores:list`) names each bad file as unreadable with
 * a reason, lists every good certificate beside them, and neither crashes nor hangs.
 * The CLI and browser mode run as nobody, so files without read permission are really unreadable.
 */
import { lstatSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PkiStore } from '../../../electron/core/pki/store';
import { readStoreFile } from '../../../electron/core/pki/scan';
import type { StoreEntry, UnreadableEntry } from '../../../shared/types/cert';
import type { StoreView } from '../../../shared/types/store';
import { spawnUatrust } from '../../helpers/cli';
import { tempDir } from '../../helpers/tmp';
import { startChildApp, type ChildApp } from './fixtures/child';
import { seedHome } from './fixtures/seed-home';
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

/** Kinds of damage whose reason must say what it is, not just that something is wrong. */
const REASONS: Record<string, RegExp> = {
  'name-not-utf8': /not valid UTF-8/,
  'symlink-loop': /symbolic link loop/,
  'symlink-outside': /outside the store/,
  'dangling-symlink': /dangling/,
  'named-pipe': /not a regular file/,
  '50-mb': /too large/,
  '10000-sans': /subjectAltName/,
  'private-key': /private key/,
  'no-read-permission': /permission denied/,
  'locked-folder': /folder cannot be listed/,
  'pem-begin-bomb': /no END line/,
  'bad-validity-date': /validity|date|time/i,
};

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
      const others = e.withGoodParts ? [] : got.filter((g) => g.kind !== 'unreadable');
      const wrongReason = REASONS[e.category] && !unreadable.some((u) => REASONS[e.category].test(u.reason));
      if (unreadable.length === 0 || others.length > 0 || wrongReason) out.push(`${e.category} ${e.rel.slice(0, 80)}: ${show(got)}`);
    } else if (!got.some((g) => g.kind === 'certificate' && g.id === want)) {
      out.push(`${e.category} ${e.rel.slice(0, 80)}: expected certificate ${want.slice(0, 8)}, got ${show(got)}`);
    }
  }
  return out;
}

/** Unreadable files by category with one reason each, for the run's log: what a user reads for each kind of damage. */
function reasonsByCategory(entries: StoreEntry[]): string {
  const category = new Map(corpus.expectations.map((e: Expectation) => [e.rel, e.category]));
  const seen = new Map<string, { count: number; reason: string }>();
  for (const e of entries) {
    if (e.kind !== 'unreadable') continue;
    const c = category.get(e.file) ?? 'other';
    const entry = seen.get(c) ?? { count: 0, reason: e.reason.slice(0, 60) };
    entry.count++;
    seen.set(c, entry);
  }
  return [...seen].map(([c, { count, reason }]) => `${c} ${count} ("${reason}")`).join('; ');
}

describe('a store full of hostile files', () => {
  it('is read by the core scan, which lists each bad file as unreadable with a reason and every good certificate, in bounded time', () => {
    const started = performance.now();
    const store = PkiStore.open(corpus.root);
    const entries = store.scan().entries;
    const ms = performance.now() - started;
    console.log(`core scan: ${entries.length} entries in ${Math.round(ms)} ms; unreadable by kind: ${reasonsByCategory(entries)}`);
    expect(misses(entries, 'asRoot')).toEqual([]);
    expect(ms).toBeLessThan(HEAVY ? 60_000 : 10_000);
  }, 60_000);

  it('never makes the file reader throw, whatever the bytes', () => {
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
    app = await startChildApp([corpus.root], { asNobody: true, home: await seedHome(await tempDir('hostile-home-')) });
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
