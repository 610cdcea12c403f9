import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningDemoServer } from '../../../../electron/core/opcua/demo-server';
import { openPushSession } from '../../../../electron/core/remote/protocol/push-client';
import { TrustListMasks, type PushSession } from '../../../../electron/core/remote/push-types';
import { makeCert, makeCrl, type MadeCert } from '../../../helpers/certs';
import { appIdentity, clientCertificate, clientConnects, plainClient, connectOptions, foldersOf, opcuaLog, snapshotFiles, startPushServer, type AppIdentity } from './push-fixture';

let app: AppIdentity;
let server: RunningDemoServer;
let session: PushSession;
let alreadyTrusted: MadeCert;

beforeAll(async () => {
  app = await appIdentity();
  alreadyTrusted = await clientCertificate('Already Trusted Client');
  server = await startPushServer({ trusted: [app.cert, alreadyTrusted], app });
  session = await openPushSession(connectOptions(app, server));
});
afterAll(async () => {
  await session?.close();
  await server?.stop();
});

const sha256s = (items: Buffer[]) => items.map((der) => createHash('sha256').update(der).digest('hex')).sort();

describe('reading a server trust list through push management', () => {
  it('gives the certificates of its trusted folder, byte for byte', async () => {
    const started = performance.now();
    const list = await session.readTrustList();
    console.info(`loopback: read trust list (2 certificates) ${(performance.now() - started).toFixed(0)} ms`);
    expect(list.specifiedLists).toBe(TrustListMasks.All);
    expect(sha256s(list.trustedCertificates)).toEqual([app.cert.sha256, alreadyTrusted.sha256].sort());
    expect(list.issuerCertificates).toEqual([]);
  });

  it('with masks, only the lists asked for', async () => {
    const list = await session.readTrustList(TrustListMasks.IssuerCertificates);
    expect(list.specifiedLists).toBe(TrustListMasks.IssuerCertificates);
    expect(list.trustedCertificates).toEqual([]);
  });
});

describe('writing a trust list', () => {
  it('lets a client the new list names connect at once, without a server restart', async () => {
    const newcomer = await clientCertificate('Newcomer Client');
    const client = await plainClient(server, newcomer);
    try {
      expect(await client.connect()).toBe('BadSecurityChecksFailed');
      expect(foldersOf(server.pkiRoot, newcomer.sha256)).toEqual(['rejected']);
      const before = await session.readTrustList();
      const started = performance.now();
      const result = await session.writeTrustList({ ...before, trustedCertificates: [...before.trustedCertificates, newcomer.der] });
      const written = performance.now();
      expect(result.applyChangesRequired).toBe(false);
      // the first attempt right after the write: node-opcua checks rejected/ first, and its folder watcher would notice the move ~100 ms late
      expect(await client.connect(), opcuaLog.slice(-5).join('\n')).toBe('connected');
      const connected = performance.now();
      expect(foldersOf(server.pkiRoot, newcomer.sha256)).toEqual(['trusted']);
      console.info(`loopback: write trust list (3 certificates) ${(written - started).toFixed(0)} ms; trust → connected session ${(connected - started).toFixed(0)} ms`);
    } finally {
      await client.close();
    }
  });

  it('replaces only the lists specifiedLists names', async () => {
    const ca = await makeCert({ cn: 'Pushed Plant CA', ca: true });
    const crl = await makeCrl(ca);
    const before = await session.readTrustList();
    await session.writeTrustList({ specifiedLists: TrustListMasks.IssuerCertificates | TrustListMasks.IssuerCrls, trustedCertificates: [], trustedCrls: [], issuerCertificates: [ca.der], issuerCrls: [crl.der] });
    const after = await session.readTrustList();
    expect(sha256s(after.trustedCertificates)).toEqual(sha256s(before.trustedCertificates));
    expect(sha256s(after.issuerCertificates)).toEqual([ca.sha256]);
    expect(after.issuerCrls).toHaveLength(1);
    expect(readdirSync(path.join(server.pkiRoot, 'issuers', 'crl'))).toHaveLength(1);
  });

  it('refuses a list with an item that is not a certificate and changes nothing on disk', async () => {
    const before = snapshotFiles(server.pkiRoot);
    const list = await session.readTrustList();
    const garbage = Buffer.from('this is not a certificate');
    await expect(session.writeTrustList({ ...list, trustedCertificates: [garbage] })).rejects.toMatchObject({ name: 'PushError', status: 'BadCertificateInvalid' });
    expect(snapshotFiles(server.pkiRoot)).toEqual(before);
    // the server's trust list still lets the trusted client in
    expect(await clientConnects(server, alreadyTrusted)).toBe('connected');
  });
});

describe('AddCertificate and RemoveCertificate', () => {
  it('AddCertificate trusts one client', async () => {
    const added = await clientCertificate('Added Client');
    await session.addCertificate(added.der, true);
    expect(foldersOf(server.pkiRoot, added.sha256)).toEqual(['trusted']);
    expect(await clientConnects(server, added)).toBe('connected');
  });

  it('RemoveCertificate really removes: the file is gone, the list no longer has it, the client is refused', async () => {
    const leaving = await clientCertificate('Leaving Client');
    const client = await plainClient(server, leaving);
    try {
      await session.addCertificate(leaving.der, true);
      expect(await client.connect()).toBe('connected');
      await session.removeCertificate(leaving.sha1.toUpperCase(), true);
      // at once: the server re-read its PKI before RemoveCertificate answered
      expect(await client.connect()).toBe('BadSecurityChecksFailed');
    } finally {
      await client.close();
    }
    expect(foldersOf(server.pkiRoot, leaving.sha256)).not.toContain('trusted');
    expect(readdirSync(path.join(server.pkiRoot, 'trusted', 'certs')).some((f) => f.includes(leaving.sha1))).toBe(false);
    expect(sha256s((await session.readTrustList()).trustedCertificates)).not.toContain(leaving.sha256);
  });

  it('RemoveCertificate of a CA also removes its CRLs', async () => {
    const ca = await makeCert({ cn: 'Retired CA', ca: true });
    const crl = await makeCrl(ca);
    const list = await session.readTrustList();
    await session.writeTrustList({ ...list, trustedCertificates: [...list.trustedCertificates, ca.der], trustedCrls: [...list.trustedCrls, crl.der] });
    expect(readdirSync(path.join(server.pkiRoot, 'trusted', 'crl'))).toHaveLength(1);
    await session.removeCertificate(ca.sha1, true);
    expect(readdirSync(path.join(server.pkiRoot, 'trusted', 'crl'))).toHaveLength(0);
    expect(foldersOf(server.pkiRoot, ca.sha256)).toEqual([]);
  });

  it('RemoveCertificate of a certificate that is not there: BadInvalidArgument, nothing changed', async () => {
    const before = snapshotFiles(server.pkiRoot);
    await expect(session.removeCertificate('00'.repeat(20), true)).rejects.toMatchObject({ status: 'BadInvalidArgument' });
    expect(snapshotFiles(server.pkiRoot)).toEqual(before);
  });
});

describe('GetRejectedList', () => {
  it('lists a client the server refused', async () => {
    const stranger = await clientCertificate('Stranger Client');
    expect(await clientConnects(server, stranger)).toBe('BadSecurityChecksFailed');
    const rejected = await session.getRejectedList();
    expect(sha256s(rejected)).toContain(stranger.sha256);
    expect(existsSync(path.join(server.pkiRoot, 'rejected'))).toBe(true);
  });
});
