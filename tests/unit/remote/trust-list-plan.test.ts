import { describe, expect, it } from 'vitest';
import { TrustListMasks, type TrustListContent } from '../../../electron/core/remote/push-types';
import { chooseWrite, planChanges, showsChange, type MirrorItem } from '../../../electron/core/remote/trust-list-plan';
import { makeCert, makeCrl } from '../../helpers/certs';

const client = await makeCert({ cn: 'HMI 1' });
const other = await makeCert({ cn: 'HMI 2', freshKey: true });
const ca = await makeCert({ cn: 'Plant CA', ca: true });
const crl = await makeCrl(ca);

function list(parts: Partial<TrustListContent> = {}): TrustListContent {
  return { specifiedLists: TrustListMasks.All, trustedCertificates: [], trustedCrls: [], issuerCertificates: [], issuerCrls: [], ...parts };
}
const item = (der: Buffer, folder: MirrorItem['folder'], kind: MirrorItem['kind'] = 'certificate'): MirrorItem => ({ kind, folder, der });
const change = (kind: 'trust' | 'reject' | 'delete' | 'move-to-issuers', file: string) => ({ kind, file, id: 'x'.repeat(64) });

describe('planning staged changes on a remote trust list', () => {
  it('puts a rejected client into trusted and reports it done', () => {
    const { desired, planned } = planChanges(list(), [{ change: change('trust', 'rejected/a.pem'), item: item(client.der, 'rejected') }]);
    expect(desired.trustedCertificates).toEqual([client.der]);
    expect(planned.map((p) => [p.result.status, p.result.message])).toEqual([['done', 'trusted on the server']]);
  });

  it('moves a trusted certificate into issuers: out of one list, into the other', () => {
    const { desired } = planChanges(list({ trustedCertificates: [ca.der] }), [{ change: change('move-to-issuers', 'trusted/certs/ca.pem'), item: item(ca.der, 'trusted') }]);
    expect(desired).toMatchObject({ trustedCertificates: [], issuerCertificates: [ca.der] });
  });

  it('removes a trusted certificate for reject and delete alike', () => {
    for (const kind of ['reject', 'delete'] as const) {
      const { desired, planned } = planChanges(list({ trustedCertificates: [client.der, other.der] }), [{ change: change(kind, 'trusted/certs/a.pem'), item: item(client.der, 'trusted') }]);
      expect(desired.trustedCertificates).toEqual([other.der]);
      expect(planned[0].result.status).toBe('done');
    }
  });

  it('says a rejected-only certificate cannot be rejected again or deleted from the rejected list', () => {
    const { desired, planned } = planChanges(list(), [
      { change: change('reject', 'rejected/a.pem'), item: item(client.der, 'rejected') },
      { change: change('delete', 'rejected/a.pem'), item: item(client.der, 'rejected') },
    ]);
    expect(desired).toEqual(list());
    expect(planned.map((p) => p.result.status)).toEqual(['unchanged', 'failed']);
    expect(planned[1].result.message).toContain('rejected list cannot be written through Part 12');
  });

  it("refuses to delete the server's own certificate, and reports a vanished file as a conflict", () => {
    const { planned } = planChanges(list(), [
      { change: change('delete', 'own/certs/server.pem'), item: item(client.der, 'own') },
      { change: change('trust', 'rejected/gone.pem'), item: null },
    ]);
    expect(planned.map((p) => p.result.status)).toEqual(['failed', 'conflict']);
  });

  it('reports unchanged when the server already has it that way', () => {
    const { planned } = planChanges(list({ trustedCertificates: [client.der] }), [{ change: change('trust', 'trusted/certs/a.pem'), item: item(client.der, 'trusted') }]);
    expect(planned[0].result).toMatchObject({ status: 'unchanged' });
  });

  it('moves CRLs between the CRL lists', () => {
    const { desired } = planChanges(list({ issuerCrls: [crl.der] }), [{ change: change('trust', 'issuers/crl/c.pem'), item: item(crl.der, 'issuers', 'crl') }]);
    expect(desired).toMatchObject({ trustedCrls: [crl.der], issuerCrls: [] });
  });

  it("checks a re-read list: a Good answer that did not remove is caught", () => {
    const { planned } = planChanges(list({ trustedCertificates: [client.der] }), [{ change: change('delete', 'trusted/certs/a.pem'), item: item(client.der, 'trusted') }]);
    expect(showsChange(list({ trustedCertificates: [client.der] }), planned[0])).toBe(false);
    expect(showsChange(list(), planned[0])).toBe(true);
  });
});

describe('choosing the calls that write a trust list', () => {
  it('writes nothing when nothing changes', () => {
    expect(chooseWrite(list({ trustedCertificates: [client.der] }), list({ trustedCertificates: [client.der] }))).toEqual({ type: 'none' });
  });

  it('uses AddCertificate for one certificate, into trusted or issuers', () => {
    expect(chooseWrite(list(), list({ trustedCertificates: [client.der] }))).toEqual({ type: 'add-certificate', der: client.der, trusted: true });
    expect(chooseWrite(list(), list({ issuerCertificates: [ca.der] }))).toEqual({ type: 'add-certificate', der: ca.der, trusted: false });
  });

  it('uses RemoveCertificate with the SHA-1 thumbprint for one leaf certificate', () => {
    expect(chooseWrite(list({ trustedCertificates: [client.der, other.der] }), list({ trustedCertificates: [other.der] }))).toEqual({ type: 'remove-certificate', der: client.der, sha1: client.sha1, trusted: true });
  });

  it('writes the list for a CA removal, since RemoveCertificate would take its CRLs along', () => {
    const write = chooseWrite(list({ issuerCertificates: [ca.der], issuerCrls: [crl.der] }), list({ issuerCrls: [crl.der] }));
    expect(write).toMatchObject({ type: 'write', list: { specifiedLists: TrustListMasks.IssuerCertificates, issuerCertificates: [] } });
  });

  it('writes only the lists that changed, in one Write, for several changes or a CRL', () => {
    const write = chooseWrite(list({ trustedCertificates: [client.der] }), list({ trustedCertificates: [client.der], issuerCertificates: [ca.der], issuerCrls: [crl.der] }));
    expect(write).toEqual({
      type: 'write',
      list: { specifiedLists: TrustListMasks.IssuerCertificates | TrustListMasks.IssuerCrls, trustedCertificates: [], trustedCrls: [], issuerCertificates: [ca.der], issuerCrls: [crl.der] },
    });
  });
});
