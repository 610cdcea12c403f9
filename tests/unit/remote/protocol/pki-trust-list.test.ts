import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PkiStore } from '../../../../electron/core/pki/store';
import { addStoreCertificate, readRejected, readStoreTrustList, removeStoreCertificate, writeStoreTrustList } from '../../../../electron/core/remote/protocol/pki-trust-list';
import { TrustListMasks } from '../../../../electron/core/remote/push-types';
import { makeCert, makeCrl, pemBundle } from '../../../helpers/certs';
import { tempDir } from '../../../helpers/tmp';
import { clientCertificate, place, snapshotFiles } from './push-fixture';

const ids = (items: Buffer[]) => items.map((d) => createHash('sha256').update(d).digest('hex')).sort();

async function serverPki(): Promise<string> {
  const root = await tempDir('pki-trust-list-');
  PkiStore.init(root, 'node-opcua');
  return root;
}

describe('a trust list over a node-opcua PKI folder', () => {
  it('reads every certificate of a PEM bundle, and writing a list without one of them keeps the other', async () => {
    const root = await serverPki();
    const [a, b] = await Promise.all([clientCertificate('Bundle A'), clientCertificate('Bundle B')]);
    place(root, 'trusted/certs', 'two_clients.pem', pemBundle(a, b));
    const store = PkiStore.open(root, { layout: 'node-opcua' });
    const list = readStoreTrustList(store);
    expect(ids(list.trustedCertificates)).toEqual([a.sha256, b.sha256].sort());
    writeStoreTrustList(store, { ...list, trustedCertificates: [a.der] });
    expect(ids(readStoreTrustList(store).trustedCertificates)).toEqual([a.sha256]);
    expect(readdirSync(path.join(root, 'trusted', 'certs'))).toHaveLength(1);
  });

  it('a CRL that is not one refuses the whole list: nothing on disk changes', async () => {
    const root = await serverPki();
    const ca = await makeCert({ cn: 'Kept CA', ca: true });
    place(root, 'issuers/certs', 'kept_ca.pem', ca.pem);
    const store = PkiStore.open(root, { layout: 'node-opcua' });
    const before = snapshotFiles(root);
    const newcomer = await clientCertificate('Would Be Trusted');
    expect(() =>
      writeStoreTrustList(store, { specifiedLists: TrustListMasks.All, trustedCertificates: [newcomer.der], trustedCrls: [Buffer.from('not a crl')], issuerCertificates: [], issuerCrls: [] }),
    ).toThrow(expect.objectContaining({ status: 'BadCertificateInvalid' }));
    expect(snapshotFiles(root)).toEqual(before);
  });

  it('AddCertificate takes a certificate out of rejected/, twice adding leaves one copy, removing an issuer CA takes its CRL', async () => {
    const root = await serverPki();
    const client = await clientCertificate('Once Rejected');
    place(root, 'rejected', 'once_rejected.pem', client.pem);
    const store = PkiStore.open(root, { layout: 'node-opcua' });
    expect(ids(readRejected(store))).toEqual([client.sha256]);
    addStoreCertificate(store, client.der, true);
    addStoreCertificate(store, client.der, true);
    expect(readRejected(store)).toEqual([]);
    expect(readdirSync(path.join(root, 'trusted', 'certs'))).toHaveLength(1);
    const ca = await makeCert({ cn: 'Issuer CA', ca: true });
    addStoreCertificate(store, ca.der, false);
    place(root, 'issuers/crl', 'issuer_ca.crl.pem', (await makeCrl(ca)).pem);
    removeStoreCertificate(store, ca.sha1.toUpperCase(), false);
    expect(readdirSync(path.join(root, 'issuers', 'certs'))).toEqual([]);
    expect(readdirSync(path.join(root, 'issuers', 'crl'))).toEqual([]);
    // the trusted list is a different list: the same thumbprint there is not found
    expect(() => removeStoreCertificate(store, ca.sha1, true)).toThrow(expect.objectContaining({ status: 'BadInvalidArgument' }));
  });
});

describe('the rejected list', () => {
  it('gives the refused client of a chain file, not its CA', async () => {
    const root = await serverPki();
    const ca = await makeCert({ cn: 'Chain CA', ca: true });
    const leaf = await makeCert({ cn: 'Chained Client', issuer: ca, freshKey: true });
    place(root, 'rejected', 'chained_client.pem', pemBundle(leaf, ca));
    expect(ids(readRejected(PkiStore.open(root, { layout: 'node-opcua' })))).toEqual([leaf.sha256]);
  });
});
