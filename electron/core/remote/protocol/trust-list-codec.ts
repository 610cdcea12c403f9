import { TrustListMasks, type TrustListContent } from '../push-types';

/** More items than any real trust list has: a decoder refuses them before allocating. */
const MAX_ITEMS = 100_000;

/**
 * TrustListDataType in UA Binary (Part 12 §7.8.2.8, Part 6 §5.2): UInt32 specifiedLists, then four
 * arrays of ByteString (Int32 length, -1 = null). Hand-written so that reading a trust list does
 * not load node-opcua's type registry; checked against node-opcua-types in the tests.
 */
export function encodeTrustList(list: TrustListContent): Buffer {
  const parts: Buffer[] = [];
  const u32 = Buffer.alloc(4);
  u32.writeUInt32LE(list.specifiedLists >>> 0);
  parts.push(u32);
  for (const items of [list.trustedCertificates, list.trustedCrls, list.issuerCertificates, list.issuerCrls]) {
    const count = Buffer.alloc(4);
    count.writeInt32LE(items.length);
    parts.push(count);
    for (const item of items) {
      const length = Buffer.alloc(4);
      length.writeInt32LE(item.length);
      parts.push(length, item);
    }
  }
  return Buffer.concat(parts);
}

/** Why bytes are not a TrustListDataType. */
export class TrustListFormatError extends Error {}

/** Decodes a TrustListDataType; throws TrustListFormatError on anything malformed or truncated. */
export function decodeTrustList(bytes: Buffer): TrustListContent {
  let offset = 0;
  const need = (n: number) => {
    if (offset + n > bytes.length) throw new TrustListFormatError(`the trust list ends after ${bytes.length} bytes, in the middle of an item`);
  };
  const int32 = () => {
    need(4);
    const value = bytes.readInt32LE(offset);
    offset += 4;
    return value;
  };
  need(4);
  const specifiedLists = bytes.readUInt32LE(0);
  offset = 4;
  if ((specifiedLists & ~TrustListMasks.All) !== 0) throw new TrustListFormatError(`specifiedLists ${specifiedLists} names lists that do not exist`);
  const array = (): Buffer[] => {
    const count = int32();
    if (count === -1) return [];
    if (count < 0 || count > MAX_ITEMS) throw new TrustListFormatError(`an array of ${count} items`);
    const items: Buffer[] = [];
    for (let i = 0; i < count; i++) {
      const length = int32();
      if (length === -1) throw new TrustListFormatError('a null item in the trust list');
      if (length < 0) throw new TrustListFormatError(`an item of ${length} bytes`);
      need(length);
      items.push(Buffer.from(bytes.subarray(offset, offset + length)));
      offset += length;
    }
    return items;
  };
  const list: TrustListContent = {
    specifiedLists,
    trustedCertificates: array(),
    trustedCrls: array(),
    issuerCertificates: array(),
    issuerCrls: array(),
  };
  if (offset !== bytes.length) throw new TrustListFormatError(`${bytes.length - offset} bytes after the end of the trust list`);
  return list;
}
