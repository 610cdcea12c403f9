/**
 * Item 4 of issue 8: a flood of refused clients. The demo server's rejected folder receives 5,000
 * distinct client certificates (written the way node-opcua names them, at a high rate) plus real
 * refusals of OPC UA clients, while the app watches it: the folder is kept at its cap with the
 * newest certificates, the app keeps answering, and what the UI receives stays bounded.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers, type Handlers } from '../../../electron/core/app/handlers';
import { DEMO_STORE_ID, TrustService } from '../../../electron/core/app/trust-service';
import type { StoreChangedEvent } from '../../../shared/ipc/contract';
import type { StoreView } from '../../../shared/types/store';
import { makeManyCerts, type MadeCert } from '../../helpers/certs';
import { tempDir } from '../../helpers/tmp';
import { firstLine, fixture } from './fixtures/child';
import { fastTempDir } from './fixtures/fast-tmp';
import { HEAVY } from './fixtures/prng';

const FLOOD = HEAVY ? 50_000 : 5_000;
const REAL_CLIENTS = HEAVY ? 200 : 50;
const CAP = 100;

let home: string;
let service: TrustService;
let handlers: Handlers;
let certs: MadeCert[];
const events: StoreChangedEvent[] = [];

beforeAll(async () => {
  // In memory unless UATRUST_HEAVY=1: the test is about the app keeping up, not about this machine's disk.
  home = await fastTempDir('flood-home-');
  certs = await makeManyCerts(FLOOD + REAL_CLIENTS, 'flood-client');
  service = new TrustService({ home, mode: 'browser', watch: true });
  await service.start();
  handlers = createHandlers(service);
  service.on('stores:changed', (event) => event.storeId === DEMO_STORE_ID && events.push(event));
}, 120_000);

afterAll(async () => {
  await service?.close();
});

const rejectedDir = () => path.join(home, 'demo-server', 'rejected');
const rejectedCount = () => readdirSync(rejectedDir()).filter((n) => !n.startsWith('.')).length;
const demoView = (stores: StoreView[]) => stores.find((s) => s.id === DEMO_STORE_ID)!;

/** Samples the folder and the app's answers every few ms until stopped. */
function monitor() {
  const folderSizes: number[] = [];
  let maxListMs = 0;
  let lists = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      folderSizes.push(rejectedCount());
      const started = performance.now();
      const result = await handlers['stores:list']({});
      maxListMs = Math.max(maxListMs, performance.now() - started);
      lists++;
      if (!result.ok) throw new Error(`stores:list failed during the flood: ${result.error.message}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      const half = Math.floor(folderSizes.length / 2);
      const max = (list: number[]) => Math.max(0, ...list);
      return { maxFolder: max(folderSizes), firstHalf: max(folderSizes.slice(0, half)), secondHalf: max(folderSizes.slice(half)), maxListMs, lists };
    },
  };
}

/** Waits (bounded) until the folder holds the cap and nothing changes for a while. */
async function settled(timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  let stableSince = Date.now();
  for (;;) {
    const count = rejectedCount();
    if (count !== last) stableSince = Date.now();
    last = count;
    if (count <= CAP && Date.now() - stableSince > 600) return count;
    if (Date.now() > deadline) return count;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('a flood of refused client certificates in the demo server', () => {
  it(`keeps the newest ${CAP} of ${FLOOD.toLocaleString('en')} certificates written at a high rate, answering all along`, async () => {
    const source = await fastTempDir('flood-source-');
    const flood = certs.slice(0, FLOOD);
    for (const c of flood) writeFileSync(path.join(source, `${c.cert.subject.replace(/^CN=/, '')}[${c.sha1}].pem`), c.pem);
    const manifest = path.join(source, '..', `${path.basename(source)}.mtimes.json`);
    const watch = monitor();
    const eventsBefore = events.length;
    const started = performance.now();
    // Bursts of 10 every 10 ms: up to ~1,000 refused clients a second, 100 times what a real server can
    // refuse (each refusal costs it an RSA handshake; the loop below manages ~10 a second).
    const writer = spawn(process.execPath, [fixture('rejected-writer.mjs'), source, rejectedDir(), '10', '10', manifest], { stdio: ['ignore', 'pipe', 'pipe'] });
    const done = new Promise<void>((resolve) => writer.once('exit', () => resolve()));
    await firstLine(writer, 10_000);
    await done;
    const writtenMs = performance.now() - started;
    const final = await settled(HEAVY ? 120_000 : 20_000);
    const settledMs = performance.now() - started;
    const seen = await watch.stop();

    const floodEvents = events.slice(eventsBefore);
    // A delta carries the entries of the files that changed; an event too large for a delta, the whole store.
    const maxEntries = Math.max(0, ...floodEvents.map((e) => (e.store ? e.store.entries.length : e.added.length + e.updated.length)));
    console.log(
      `rejected flood: ${FLOOD} files written in ${Math.round(writtenMs)} ms (${Math.round(FLOOD / (writtenMs / 1000))}/s), settled after ${Math.round(settledMs)} ms; ` +
        `most files seen in rejected/: ${seen.maxFolder} (first half ${seen.firstHalf}, second half ${seen.secondHalf}), at the end: ${final}; stores:list answered ${seen.lists} times, slowest ${Math.round(seen.maxListMs)} ms; ` +
        `${floodEvents.length} stores:changed events, the largest with ${maxEntries} entries`,
    );
    expect(final).toBe(CAP);
    const kept = new Set(readdirSync(rejectedDir()));
    const mtimes = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, number | null>;
    const removedNewest = Math.max(...Object.entries(mtimes).flatMap(([name, t]) => (kept.has(name) || t === null ? [] : [t])));
    const keptOldest = Math.min(...[...kept].map((name) => mtimes[name] ?? -Infinity));
    expect(keptOldest, 'a kept certificate is older than a removed one').toBeGreaterThanOrEqual(removedNewest);
    expect(seen.maxListMs).toBeLessThan(HEAVY ? 5000 : 2000);
    // Between two prunes the folder holds the cap plus what arrived meanwhile: bounded by the rate,
    // not by the size of the flood, so it does not grow from the first half of the flood to the second.
    expect(seen.secondHalf).toBeLessThanOrEqual(seen.firstHalf * 2 + 2 * CAP);
    expect(seen.maxFolder).toBeLessThan(CAP * 10);
    // What the UI receives: a bounded number of events, each with a bounded list, and a short list once it is over.
    expect(maxEntries).toBeLessThan(CAP * 10);
    expect(floodEvents.length).toBeLessThan(FLOOD / 10);
    const after = await handlers['stores:list']({});
    expect(after.ok && demoView(after.value).entries.length).toBeLessThanOrEqual(CAP + 10);
  }, HEAVY ? 600_000 : 90_000);

  it(`keeps the cap when ${REAL_CLIENTS} real OPC UA clients are refused by the running demo server`, async () => {
    const opcua = await import('node-opcua');
    opcua.setWarningLogger(() => undefined);
    opcua.setErrorLogger(() => undefined);
    const demo = await service.demo.start();
    expect(demo.addRefusedToRejected).toBe(true);
    const clientPki = await tempDir('flood-clients-');
    const keyFile = path.join(clientPki, 'key.pem');
    writeFileSync(keyFile, certs[0].keyPem);
    const manager = new opcua.OPCUACertificateManager({ rootFolder: path.join(clientPki, 'pki'), automaticallyAcceptUnknownCertificate: true, name: 'FloodClients' });
    await manager.initialize();
    const clients = certs.slice(FLOOD);
    mkdirSync(path.join(clientPki, 'certs'));
    let refused = 0;
    const started = performance.now();
    const watch = monitor();
    const refuse = async (cert: MadeCert, i: number) => {
      const certificateFile = path.join(clientPki, 'certs', `client-${i}.pem`);
      writeFileSync(certificateFile, cert.pem);
      const client = opcua.OPCUAClient.create({
        securityPolicy: opcua.SecurityPolicy.Basic256Sha256,
        securityMode: opcua.MessageSecurityMode.Sign,
        certificateFile,
        privateKeyFile: keyFile,
        applicationUri: `urn:test:${cert.cert.subject.replace(/^CN=/, '')}`,
        clientCertificateManager: manager,
        endpointMustExist: false,
        connectionStrategy: { maxRetry: 0 },
      });
      try {
        await client.connect(demo.endpointUrl!);
        await client.createSession();
      } catch {
        refused++;
      } finally {
        await client.disconnect().catch(() => undefined);
      }
    };
    for (let i = 0; i < clients.length; i += 10) await Promise.all(clients.slice(i, i + 10).map((c, k) => refuse(c, i + k)));
    const final = await settled(20_000);
    const seen = await watch.stop();
    await manager.dispose();
    const names = readdirSync(rejectedDir());
    const realOnes = clients.filter((c) => names.some((n) => n.includes(c.sha1)));
    console.log(`real refusals: ${refused}/${clients.length} clients refused in ${Math.round(performance.now() - started)} ms; most files seen in rejected/: ${seen.maxFolder}, at the end ${final}, of which ${realOnes.length} are the real clients; slowest stores:list ${Math.round(seen.maxListMs)} ms`);
    expect(refused).toBe(clients.length);
    expect(final).toBe(CAP);
    // The newest are kept: the refused clients came after the whole file flood.
    expect(realOnes.length).toBe(Math.min(CAP, clients.length));
  }, HEAVY ? 600_000 : 90_000);
});
