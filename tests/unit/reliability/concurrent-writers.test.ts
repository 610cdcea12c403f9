/**
 * Item 3 of issue 8: a server keeps writing refused client certificates into rejected/ while the
 * user's Syncs move others. Nothing is lost, nothing is duplicated, and a staged file that the
 * server changed or removed before the Sync is reported as a conflict and left alone.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { syncChanges } from '../../../electron/core/pki/changeset';
import { PkiStore } from '../../../electron/core/pki/store';
import type { CertSummary } from '../../../shared/types/cert';
import type { StagedChange } from '../../../shared/types/changes';
import { makeManyCerts, type MadeCert } from '../../helpers/certs';
import { filesIn, put } from '../../helpers/pki';
import { tempDir } from '../../helpers/tmp';
import { firstLine, fixture } from './fixtures/child';
import { HEAVY, prng, seedFromEnv } from './fixtures/prng';

const seed = seedFromEnv();
const INITIAL = 150;
const WRITTEN = HEAVY ? 2000 : 300;
const REPLACEMENTS = 100;

let certs: MadeCert[];
const byPem = new Map<string, MadeCert>();
const fileName = (c: MadeCert) => `${c.cert.subject.replace(/^CN=/, '')}[${c.sha1}].pem`;

beforeAll(async () => {
  certs = await makeManyCerts(INITIAL + WRITTEN + REPLACEMENTS, 'writer');
  for (const c of certs) byPem.set(c.pem, c);
}, 60_000);

describe('a server writing rejected certificates while Syncs move others', () => {
  it('loses nothing, duplicates nothing, and reports staged files that changed as conflicts', async () => {
    const rng = prng(seed);
    const root = await tempDir('writers-');
    const store = PkiStore.init(root, 'node-opcua');
    const initial = certs.slice(0, INITIAL);
    const written = certs.slice(INITIAL, INITIAL + WRITTEN);
    const replacements = certs.slice(INITIAL + WRITTEN);
    for (const c of initial) put(root, `rejected/${fileName(c)}`, c.pem);
    const source = await tempDir('writers-source-');
    for (const c of written) put(source, fileName(c), c.pem);

    // Every certificate that should be somewhere in the store at the end, and those the server took away.
    const expected = new Set([...initial, ...written].map((c) => c.sha256));
    const writer = spawn(process.execPath, [fixture('rejected-writer.mjs'), source, path.join(root, 'rejected'), '2'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const writerDone = new Promise<void>((resolve) => writer.once('exit', () => resolve()));
    let writing = true;
    void writerDone.then(() => (writing = false));
    await firstLine(writer, 10_000);

    let rounds = 0;
    let moved = 0;
    let conflictsInjected = 0;
    let conflictsReported = 0;
    const wrong: string[] = [];
    const deadline = Date.now() + (HEAVY ? 300_000 : 30_000);
    for (let last = false; !last && Date.now() < deadline; rounds++) {
      last = !writing;
      // Stage from what the user sees: some rejected certificates to trust, some trusted ones back to rejected.
      const entries = store.scan().entries.filter((e): e is CertSummary => e.kind === 'certificate');
      const pick = (folder: string, n: number) => entries.filter((e) => e.folder === folder).sort(() => rng.next() - 0.5).slice(0, n);
      const staged: StagedChange[] = [
        ...pick('rejected', 15).map((e) => ({ kind: 'trust' as const, file: e.file, id: e.id })),
        ...pick('trusted', 5).map((e) => ({ kind: 'reject' as const, file: e.file, id: e.id })),
      ];
      // Meanwhile the server rewrites one staged file with another certificate and removes another.
      const touched = new Map<string, 'changed' | 'vanished'>();
      const rejectedStaged = staged.filter((c) => c.kind === 'trust');
      if (rejectedStaged.length >= 2 && replacements.length > 0) {
        const [changed, vanished] = rejectedStaged;
        const replacement = replacements.pop()!;
        writeFileSync(path.join(root, changed.file), replacement.pem);
        expected.delete(changed.id);
        expected.add(replacement.sha256);
        unlinkSync(path.join(root, vanished.file));
        expected.delete(vanished.id);
        touched.set(changed.file, 'changed').set(vanished.file, 'vanished');
        conflictsInjected += 2;
      }
      const report = syncChanges(store, staged);
      for (const result of report.results) {
        const want = touched.has(result.file) ? 'conflict' : 'done';
        if (result.status !== want) wrong.push(`round ${rounds}: ${result.kind} ${result.file}: ${result.status} (${result.message}), expected ${want}`);
        if (result.status === 'conflict') conflictsReported++;
        if (result.status === 'done') moved++;
      }
      for (const [file, how] of touched) if (existsSync(path.join(root, file)) !== (how === 'changed')) wrong.push(`round ${rounds}: the ${how} file ${file} was not left alone`);
      await new Promise((resolve) => setTimeout(resolve, rng.int(0, 10)));
    }
    await writerDone;
    expect(writer.exitCode).toBe(0);

    const seen = new Map<string, string[]>();
    const strays: string[] = [];
    for (const rel of filesIn(root)) {
      const cert = byPem.get(readFileSync(path.join(root, rel), 'utf8'));
      if (!cert) strays.push(rel);
      else seen.set(cert.sha256, [...(seen.get(cert.sha256) ?? []), rel]);
    }
    const lost = [...expected].filter((id) => !seen.has(id));
    const duplicated = [...seen].filter(([, files]) => files.length > 1).map(([, files]) => files.join(' = '));
    const unexpected = [...seen.keys()].filter((id) => !expected.has(id));
    console.log(`concurrent writers (seed ${seed}): ${WRITTEN} certificates written by the server during ${rounds} Syncs; ${moved} moved, ${conflictsInjected} staged files changed under the Sync, ${conflictsReported} conflicts reported; ${expected.size} certificates in the store at the end`);
    expect({ wrong, lost, duplicated, unexpected, strays }).toEqual({ wrong: [], lost: [], duplicated: [], unexpected: [], strays: [] });
    expect(conflictsReported).toBe(conflictsInjected);
    expect(rounds).toBeGreaterThan(3);
  }, HEAVY ? 600_000 : 60_000);
});
