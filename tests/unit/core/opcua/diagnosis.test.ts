import { describe, expect, it } from 'vitest';
import { diagnose, type DiagnosisInput } from '../../../../electron/core/opcua/diagnosis';
import { describePeerCertificate } from '../../../../electron/core/x509/summary';
import { makeCert } from '../../../helpers/certs';

const ENDPOINT = { url: 'opc.tcp://plc7:4840', securityPolicy: 'Basic256Sha256', securityMode: 'SignAndEncrypt', serverApplicationUri: 'urn:plc7:Server' } as const;

/** A secure channel the server refused, as the tester hands it to diagnose(). */
async function refusedChannel(patch: Partial<DiagnosisInput>): Promise<DiagnosisInput> {
  const ours = describePeerCertificate((await makeCert({ cn: 'OpcUaTrustManager@station', applicationUri: 'urn:station:OpcUaTrustManager' })).der);
  return {
    failedAt: 'secure-channel',
    status: 'BadSecurityChecksFailed',
    rawError: 'The connection has been rejected by server: BadSecurityChecksFailed (0x80130000)',
    endpointUrl: ENDPOINT.url,
    endpoint: ENDPOINT,
    offered: [ENDPOINT],
    ourCertificate: ours,
    ourApplicationUri: 'urn:station:OpcUaTrustManager',
    serverCertificate: null,
    serverStore: null,
    clockSkewMs: null,
    now: Date.now(),
    ...patch,
  };
}

describe('the diagnosis of a server that refused our certificate', () => {
  describe('when the server is not a store of this app', () => {
    it('says what the server named, in plain words', async () => {
      const input = await refusedChannel({ status: 'BadCertificateRevocationUnknown', rawError: 'The connection has been rejected by server: BadCertificateRevocationUnknown (0x801b0000)' });
      expect(diagnose(input).map((d) => [d.status, d.statusHex, d.title])).toEqual([
        ['BadCertificateRevocationUnknown', '0x801B0000', "The server has no revocation list for our certificate's issuer"],
      ]);
    });

    it('points at the server\'s rejected folder when the server only says BadSecurityChecksFailed', async () => {
      expect(diagnose(await refusedChannel({})).map((d) => [d.status, d.title])).toEqual([['BadSecurityChecksFailed', 'The server refused our certificate']]);
    });

    it('suspects the clocks when the server finds our certificate out of date but ours does not', async () => {
      const input = await refusedChannel({ status: 'BadCertificateTimeInvalid', rawError: 'rejected by server: BadCertificateTimeInvalid' });
      expect(diagnose(input).map((d) => d.title)).toEqual(['The server finds our certificate outside its validity period']);
    });
  });

  describe('when the server is a store of this app and our certificate is in its trusted folder', () => {
    it('does not say "try again" when it found the reason', async () => {
      const expired = describePeerCertificate((await makeCert({ cn: 'Old', notBefore: new Date(Date.now() - 90 * 86_400_000), notAfter: new Date(Date.now() - 3 * 86_400_000) })).der);
      const input = await refusedChannel({
        status: 'BadCertificateTimeInvalid',
        ourCertificate: expired,
        serverStore: { storeId: 's-1', storeName: 'PLC 7', ourCertificate: { folder: 'trusted', file: 'trusted/certs/old.pem', id: expired.sha256 }, issuer: null },
      });
      expect(diagnose(input).map((d) => d.title)).toEqual(['Our certificate expired 3 days ago']);
    });

    it('says it may not have reloaded yet when nothing else explains the refusal', async () => {
      const input = await refusedChannel({ serverStore: { storeId: 's-1', storeName: 'PLC 7', ourCertificate: { folder: 'trusted', file: 'trusted/certs/ours.pem', id: 'x' }, issuer: null } });
      expect(diagnose(input).map((d) => d.title)).toEqual(['The server still refuses although our certificate is in its trusted folder']);
    });
  });
});
