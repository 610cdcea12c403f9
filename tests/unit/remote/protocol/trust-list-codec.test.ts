import { describe, expect, it } from 'vitest';
import { decodeTrustList, encodeTrustList, TrustListFormatError } from '../../../../electron/core/remote/protocol/trust-list-codec';
import { TrustListMasks, type TrustListContent } from '../../../../electron/core/remote/push-types';

const sample: TrustListContent = {
  specifiedLists: TrustListMasks.TrustedCertificates | TrustListMasks.IssuerCrls,
  trustedCertificates: [Buffer.from([1, 2, 3]), Buffer.alloc(70_000, 7)],
  trustedCrls: [],
  issuerCertificates: [],
  issuerCrls: [Buffer.from('crl')],
};

/** node-opcua's own TrustListDataType, encoded with its BinaryStream: the reference for the wire format. */
async function referenceEncoding(list: TrustListContent): Promise<Buffer> {
  const { TrustListDataType } = await import('node-opcua-types');
  const { BinaryStream } = await import('node-opcua-binary-stream');
  const value = new TrustListDataType(list);
  const stream = new BinaryStream(value.binaryStoreSize());
  value.encode(stream);
  return Buffer.from(stream.buffer.subarray(0, stream.length));
}

describe('TrustListDataType encoding', () => {
  it('is byte for byte what node-opcua encodes', async () => {
    expect(encodeTrustList(sample).equals(await referenceEncoding(sample))).toBe(true);
  });

  it('decodes what node-opcua encodes, null arrays as empty lists', async () => {
    const { TrustListDataType } = await import('node-opcua-types');
    const { BinaryStream } = await import('node-opcua-binary-stream');
    const value = new TrustListDataType({ specifiedLists: 15, trustedCertificates: null, trustedCrls: null, issuerCertificates: [Buffer.from('ca')], issuerCrls: null });
    const stream = new BinaryStream(value.binaryStoreSize());
    value.encode(stream);
    const decoded = decodeTrustList(Buffer.from(stream.buffer.subarray(0, stream.length)));
    expect(decoded).toEqual({ specifiedLists: 15, trustedCertificates: [], trustedCrls: [], issuerCertificates: [Buffer.from('ca')], issuerCrls: [] });
  });

  it('round-trips', () => {
    expect(decodeTrustList(encodeTrustList(sample))).toEqual(sample);
  });

  it('refuses truncated data, trailing bytes, impossible counts and unknown lists', () => {
    const bytes = encodeTrustList(sample);
    expect(() => decodeTrustList(bytes.subarray(0, bytes.length - 1))).toThrow(TrustListFormatError);
    expect(() => decodeTrustList(Buffer.concat([bytes, Buffer.from([0])]))).toThrow(/after the end/);
    const huge = Buffer.alloc(8);
    huge.writeUInt32LE(1, 0);
    huge.writeInt32LE(2_000_000_000, 4);
    expect(() => decodeTrustList(huge)).toThrow(TrustListFormatError);
    const unknown = Buffer.alloc(20, 0xff);
    unknown.writeUInt32LE(16, 0);
    expect(() => decodeTrustList(unknown)).toThrow(/do not exist/);
    expect(() => decodeTrustList(Buffer.alloc(2))).toThrow(TrustListFormatError);
  });
});
