/**
 * How long generating an own certificate takes (RSA key + self-signed certificate + files), next to
 * `openssl req -x509 -newkey rsa:N` on the same machine. Prints the medians; RSA key generation
 * time varies a lot from run to run (prime search), hence medians of a bounded number of runs.
 * UATRUST_GENERATION_RUNS changes the number of runs (default 5).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OwnCertificates } from '../../../../electron/core/own-certs';
import { tempDir } from '../../../helpers/tmp';
import { OPENSSL, openssl } from './fixtures';

const RUNS = Math.max(1, Number(process.env.UATRUST_GENERATION_RUNS ?? 5));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function timed(work: () => Promise<unknown> | unknown): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

describe('own certificate generation time', () => {
  it.each([2048, 4096] as const)(`RSA-%i: median of ${RUNS} runs, ours and openssl req -x509 -newkey`, { timeout: 120_000 }, async (bits) => {
    const own = OwnCertificates.open(await tempDir(`timing-${bits}-`));
    const ours: number[] = [];
    for (let i = 0; i < RUNS; i++) ours.push(await timed(() => own.generate({ name: `run ${i}`, keySize: bits })));
    expect(own.list().map((v) => v.certificate?.keySize)).toEqual(Array(RUNS).fill(bits));

    const theirs: number[] = [];
    if (OPENSSL) {
      const dir = await tempDir(`timing-openssl-${bits}-`);
      for (let i = 0; i < RUNS; i++) {
        const args = ['req', '-x509', '-newkey', `rsa:${bits}`, '-nodes', '-subj', '/CN=x', '-days', '365', '-keyout', path.join(dir, `${i}.key`), '-out', path.join(dir, `${i}.pem`)];
        theirs.push(await timed(() => openssl(args)));
      }
      expect(openssl(['x509', '-in', path.join(dir, '0.pem'), '-noout', '-text'])).toContain(`Public-Key: (${bits} bit)`);
    }
    const line = `RSA-${bits}: ours median ${median(ours).toFixed(0)} ms (runs ${ours.map((t) => t.toFixed(0)).join(', ')})` +
      (theirs.length ? `; openssl req -x509 -newkey median ${median(theirs).toFixed(0)} ms (runs ${theirs.map((t) => t.toFixed(0)).join(', ')})` : '; openssl not installed');
    console.log(line);
  });
});
