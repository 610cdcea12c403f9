import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TrustService } from '../../../../electron/core/app/trust-service';
import { PkiStore } from '../../../../electron/core/pki/store';
import type { StoreChangedEvent } from '../../../../shared/ipc/contract';
import type { StoreView } from '../../../../shared/types/store';
import { makeCert, makeManyCerts } from '../../../helpers/certs';
import { tempDir } from '../../../helpers/tmp';
import { withDelta } from '../../../../shared/ipc/store-delta';

const services: TrustService[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
});

async function watchedStore(certificates: number) {
  const root = await tempDir('events-');
  PkiStore.init(root, 'node-opcua');
  const made = await makeManyCerts(certificates, 'device');
  made.forEach((c, i) => writeFileSync(path.join(root, 'trusted', 'certs', `device-${i}[${c.sha1}].pem`), c.pem));
  const service = new TrustService({ home: await tempDir('events-home-'), mode: 'browser', extraStores: [root], watch: true });
  services.push(service);
  await service.start();
  const view = () => service.listStores().find((s) => s.root === root)!;
  return { root, service, view, made };
}

/** The next `stores:changed` event of a store (bounded wait: the watcher settles, then batches for 100 ms). */
function nextEvent(service: TrustService, storeId: string, timeoutMs = 10_000): Promise<StoreChangedEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no stores:changed for ${storeId} within ${timeoutMs} ms`)), timeoutMs);
    const listener = (event: StoreChangedEvent) => {
      if (event.storeId !== storeId) return;
      clearTimeout(timer);
      service.off('stores:changed', listener);
      resolve(event);
    };
    service.on('stores:changed', listener);
  });
}

function delta(event: StoreChangedEvent) {
  if (event.store) throw new Error('expected a delta, got the whole store');
  return event;
}

const sorted = (view: StoreView) => view.entries.map((e) => `${e.file}|${e.id}|${JSON.stringify(e.problems)}`).sort();

describe('stores:changed as a delta', () => {
  it('carries only the certificate that landed in rejected/, from the revision the window was given', async () => {
    const { root, service, view } = await watchedStore(200);
    const listed = view();
    expect(listed.revision).toEqual(expect.any(Number));
    const refused = await makeCert({ cn: 'Refused Client' });
    const arrived = nextEvent(service, listed.id);
    writeFileSync(path.join(root, 'rejected', `Refused Client[${refused.sha1}].pem`), refused.pem);
    const event = delta(await arrived);
    expect(event).toMatchObject({ type: 'added', folder: 'rejected', file: `rejected/Refused Client[${refused.sha1}].pem`, thumbprint: refused.sha256, baseRevision: listed.revision, removed: [], updated: [] });
    expect(event.added.map((e) => e.kind === 'certificate' && e.subject.cn)).toEqual(['Refused Client']);
    expect(event.revision).toBeGreaterThan(listed.revision!);
    // A few KB instead of the whole store.
    expect(JSON.stringify(event).length).toBeLessThan(JSON.stringify(listed).length / 20);
    // The window that applies it holds what the host lists.
    expect(sorted(withDelta(listed, event))).toEqual(sorted(view()));
  });

  it('updates the other copy when a certificate is both trusted and rejected, and names a file that went', async () => {
    const { root, service, view, made } = await watchedStore(20);
    const listed = view();
    const trustedName = `device-3[${made[3]!.sha1}].pem`;
    const copy = path.join(root, 'rejected', trustedName);
    let arrived = nextEvent(service, listed.id);
    copyFileSync(path.join(root, 'trusted', 'certs', trustedName), copy);
    const added = delta(await arrived);
    expect(added.added.map((e) => e.file)).toEqual([`rejected/${trustedName}`]);
    // The trusted copy now has a problem it did not have: sent as updated, with its problems.
    expect(added.updated.map((e) => [e.file, e.problems.map((p) => p.code)])).toEqual([[`trusted/certs/${trustedName}`, ['trusted-and-rejected']]]);
    const afterAdd = withDelta(listed, added);

    arrived = nextEvent(service, listed.id);
    rmSync(copy);
    const removed = delta(await arrived);
    expect(removed).toMatchObject({ type: 'removed', baseRevision: added.revision, removed: [`rejected/${trustedName}`], added: [] });
    expect(removed.updated.map((e) => [e.file, e.problems.length])).toEqual([[`trusted/certs/${trustedName}`, 0]]);
    expect(sorted(withDelta(afterAdd, removed))).toEqual(sorted(view()));
  });

  it('sends a whole store through publishStore, stamped with a new revision', async () => {
    const { service, view } = await watchedStore(3);
    const listed = view();
    const events: StoreChangedEvent[] = [];
    service.on('stores:changed', (e) => events.push(e));
    service.publishStore({ ...listed, entries: listed.entries.slice(1) });
    expect(events).toHaveLength(1);
    expect(events[0]!.store?.entries).toHaveLength(2);
    expect(events[0]!.store?.revision).toBeGreaterThan(listed.revision!);
  });
});
