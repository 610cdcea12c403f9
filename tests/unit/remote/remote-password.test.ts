import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrustService } from '../../../electron/core/app/trust-service';
import type { RunningDemoServer } from '../../../electron/core/opcua/demo-server';
import type { SecretCipher } from '../../../electron/core/remote/secret-keeper';
import { opcuaLog } from '../core/opcua/loopback';
import { ADMIN, startApp, startPushServer } from './push-fleet';

/** Stands in for Electron's safeStorage (only inside Electron): a real AES-GCM cipher with its own key. */
const key = randomBytes(32);
const keychain: SecretCipher = {
  isEncryptionAvailable: () => true,
  encryptString(plain) {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  },
  decryptString(data) {
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
    decipher.setAuthTag(data.subarray(12, 28));
    return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString('utf8');
  },
};

let home: string;
let server: RunningDemoServer;
const services: TrustService[] = [];

async function restart(secretCipher?: SecretCipher): Promise<TrustService> {
  await Promise.all(services.splice(0).map((s) => s.close()));
  const service = new TrustService({ home, mode: 'electron', watch: false, secretCipher, log: (line) => void opcuaLog.push(line) });
  services.push(service);
  await service.start();
  return service;
}

beforeAll(async () => {
  const app = await startApp();
  home = app.home;
  await app.service.close();
  server = await startPushServer(home);
}, 60_000);
afterAll(async () => {
  await Promise.all(services.map((s) => s.close()));
  await server?.stop();
});

describe("a remote server's admin password across restarts", () => {
  let storeId: string;

  it('is remembered through the keychain when asked, and never written in plain text', async () => {
    const service = await restart(keychain);
    const input = { endpointUrl: server.endpointUrl, securityPolicy: 'Basic256Sha256', securityMode: 'SignAndEncrypt', userName: ADMIN.userName, password: ADMIN.password, rememberPassword: true } as const;
    const first = await service.remote.add(input);
    if (first.status === 'server-certificate') await service.connections.decideServer({ thumbprint: first.certificate.sha256, decision: 'trust-permanently' });
    const added = await service.remote.add(input);
    if (added.status !== 'added') throw new Error('not added');
    storeId = added.storeId;
    expect(service.remote.status(storeId).passwordStorage).toBe('keychain');

    const again = await restart(keychain);

    expect(again.listStores().find((s) => s.id === storeId)!.remote).toMatchObject({ passwordStorage: 'keychain', reachability: 'unknown', lastError: null });
    // at start, the servers whose password the keychain kept are read again in the background
    const changed: string[] = [];
    again.on('stores:changed', (e) => changed.push(e.storeId));
    await again.remote.refreshKnown();
    expect(again.remote.status(storeId)).toMatchObject({ reachability: 'online', lastError: null });
    expect(changed).toEqual([storeId]);
    for (const file of ['settings.json', 'remote-secrets.json']) expect(readFileSync(path.join(home, file), 'utf8')).not.toContain(ADMIN.password);
  }, 90_000);

  it('is asked for again where there is no keychain; a wrong one is refused and not kept', async () => {
    const service = await restart();
    const view = service.listStores().find((s) => s.id === storeId)!;
    expect(view.remote).toMatchObject({ passwordStorage: 'none', lastError: 'the admin password is needed', reachability: 'unknown' });
    // the mirror still shows what the server held when last read
    expect(view.entries.some((e) => e.folder === 'own')).toBe(true);
    await expect(service.remote.refresh(storeId)).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringContaining('the admin password is needed') });

    await expect(service.remote.setPassword({ storeId, password: 'not it', rememberPassword: false })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(service.remote.status(storeId)).toMatchObject({ passwordStorage: 'none', reachability: 'refused' });

    const fixed = await service.remote.setPassword({ storeId, password: ADMIN.password, rememberPassword: true });
    expect(fixed.remote).toMatchObject({ passwordStorage: 'memory', reachability: 'online', lastError: null });
  }, 90_000);

  it('refuses a renewal with the local CA when there is none, before asking anything of the server', async () => {
    const service = services[0];
    const progress: string[] = [];
    service.on('remote:progress', (p) => progress.push(p.step));
    await expect(service.remote.renew({ storeId, signWith: 'local-ca', regeneratePrivateKey: true })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('uatrust ca init') });
    expect(progress).toEqual([]);
  }, 30_000);

  it('is forgotten with the server when it is removed from the list, mirror and all', async () => {
    const service = await restart(keychain);
    await service.removeStore(storeId);
    expect(service.remote.fleet()).toEqual([]);
    expect(existsSync(path.join(home, 'remote', storeId))).toBe(false);
    expect(existsSync(path.join(home, 'remote-secrets.json'))).toBe(false);
    expect((await restart(keychain)).listStores().some((s) => s.id === storeId)).toBe(false);
  }, 60_000);
});
